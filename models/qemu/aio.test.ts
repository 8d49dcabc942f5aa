/**
 * The event-loop primitives (models/qemu/aio.ts): misuse caught when the
 * model is built, and the lost wake-up explained in the wait-for edges of
 * the bug models' deadlocks, naming the step of the lost aio_notify() (step
 * numbers as in the counterexamples of docs/models/qemu-bugs.md).
 */
import { boolKnob, buildModel, check, defineModel, explainTrace, resolveKnobs, type KnobSpecs, type ModelDefinition, type StateView } from '../../checker';
import { ThreadKit, type Thread } from '../kit';
import { findModel } from '..';
import { AioContextLock, AioContexts, aioPollProc, AioWait, aioWaitWhileProc } from './aio';

function build(def: ModelDefinition<KnobSpecs>, preset?: string) {
  return buildModel(def, resolveKnobs(def, preset ? { preset } : {}));
}

function misuse(body: (v: Parameters<ModelDefinition['build']>[1]) => void) {
  return defineModel({
    name: 'test/misuse',
    build: (_k, v) => {
      body(v);
      const kit = new ThreadKit(v);
      kit.declare({ name: 'main', entry: 'x', running: true, steps: (t) => [{ at: 'x', source: 'x', run: (s) => t.finish(s) }] });
      const c = kit.compile();
      return { init: c.init, actions: c.actions, terminal: c.terminal };
    },
  }) as ModelDefinition<KnobSpecs>;
}

describe('misuse is an error when the model is built', () => {
  it.each([
    ['an unknown context', (v: Parameters<ModelDefinition['build']>[1]) => new AioContexts(v, [{ name: 'main', home: 'main', bhs: [] }], ['main']).get('iothread0'), "unknown AioContext 'iothread0' (declared: main)"],
    ['a home thread that does not exist', (v: Parameters<ModelDefinition['build']>[1]) => new AioContexts(v, [{ name: 'io', home: 'io', bhs: [] }], ['main']), "home thread 'io' is not one of the threads"],
    ['a BH without a handler', (v: Parameters<ModelDefinition['build']>[1]) => aioPollProc(new AioContexts(v, [{ name: 'main', home: 'main', bhs: ['my_bh'] }], ['main']).get('main'), { bhs: {} }), "bottom half 'my_bh' has no handler"],
    ['a handler for a BH the context does not have', (v: Parameters<ModelDefinition['build']>[1]) => aioPollProc(new AioContexts(v, [{ name: 'main', home: 'main', bhs: [] }], ['main']).get('main'), { bhs: { other_bh: { source: 'x', run: () => {} } } }), "'other_bh' is not a bottom half of main"],
  ])('%s: IL120', (_name, body, message) => {
    expect(() => build(misuse(body as (v: Parameters<ModelDefinition['build']>[1]) => void))).toThrow(expect.objectContaining({ code: 'IL120', message: expect.stringContaining(message) }));
  });
});

describe('a lost wake-up explains itself', () => {
  it.each([
    ['qemu/notify-me-barrier', 'main', "aio_notify(main): lost wake-up — worker's aio_notify() for thread_pool_completion_bh at step 3 read notify_me == 0 before this thread announced itself, so it set no EventNotifier"],
    ['qemu/iothread-stop-race', 'iothread0', "aio_notify(iothread0): lost wake-up — main's aio_notify() at step 4 read notify_me == 0 before this thread announced itself, so it set no EventNotifier"],
  ])('%s (before)', async (name, thread, on) => {
    const m = build(findModel(name)!, 'before');
    const r = await check(m, { continue: true });
    const p = r.properties.find((x) => x.name === 'deadlock')!;
    expect(p.status).toBe('violated');
    expect(explainTrace(m, p).waits).toEqual(expect.arrayContaining([expect.objectContaining({ thread, on })]));
  });

  it('the drain hang is a wait for a notification that nobody owes (no aio_notify was sent)', async () => {
    const m = build(findModel('qemu/aio-wait-kick-barrier')!, 'before');
    const r = await check(m, { continue: true });
    const p = r.properties.find((x) => x.name === 'deadlock')!;
    expect(explainTrace(m, p).waits).toEqual([expect.objectContaining({ thread: 'main', on: 'aio_notify(main)' })]);
  });
});

/**
 * AIO_WAIT_WHILE of the AioContext-lock era (v8.1.0): main holds iothread0's
 * AioContext lock and drains a request that iothread0 completes under that
 * lock. AIO_WAIT_WHILE drops the lock around each aio_poll(main); the
 * UNLOCKED variant keeps it, so the completion blocks in
 * aio_context_acquire() and main sleeps in aio_poll(): a deadlock whose
 * wait-for graph the primitives fill in (edges as the engine reports them).
 */
const drainUnderLock = defineModel({
  name: 'test/aww-lock',
  knobs: { unlocked: boolKnob(false) },
  build: ({ unlocked }, v) => {
    const threads = ['main', 'iothread0'];
    const ctxs = new AioContexts(v, [{ name: 'main', home: 'main', bhs: ['dummy_bh_cb'] }, { name: 'iothread0', home: 'iothread0', bhs: [] }], threads);
    const lock = new AioContextLock(v, ctxs.get('iothread0'), threads);
    const wait = new AioWait(v, ctxs.get('main'));
    const inFlight = v.scalar('in_flight', v.int(0, 1));
    const poll = aioPollProc(ctxs.get('main'), { bhs: { dummy_bh_cb: { source: 'dummy_bh_cb()', run: () => {} } } });
    const drain = aioWaitWhileProc(wait, { name: 'drain', cond: (s) => s.get(inFlight) > 0, condText: 'bs->in_flight > 0', pollProc: () => poll.name, inMain: () => true, caller: 'bdrv_drain()', ...(unlocked ? { unlocked: true } : { lock }) });
    const kit = new ThreadKit(v);
    kit.declare({
      name: 'main',
      entry: 'drain',
      running: true,
      procs: [drain, poll],
      steps: (t) => [
        { at: 'drain', source: 'bdrv_drain() with aio_context_acquire(iothread0) held', run: (s) => t.call(s, drain.name, 'release') },
        { at: 'release', source: 'aio_context_release(iothread0)', run: (s) => { lock.release(s, t); t.finish(s); } },
      ],
    });
    kit.declare({
      name: 'iothread0',
      entry: 'acquire',
      running: true,
      steps: (t) => [
        { at: 'acquire', source: 'aio_context_acquire(iothread0) in the completion', when: (s) => lock.canAcquire(s, t), waitsFor: lock.waitsFor(), next: 'complete', run: (s) => lock.acquire(s, t) },
        { at: 'complete', source: 'bdrv_dec_in_flight(): in_flight--; aio_wait_kick(); aio_context_release()', run: (s) => { s.set(inFlight, 0); wait.kick(s, t); lock.release(s, t); t.finish(s); } },
      ],
    });
    const c = kit.compile();
    return {
      init: (s) => { c.init(s); s.set(inFlight, 1); lock.acquire(s, kit.all[0]!); },
      actions: c.actions,
      terminal: c.terminal,
      explain: c.explain,
      assertions: { aioPollNotHome: 'aio_poll outside home', aioWaitNotMain: 'AIO_WAIT_WHILE not in main', aioContextNotOwner: 'release of a lock not held' },
    };
  },
}) as ModelDefinition<KnobSpecs>;

describe('AIO_WAIT_WHILE and AIO_WAIT_WHILE_UNLOCKED (the AioContext lock)', () => {
  it('AIO_WAIT_WHILE releases ctx\'s lock around aio_poll(main) and takes it again: the drain completes', async () => {
    const r = await check(buildModel(drainUnderLock, resolveKnobs(drainUnderLock, {})), { continue: true });
    for (const p of r.properties) expect([p.name, p.status]).toEqual([p.name, 'holds']);
    expect(r.coverage?.find((c) => c.action === 'main:drain.relock')?.fired).toBeGreaterThan(0);
  });

  it('AIO_WAIT_WHILE_UNLOCKED under the lock deadlocks, and the wait-for graph names the lock main holds and the notification it waits for', async () => {
    const m = buildModel(drainUnderLock, resolveKnobs(drainUnderLock, { set: { unlocked: true } }));
    const r = await check(m, { continue: true });
    const p = r.properties.find((x) => x.name === 'deadlock')!;
    expect(p.status).toBe('violated');
    const t = explainTrace(m, p);
    expect(t.waits!.map((w) => [w.thread, w.on, w.holder])).toEqual([
      ['main', 'aio_notify(main)', undefined],
      ['iothread0', 'aio_context_acquire(iothread0)', 'main'],
    ]);
    expect(t.steps.some((s) => s.frames?.includes('AIO_WAIT_WHILE_UNLOCKED'))).toBe(true);
  });
});

/**
 * qemu_get_current_aio_context() and in_aio_context_home_thread() (v8.1.0):
 * a thread's own context; for a thread without one, the main context while
 * it holds the BQL and NULL otherwise. A vCPU thread checks both before and
 * after taking the BQL; each check is an assertion that would fail if the
 * primitive answered otherwise.
 */
const currentContext = defineModel({
  name: 'test/current-context',
  build: (_k, v) => {
    const threads = ['main', 'iothread0', 'vcpu0'];
    const ctxs = new AioContexts(v, [{ name: 'main', home: 'main', bhs: [] }, { name: 'iothread0', home: 'iothread0', bhs: [] }], threads);
    const bql = v.scalar('bql', v.oneOf('none', ...threads));
    const holdsBql = (s: StateView, t: Thread) => s.get(bql) === t.name;
    const kit = new ThreadKit(v);
    const expectCurrent = (s: StateView, t: Thread, want: string | undefined) => {
      const got = ctxs.current(s, t, 'main', holdsBql)?.name;
      s.assert(got === want, 'current', `${t.name}: qemu_get_current_aio_context() is ${got ?? 'NULL'}, expected ${want ?? 'NULL'}`);
      s.assert(ctxs.inHomeThread(s, t, ctxs.get('main'), 'main', holdsBql) === (want === 'main'), 'home', `${t.name}: in_aio_context_home_thread(main) is wrong`);
    };
    kit.declare({ name: 'main', entry: 'a', running: true, steps: (t) => [{ at: 'a', source: 'main loop', run: (s) => { expectCurrent(s, t, 'main'); t.finish(s); } }] });
    kit.declare({ name: 'iothread0', entry: 'a', running: true, steps: (t) => [{ at: 'a', source: 'iothread_run()', run: (s) => { expectCurrent(s, t, 'iothread0'); t.finish(s); } }] });
    kit.declare({
      name: 'vcpu0',
      entry: 'unlocked',
      running: true,
      steps: (t) => [
        { at: 'unlocked', source: 'kvm_cpu_exec() without the BQL', next: 'lock', run: (s) => expectCurrent(s, t, undefined) },
        { at: 'lock', source: 'bql_lock()', next: 'locked', run: (s) => s.set(bql, t.name) },
        { at: 'locked', source: 'MMIO with the BQL: "Possibly in a vCPU thread."', run: (s) => { expectCurrent(s, t, 'main'); t.finish(s); } },
      ],
    });
    const c = kit.compile();
    return { init: c.init, actions: c.actions, terminal: c.terminal, assertions: { current: 'qemu_get_current_aio_context() as in util/async.c', home: 'in_aio_context_home_thread() as in include/block/aio-wait.h' } };
  },
}) as ModelDefinition<KnobSpecs>;

it('qemu_get_current_aio_context(): the own context, else main under the BQL, else NULL; in_aio_context_home_thread() agrees', async () => {
  const r = await check(buildModel(currentContext, resolveKnobs(currentContext, {})), { continue: true });
  expect(r.properties.map((p) => [p.name, p.status])).toEqual([
    ['current', 'holds'],
    ['home', 'holds'],
    ['deadlock', 'holds'],
  ]);
  expect(r.stats.terminalStates).toBe(1);
});
