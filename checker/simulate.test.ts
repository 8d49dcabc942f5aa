/**
 * Simulation (simulate.ts): reproducible random walks, every safety property
 * checked on the way, counterexamples that replay from an initial state, and
 * an honest verdict when nothing is found. Counts asserted here come from
 * runs of the engine (a walk's length is random, so the tests check what
 * must hold for any walk rather than pinning it, except for reproducibility).
 */
import { action, buildModel, defineModel, intKnob, KnobSpecs, ModelDefinition, range, resolveKnobs, simulate, toJson } from './index';
import { findModel } from '../models';
import { Random } from './random';

const build = (def: ModelDefinition<any>, set: Record<string, unknown> = {}) => buildModel(def, resolveKnobs(def as ModelDefinition<KnobSpecs>, { set }));
const builtin = (name: string, set: Record<string, unknown> = {}) => build(findModel(name)!, set);

describe('Random', () => {
  it('gives the same numbers for the same seed and stream, different ones otherwise', () => {
    const take = (r: Random) => range(8).map(() => r.next());
    expect(take(new Random(42, 3))).toEqual(take(new Random(42, 3)));
    expect(take(new Random(42, 3))).not.toEqual(take(new Random(42, 4)));
    expect(take(new Random(42, 3))).not.toEqual(take(new Random(43, 3)));
    expect(take(new Random(2 ** 40, 0))).not.toEqual(take(new Random(0, 0)));
  });

  it('below(n) stays in [0, n) and is close to uniform', () => {
    const r = new Random(7);
    const counts = new Array(6).fill(0);
    for (let i = 0; i < 60000; i++) counts[r.below(6)]++;
    // Each face expects 10000; a fair generator is within 4% with overwhelming probability.
    for (const c of counts) expect(Math.abs(c - 10000)).toBeLessThan(400);
  });
});

describe('simulate', () => {
  it('finds the philosophers deadlock and its counterexample is a real behaviour ending where every philosopher holds the left fork', async () => {
    const r = await simulate(builtin('classic/philo', { N: 5 }), { seed: 1, traces: 100 });
    expect(r.verdict).toBe('violation');
    expect(r.exitCode).toBe(11);
    const p = r.properties.find((x) => x.name === 'deadlock')!;
    const cx = p.counterexample!;
    expect(cx.steps[0]!.action).toBe('Init');
    expect(cx.length).toBe(cx.steps.length - 1);
    // check finds a 5-step shortest one; a random walk can only be as long or longer.
    expect(cx.length).toBeGreaterThanOrEqual(5);
    expect(cx.steps[cx.length]!.state.toJS()).toMatchObject({ pc: ['hasLeft', 'hasLeft', 'hasLeft', 'hasLeft', 'hasLeft'] });
    expect(r.properties.find((x) => x.name === 'SomeoneEats')).toMatchObject({ status: 'unknown', reason: 'not checked: simulation checks safety only (use check)' });
    expect(r.options.strategy).toBe('simulate');
  });

  it('is reproducible: the same seed gives byte-identical results, another seed other walks', async () => {
    const model = builtin('classic/philo', { N: 6 });
    const run = async (seed: number) => JSON.stringify(toJson(await simulate(model, { seed, traces: 50 }), 'test', { timing: false }));
    const a = await run(3);
    expect(await run(3)).toBe(a);
    const others = await Promise.all([4, 5, 6].map(run));
    expect(others.some((o) => o !== a)).toBe(true);
  });

  it('says "no violation found", never ok, when the walks see nothing, and exits 5', async () => {
    const r = await simulate(builtin('classic/filter', { N: 3 }), { seed: 0, traces: 30, depth: 40 });
    expect(r.verdict).toBe('no-violation-found');
    expect(r.exitCode).toBe(5);
    expect(r.simulation).toEqual({ seed: 0, depth: 40, traces: 30, tracesRun: 30, longestTrace: 40 });
    expect(r.properties.find((p) => p.name === 'Mutex')).toMatchObject({ status: 'unknown', reason: 'no violation found in 30 random traces (a simulation proves nothing)' });
    expect(r.properties.some((p) => p.status === 'holds')).toBe(false);
    // Every walk starts from the one initial state and takes at most `depth` steps.
    expect(r.stats.depth).toBe(41);
    expect(r.stats.distinctStates).toBeGreaterThan(1);
  });

  it('finds the naive lock breaking Mutex (exit 12), the last state having two processes in the critical section', async () => {
    const model = builtin('classic/naivelock', { N: 2 });
    const r = await simulate(model, { seed: 0, traces: 200 });
    expect(r.exitCode).toBe(12);
    const cx = r.properties.find((p) => p.name === 'Mutex')!.counterexample!;
    const last = cx.steps[cx.length]!.state.toJS() as { pc: string[] };
    expect(last.pc.filter((x) => x === 'cs').length).toBe(2);
    expect(cx.steps[cx.length - 1]!.state.toJS()).not.toEqual(last);
  });

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

  it('checks assertions on every step it generates, and shows the failed step last', async () => {
    const r = await simulate(build(lock), { seed: 0, traces: 10 });
    expect(r.exitCode).toBe(12);
    const cx = r.properties.find((p) => p.name === 'NotHeld')!.counterexample!;
    expect(cx.length).toBe(2);
    expect(cx.steps[2]!.failed?.assertion).toBe('NotHeld');
  });

  const counter = defineModel({
    name: 'test/counter',
    knobs: { max: intKnob(1, 100, 10) },
    build: ({ max }, v) => {
      const x = v.scalar('x', v.int(0, max));
      return {
        init: () => {},
        actions: [action('Inc', (s) => s.get(x) < max, (s) => s.set(x, s.get(x) + 1)), action('Jump', (s) => s.get(x) === 3, (s) => s.set(x, max))],
        actionProperties: { SmallSteps: (pre, post) => post.get(x) - pre.get(x) <= 1 },
        terminal: (s) => s.get(x) === max,
      };
    },
  });

  it('checks action properties on every generated step, even the one the walk does not take', async () => {
    const r = await simulate(build(counter), { seed: 0, traces: 1 });
    expect(r.exitCode).toBe(13);
    const cx = r.properties.find((p) => p.name === 'SmallSteps')!.counterexample!;
    expect(cx.steps.map((s) => s.action)).toEqual(['Init', 'Inc', 'Inc', 'Inc', 'Jump']);
  });

  it('counts walks that end in a terminal state and never calls them deadlocks', async () => {
    const r = await simulate(build(counter), { seed: 0, traces: 20, properties: [] });
    expect(r.verdict).toBe('no-violation-found');
    expect(r.stats.terminalStates).toBe(20);
    expect(r.properties.find((p) => p.name === 'SmallSteps')).toMatchObject({ status: 'unknown', reason: 'not selected (--property)' });
  });

  it('stops on an aborted signal with verdict incomplete', async () => {
    const ac = new AbortController();
    ac.abort();
    const r = await simulate(builtin('classic/filter', { N: 3 }), { traces: 10_000, signal: ac.signal });
    expect(r).toMatchObject({ verdict: 'incomplete', exitCode: 3, bound: { kind: 'interrupted' } });
    expect(r.simulation!.tracesRun).toBeLessThan(10_000);
  });

  it('refuses bad numbers with IL006', async () => {
    const model = builtin('classic/philo');
    await expect(simulate(model, { seed: -1 })).rejects.toMatchObject({ code: 'IL006' });
    await expect(simulate(model, { traces: 0 })).rejects.toMatchObject({ code: 'IL006' });
    await expect(simulate(model, { depth: 1.5 })).rejects.toMatchObject({ code: 'IL006' });
  });

  it('catches a model whose action is not deterministic when replaying the walk (IL103)', async () => {
    let calls = 0;
    const flaky = defineModel({
      name: 'test/flaky',
      build: (_k, v) => {
        const x = v.scalar('x', v.int(0, 3));
        return {
          init: () => {},
          actions: [action('Step', (s) => s.get(x) < 2, (s) => s.set(x, calls++ < 2 ? s.get(x) + 1 : 3 - s.get(x)))],
        };
      },
    });
    const r = await simulate(build(flaky), { traces: 1 });
    expect(r.verdict).toBe('model-error');
    expect(r.error?.code).toBe('IL103');
  });
});
