/**
 * Symmetry reduction (symmetry.ts): the distinct count under symmetry is the
 * number of orbits of the reachable states. The orbits are counted here by
 * brute force, independently of the engine's packed canonicalisation: every
 * reachable state (exploreGraph, no symmetry) is decoded, renamed by every
 * group element on its plain JS form, and keyed by its least image's JSON.
 * Verdicts and counterexample lengths must not change, and a counterexample
 * is a real path (the engine replays it from the initial state).
 */
import { buildModel, check, defineModel, exploreGraph, KnobSpecs, ModelDefinition, range, resolveKnobs, action } from './index';
import { findModel } from '../models';

const builtin = (name: string, set: Record<string, unknown> = {}) => {
  const def = findModel(name)! as ModelDefinition<KnobSpecs>;
  return buildModel(def, resolveKnobs(def, { set }));
};

function perms(n: number): number[][] {
  if (n === 0) return [[]];
  return perms(n - 1).flatMap((p) => range(n).map((k) => [...p.slice(0, k), n - 1, ...p.slice(k)]));
}

/** Orbits of the reachable states under `group`, where rename(state, π) renames one decoded state. */
function orbitCount(model: ReturnType<typeof builtin>, group: number[][], rename: (s: Record<string, unknown[]>, p: number[]) => Record<string, unknown[]>): { states: number; orbits: number } {
  const g = exploreGraph(model, { limit: 100_000 });
  const keys = new Set<string>();
  for (const n of g.nodes) {
    const s = n.state.toJS() as Record<string, unknown[]>;
    keys.add(group.map((p) => JSON.stringify(rename(s, p))).sort()[0]!);
  }
  return { states: g.nodes.length, orbits: keys.size };
}

const moveBy = (a: unknown[], p: number[]) => {
  const out = a.slice();
  a.forEach((x, i) => (out[p[i]!] = x));
  return out;
};

describe('symmetry: distinct states are exactly the orbits', () => {
  it.each([2, 3, 4])('classic/filter N=%i under all permutations of the processes', async (N) => {
    const model = builtin('classic/filter', { N });
    const rename = (s: Record<string, unknown[]>, p: number[]) => ({ pc: moveBy(s.pc!, p), lv: moveBy(s.lv!, p), level: moveBy(s.level!, p), victim: s.victim!.map((v) => p[v as number]) });
    const brute = orbitCount(model, perms(N), rename);
    const plain = await check(model, { liveness: false, continue: true, symmetry: false });
    const sym = await check(model, { liveness: false, continue: true });
    expect(plain.stats.distinctStates).toBe(brute.states);
    expect(sym.stats.distinctStates).toBe(brute.orbits);
    expect(sym.options.symmetry).toBe(`processes: permutations of ${N}`);
    expect(sym.verdict).toBe(plain.verdict);
    expect(sym.stats.depth).toBe(plain.stats.depth);
    // victim[0] (level 0 is unused) stays 0, naming process 0, so for N=2 no two reachable states are renamings of each other.
    if (N > 2) expect(sym.stats.distinctStates).toBeLessThan(plain.stats.distinctStates);
  });

  it.each([3, 5, 6])('classic/philo N=%i under rotations only', async (N) => {
    const model = builtin('classic/philo', { N });
    const rotations = range(N).map((r) => range(N).map((i) => (i + r) % N));
    const rename = (s: Record<string, unknown[]>, p: number[]) => ({ pc: moveBy(s.pc!, p), fork: moveBy(s.fork!, p) });
    const brute = orbitCount(model, rotations, rename);
    const sym = await check(model, { liveness: false, continue: true });
    expect(sym.stats.distinctStates).toBe(brute.orbits);
    // Rotations, not permutations: under all N! renamings there are fewer classes, which would merge states that behave differently.
    if (N >= 5) expect(orbitCount(model, perms(N), rename).orbits).toBeLessThan(brute.orbits);
  });
});

describe('symmetry: verdicts and counterexamples', () => {
  it('keeps the philosophers deadlock and its shortest length, shown as a real unpermuted path', async () => {
    for (const N of [3, 5, 8]) {
      const model = builtin('classic/philo', { N });
      const plain = await check(model, { liveness: false, symmetry: false });
      const sym = await check(model, { liveness: false });
      expect(sym.exitCode).toBe(11);
      const a = plain.properties.find((p) => p.name === 'deadlock')!.counterexample!;
      const b = sym.properties.find((p) => p.name === 'deadlock')!.counterexample!;
      expect(b.length).toBe(a.length);
      expect(b.length).toBe(N);
      // A real path: each step's action belongs to a philosopher, and the replay (inside check) reproduced each state.
      expect(b.steps[N]!.state.toJS()).toEqual({ pc: range(N).map(() => 'hasLeft'), fork: range(N).map(() => true) });
    }
  });

  it('finds a counterexample whose path needs a renamed state, replaying it from the real initial state', async () => {
    // Two processes; an invariant violated only when process 1 is ahead of process 0.
    const race = defineModel({
      name: 'test/race',
      build: (_k, v) => {
        const step = v.array('step', 2, v.int(0, 3));
        return {
          init: () => {},
          actions: range(2).map((i) => action(`Go(${i})`, (s) => s.get(step, i) < 3, (s) => s.set(step, i, s.get(step, i) + 1))),
          invariants: { NotFar: (s) => Math.abs(s.get(step, 0) - s.get(step, 1)) < 3 },
          symmetry: [{ name: 'procs', size: 2, group: 'permutations', indexed: [step] }],
          terminal: () => true,
        };
      },
    });
    const model = buildModel(race, resolveKnobs(race as ModelDefinition<KnobSpecs>, {}));
    expect((await check(model, { symmetry: false, continue: true })).stats.distinctStates).toBe(16);
    expect((await check(model, { continue: true })).stats.distinctStates).toBe(10); // unordered pairs from 0..3: 4·5/2
    const plain = await check(model, { symmetry: false });
    const sym = await check(model);
    const cx = sym.properties[0]!.counterexample!;
    expect(cx.length).toBe(plain.properties[0]!.counterexample!.length);
    expect(cx.steps.map((s) => s.action)).toEqual(['Init', 'Go(0)', 'Go(0)', 'Go(0)']);
  });

  it('refuses liveness with --symmetry (IL011), and does not apply symmetry when liveness is checked by default', async () => {
    const model = builtin('classic/filter', { N: 3 });
    await expect(check(model, { symmetry: true })).rejects.toMatchObject({ code: 'IL011' });
    const r = await check(model, { properties: ['Mutex', 'Starvation(0)'] });
    expect(r.options.symmetry).toBeUndefined();
    expect(r.stats.distinctStates).toBe(417);
    await expect(check(builtin('classic/naivelock'), { symmetry: true })).rejects.toMatchObject({ code: 'IL011' });
  });
});
