/**
 * Liveness under fairness on small hand-made graphs, whose verdicts and
 * lassos are worked out by hand in the comments (TLA+ semantics: every state
 * may stutter; WF/SF over `<A>_vars`). Also action properties, TLC's state
 * and action constraints (counts derived by hand from TLC's doNext), and the
 * model's own deadlock default. In these models x is the only variable, so
 * the packed word `s.buf[0]` is x itself.
 */
import { action, buildModel, check, CheckResult, defineModel, eventually, alwaysEventually, eventuallyAlways, leadsTo, weakFair, strongFair } from '.';
import type { FairnessDef, LivenessDef, ModelBody } from '.';

/** A model over one variable x in 0..9 with the given edges `name: from -> to`. */
function graphModel(edges: readonly [string, number, number][], extra: Partial<ModelBody> = {}, init = 0) {
  return buildModel(
    defineModel({
      name: 'test/graph',
      build: (_k, v) => {
        const x = v.scalar('x', v.int(0, 9));
        const byName = new Map<string, [number, number][]>();
        for (const [n, a, b] of edges) byName.set(n, [...(byName.get(n) ?? []), [a, b]]);
        return {
          init: (s) => s.set(x, init),
          actions: [...byName].map(([n, pairs]) =>
            action(n, (s) => pairs.some(([a]) => s.get(x) === a), (s) => s.set(x, pairs.find(([a]) => s.get(x) === a)![1])),
          ),
          terminal: () => true,
          ...extra,
        };
      },
    }),
    {},
  );
}

function liveResult(r: CheckResult, name: string) {
  return r.properties.find((p) => p.name === name)!;
}

/** The lasso as text: actions of the steps, then `~` and the loop index or `stutter`. */
function lassoText(r: CheckResult, name: string): string {
  const cx = liveResult(r, name).counterexample!;
  return `${cx.steps.slice(1).map((s) => s.action).join(' ')} ~${cx.stutter ? 'stutter' : cx.loop}`;
}


describe('weak and strong fairness', () => {
  // 0 <-> 1 by Toggle; B: 0 -> 2 (enabled only in 0). Goal: x = 2.
  const edges: [string, number, number][] = [
    ['Toggle', 0, 1],
    ['Toggle', 1, 0],
    ['B', 0, 2],
  ];
  const goal: LivenessDef = eventually((s) => s.buf[0] === 2);
  const reach = (fairness: FairnessDef[]) => graphModel(edges, { liveness: { Reach2: goal }, fairness });

  it('finds the fair cycle 0 -> 1 -> 0 under WF(B): B is enabled only now and then, so weak fairness never forces it', async () => {
    const r = await check(reach([weakFair('Toggle'), weakFair('B')]));
    expect(r.exitCode).toBe(13);
    expect(lassoText(r, 'Reach2')).toBe('Toggle Toggle ~0');
  });

  it('proves Reach2 under SF(B): enabled infinitely often, B must be taken', async () => {
    const r = await check(reach([weakFair('Toggle'), strongFair('B')]));
    expect(liveResult(r, 'Reach2').status).toBe('holds');
    expect(r.exitCode).toBe(0);
  });

  it('stutters in state 1 when Toggle is not fair (B is disabled there, so SF(B) allows it)', async () => {
    const r = await check(reach([strongFair('B')]));
    expect(lassoText(r, 'Reach2')).toBe('Toggle ~stutter');
  });

  it('stutters in the initial state with no fairness at all (TLA+: a behaviour may stop anywhere)', async () => {
    const r = await check(reach([]));
    expect(lassoText(r, 'Reach2')).toBe(' ~stutter');
    expect(liveResult(r, 'Reach2').counterexample!.length).toBe(0);
  });
});

describe('what the search looks at', () => {
  it('ignores a fair cycle that is not reachable', async () => {
    // 0 -> 1 (the goal); 5 <-> 6 is a cycle without the goal that no behaviour reaches.
    const m = graphModel(
      [
        ['Go', 0, 1],
        ['Spin', 5, 6],
        ['Spin', 6, 5],
      ],
      { liveness: { Reach1: eventually((s) => s.buf[0] === 1) }, fairness: [weakFair('Go'), weakFair('Spin')] },
    );
    const r = await check(m);
    expect(liveResult(r, 'Reach1').status).toBe('holds');
  });

  it('lets a terminal (or deadlocked) state stutter for ever', async () => {
    // 0 -> 1, and nothing is enabled in 1: the behaviour stays in 1, where x = 2 never holds.
    const m = graphModel([['Go', 0, 1]], { liveness: { Reach2: eventually((s) => s.buf[0] === 2) }, fairness: [weakFair('Go')] });
    const r = await check(m);
    expect(lassoText(r, 'Reach2')).toBe('Go ~stutter');
  });

  it('tells []<> from <>[] on a cycle that visits x = 1 every other step', async () => {
    const m = graphModel(
      [
        ['Toggle', 0, 1],
        ['Toggle', 1, 0],
      ],
      {
        liveness: { InfOften1: alwaysEventually((s) => s.buf[0] === 1), Stays1: eventuallyAlways((s) => s.buf[0] === 1) },
        fairness: [weakFair('Toggle')],
      },
    );
    const r = await check(m);
    expect(liveResult(r, 'InfOften1').status).toBe('holds');
    // The cycle 0 -> 1 -> 0 keeps coming back to x = 0.
    expect(lassoText(r, 'Stays1')).toBe('Toggle Toggle ~0');
  });

  it('checks P ~> Q from every P state, and warns when P never holds', async () => {
    // 0 -> 1 -> 2 -> 3 (stuck in 3); 1 ~> 3 holds, 2 ~> 0 fails (stutters in 3), 7 ~> 0 is vacuous.
    const m = graphModel(
      [
        ['Step', 0, 1],
        ['Step', 1, 2],
        ['Step', 2, 3],
      ],
      {
        liveness: {
          OneThenThree: leadsTo((s) => s.buf[0] === 1, (s) => s.buf[0] === 3),
          TwoThenZero: leadsTo((s) => s.buf[0] === 2, (s) => s.buf[0] === 0),
          Vacuous: leadsTo((s) => s.buf[0] === 7, (s) => s.buf[0] === 0),
        },
        fairness: [weakFair('Step')],
      },
    );
    const r = await check(m, { continue: true });
    expect(liveResult(r, 'OneThenThree').status).toBe('holds');
    expect(lassoText(r, 'TwoThenZero')).toBe('Step Step Step ~stutter');
    expect(liveResult(r, 'Vacuous').status).toBe('holds');
    expect(r.warnings).toEqual(['liveness Vacuous: its left side never holds in a reachable state, so it holds vacuously']);
  });

  it('reports liveness as unknown, never holds, when a bound cut the graph', async () => {
    const m = graphModel(
      [
        ['Step', 0, 1],
        ['Step', 1, 2],
      ],
      { liveness: { Reach2: eventually((s) => s.buf[0] === 2) }, fairness: [weakFair('Step')] },
    );
    const r = await check(m, { maxStates: 2 });
    expect(r.verdict).toBe('incomplete');
    expect(liveResult(r, 'Reach2')).toMatchObject({ status: 'unknown', reason: 'exploration stopped before the whole state space was seen' });
  });

  it('warns about a fairness condition whose actions never fire', async () => {
    const m = graphModel(
      [
        ['Go', 0, 1],
        ['Never', 5, 6],
      ],
      { liveness: { Reach1: eventually((s) => s.buf[0] === 1) }, fairness: [weakFair('Go'), weakFair('Never')] },
    );
    const r = await check(m);
    expect(r.warnings).toEqual(['fairness WF(Never): its actions never fire, so it constrains nothing']);
  });

  it('refuses a fairness condition that names no action or lane (IL108)', () => {
    expect(() => graphModel([['Go', 0, 1]], { fairness: [weakFair('Gone')] })).toThrow(/IL108|names 'Gone', which is no action or choose group/);
    try {
      graphModel([['Go', 0, 1]], { fairness: [weakFair({ lane: 'main' })] });
    } catch (e) {
      expect((e as { code: string }).code).toBe('IL108');
    }
  });

  it('reports a liveness predicate that throws as a model error naming the property', async () => {
    const m = graphModel([['Go', 0, 1]], {
      liveness: {
        Bad: eventually(() => {
          throw new Error('boom');
        }),
      },
    });
    const r = await check(m);
    expect(r.verdict).toBe('model-error');
    expect(r.error).toMatchObject({ code: 'IL104' });
    expect(r.error!.message).toContain("a predicate of liveness property 'Bad' threw: boom");
  });
});

describe('search order', () => {
  it('gives the same verdicts with depth-first exploration (states expanded out of index order)', async () => {
    const edges: [string, number, number][] = [
      ['Toggle', 0, 1],
      ['Toggle', 1, 0],
      ['B', 0, 2],
    ];
    const goal = eventually((s) => s.buf[0] === 2);
    const weak = await check(graphModel(edges, { liveness: { Reach2: goal }, fairness: [weakFair('Toggle'), weakFair('B')] }), { strategy: 'dfs' });
    expect(liveResult(weak, 'Reach2').status).toBe('violated');
    const strong = await check(graphModel(edges, { liveness: { Reach2: goal }, fairness: [weakFair('Toggle'), strongFair('B')] }), { strategy: 'dfs' });
    expect(liveResult(strong, 'Reach2').status).toBe('holds');
  });
});

describe('action properties', () => {
  it('checks every non-stuttering step and ends the counterexample with the offending step (exit 13)', async () => {
    // Up: 0 -> 1 -> 2; Down: 2 -> 1; Same: 1 -> 1 (a stuttering step never violates [A]_x).
    const m = graphModel(
      [
        ['Up', 0, 1],
        ['Up', 1, 2],
        ['Down', 2, 1],
        ['Same', 1, 1],
      ],
      { actionProperties: { NeverDecreases: { check: (pre, post) => post.buf[0]! >= pre.buf[0]!, doc: 'x never decreases' } } },
    );
    const r = await check(m);
    expect(r.exitCode).toBe(13);
    const p = liveResult(r, 'NeverDecreases');
    expect(p.kind).toBe('action');
    expect(p.counterexample!.steps.map((s) => s.action)).toEqual(['Init', 'Up', 'Up', 'Down']);
  });
});

describe("TLC's constraints", () => {
  // Inc: x -> x + 1 for x < 9; CONSTRAINT x <= 3. By TLC's doNext: states 0..3 are stored
  // (4 distinct), the successor x = 4 of state 3 is generated but neither stored nor
  // expanded, so generated = 1 initial + 4 successors = 5, depth 4, and state 3 is not a
  // deadlock (it has a successor).
  const inc = (extra: Partial<ModelBody>) =>
    buildModel(
      defineModel({
        name: 'test/inc',
        build: (_k, v) => {
          const x = v.scalar('x', v.int(0, 9));
          return {
            init: () => {},
            actions: [action('Inc', (s) => s.get(x) < 9, (s) => s.set(x, s.get(x) + 1)), action('Dec', (s) => s.get(x) > 0, (s) => s.set(x, s.get(x) - 1))],
            ...extra,
          };
        },
      }),
      {},
    );

  it('generates but never stores, expands or deadlocks on a state outside CONSTRAINT', async () => {
    const r = await check(inc({ constraint: (s) => s.buf[0]! <= 3, checkDeadlock: true }));
    // Successors: 0:{1}, 1:{2,0}, 2:{3,1}, 3:{4 (outside),2}: 7 successors + 1 initial = 8 generated.
    expect(r.stats).toMatchObject({ distinctStates: 4, statesGenerated: 8, depth: 4 });
    expect(r.verdict).toBe('ok');
  });

  it('still checks invariants on a successor outside the constraint, as TLC does', async () => {
    const r = await check(inc({ constraint: (s) => s.buf[0]! <= 3, invariants: { Small: (s) => s.buf[0]! <= 3 } }));
    expect(r.exitCode).toBe(12);
    expect(liveResult(r, 'Small').counterexample!.steps.map((s) => s.state.get('x'))).toEqual([0, 1, 2, 3, 4]);
  });

  it('drops the steps ACTION_CONSTRAINT rejects the same way', async () => {
    // Dec is only allowed from x >= 2: the step 1 -> 0 is generated, not followed.
    const r = await check(inc({ constraint: (s) => s.buf[0]! <= 2, actionConstraint: (pre, _post, a) => a !== 'Dec' || pre.buf[0]! >= 2 }));
    // 0:{1}, 1:{2, 0 (rejected)}, 2:{3 (outside), 1}: 5 successors + 1 initial.
    expect(r.stats).toMatchObject({ distinctStates: 3, statesGenerated: 6, depth: 3 });
  });

  it("follows the model's checkDeadlock unless the option says otherwise", async () => {
    const stuck = () =>
      buildModel(
        defineModel({ name: 'test/stuck', build: (_k, v) => ({ init: () => void v, actions: [], checkDeadlock: false }) }),
        {},
      );
    expect((await check(stuck())).verdict).toBe('ok');
    expect((await check(stuck(), { deadlock: true })).exitCode).toBe(11);
  });
});

describe('initial states', () => {
  it('reports an invariant broken by an initial state at depth 1, with a 0-step counterexample', async () => {
    const m = graphModel([['Go', 0, 1]], { invariants: { NotZero: (s) => s.buf[0] !== 0 } });
    const r = await check(m);
    expect(r.stats.depth).toBe(1);
    expect(liveResult(r, 'NotZero').counterexample!.length).toBe(0);
  });

  it("says which assertion an init's s.assert failed", () => {
    expect(() =>
      buildModel(
        defineModel({
          name: 'test/init-assert',
          build: () => ({ init: (s) => s.assert(false, 'Boot', 'no disk'), actions: [], assertions: { Boot: 'the machine boots' } }),
        }),
        {},
      ),
    ).toThrow("initial state 0 failed assertion 'Boot' (no disk)");
  });
});
