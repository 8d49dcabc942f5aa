/**
 * The thread kit compiles threads to ordinary engine actions: these tests pin
 * its two examples against known counts and check what it adds (lanes,
 * sources, terminal states, display data, spawn slots, call/return).
 */
import { buildModel, check, defineModel, explainTrace, resolveKnobs, type KnobSpecs, type ModelDefinition } from '../../checker';
import { findModel } from '../index';
import classicLocksem from '../classic/locksem';
import kitLocksem from './examples/locksem';
import kitMutex from './examples/mutex';
import { Semaphore, ThreadKit } from '.';

function run(def: ModelDefinition<KnobSpecs>, set: Record<string, unknown> = {}) {
  return check(buildModel(def, resolveKnobs(def, { set })), { continue: true });
}
function status(r: Awaited<ReturnType<typeof run>>, name: string) {
  return r.properties.find((p) => p.name === name)!.status;
}

describe('kit/locksem', () => {
  it('gives the same verdict and distinct-state count as classic/locksem', async () => {
    const kit = await run(kitLocksem as ModelDefinition<KnobSpecs>);
    const classic = await run(classicLocksem as ModelDefinition<KnobSpecs>);
    expect(kit.stats.distinctStates).toBe(8);
    expect(classic.stats.distinctStates).toBe(8);
    expect(status(kit, 'deadlock')).toBe('violated');
    expect(status(classic, 'deadlock')).toBe('violated');
    const trace = kit.properties.find((p) => p.name === 'deadlock')!.counterexample!;
    expect(trace.steps.map((s) => s.action)).toEqual(['Init', 'A:lock']);
    expect(trace.steps[1]!.lane).toBe('A');
    expect(trace.steps[1]!.source).toBe('LockSem.tla ALock');
  });

  it('declares "both done" terminal, so the normal end is not a deadlock', async () => {
    const r = await run(kitLocksem as ModelDefinition<KnobSpecs>);
    expect(r.stats.terminalStates).toBe(1);
  });
});

describe('kit/mutex', () => {
  it('keeps mutual exclusion and ends without deadlock', async () => {
    const r = await run(kitMutex as ModelDefinition<KnobSpecs>);
    expect(r.verdict).toBe('ok');
    expect(r.stats.distinctStates).toBe(45);
    expect(r.stats.terminalStates).toBe(1);
    expect(r.coverage.find((c) => c.action === 'T0:cs.leave')!.fired).toBeGreaterThan(0);
  });

  it('reports a deadlock when unlock forgets to release the mutex', async () => {
    const r = await run(kitMutex as ModelDefinition<KnobSpecs>, { broken: true });
    expect(status(r, 'deadlock')).toBe('violated');
    const trace = r.properties.find((p) => p.name === 'deadlock')!.counterexample!;
    expect(trace.steps.map((s) => s.action)).toEqual(['Init', 'T0:lock', 'T0:cs.enter', 'T0:cs.leave', 'T0:unlock']);
    expect((trace.steps[4]!.state.get('stack_T0') as { toJS(): unknown }).toJS()).toEqual([]);
  });

  it('shows the pushed return label while a procedure runs', async () => {
    const r = await run(kitMutex as ModelDefinition<KnobSpecs>, { broken: true });
    const step = r.properties.find((p) => p.name === 'deadlock')!.counterexample!.steps[2]!;
    expect(step.state.get('pc_T0')).toBe('cs.leave');
    expect((step.state.get('stack_T0') as { toJS(): unknown }).toJS()).toEqual(['unlock']);
  });

  it('describes its lanes for display', () => {
    const m = buildModel(kitMutex as ModelDefinition<KnobSpecs>, resolveKnobs(kitMutex as ModelDefinition<KnobSpecs>));
    expect(m.display).toEqual({
      kind: 'threads',
      lanes: ['T0', 'T1'],
      threads: { T0: { pc: 'pc_T0', stack: 'stack_T0', daemon: false }, T1: { pc: 'pc_T1', stack: 'stack_T1', daemon: false } },
    });
  });
});

describe('ThreadKit', () => {
  // A spawner starts a worker slot; the worker posts a semaphore the spawner waits on.
  const spawnModel = (idleDaemon: boolean) =>
    defineModel({
      name: 'test/spawn',
      build: (_k, v) => {
        const sem = new Semaphore(v, 'sem', 1);
        const kit = new ThreadKit(v);
        const worker = kit.declare({ name: 'worker', entry: 'post', running: false, steps: (t) => [{ at: 'post', source: 'w.c:1 post()', run: (s) => { sem.post(s); t.finish(s); } }] });
        kit.declare({
          name: 'boss',
          entry: 'spawn',
          running: true,
          daemon: idleDaemon,
          idle: (s, t) => t.isAt(s, 'wait'),
          steps: (t) => [
            { at: 'spawn', source: 'b.c:1 spawn()', next: 'wait', run: (s) => worker.spawn(s) },
            { at: 'wait', source: 'b.c:2 wait()', when: (s) => sem.canWait(s) && false, run: (s) => t.finish(s) },
          ],
        });
        const c = kit.compile();
        return { init: c.init, actions: c.actions, terminal: c.terminal };
      },
    }) as ModelDefinition<KnobSpecs>;

  it('starts spawn slots unborn and runs them once spawned', async () => {
    const r = await run(spawnModel(false));
    expect(r.coverage.find((c) => c.action === 'worker:post')!.fired).toBe(1);
    expect(status(r, 'deadlock')).toBe('violated');
  });

  it('does not count an idle daemon as stuck', async () => {
    const r = await run(spawnModel(true));
    expect(status(r, 'deadlock')).toBe('holds');
    expect(r.stats.terminalStates).toBe(1);
  });
});

describe('wait-for graphs the primitives fill in by themselves', () => {
  it.each(['kit/locksem', 'classic/locksem'])('%s: the deadlock comes with the cycle A -> B -> A', async (name) => {
    const def = findModel(name)!;
    const model = buildModel(def, resolveKnobs(def));
    const r = await check(model);
    const t = explainTrace(model, r.properties.find((p) => p.name === 'deadlock')!);
    expect(t.waits!.map((w) => `${w.thread} waits ${w.on} held by ${w.holder}`).sort()).toEqual(['A waits S held by B', 'B waits L held by A']);
    expect(t.cycle!.map((w) => w.thread).sort()).toEqual(['A', 'B']);
  });
});
