/**
 * TLA+ semantics in the model API (docs/adr/006-tla-semantics.md): pre-state
 * reads, actions that reject their successor, initial states as a predicate
 * over domains, disjunctions counted as TLC counts them, quantifiers over
 * state-dependent sets, VIEW and definitions evaluated once per state. The counts are the engine's; each comment
 * says how it was confirmed (by hand from the TLA+ reading of the model, the
 * way TLC would count it).
 */
import { Set as ISet } from 'immutable';
import { action, buildModel, check, choose, chooseFrom, defineModel, definition, disjuncts, eventually, initProduct, refinement, weakFair, KnobSpecs, ModelDefinition, resolveKnobs, simulate } from './index';

const build = (def: ModelDefinition<any>) => buildModel(def, resolveKnobs(def as ModelDefinition<KnobSpecs>));

describe('pre-state reads (s.pre: the unprimed variables)', () => {
  /** Swap == x' = y /\ y' = x, written line by line without hoisting either read. */
  const swap = (usePre: boolean) =>
    defineModel({
      name: 'test/swap',
      build: (_k, v) => {
        const x = v.scalar('x', v.int(0, 1));
        const y = v.scalar('y', v.int(0, 1));
        return {
          init: (s) => s.set(y, 1),
          actions: [
            action('Swap', null, (s) => {
              const from = usePre ? s.pre : s;
              s.set(x, from.get(y));
              s.set(y, from.get(x));
            }),
          ],
          invariants: { OneOfEach: (s) => s.get(x) + s.get(y) === 1 },
        };
      },
    });

  it('reads the state before the step, whatever the effect wrote already', async () => {
    const r = await check(build(swap(true)));
    // By hand: <<x, y>> goes <<0, 1>> -> <<1, 0>> -> <<0, 1>>; 2 distinct, 1 initial + 2 successors generated.
    expect(r.verdict).toBe('ok');
    expect(r.stats).toMatchObject({ distinctStates: 2, statesGenerated: 3, depth: 2 });
  });

  it('differs from reading the successor being built (a read after a write sees the new value)', async () => {
    const r = await check(build(swap(false)));
    // By hand: x := y gives x = 1, then y := x reads that new x: <<0, 1>> -> <<1, 1>>.
    expect(r.verdict).toBe('violation');
    expect(r.properties[0]!.counterexample!.steps.map((s) => [s.state.get('x'), s.state.get('y')])).toEqual([
      [0, 1],
      [1, 1],
    ]);
  });

  it('is the view itself in a guard or an invariant, and the state before the step in counterexample replay', async () => {
    const def = defineModel({
      name: 'test/pre-replay',
      build: (_k, v) => {
        const x = v.scalar('x', v.int(0, 3));
        const last = v.scalar('last', v.int(0, 3));
        return {
          init: () => {},
          actions: [
            action(
              'Inc',
              (s) => s.pre === s && s.get(x) < 3,
              (s) => {
                s.set(x, s.get(x) + 1);
                s.set(last, s.pre.get(x)); // last' = x
              },
            ),
          ],
          // A state predicate has no step: its s.pre is the state itself, also when the engine checks a new successor.
          invariants: { Small: (s) => s.get(x) < 3, PreIsSelf: (s) => s.pre === s && s.pre.get(x) === s.get(x) },
          terminal: (s) => s.get(x) === 3,
        };
      },
    });
    const r = await check(build(def), { continue: true });
    expect(r.properties.find((p) => p.name === 'PreIsSelf')!.status).toBe('holds');
    const sim = await simulate(build(def), { seed: 2, traces: 3, continue: true });
    expect(sim.properties.find((p) => p.name === 'PreIsSelf')!.status).not.toBe('violated');
    const steps = r.properties[0]!.counterexample!.steps;
    expect(steps.map((s) => [s.state.get('x'), s.state.get('last')])).toEqual([
      [0, 0],
      [1, 0],
      [2, 1],
      [3, 2],
    ]);
  });
});

describe('definition(): a TLA+ definition over the state, evaluated once per state', () => {
  /**
   * Two counters, and the definition Sum == x + y that three actions' guards
   * read: IncX, IncY and Reset (when Sum = 4). By hand: <<x, y>> in 0..2 x
   * 0..2 are all reachable (9 distinct) from <<0, 0>>.
   */
  const counters = (calls: { n: number }, memo: boolean) =>
    defineModel({
      name: 'test/definition',
      build: (_k, v) => {
        const x = v.scalar('x', v.int(0, 2));
        const y = v.scalar('y', v.int(0, 2));
        const plain = (s: import('./index').StateView) => {
          calls.n++;
          return s.get(x) + s.get(y);
        };
        const Sum = memo ? definition(plain) : plain;
        return {
          init: () => {},
          actions: [
            action('IncX', (s) => Sum(s) < 4 && s.get(x) < 2, (s) => s.set(x, s.get(x) + 1)),
            action('IncY', (s) => Sum(s) < 4 && s.get(y) < 2, (s) => s.set(y, s.get(y) + 1)),
            // The effect reads the definition in the successor it builds, after a write: it must see the write.
            action('Reset', (s) => Sum(s) === 4, (s) => {
              s.set(x, 0);
              s.set(y, Sum(s) - 2); // Sum(s) is now 0 + 2: y' = 0
            }),
          ],
          invariants: { SumInRange: (s) => Sum(s) <= 4 },
        };
      },
    });

  it('gives the counts of the plain function, computing it once per state instead of once per use', async () => {
    const plainCalls = { n: 0 };
    const memoCalls = { n: 0 };
    const plain = await check(build(counters(plainCalls, false)), { deadlock: false });
    const memo = await check(build(counters(memoCalls, true)), { deadlock: false });
    // By hand: 9 distinct states. IncX is enabled where x < 2 (6 states), IncY where y < 2 (6), Reset at <<2, 2>>
    // (1): 13 successors, plus the initial state, 14 generated; the longest shortest path <<0,0>> to <<2,2>> is depth 5.
    expect(memo.stats).toEqual({ ...plain.stats, seconds: memo.stats.seconds, statesPerSecond: memo.stats.statesPerSecond });
    expect(memo.stats).toMatchObject({ distinctStates: 9, statesGenerated: 14, depth: 5 });
    expect(memo.properties.map((p) => [p.name, p.status])).toEqual(plain.properties.map((p) => [p.name, p.status]));
    expect(memo.properties.find((p) => p.name === 'SumInRange')!.status).toBe('holds');
    // The plain function runs at every use: each of the 3 guards of each expanded state, the invariant, the
    // effect. The definition runs once for the guards of a state, once for the invariant of a new successor
    // (another state was read in between) and once in Reset's effect: never more than twice per generated
    // state (measured: 28 calls against 51 for the plain function).
    expect(plainCalls.n).toBeGreaterThan(3 * 9);
    expect(memoCalls.n).toBeLessThanOrEqual(2 * memo.stats.statesGenerated);
    expect(memoCalls.n).toBeLessThan(plainCalls.n);
  });

  it('computes a definition that threw again, and throws again', () => {
    let calls = 0;
    const d = definition((s: import('./index').StateView) => {
      calls++;
      if (s.buf[0] === 7) throw new Error('no');
      return s.buf[0]! * 2;
    });
    const s = { buf: new Uint32Array([7]), interner: {} } as unknown as import('./index').StateView;
    expect(() => d(s)).toThrow('no');
    expect(() => d(s)).toThrow('no');
    expect(calls).toBe(2);
    s.buf[0] = 3;
    expect(d(s)).toBe(6);
    expect(d(s)).toBe(6);
    expect(calls).toBe(3);
    s.buf[0] = 4;
    expect(d(s)).toBe(8);
  });
});

describe('reject(): an action whose condition on primed variables is false', () => {
  /**
   * Set == \E v \in 0..2 : x' = v /\ y' = x /\ x' # y'. From <<a, b>> the
   * successors are <<v, a>> with v # a: two per state. By hand: from <<0, 0>>
   * the six states <<v, a>> with v # a are reachable, 7 distinct; each has 2
   * successors, so 1 + 7 * 2 = 15 generated (TLC adds no state for a false
   * conjunct: Tool.getNextStates reaches nss.addElement only when every
   * conjunct holds, and Worker.addElement is what counts "generated").
   */
  const setDiff = defineModel({
    name: 'test/reject',
    build: (_k, v) => {
      const x = v.scalar('x', v.int(0, 2));
      const y = v.scalar('y', v.int(0, 2));
      return {
        init: () => {},
        actions: [
          choose('Set', [0, 1, 2], null, (s, val) => {
            s.set(x, val);
            s.set(y, s.pre.get(x));
            if (s.get(x) === s.get(y)) s.reject();
          }),
        ],
      };
    },
  });

  it('produces no successor and does not count as generated or fired', async () => {
    const r = await check(build(setDiff));
    expect(r.verdict).toBe('ok');
    expect(r.stats).toMatchObject({ distinctStates: 7, statesGenerated: 15, transitions: 14 });
    // Set(v) fires in the states where x # v: 4 of the 7 for v = 0 (x is 1 or 2 in <<1,0>>, <<2,0>>, <<2,1>>, <<1,2>>), 5 for v = 1 and v = 2.
    expect(r.coverage.map((c) => [c.action, c.fired])).toEqual([
      ['Set(0)', 4],
      ['Set(1)', 5],
      ['Set(2)', 5],
    ]);
  });

  it('is refused in a guard with IL101', async () => {
    const def = defineModel({
      name: 'test/reject-guard',
      build: (_k, v) => {
        v.scalar('x', v.bool());
        return { init: () => {}, actions: [action('Odd', (s) => s.reject(), () => {})] };
      },
    });
    const r = await check(build(def));
    expect(r.error).toMatchObject({ code: 'IL101' });
    expect(r.error!.message).toMatch(/the guard of action 'Odd' called reject\(\), which only an effect may call/);
  });

  it('leaves a state whose every step is rejected deadlocked, as in TLC', async () => {
    const never = defineModel({
      name: 'test/reject-all',
      build: (_k, v) => {
        const x = v.scalar('x', v.int(0, 1));
        return { init: () => {}, actions: [action('Flip', null, (s) => (s.set(x, 1), s.reject()))] };
      },
    });
    const r = await check(build(never));
    expect(r.verdict).toBe('violation');
    expect(r.properties.find((p) => p.name === 'deadlock')!.status).toBe('violated');
    expect(r.stats).toMatchObject({ distinctStates: 1, statesGenerated: 1, transitions: 0 });
    const sim = await simulate(build(never), { seed: 1, traces: 1 });
    expect(sim.properties.find((p) => p.name === 'deadlock')!.status).toBe('violated');
  });
});

describe('initProduct: initial states as a predicate over domains', () => {
  /** Init == x \in 0..3 /\ y \in {1, 3} /\ b \in BOOLEAN /\ x < y; Next == x' = (x + 1) % 4 /\ UNCHANGED <<y, b>>. */
  const pair = (form: 'product' | 'closures') =>
    defineModel({
      name: `test/init-${form}`,
      build: (_k, v) => {
        const x = v.scalar('x', v.int(0, 3));
        const y = v.scalar('y', v.int(0, 3));
        const b = v.scalar('b', v.bool());
        const closures = [];
        for (const xv of [0, 1, 2, 3]) for (const yv of [1, 3]) for (const bv of [false, true]) if (xv < yv) closures.push((s: import('./index').StateView) => (s.set(x, xv), s.set(y, yv), s.set(b, bv)));
        return {
          init: form === 'product' ? initProduct({ over: [x, [y, [1, 3]], b], where: (s) => s.get(x) < s.get(y) }) : closures,
          actions: [action('Next', null, (s) => s.set(x, (s.get(x) + 1) % 4))],
        };
      },
    });

  it('gives the same initial states, in the same order, and the same counts as one closure per state', async () => {
    const product = build(pair('product'));
    const closures = build(pair('closures'));
    // By hand: x < y with y in {1, 3} leaves x = 0 for y = 1 and x in 0..2 for y = 3: 4 pairs, times 2 for b: 8 initial states.
    expect(product.initStates.length).toBe(8);
    const decoded = (m: typeof product) => Array.from({ length: m.initStates.length }, (_, k) => m.decode(m.initStates.get(k)).toJS());
    expect(decoded(product)).toEqual(decoded(closures));
    const [rp, rc] = [await check(product), await check(closures)];
    // By hand: the reachable states are every x with <<y, b>> from the 4 initial <<y, b>> pairs: 4 * 4 = 16; 8 + 16 generated.
    expect(rp.stats).toMatchObject({ distinctStates: 16, statesGenerated: 24 });
    expect(rc.stats).toMatchObject({ distinctStates: rp.stats.distinctStates, statesGenerated: rp.stats.statesGenerated, depth: rp.stats.depth });
  });

  it('enumerates a million candidates without a closure or a state buffer each, and replays paths from initial states past 65536', async () => {
    const N = 6;
    const big = defineModel({
      name: 'test/init-big',
      build: (_k, v) => {
        const d = v.array('d', N, v.int(0, 9));
        const done = v.scalar('done', v.bool());
        const all = (s: import('./index').StateView, n: number) => Array.from({ length: N }, (_, i) => s.get(d, i)).every((x) => x === n);
        return {
          init: initProduct({ over: [d], where: (s) => Array.from({ length: N }, (_, i) => s.get(d, i)).reduce((a, b) => a + b, 0) % 9 === 0 }),
          actions: [action('Finish', (s) => all(s, 9) && !s.get(done), (s) => s.set(done, true))],
          invariants: { NotDone: (s) => !s.get(done) },
          checkDeadlock: false,
        };
      },
    });
    // npm test runs node with --expose-gc: collecting before each reading leaves what the model keeps.
    const gc = (globalThis as { gc?: () => void }).gc;
    gc?.();
    const before = process.memoryUsage().heapUsed;
    const m = build(big);
    gc?.();
    const grown = process.memoryUsage().heapUsed - before;
    // By hand: a number 0..999999 is divisible by 9 exactly when its digit sum is, so 10^6 / 9 rounded up = 111112 candidates pass.
    expect(m.initStates.length).toBe(111112);
    // The product keeps 4 bytes per initial state; one closure each measured +24 MB here (about 216 bytes each).
    // Without a collection, heapUsed also holds the million enumeration calls' garbage (13.2 MB in one
    // fresh-clone CI run, which failed a bound of 100 bytes each): then the bound sits between the two, 150 bytes.
    expect(grown).toBeLessThan(111112 * (gc ? 40 : 150));
    const r = await check(m);
    // The only violation: Finish from <<9, 9, 9, 9, 9, 9>>, the last candidate that passes (initial state 111111, stored as 111111 mod 65536).
    expect(r.stats).toMatchObject({ distinctStates: 111113, statesGenerated: 111113 });
    const cx = r.properties[0]!.counterexample!;
    expect(cx.steps.map((s) => s.action)).toEqual(['Init(111111)', 'Finish']);
  });

  it('refuses ranges it cannot enumerate with IL109', () => {
    const bad = (over: (v: import('./index').Vars) => import('./index').InitRange[]) =>
      defineModel({
        name: 'test/init-bad',
        build: (_k, v) => {
          const ranges = over(v);
          return { init: initProduct({ over: ranges }), actions: [] };
        },
      });
    const codeOf = (def: ModelDefinition<any>) => {
      try {
        build(def);
      } catch (e) {
        return `${(e as import('./index').InterleaveError).code} ${(e as Error).message}`;
      }
      return 'built';
    };
    expect(codeOf(bad((v) => [v.value('q', 0)]))).toMatch(/^IL109 .*value variable 'q' has no enumerable domain/);
    expect(codeOf(bad((v) => [[v.array('a', 2, v.bool()), 2, [true]]]))).toMatch(/^IL109 .*a\[2\] is no element of an array of 2/);
    expect(codeOf(bad((v) => { const x = v.scalar('x', v.bool()); return [x, x]; }))).toMatch(/^IL109 .*x is ranged over twice/);
    expect(codeOf(bad((v) => [[v.scalar('x', v.int(0, 3)), [1, 7]]]))).toMatch(/^IL102 .*x := 7 is outside its domain 0\.\.3/);
  });
});

describe('disjuncts: one transition per true disjunct, as TLC counts them', () => {
  /** Next == \/ x' = (x + 1) % 3  \/ x' = IF x = 2 THEN 0 ELSE x + 1: both disjuncts always hold and give the same state. */
  const cycle = (form: 'disjuncts' | 'one action') =>
    defineModel({
      name: 'test/disjuncts',
      build: (_k, v) => {
        const x = v.scalar('x', v.int(0, 2));
        const next1 = (s: import('./index').StateView) => s.set(x, (s.pre.get(x) + 1) % 3);
        const next2 = (s: import('./index').StateView) => s.set(x, s.pre.get(x) === 2 ? 0 : s.pre.get(x) + 1);
        return {
          init: () => {},
          actions: form === 'disjuncts' ? [disjuncts('Next', [{ effect: next1 }, { label: 'wrap', effect: next2 }])] : [action('Next', null, next1)],
          fairness: [weakFair('Next')],
          liveness: { Wraps: eventually((s) => s.get(x) === 2) },
        };
      },
    });

  it('counts each true disjunct as a generated state, and labels it name/label', async () => {
    const r = await check(build(cycle('disjuncts')));
    // By hand (TLC's rule): 3 distinct states, each with 2 successors that coincide: 1 + 3 * 2 = 7 generated.
    expect(r.stats).toMatchObject({ distinctStates: 3, statesGenerated: 7 });
    expect(r.coverage.map((c) => [c.action, c.fired, c.distinct])).toEqual([
      ['Next/1', 3, 2],
      ['Next/wrap', 3, 0],
    ]);
    // The group is the action's name: weakFair('Next') covers both disjuncts.
    expect(r.properties.find((p) => p.name === 'Wraps')!.status).toBe('holds');
    const one = await check(build(cycle('one action')));
    expect(one.stats).toMatchObject({ distinctStates: 3, statesGenerated: 4 });
  });

  it('takes choose() lists for disjuncts under \\E, one transition per binding and disjunct', async () => {
    /** Next == \E i \in 0..1 : (a[i] = 0 /\ a' = [a EXCEPT ![i] = 1]) \/ a' = a. */
    const def = defineModel({
      name: 'test/disjuncts-exists',
      build: (_k, v) => {
        const a = v.array('a', 2, v.int(0, 1));
        return {
          init: () => {},
          actions: [
            disjuncts('Next', [
              choose('Set', [0, 1], (s, i) => s.get(a, i) === 0, (s, i) => s.set(a, i, 1)),
              choose('Stay', [0, 1], null, () => {}),
            ]),
          ],
        };
      },
    });
    const r = await check(build(def));
    // By hand: 4 states; each has 2 stuttering successors (Stay for i = 0, 1) plus one per zero in a (2 + 1 + 1 + 0 = 4): 1 + 8 + 4 = 13 generated.
    expect(r.stats).toMatchObject({ distinctStates: 4, statesGenerated: 13 });
    expect(r.coverage.map((c) => c.action)).toEqual(['Next/Set(0)', 'Next/Set(1)', 'Next/Stay(0)', 'Next/Stay(1)']);
  });
});

describe('view: the variables that decide state identity (TLC VIEW)', () => {
  /** x counts mod 4; steps is auxiliary (a step counter mod 8); Noise changes only steps. */
  const counted = (withView: boolean, liveness = false) =>
    defineModel({
      name: 'test/view',
      build: (_k, v) => {
        const x = v.scalar('x', v.int(0, 3));
        const steps = v.scalar('steps', v.int(0, 7));
        const tick = (s: import('./index').StateView) => s.set(steps, (s.pre.get(steps) + 1) % 8);
        return {
          init: () => {},
          actions: [action('Inc', null, (s) => (s.set(x, (s.pre.get(x) + 1) % 4), tick(s))), action('Noise', null, tick)],
          invariants: { Small: (s) => s.get(x) < 3 },
          ...(liveness ? { liveness: { Three: eventually((s) => s.get(x) === 3) } } : {}),
          ...(withView ? { view: [x] } : {}),
        };
      },
    });

  it('counts states by their view, as TLC with VIEW <<x>> does', async () => {
    const full = await check(build(counted(false)), { invariants: [] });
    // By hand: every <<x, steps>> is reachable: 4 * 8 = 32 distinct, 1 + 32 * 2 = 65 generated.
    expect(full.stats).toMatchObject({ distinctStates: 32, statesGenerated: 65 });
    const viewed = await check(build(counted(true)), { invariants: [] });
    // By hand: 4 views, each expanded once with 2 successors: 1 + 4 * 2 = 9 generated.
    expect(viewed.stats).toMatchObject({ distinctStates: 4, statesGenerated: 9 });
  });

  it('keeps counterexamples real paths, with the auxiliary variables as reached', async () => {
    const r = await check(build(counted(true)));
    const steps = r.properties[0]!.counterexample!.steps;
    expect(steps.map((s) => [s.action, s.state.get('x'), s.state.get('steps')])).toEqual([
      ['Init', 0, 0],
      ['Inc', 1, 1],
      ['Inc', 2, 2],
      ['Inc', 3, 3],
    ]);
    const sim = await simulate(build(counted(true)), { seed: 3, traces: 20, depth: 30 });
    expect(sim.properties[0]!.status).toBe('violated');
  });

  it('refuses a view that names no variable of the model (IL110), and liveness with a view (IL012)', async () => {
    const bad = defineModel({
      name: 'test/view-bad',
      build: (_k, v) => {
        v.scalar('x', v.bool());
        return { init: () => {}, actions: [], view: [{ kind: 1 } as never] };
      },
    });
    expect(() => build(bad)).toThrow(/view: kind is not a variable of this model/);
    await expect(check(build(counted(true, true)))).rejects.toMatchObject({ code: 'IL012' });
    expect((await check(build(counted(true, true)), { liveness: false, invariants: [] })).stats.distinctStates).toBe(4);
  });
});

describe('chooseFrom: quantifiers over state-dependent sets', () => {
  /** Init == pending = {0, 1, 2} /\ done = {}; Next == \E m \in pending : pending' = pending \ {m} /\ done' = done \cup {m}. */
  const receive = defineModel({
    name: 'test/choose-from',
    build: (_k, v) => {
      const pending = v.value('pending', ISet([0, 1, 2]));
      const done = v.value('done', ISet<number>());
      return {
        init: () => {},
        actions: [
          chooseFrom(
            'Receive',
            (s) => s.get(pending).toArray().sort(),
            (s, m) => {
              s.set(pending, s.pre.get(pending).remove(m));
              s.set(done, s.pre.get(done).add(m));
            },
          ),
        ],
        invariants: { NotAll: (s) => s.get(done).size < 3 },
        terminal: (s) => s.get(pending).size === 0,
      };
    },
  });

  it('takes one step per element of the set in the state at hand, and names the choice in coverage', async () => {
    const r = await check(build(receive), { invariants: [] });
    // By hand: every split of {0, 1, 2} into pending and done is reachable: 8 states; 1 + (sum of |pending|: 0*1 + 1*3 + 2*3 + 3*1 = 12) = 13 generated.
    expect(r.stats).toMatchObject({ distinctStates: 8, statesGenerated: 13 });
    // Each m is pending in 4 of the 8 states. By hand, breadth-first with choices in order 0, 1, 2: from {0,1,2}, R0 finds
    // {1,2}, R1 {0,2}, R2 {0,1}; from {1,2}, R1 finds {2}, R2 {1}; from {0,2}, R2 finds {0}; from {2}, R2 finds {}.
    expect(r.coverage.map((c) => [c.action, c.fired, c.distinct])).toEqual([
      ['Receive(0)', 4, 1],
      ['Receive(1)', 4, 2],
      ['Receive(2)', 4, 4],
    ]);
  });

  it('names the choice in counterexamples, from check and from simulate', async () => {
    const r = await check(build(receive));
    expect(r.properties[0]!.counterexample!.steps.map((s) => s.action)).toEqual(['Init', 'Receive(0)', 'Receive(1)', 'Receive(2)']);
    const sim = await simulate(build(receive), { seed: 5, traces: 5 });
    const walk = sim.properties[0]!.counterexample!.steps.map((s) => s.action);
    expect(walk).toHaveLength(4);
    expect([...walk.slice(1)].sort()).toEqual(['Receive(0)', 'Receive(1)', 'Receive(2)']);
    // Simulation's coverage names the choices too. The run stops after its first walk (the violation); by hand, the
    // element received at step k was pending, so fired, in steps 1..k: k times.
    const fired = new Map(sim.coverage.map((c) => [c.action, c.fired]));
    expect(walk.slice(1).map((label) => fired.get(label))).toEqual([1, 2, 3]);
    expect(fired.size).toBe(3);
  });

  it('refuses choices that are not an array (IL111)', async () => {
    const bad = defineModel({
      name: 'test/choose-from-bad',
      build: (_k, v) => {
        const x = v.scalar('x', v.bool());
        return { init: () => {}, actions: [chooseFrom('Pick', () => new Set([1]) as never, (s) => s.set(x, true))] };
      },
    });
    const r = await check(build(bad));
    expect(r.verdict).toBe('model-error');
    expect(r.error).toMatchObject({ code: 'IL111' });
    expect(r.error!.message).toMatch(/the choices of action 'Pick' are not an array/);
  });
});

describe('refines: a refinement mapping checked on every step (PROPERTY Abstract!Spec)', () => {
  /** The abstract spec: VARIABLE n; Init == n = 0; Next == n' = (n + 1) % 4. */
  const abstractCounter = defineModel({
    name: 'test/abstract-counter',
    build: (_k, v) => {
      const n = v.scalar('n', v.int(0, 3));
      return { init: () => {}, actions: [action('Inc', null, (s) => s.set(n, (s.pre.get(n) + 1) % 4))] };
    },
  });
  /** A two-bit counter with an auxiliary bit; n = 2 * hi + lo. `skip` adds a step of +2, `start` the initial value of lo. */
  const bits = (opts: { skip?: boolean; start?: number; wrongName?: boolean }) =>
    defineModel({
      name: 'test/bits',
      build: (_k, v) => {
        const lo = v.scalar('lo', v.int(0, 1));
        const hi = v.scalar('hi', v.int(0, 1));
        const aux = v.scalar('aux', v.bool());
        const add = (s: import('./index').StateView, k: number) => {
          const n = (2 * s.pre.get(hi) + s.pre.get(lo) + k) % 4;
          s.set(lo, n % 2);
          s.set(hi, Math.floor(n / 2));
        };
        return {
          init: (s) => s.set(lo, opts.start ?? 0),
          actions: [action('Tick', null, (s) => add(s, 1)), action('Flip', null, (s) => s.set(aux, !s.pre.get(aux))), ...(opts.skip ? [action('Skip', null, (s) => add(s, 2))] : [])],
          refines: { Counter: refinement(abstractCounter, (s) => ({ [opts.wrongName ? 'm' : 'n']: 2 * s.get(hi) + s.get(lo) })) },
        };
      },
    });

  it('holds when every step maps to an abstract step or a stutter', async () => {
    const r = await check(build(bits({})));
    // By hand: 4 counter values times 2 aux values = 8 states; Flip maps to a stutter, Tick to Inc.
    expect(r.verdict).toBe('ok');
    expect(r.stats.distinctStates).toBe(8);
    expect(r.properties.find((p) => p.name === 'Counter')).toMatchObject({ kind: 'action', status: 'holds' });
  });

  it('reports a step the abstract spec does not allow as an action-property counterexample (exit 13)', async () => {
    const r = await check(build(bits({ skip: true })));
    expect(r.exitCode).toBe(13);
    const p = r.properties.find((q) => q.name === 'Counter')!;
    expect(p.status).toBe('violated');
    // Breadth-first, the first bad step is Skip from the initial state: n goes 0 -> 2, which Inc cannot do.
    expect(p.counterexample!.steps.map((s) => [s.action, s.state.get('lo'), s.state.get('hi')])).toEqual([
      ['Init', 0, 0],
      ['Skip', 0, 1],
    ]);
  });

  it('checks the abstract initial condition on initial states', async () => {
    const r = await check(build(bits({ start: 1 })));
    const p = r.properties.find((q) => q.name === 'Counter')!;
    expect(p.status).toBe('violated');
    expect(p.counterexample!.steps.map((s) => s.action)).toEqual(['Init']);
    const sim = await simulate(build(bits({ start: 1 })), { seed: 1, traces: 2 });
    expect(sim.properties.find((q) => q.name === 'Counter')!.status).toBe('violated');
  });

  it('names a mapping that sets no abstract variable (IL112)', async () => {
    const r = await check(build(bits({ wrongName: true })));
    expect(r.verdict).toBe('model-error');
    expect(r.error).toMatchObject({ code: 'IL112' });
    expect(r.error!.message).toMatch(/the mapping sets 'm', which is no variable of the abstract model 'test\/abstract-counter' \(its variables: n\)/);
  });
});

describe('chooseFrom in liveness counterexamples and inside disjuncts', () => {
  it('replays a lasso through choice steps, naming each choice', async () => {
    /** Go == x # 2 /\ \E v \in {0, 1, 2} \ {x} : x' = v, under WF: it may cycle between 0 and 1 for ever, never reaching 2. */
    const def = defineModel({
      name: 'test/choose-from-lasso',
      build: (_k, v) => {
        const x = v.scalar('x', v.int(0, 2));
        return {
          init: () => {},
          actions: [disjuncts('Step', [chooseFrom('Go', (s) => (s.get(x) === 2 ? [] : [0, 1, 2].filter((w) => w !== s.get(x))), (s, w) => s.set(x, w))])],
          fairness: [weakFair('Step')],
          liveness: { ReachesTwo: eventually((s) => s.get(x) === 2) },
          terminal: (s) => s.get(x) === 2,
        };
      },
    });
    const r = await check(build(def));
    const p = r.properties.find((q) => q.name === 'ReachesTwo')!;
    expect(p.status).toBe('violated');
    // The lasso: 0 -> 1 -> 0, back to where the cycle starts.
    expect(p.counterexample!.steps.map((s) => [s.action, s.state.get('x')])).toEqual([
      ['Init', 0],
      ['Step/Go(1)', 1],
      ['Step/Go(0)', 0],
    ]);
    expect(p.counterexample!.loop).toBe(0);
    expect(r.coverage.map((c) => c.action)).toEqual(['Step/Go(1)', 'Step/Go(2)', 'Step/Go(0)']);
  });
});
