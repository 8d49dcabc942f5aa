/**
 * Engine behaviour on small inline models: properties and their
 * counterexamples, bounds, strategies, exact mode, value variables,
 * sequences, terminal states and determinism.
 */
import { List, Set as ISet } from 'immutable';
import { action, buildModel, check, CheckOptions, choose, defineModel, intKnob, ModelDefinition, KnobSpecs, resolveKnobs, range } from './index';

const build = (def: ModelDefinition<any>, set: Record<string, unknown> = {}) => buildModel(def, resolveKnobs(def as ModelDefinition<KnobSpecs>, { set }));

/** A counter that an action increments up to max; invariant says it stays below `bad`. */
const counter = defineModel({
  name: 'test/counter',
  knobs: { max: intKnob(1, 100, 10), bad: intKnob(0, 200, 200) },
  build: ({ max, bad }, v) => {
    const x = v.scalar('x', v.int(0, max));
    return {
      init: () => {},
      actions: [action('Inc', (s) => s.get(x) < max, (s) => s.set(x, s.get(x) + 1))],
      invariants: { Small: (s) => s.get(x) < bad },
      terminal: (s) => s.get(x) === max,
    };
  },
});

describe('properties', () => {
  it('reports holds for every property when the whole space is explored', async () => {
    const r = await check(build(counter));
    expect(r.verdict).toBe('ok');
    expect(r.exitCode).toBe(0);
    expect(r.properties.map((p) => [p.name, p.kind, p.status])).toEqual([
      ['Small', 'invariant', 'holds'],
      ['deadlock', 'deadlock', 'holds'],
    ]);
    expect(r.stats).toMatchObject({ distinctStates: 11, statesGenerated: 11, transitions: 10, depth: 11, terminalStates: 1 });
  });

  it('gives an invariant violation its shortest counterexample, ending in a state that violates it', async () => {
    const r = await check(build(counter, { bad: 3 }));
    expect(r.verdict).toBe('violation');
    expect(r.exitCode).toBe(12);
    const p = r.properties[0]!;
    expect(p.status).toBe('violated');
    expect(p.counterexample!.length).toBe(3);
    expect(p.counterexample!.steps.map((s) => s.action)).toEqual(['Init', 'Inc', 'Inc', 'Inc']);
    expect(p.counterexample!.steps.map((s) => s.state.get('x'))).toEqual([0, 1, 2, 3]);
    expect(r.properties[1]!.status).toBe('unknown');
  });

  it('reports a deadlock when a state has no enabled action and is not terminal', async () => {
    const stuck = defineModel({
      name: 'test/stuck',
      build: (_k, v) => {
        const x = v.scalar('x', v.int(0, 3));
        return { init: () => {}, actions: [action('Step', (s) => s.get(x) < 2, (s) => s.set(x, s.get(x) + 1))] };
      },
    });
    const r = await check(build(stuck));
    expect(r.exitCode).toBe(11);
    expect(r.properties[0]!.counterexample!.steps.map((s) => s.state.get('x'))).toEqual([0, 1, 2]);
    const off = await check(build(stuck), { deadlock: false });
    expect(off.verdict).toBe('ok');
    expect(off.properties[0]).toMatchObject({ status: 'unknown', reason: 'not checked (--no-deadlock, or the model sets checkDeadlock: false)' });
  });

  it('turns a failed s.assert into a violation whose last step shows the state written so far', async () => {
    const lock = defineModel({
      name: 'test/lock',
      build: (_k, v) => {
        const owner = v.scalar('owner', v.oneOf('none', 'A', 'B'));
        const pc = v.array('pc', 2, v.oneOf('start', 'locked', 'done'));
        const name = ['A', 'B'] as const;
        return {
          init: () => {},
          actions: range(2).flatMap((i) => [
            action(`Lock(${name[i]})`, (s) => s.get(pc, i) === 'start', (s) => {
              s.set(pc, i, 'locked');
              s.assert(s.get(owner) === 'none', 'NotHeld', `owner is ${s.get(owner)}`);
              s.set(owner, name[i]!);
            }),
          ]),
          assertions: { NotHeld: 'a lock is taken only when free' },
          terminal: () => true,
        };
      },
    });
    const r = await check(build(lock));
    expect(r.exitCode).toBe(12);
    const cx = r.properties.find((p) => p.name === 'NotHeld')!.counterexample!;
    expect(cx.steps.map((s) => s.action)).toEqual(['Init', 'Lock(A)', 'Lock(B)']);
    expect(cx.length).toBe(2);
    expect(cx.steps[2]!.failed).toEqual({ assertion: 'NotHeld', detail: 'owner is A' });
    expect(cx.steps[2]!.state.toJS()).toEqual({ owner: 'A', pc: ['locked', 'locked'] });
  });

  it('with --continue gives every violated property its own shortest counterexample', async () => {
    const two = defineModel({
      name: 'test/two',
      build: (_k, v) => {
        const x = v.scalar('x', v.int(0, 5));
        return {
          init: () => {},
          actions: [action('Inc', (s) => s.get(x) < 5, (s) => s.set(x, s.get(x) + 1))],
          invariants: { BelowFour: (s) => s.get(x) < 4, BelowTwo: (s) => s.get(x) < 2 },
        };
      },
    });
    const r = await check(build(two), { continue: true });
    expect(r.properties.map((p) => [p.name, p.status, p.counterexample?.length])).toEqual([
      ['BelowFour', 'violated', 4],
      ['BelowTwo', 'violated', 2],
      ['deadlock', 'violated', 5],
    ]);
    expect(r.exitCode).toBe(12); // the first violation found decides: BelowTwo
    const only = await check(build(two), { invariants: ['BelowFour'], deadlock: false });
    expect(only.properties.map((p) => p.status)).toEqual(['violated', 'unknown', 'unknown']);
  });
});

describe('bounds', () => {
  it('stops at --max-states with verdict incomplete, never ok', async () => {
    const r = await check(build(counter), { maxStates: 5 });
    expect(r.verdict).toBe('incomplete');
    expect(r.exitCode).toBe(3);
    expect(r.bound).toEqual({ kind: 'max-states', limit: 5 });
    expect(r.stats.distinctStates).toBe(5);
    expect(r.properties.every((p) => p.status === 'unknown')).toBe(true);
  });

  it('stops at --max-depth only when deeper states exist', async () => {
    const cut = await check(build(counter), { maxDepth: 4 });
    expect(cut).toMatchObject({ verdict: 'incomplete', bound: { kind: 'max-depth', limit: 4 } });
    expect(cut.stats.depth).toBe(4);
    const whole = await check(build(counter), { maxDepth: 11 });
    expect(whole.verdict).toBe('ok');
  });

  it('reports violations found before a bound was hit', async () => {
    const r = await check(build(counter, { bad: 2 }), { maxStates: 5 });
    expect(r.verdict).toBe('violation');
  });

  it('ends as incomplete when interrupted', async () => {
    const ac = new AbortController();
    ac.abort();
    const big = defineModel({
      name: 'test/big',
      build: (_k, v) => {
        const a = v.array('a', 12, v.bool());
        return { init: () => {}, actions: choose('Flip', range(12), null, (s, i) => s.set(a, i, !s.get(a, i))) };
      },
    });
    const r = await check(build(big), { signal: ac.signal });
    expect(r).toMatchObject({ verdict: 'incomplete', bound: { kind: 'interrupted' } });
    expect(r.stats.distinctStates).toBeLessThan(4096);
  });

  it('rejects bad option values as usage errors', async () => {
    await expect(check(build(counter), { maxStates: -1 })).rejects.toMatchObject({ code: 'IL006', kind: 'usage' });
    await expect(check(build(counter), { invariants: ['Nope'] })).rejects.toMatchObject({ code: 'IL004', alternatives: ['Small'] });
  });
});

describe('exploration', () => {
  it('counts the same states with fingerprints, in exact mode and depth-first', async () => {
    const philo = (await import('../models/classic/philo')).default;
    const m = build(philo, { N: 6 });
    const fp = await check(m, { continue: true });
    const exact = await check(m, { continue: true, exact: true });
    const dfs = await check(m, { continue: true, strategy: 'dfs' });
    expect(fp.stats.distinctStates).toBe(198);
    expect(exact.stats.distinctStates).toBe(198);
    expect(exact.stats.fingerprint).toBe('exact');
    expect(exact.stats.collisionProbability).toBe(0);
    expect(dfs.stats.distinctStates).toBe(198);
    expect(dfs.stats.statesGenerated).toBe(fp.stats.statesGenerated);
    expect(dfs.properties[0]!.status).toBe('violated');
  });

  it('is deterministic: the same model and options give the same result', async () => {
    const philo = (await import('../models/classic/philo')).default;
    const strip = (r: any) => JSON.stringify({ ...r, stats: { ...r.stats, seconds: 0, statesPerSecond: 0 } });
    const a = await check(build(philo, { N: 5 }), { continue: true });
    const b = await check(build(philo, { N: 5 }), { continue: true });
    expect(strip(a)).toBe(strip(b));
  });

  it('explores several initial states and nondeterministic choices', async () => {
    const pick = defineModel({
      name: 'test/pick',
      build: (_k, v) => {
        const x = v.scalar('x', v.int(0, 9));
        const done = v.scalar('done', v.bool());
        return {
          init: [(s) => s.set(x, 1), (s) => s.set(x, 2)],
          actions: choose('Add', [3, 4], (s) => !s.get(done), (s, k) => {
            s.set(x, s.get(x) + k);
            s.set(done, true);
          }),
          terminal: (s) => s.get(done),
        };
      },
    });
    const r = await check(build(pick));
    // x: 1 and 2 initially; then 1+3, 1+4 = 2+3, 2+4: five distinct states, three of them terminal
    expect(r.stats).toMatchObject({ distinctStates: 5, statesGenerated: 6, transitions: 4, depth: 2, terminalStates: 3 });
    expect(r.coverage.map((c) => [c.action, c.fired, c.distinct])).toEqual([
      ['Add(3)', 2, 1],
      ['Add(4)', 2, 2],
    ]);
  });

  it('keeps Immutable values in value variables, equal values being the same state', async () => {
    const sets = defineModel({
      name: 'test/sets',
      build: (_k, v) => {
        const seen = v.value('seen', ISet<number>());
        return {
          init: () => {},
          actions: choose('Add', [1, 2, 3], null, (s, k) => s.set(seen, (s.get(seen) as ISet<number>).add(k))),
        };
      },
    });
    const r = await check(build(sets), { continue: true, deadlock: false });
    expect(r.stats.distinctStates).toBe(8); // every subset of {1, 2, 3}
    expect(r.verdict).toBe('ok');
  });

  it('supports bounded sequences as FIFO queues', async () => {
    const fifo = defineModel({
      name: 'test/fifo',
      build: (_k, v) => {
        const q = v.seq('q', 2, v.oneOf('a', 'b'));
        const got = v.seq('got', 3, v.oneOf('a', 'b'));
        return {
          init: () => {},
          actions: [
            ...choose('Send', ['a', 'b'] as const, (s) => s.len(q) < 2 && s.len(q) + s.len(got) < 3, (s, m) => s.push(q, m)),
            action('Recv', (s) => s.len(q) > 0, (s) => s.push(got, s.removeAt(q))),
          ],
          terminal: (s) => s.len(got) === 3,
        };
      },
    });
    const r = await check(build(fifo));
    expect(r.verdict).toBe('ok');
    expect(r.stats.terminalStates).toBe(8);
    const again = await check(build(fifo), { exact: true });
    expect(again.stats.distinctStates).toBe(r.stats.distinctStates);
    const decoded = build(fifo).decode(build(fifo).initStates.get(0));
    expect(List.isList(decoded.get('q'))).toBe(true);
  });
});

describe('domains', () => {
  it('offers thread ids with none as the default', async () => {
    const m = defineModel({
      name: 'test/owner',
      build: (_k, v) => {
        const owner = v.scalar('owner', v.threadId(['A', 'B']));
        return {
          init: () => {},
          actions: choose('Take', ['A', 'B'] as const, (s) => s.get(owner) === 'none', (s, t) => s.set(owner, t)),
          terminal: (s) => s.get(owner) !== 'none',
        };
      },
    });
    const r = await check(build(m));
    expect(r.verdict).toBe('ok');
    expect(r.stats.distinctStates).toBe(3);
    expect(build(m).decode(build(m).initStates.get(0)).get('owner')).toBe('none');
  });
});
