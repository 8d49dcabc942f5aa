/**
 * The classic zoo pins the engine: distinct states, states generated (TLC's
 * meaning), BFS depth (levels, initial = 1) and the shortest counterexample,
 * for several N. The numbers were confirmed by an independent brute-force BFS
 * written from the TLA+ files and by SPIN (bench/spin/README.md).
 */
import { buildModel, check, CheckOptions, CheckResult, resolveKnobs } from '../../checker';
import { findModel } from '../index';

async function run(name: string, set: Record<string, unknown>, opts: CheckOptions = {}): Promise<CheckResult> {
  const def = findModel(name)!;
  return check(buildModel(def, resolveKnobs(def, { set })), opts);
}

function actions(r: CheckResult, property: string): string[] {
  const p = r.properties.find((x) => x.name === property)!;
  return p.counterexample!.steps.slice(1).map((s) => s.action);
}

describe('classic/philo', () => {
  it.each([
    [2, 6, 9, 3],
    [3, 14, 28, 4],
    [4, 34, 89, 5],
    [5, 82, 266, 6],
    [8, 1154, 5969, 9],
    [10, 6726, 43481, 11],
  ])('N=%i explores %i distinct states, %i generated, depth %i', async (N, distinct, generated, depth) => {
    const r = await run('classic/philo', { N }, { continue: true });
    expect(r.stats).toMatchObject({ distinctStates: distinct, statesGenerated: generated, depth });
  });

  it.each([2, 3, 5, 8])('N=%i deadlocks after every philosopher takes the left fork', async (N) => {
    const r = await run('classic/philo', { N });
    expect(r.verdict).toBe('violation');
    expect(r.exitCode).toBe(11);
    expect(actions(r, 'deadlock')).toEqual(Array.from({ length: N }, (_, i) => `PickLeft(${i})`));
    const last = r.properties.find((p) => p.name === 'deadlock')!.counterexample!.steps[N]!.state;
    expect((last.get('pc') as any).toArray()).toEqual(Array(N).fill('hasLeft'));
  });
});

describe('classic/filter', () => {
  it.each([
    [2, 20, 35, 7],
    [3, 417, 946, 18],
    [4, 9272, 25793, 32],
  ])('N=%i satisfies Mutex and never deadlocks: %i distinct, %i generated, depth %i', async (N, distinct, generated, depth) => {
    const r = await run('classic/filter', { N });
    expect(r.verdict).toBe('ok');
    expect(r.exitCode).toBe(0);
    expect(r.properties.map((p) => [p.name, p.status])).toEqual([
      ['Mutex', 'holds'],
      ...Array.from({ length: N }, (_, i) => [`Starvation(${i})`, 'holds']),
      ['deadlock', 'holds'],
    ]);
    expect(r.stats).toMatchObject({ distinctStates: distinct, statesGenerated: generated, depth });
  });
});

describe('classic/naivelock', () => {
  it.each([
    [2, 13, 25, 7],
    [3, 45, 121, 9],
    [4, 145, 505, 11],
    [5, 453, 1941, 13],
  ])('N=%i with --continue: %i distinct, %i generated, depth %i', async (N, distinct, generated, depth) => {
    const r = await run('classic/naivelock', { N }, { continue: true });
    expect(r.stats).toMatchObject({ distinctStates: distinct, statesGenerated: generated, depth });
    expect(r.properties.map((p) => [p.name, p.status])).toEqual([
      ['Mutex', 'violated'],
      ['deadlock', 'holds'],
    ]);
  });

  it.each([2, 3, 4])('N=%i violates Mutex in 4 steps: both test, then both set', async (N) => {
    const r = await run('classic/naivelock', { N });
    expect(r.exitCode).toBe(12);
    expect(actions(r, 'Mutex')).toEqual(['Test(0)', 'Test(1)', 'Set(0)', 'Set(1)']);
  });
});

describe('classic/locksem', () => {
  it('explores 8 distinct states, 9 generated (Terminated stutters), depth 7', async () => {
    const r = await run('classic/locksem', {}, { continue: true });
    expect(r.stats).toMatchObject({ distinctStates: 8, statesGenerated: 9, depth: 7 });
  });

  it('deadlocks as soon as A takes L, and the normal end is not a deadlock', async () => {
    const r = await run('classic/locksem', {});
    expect(r.exitCode).toBe(11);
    expect(actions(r, 'deadlock')).toEqual(['ALock']);
    const last = r.properties.find((p) => p.name === 'deadlock')!.counterexample!.steps[1]!.state;
    expect(last.toJS()).toEqual({ L: 'A', S: 0, pcA: 'wait', pcB: 'lock' });
  });
});

// Liveness verdicts. Confirmed independently with SPIN 6.5.2 (`pan -a -f` for weak
// fairness, `pan -a` with a stuttering process for none): bench/spin/liveness.sh,
// table in bench/spin/README.md ("Liveness").
describe('liveness on the classic zoo', () => {
  it.each([2, 3, 4])('filter N=%i: Starvation(i) holds for every process under weak fairness of every process', async (N) => {
    const r = await run('classic/filter', { N, fair: true });
    for (let i = 0; i < N; i++) expect(r.properties.find((p) => p.name === `Starvation(${i})`)!.status).toBe('holds');
  });

  it.each([2, 3, 4])('filter N=%i: without fairness Starvation(0) fails by stuttering right after SetVictim(0)', async (N) => {
    const r = await run('classic/filter', { N, fair: false });
    expect(r.exitCode).toBe(13);
    const cx = r.properties.find((p) => p.name === 'Starvation(0)')!.counterexample!;
    expect(cx.steps.slice(1).map((s) => s.action)).toEqual(['SetLevel(0)', 'SetVictim(0)']);
    expect(cx).toMatchObject({ loop: 2, stutter: true });
  });

  it.each([2, 3, 5])('philo N=%i: SomeoneEats fails under weak fairness, stuttering in the all-hold-left deadlock', async (N) => {
    const r = await run('classic/philo', { N, fair: true }, { deadlock: false });
    const cx = r.properties.find((p) => p.name === 'SomeoneEats')!.counterexample!;
    expect(cx.steps.slice(1).map((s) => s.action)).toEqual(Array.from({ length: N }, (_, i) => `PickLeft(${i})`));
    expect(cx).toMatchObject({ loop: N, stutter: true });
  });

  it('kit/spin: the deadlock check passes the spinning wait, WaitEnds catches it with a two-step cycle', async () => {
    const r = await run('kit/spin', {});
    expect(r.properties.find((p) => p.name === 'deadlock')!.status).toBe('holds');
    const cx = r.properties.find((p) => p.name === 'WaitEnds')!.counterexample!;
    expect(cx.steps.slice(1).map((s) => s.action)).toEqual(['worker:work', 'worker:complete', 'main:wait.check', 'main:wait.poll']);
    expect(cx).toMatchObject({ loop: 2, stutter: false });
    expect((await run('kit/spin', { lost_completion: false })).verdict).toBe('ok');
  });
});

describe('kit fairness of a mutex', () => {
  it('kit/mutex forever: T0 can starve when taking the lock is only weakly fair, and cannot with a fair (strong) lock', async () => {
    const weak = await run('kit/mutex', { forever: true });
    const cx = weak.properties.find((p) => p.name === 'Enters(0)')!.counterexample!;
    // T1 goes round and round; T0's lock step is enabled only at the start of the cycle, so weak fairness never forces it.
    expect(cx.steps.slice(1).map((s) => s.action)).toEqual(['T1:lock', 'T1:cs.enter', 'T1:cs.leave', 'T1:unlock']);
    expect(cx).toMatchObject({ loop: 0, stutter: false });
    const strong = await run('kit/mutex', { forever: true, lock_fairness: 'strong' });
    expect(strong.properties.filter((p) => p.kind === 'liveness').map((p) => p.status)).toEqual(['holds', 'holds']);
    expect(strong.options.fairness).toEqual(['WF(T0)', 'SF(T0:lock)', 'WF(T1)', 'SF(T1:lock)']);
  });
});
