/**
 * Coroutines (models/qemu/coroutine.ts): entering, yielding, the re-entry
 * assertion, aio_co_schedule through the context's co_schedule_bh_cb, and a
 * CoMutex handed from one coroutine to another. The counts are engine
 * results of the small models below (run by these tests).
 */
import { boolKnob, buildModel, check, defineModel, enumKnob, explainTrace, resolveKnobs, type KnobSpecs, type ModelDefinition, type StateView } from '../../checker';
import { ThreadKit, type Thread } from '../kit';
import { AioContexts, aioPollLoopSteps, aioPollProc } from './aio';
import { CoMutex, CoQueue, Coroutine, coScheduleBh, coWakeSteps } from './coroutine';

function run(def: ModelDefinition<KnobSpecs>, set: Record<string, unknown> = {}) {
  return check(buildModel(def, resolveKnobs(def, { set })), { continue: true });
}

/**
 * The linux-aio pattern: a request coroutine whose completion may be
 * processed while it is still submitting (block/linux-aio.c
 * qemu_laio_process_completion(): "Coroutines cannot be entered recursively
 * so avoid doing that!"). With check_entered=false the completion enters the
 * running coroutine.
 */
const inlineCompletion = defineModel({
  name: 'test/co-inline-completion',
  knobs: { check_entered: boolKnob(true) },
  build: ({ check_entered }, v) => {
    const kit = new ThreadKit(v);
    const ctxs = new AioContexts(v, [{ name: 'io', home: 'io', bhs: [] }], ['io']);
    const done = v.scalar('done', v.bool());
    let io!: ReturnType<ThreadKit['declare']>;
    const co = new Coroutine(kit, v, {
      name: 'req',
      entry: 'submit',
      ctx: ctxs.get('io'),
      enterers: ['io'],
      steps: (c, t) => [
        {
          at: 'submit',
          name: 'completes_inline',
          source: 'block/linux-aio.c ioq_submit(): completion processed during submission',
          run: (s) => {
            s.set(done, true);
            if (!check_entered || !c.entered(s)) c.enter(s, io);
            t.goto(s, 'after');
          },
        },
        { at: 'submit', name: 'submitted', source: 'block/linux-aio.c laio_co_submit(): qemu_coroutine_yield()', next: 'after', run: (s) => c.yield(s) },
        { at: 'after', source: 'block/linux-aio.c laio_co_submit(): return laiocb.ret', run: (s) => c.terminate(s) },
      ],
    });
    io = kit.declare({
      name: 'io',
      entry: 'start',
      running: true,
      steps: (t) => [
        { at: 'start', source: 'blk_co_preadv(): enter the request coroutine', next: 'wait', run: (s) => co.enter(s, t) },
        { at: 'wait', source: 'the coroutine yielded or returned', when: (s) => co.returnedTo(s, t), waitsFor: co.enterWaitsFor(t), next: 'complete' },
        { at: 'complete', name: 'wake', source: 'block/linux-aio.c qemu_laio_process_completion(): aio_co_wake()', when: (s) => !co.isDone(s), next: 'wait', run: (s) => { s.set(done, true); co.enter(s, t); } },
        { at: 'complete', name: 'end', source: 'request done', when: (s) => co.isDone(s), run: (s) => t.finish(s) },
      ],
    });
    const c = kit.compile();
    return { init: c.init, actions: c.actions, terminal: c.terminal, explain: c.explain, assertions: { coReentered: 'Co-routine re-entered recursively', coYieldNoCaller: 'yield to no one' } };
  },
});

/** Two coroutines and a CoMutex: A takes it and yields; B queues; A unlocks and hands it to B through aio_co_schedule. */
const coMutex = defineModel({
  name: 'test/co-mutex',
  build: (_k, v) => {
    const kit = new ThreadKit(v);
    const ctxs = new AioContexts(v, [{ name: 'main', home: 'main', bhs: ['co_schedule_bh_cb'] }], ['main']);
    const ctx = ctxs.get('main');
    const lock = new CoMutex(v, 'lock', ['coA', 'coB']);
    const mk = (name: string) =>
      new Coroutine(kit, v, {
        name,
        entry: 'lock',
        ctx,
        enterers: ['main'],
        steps: (c) => [
          ...lock.lockSteps(c, 'lock', 'io', 'block/qcow2.c qcow2_co_pwritev()'),
          { at: 'io', source: 'wait for the I/O: qemu_coroutine_yield(), resuming at unlock', next: 'unlock', run: (s) => c.yield(s) },
          { at: 'unlock', source: 'qemu_co_mutex_unlock()', run: (s) => { lock.unlock(s, c, kit.all.find((x) => x.name === 'main')!); c.terminate(s); } },
        ],
      });
    const cos = [mk('coA'), mk('coB')];
    lock.bind(cos);
    const bh = coScheduleBh(ctx, cos);
    const poll = aioPollProc(ctx, { bhs: { co_schedule_bh_cb: bh.handler } });
    const [a, b] = cos as [Coroutine, Coroutine];
    kit.declare({
      name: 'main',
      entry: 'enterA',
      running: true,
      procs: [poll, bh.proc],
      steps: (t) => [
        { at: 'enterA', source: 'enter coA', next: 'waitA', run: (s) => a.enter(s, t) },
        { at: 'waitA', source: 'coA yielded', when: (s) => a.returnedTo(s, t), next: 'enterB' },
        { at: 'enterB', source: 'enter coB', next: 'waitB', run: (s) => b.enter(s, t) },
        { at: 'waitB', source: 'coB yielded', when: (s) => b.returnedTo(s, t), next: 'completeA' },
        { at: 'completeA', source: 'I/O of coA completes: enter it', next: 'waitA2', run: (s) => a.enter(s, t) },
        { at: 'waitA2', source: 'coA returned', when: (s) => a.returnedTo(s, t), next: 'loop' },
        { at: 'loop', name: 'poll', source: 'aio_poll(main, true) until coB completes its I/O', when: (s) => !b.thread.isAt(s, 'unlock') && !b.isDone(s), run: (s) => t.call(s, poll.name, 'loop') },
        { at: 'loop', name: 'completeB', source: 'I/O of coB completes: enter it', when: (s) => b.thread.isAt(s, 'unlock') && !b.isRunning(s), next: 'waitB2', run: (s) => b.enter(s, t) },
        { at: 'waitB2', source: 'coB returned', when: (s) => b.returnedTo(s, t), run: (s) => t.finish(s) },
      ],
    });
    const c = kit.compile();
    return { init: c.init, actions: c.actions, terminal: c.terminal, explain: c.explain, assertions: { coReentered: 're-entered', coYieldNoCaller: 'yield to no one', coAlreadyScheduled: 'already scheduled', coMutexRecursive: 'recursive CoMutex lock', coMutexNotOwner: 'CoMutex unlock by non-owner', aioPollNotHome: 'aio_poll outside home' } };
  },
});

describe('coroutines', () => {
  it('re-entering a running coroutine is the named assertion coReentered, with the QEMU message', async () => {
    const r = await run(inlineCompletion as ModelDefinition<KnobSpecs>, { check_entered: false });
    const p = r.properties.find((x) => x.name === 'coReentered')!;
    expect(p.status).toBe('violated');
    const last = p.counterexample!.steps[p.counterexample!.steps.length - 1]!;
    expect(last.action).toBe('req:completes_inline');
    expect(JSON.stringify(last)).toContain('Co-routine re-entered recursively');
    expect(p.counterexample!.length).toBe(2);
  });

  it('checking qemu_coroutine_entered() first, as linux-aio does, never re-enters and never deadlocks', async () => {
    const r = await run(inlineCompletion as ModelDefinition<KnobSpecs>);
    for (const p of r.properties) expect([p.name, p.status]).toEqual([p.name, 'holds']);
    expect(r.stats.terminalStates).toBe(1);
  });

  it('a CoMutex queues the second coroutine and hands the lock over through aio_co_schedule and co_schedule_bh_cb', async () => {
    const r = await run(coMutex as ModelDefinition<KnobSpecs>);
    for (const p of r.properties) expect([p.name, p.status]).toEqual([p.name, 'holds']);
    expect(r.stats.terminalStates).toBe(1);
    const fired = new Set(r.coverage?.map((c: { action: string; fired: number }) => (c.fired > 0 ? c.action : '')) ?? []);
    expect(fired.has('main:co_schedule_bh_cb_main.enter_coB')).toBe(true);
    expect(fired.has('coB:lock.handed')).toBe(true);
  });
});

/** qemu_coroutine_yield() called by a thread that is not running the coroutine: the assertion coYieldNoCaller. */
const yieldOutside = defineModel({
  name: 'test/co-yield-outside',
  build: (_k, v) => {
    const kit = new ThreadKit(v);
    const ctxs = new AioContexts(v, [{ name: 'main', home: 'main', bhs: [] }], ['main']);
    const co = new Coroutine(kit, v, { name: 'co', entry: 'run', ctx: ctxs.get('main'), enterers: ['main'], steps: (c) => [{ at: 'run', source: 'co', run: (s) => c.terminate(s) }] });
    kit.declare({ name: 'main', entry: 'y', running: true, steps: (t) => [{ at: 'y', source: 'qemu_coroutine_yield() outside the coroutine', run: (s) => { co.yield(s); t.finish(s); } }] });
    const c = kit.compile();
    return { init: c.init, actions: c.actions, terminal: c.terminal, assertions: { coYieldNoCaller: 'yield to no one', coReentered: 're-entered' } };
  },
});

it('yielding outside a running coroutine is the named assertion coYieldNoCaller', async () => {
  const r = await run(yieldOutside as ModelDefinition<KnobSpecs>);
  const p = r.properties.find((x) => x.name === 'coYieldNoCaller')!;
  expect(p.status).toBe('violated');
  expect(JSON.stringify(p.counterexample!.steps.at(-1))).toContain('Co-routine is yielding to no one');
});

/**
 * A CoQueue between a consumer coroutine and a producer. `worker`: the
 * producer is a thread outside the context, setting `ready` and calling
 * qemu_co_queue_next() with no lock shared with the consumer: when it runs
 * between the consumer's test of `ready` and its wait, the queue is empty,
 * the wake-up is lost, and the consumer waits for ever (a deadlock whose
 * wait-for graph names the CoQueue). `coroutines`: the producer is a
 * coroutine and both hold a CoMutex around the test and the wake, which
 * qemu_co_queue_wait() releases while waiting: no lost wake-up.
 */
const coQueue = defineModel({
  name: 'test/co-queue',
  knobs: { producer: enumKnob(['worker', 'coroutines'] as const, 'coroutines') },
  build: ({ producer }, v) => {
    const kit = new ThreadKit(v);
    const threads = ['main', 'worker'];
    const ctx = new AioContexts(v, [{ name: 'main', home: 'main', bhs: ['co_schedule_bh_cb'] }], threads).get('main');
    const ready = v.scalar('ready', v.bool());
    const names = producer === 'worker' ? ['consumer'] : ['consumer', 'producer'];
    const q = new CoQueue(v, 'queue', ['consumer']);
    const m = new CoMutex(v, 'lock', names);
    let main!: Thread;
    const consumer = new Coroutine(kit, v, {
      name: 'consumer',
      entry: producer === 'worker' ? 'check' : 'lock',
      ctx,
      enterers: ['main'],
      steps: (c) => [
        ...(producer === 'worker' ? [] : m.lockSteps(c, 'lock', 'check', 'consumer: qemu_co_mutex_lock()')),
        { at: 'check', name: 'not_ready', source: 'while (!ready)', when: (s) => !s.get(ready), next: 'wait' },
        { at: 'check', name: 'ready', source: 'ready', when: (s) => s.get(ready), next: 'end' },
        ...q.waitSteps(c, 'wait', 'check', 'consumer', producer === 'worker' ? undefined : { mutex: m, by: kit.all.find((x) => x.name === 'main')! }),
        { at: 'end', source: 'consumer returns', run: (s) => { if (producer !== 'worker') m.unlock(s, c, main); c.terminate(s); } },
      ],
    });
    const cos = [consumer];
    if (producer === 'coroutines') {
      cos.push(
        new Coroutine(kit, v, {
          name: 'producer',
          entry: 'lock',
          ctx,
          enterers: ['main'],
          steps: (c) => [
            ...m.lockSteps(c, 'lock', 'wake', 'producer: qemu_co_mutex_lock()'),
            { at: 'wake', source: 'ready = true; qemu_co_queue_next(); qemu_co_mutex_unlock()', run: (s) => { s.set(ready, true); q.next(s, main); m.unlock(s, c, main); c.terminate(s); } },
          ],
        }),
      );
    }
    q.bind([consumer]);
    m.bind(cos);
    const bh = coScheduleBh(ctx, cos);
    const poll = aioPollProc(ctx, { bhs: { co_schedule_bh_cb: bh.handler } });
    main = kit.declare({
      name: 'main',
      entry: 'start',
      running: true,
      procs: [poll, bh.proc],
      steps: (t) => [
        { at: 'start', source: 'enter the consumer', next: 'started', run: (s) => consumer.enter(s, t) },
        { at: 'started', source: 'the consumer yielded', when: (s) => consumer.returnedTo(s, t), waitsFor: consumer.enterWaitsFor(t), next: producer === 'worker' ? 'loop' : 'produce' },
        ...(producer === 'coroutines'
          ? [
              { at: 'produce', source: 'enter the producer', next: 'produced', run: (s: StateView) => cos[1]!.enter(s, t) },
              { at: 'produced', source: 'the producer returned', when: (s: StateView) => cos[1]!.returnedTo(s, t), next: 'loop' },
            ]
          : []),
        { at: 'loop', name: 'poll', source: 'while (!done) aio_poll(main, true)', when: (s) => !consumer.isDone(s), run: (s) => t.call(s, poll.name, 'loop') },
        { at: 'loop', name: 'done', source: 'the consumer finished', when: (s) => consumer.isDone(s), run: (s) => t.finish(s) },
      ],
    });
    if (producer === 'worker') {
      kit.declare({ name: 'worker', entry: 'wake', running: true, steps: (t) => [{ at: 'wake', source: 'ready = true; qemu_co_queue_next(), no lock', run: (s) => { s.set(ready, true); q.next(s, t); t.finish(s); } }] });
    }
    const c = kit.compile();
    return { init: c.init, actions: c.actions, terminal: c.terminal, explain: c.explain, assertions: { coReentered: 're-entered', coEnterScheduled: 'entered while scheduled', coYieldNoCaller: 'yield to no one', coAlreadyScheduled: 'already scheduled', coMutexRecursive: 'recursive CoMutex lock', coMutexNotOwner: 'CoMutex unlock by non-owner', aioPollNotHome: 'aio_poll outside home' } };
  },
}) as ModelDefinition<KnobSpecs>;

describe('CoQueue', () => {
  it('waiting under a CoMutex that qemu_co_queue_wait() releases: the wake-up is never lost', async () => {
    const r = await run(coQueue);
    for (const p of r.properties) expect([p.name, p.status]).toEqual([p.name, 'holds']);
    expect(r.coverage?.find((c) => c.action === 'consumer:wait.woken')?.fired).toBeGreaterThan(0);
  });

  it('a producer thread with no shared lock: the wake-up is lost and the consumer waits on the CoQueue for ever', async () => {
    const m = buildModel(coQueue, resolveKnobs(coQueue, { set: { producer: 'worker' } }));
    const r = await check(m, { continue: true });
    const p = r.properties.find((x) => x.name === 'deadlock')!;
    expect(p.status).toBe('violated');
    expect(explainTrace(m, p).waits!.map((w) => [w.thread, w.on])).toEqual([
      ['consumer', 'queue (qemu_co_queue_wait)'],
      ['main', 'aio_notify(main)'],
    ]);
  });
});

/**
 * aio_co_wake() (coWakeSteps): in the coroutine's home thread it enters the
 * coroutine at once; from another thread it goes through aio_co_schedule()
 * and the home thread's co_schedule_bh_cb. Which path ran is read from the
 * actions that fired (engine coverage).
 */
const coWake = defineModel({
  name: 'test/co-wake',
  knobs: { waker: enumKnob(['iothread0', 'main'] as const, 'iothread0') },
  build: ({ waker }, v) => {
    const kit = new ThreadKit(v);
    const ctx = new AioContexts(v, [{ name: 'iothread0', home: 'iothread0', bhs: ['co_schedule_bh_cb'] }], ['main', 'iothread0']).get('iothread0');
    const req = new Coroutine(kit, v, {
      name: 'req',
      entry: 'submit',
      ctx,
      enterers: ['iothread0'],
      steps: (c) => [
        { at: 'submit', source: 'submit, then qemu_coroutine_yield()', next: 'complete', run: (s) => c.yield(s) },
        { at: 'complete', source: 'the request returns', run: (s) => c.terminate(s) },
      ],
    });
    const bh = coScheduleBh(ctx, [req]);
    const poll = aioPollProc(ctx, { bhs: { co_schedule_bh_cb: bh.handler } });
    const yielded = (s: StateView) => req.thread.isAt(s, 'complete') && !req.isRunning(s);
    kit.declare({
      name: 'iothread0',
      entry: 'start',
      running: true,
      procs: [poll, bh.proc],
      steps: (t) => [
        { at: 'start', source: 'enter req', next: 'started', run: (s) => req.enter(s, t) },
        { at: 'started', source: 'req yielded', when: (s) => req.returnedTo(s, t), next: waker === 'iothread0' ? 'wake' : 'loop' },
        ...(waker === 'iothread0' ? coWakeSteps(req, t, 'wake', 'loop', 'the completion in the home thread') : []),
        ...aioPollLoopSteps(t, { at: 'loop', poll, until: (s) => req.isDone(s), source: 'iothread_run(): aio_poll(ctx, true)', exit: { source: 'req is done' } }),
      ],
    });
    kit.declare({
      name: 'main',
      entry: 'wake',
      running: true,
      steps: (t) => (waker === 'main' ? coWakeSteps(req, t, 'wake', 'end', 'the completion in the main thread').map((st) => (st.at === 'wake' ? { ...st, when: yielded } : st)) : [{ at: 'wake', source: 'nothing to do', next: 'end' }]).concat([{ at: 'end', source: 'main ends', run: (s) => t.finish(s) }]),
    });
    const c = kit.compile();
    return { init: c.init, actions: c.actions, terminal: c.terminal, assertions: { coReentered: 're-entered', coEnterScheduled: 'entered while scheduled', coYieldNoCaller: 'yield to no one', coAlreadyScheduled: 'already scheduled', aioPollNotHome: 'aio_poll outside home' } };
  },
}) as ModelDefinition<KnobSpecs>;

describe('aio_co_wake', () => {
  it.each([
    ['iothread0', 'iothread0:wake.entered', 'iothread0:co_schedule_bh_cb_iothread0.enter_req'],
    ['main', 'iothread0:co_schedule_bh_cb_iothread0.enter_req', 'iothread0:wake.entered'],
  ])('from %s: enters through %s, never through %s', async (waker, fired, never) => {
    const r = await run(coWake, { waker });
    for (const p of r.properties) expect([p.name, p.status]).toEqual([p.name, 'holds']);
    const count = (action: string) => r.coverage?.find((c: { action: string; fired: number }) => c.action === action)?.fired ?? 0;
    expect(count(fired)).toBeGreaterThan(0);
    expect(count(never)).toBe(0);
  });
});

/**
 * qemu_co_queue_restart_all() against qemu_co_queue_next() with two
 * coroutines waiting on one CoQueue: `all` wakes both, `next` wakes the
 * first one queued and leaves the other waiting (a deadlock whose edge names
 * the queue). The producer runs after both consumers have queued.
 */
const coQueueAll = defineModel({
  name: 'test/co-queue-restart-all',
  knobs: { all: boolKnob(true) },
  build: ({ all }, v) => {
    const kit = new ThreadKit(v);
    const ctx = new AioContexts(v, [{ name: 'main', home: 'main', bhs: ['co_schedule_bh_cb'] }], ['main']).get('main');
    const q = new CoQueue(v, 'queue', ['c1', 'c2']);
    const mk = (name: string) =>
      new Coroutine(kit, v, {
        name,
        entry: 'wait',
        ctx,
        enterers: ['main'],
        steps: (c) => [...q.waitSteps(c, 'wait', 'end', name), { at: 'end', source: `${name} returns`, run: (s) => c.terminate(s) }],
      });
    const cos = [mk('c1'), mk('c2')];
    q.bind(cos);
    const bh = coScheduleBh(ctx, cos);
    const poll = aioPollProc(ctx, { bhs: { co_schedule_bh_cb: bh.handler } });
    const [c1, c2] = cos as [Coroutine, Coroutine];
    kit.declare({
      name: 'main',
      entry: 'e1',
      running: true,
      procs: [poll, bh.proc],
      steps: (t) => [
        { at: 'e1', source: 'enter c1', next: 'w1', run: (s) => c1.enter(s, t) },
        { at: 'w1', source: 'c1 queued', when: (s) => c1.returnedTo(s, t), next: 'e2' },
        { at: 'e2', source: 'enter c2', next: 'w2', run: (s) => c2.enter(s, t) },
        { at: 'w2', source: 'c2 queued', when: (s) => c2.returnedTo(s, t), next: 'wake' },
        { at: 'wake', source: all ? 'qemu_co_queue_restart_all()' : 'qemu_co_queue_next()', next: 'loop', run: (s) => { if (all) q.restartAll(s, t); else q.next(s, t); } },
        ...aioPollLoopSteps(t, { at: 'loop', poll, until: (s) => c1.isDone(s) && c2.isDone(s), source: 'aio_poll(main, true) until both are done', exit: { source: 'both done' } }),
      ],
    });
    const c = kit.compile();
    return { init: c.init, actions: c.actions, terminal: c.terminal, explain: c.explain, assertions: { coReentered: 're-entered', coEnterScheduled: 'entered while scheduled', coYieldNoCaller: 'yield to no one', coAlreadyScheduled: 'already scheduled', aioPollNotHome: 'aio_poll outside home' } };
  },
}) as ModelDefinition<KnobSpecs>;

describe('qemu_co_queue_restart_all and qemu_co_queue_next', () => {
  it('restart_all wakes both waiters', async () => {
    const r = await run(coQueueAll);
    for (const p of r.properties) expect([p.name, p.status]).toEqual([p.name, 'holds']);
    expect(r.stats.terminalStates).toBe(1);
  });

  it('next wakes the first queued (FIFO): c2 is left waiting on the queue', async () => {
    const m = buildModel(coQueueAll, resolveKnobs(coQueueAll, { set: { all: false } }));
    const r = await check(m, { continue: true });
    const p = r.properties.find((x) => x.name === 'deadlock')!;
    expect(p.status).toBe('violated');
    expect(explainTrace(m, p).waits!.map((w) => [w.thread, w.on])).toEqual([
      ['c2', 'queue (qemu_co_queue_wait)'],
      ['main', 'aio_notify(main)'],
    ]);
  });
});
