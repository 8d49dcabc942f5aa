/**
 * QEMU commit 2362a28ea11c "iothread: fix iothread_stop() race condition"
 * (Paolo Bonzini, 2017-12-19, QEMU v2.12.0; before it v2.11.0). The
 * iothread's loop is `while (!iothread->stopping) aio_poll(ctx, true)`
 * (iothread.c iothread_run()). iothread_stop() set `stopping = true`,
 * called aio_notify(ctx) and then qemu_thread_join(). If the iothread read
 * `stopping` (false) before it was set, but had not yet announced itself in
 * `notify_me`, aio_notify() (util/async.c) set no EventNotifier; the iothread
 * then blocked in aio_poll() forever and the joining thread with it. The fix
 * sets `stopping` from a bottom half run by the iothread itself
 * (iothread_stop_bh, scheduled with aio_bh_schedule_oneshot()): a pending BH
 * is seen by aio_poll()'s check, so the loop condition is re-read after the
 * store. The same race, and the same fix, was later found in the test
 * harness's copy of the loop (tests/iothread.c, 2019).
 *
 * Threads: `main` creates the iothread (qemu_thread_create), stops it and
 * joins it; `iothread0` is a spawn slot whose home context is `iothread0`.
 * Knob `stop`: how iothread_stop() stops the loop: `notify` (store, then
 * aio_notify: v2.11.0), `bh` (the fix), `notify_first` (a plausible wrong
 * fix: aio_notify, then the store).
 */
import { defineModel, enumKnob } from '../../../checker';
import { canJoin, join, joinWaitsFor, ThreadKit, type StepDef, type Thread } from '../../kit';
import { AioContexts, aioPollLoopSteps, aioPollProc } from '../aio';

export default defineModel({
  name: 'qemu/iothread-stop-race',
  description: 'iothread_stop() loses its aio_notify() when the iothread has not announced itself yet (fixed by 2362a28ea11c)',
  knobs: {
    stop: enumKnob(['notify', 'bh', 'notify_first'] as const, 'bh', 'how iothread_stop() ends the loop: store + aio_notify (v2.11.0), a BH that stores (the fix), or aio_notify before the store (a wrong fix)'),
  },
  presets: {
    before: { doc: 'QEMU v2.11.0: stopping = true; aio_notify(ctx); qemu_thread_join()', knobs: { stop: 'notify' } },
    after: { doc: 'QEMU v2.12.0 (2362a28ea11c): aio_bh_schedule_oneshot(ctx, iothread_stop_bh); qemu_thread_join()', knobs: { stop: 'bh' } },
    'notify-first': { doc: 'counterfactual: aio_notify(ctx) before stopping = true', knobs: { stop: 'notify_first' } },
  },
  build: (knobs, v) => {
    const ctxs = new AioContexts(v, [{ name: 'iothread0', home: 'iothread0', bhs: ['iothread_stop_bh'] }], ['main', 'iothread0']);
    const ctx = ctxs.get('iothread0');
    const stopping = v.scalar('stopping', v.bool());
    const kit = new ThreadKit(v);
    const poll = aioPollProc(ctx, { bhs: { iothread_stop_bh: { source: 'iothread.c iothread_stop_bh(): iothread->stopping = true', run: (s) => s.set(stopping, true) } } });
    const io = kit.declare({
      name: 'iothread0',
      frame: 'iothread_run',
      entry: 'loop',
      running: false,
      procs: [poll],
      steps: (t) =>
        aioPollLoopSteps(t, {
          at: 'loop',
          poll,
          until: (s) => s.get(stopping),
          source: 'iothread.c iothread_run(): while (!iothread->stopping) aio_poll(ctx, true)',
          exit: { source: 'iothread.c iothread_run(): stopping, return' },
        }),
    });
    /** iothread_stop() up to the join, per variant. */
    const stopSteps = (t: Thread): StepDef[] => {
      const store = (at: string, next: string, source: string): StepDef => ({ at, source, next, run: (s) => s.set(stopping, true) });
      const notify = (at: string, next: string, source: string): StepDef => ({ at, source, next, run: (s) => ctx.notify(s, t) });
      switch (knobs.stop) {
        case 'notify':
          return [store('stop', 'notify', 'iothread.c iothread_stop(): iothread->stopping = true'), notify('notify', 'join', 'iothread.c iothread_stop(): aio_notify(iothread->ctx)')];
        case 'notify_first':
          return [notify('stop', 'store', 'iothread.c iothread_stop() (wrong fix): aio_notify(iothread->ctx) first'), store('store', 'join', 'iothread.c iothread_stop() (wrong fix): then iothread->stopping = true')];
        case 'bh':
          return [{ at: 'stop', source: 'iothread.c iothread_stop(): aio_bh_schedule_oneshot(ctx, iothread_stop_bh, iothread)', next: 'join', run: (s) => ctx.scheduleBh(s, t, 'iothread_stop_bh') }];
      }
    };
    kit.declare({
      name: 'main',
      frame: 'iothread lifecycle',
      entry: 'create',
      running: true,
      steps: (t) => [
        { at: 'create', source: 'iothread.c iothread_complete(): qemu_thread_create(iothread_run)', next: 'stop', run: (s) => io.spawn(s) },
        ...stopSteps(t),
        {
          at: 'join',
          source: 'iothread.c iothread_stop(): qemu_thread_join(&iothread->thread)',
          when: (s) => canJoin(s, io),
          waitsFor: joinWaitsFor(io),
          run: (s) => {
            join(s, t, io);
            t.finish(s);
          },
        },
      ],
    });
    const c = kit.compile();
    return {
      init: c.init,
      actions: c.actions,
      terminal: c.terminal,
      assertions: {
        aioPollNotHome: 'aio_poll(ctx) runs outside ctx\'s home thread (util/aio-posix.c aio_poll())',
        joinUnstarted: 'qemu_thread_join() of a thread that was never created',
      },
      deadlockDoc: 'main waits in qemu_thread_join() for iothread0, which sleeps in aio_poll(): the aio_notify() of iothread_stop() was lost',
      display: c.display,
      explain: { ...c.explain, summary: (state) => [...ctxs.summary(state), `stopping ${state.get('stopping')}`] },
    };
  },
});
