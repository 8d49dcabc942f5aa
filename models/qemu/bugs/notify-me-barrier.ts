/**
 * QEMU commit 5710a3e09f9b "async: use explicit memory barriers" (2020-04-09,
 * QEMU v5.0.0): qemu-img and qemu-io hung on aarch64 hosts (Launchpad bug
 * 1805256). Before it, aio_poll() (util/aio-posix.c, v4.2.0) announced a
 * blocking poll with `atomic_add(&ctx->notify_me, 2)` and then read the
 * pending bottom halves in aio_compute_timeout(); on aarch64 that atomic
 * add orders nothing against the later loads, so the store could become
 * visible only after the check. A worker thread completing a request then
 * scheduled the completion BH and, in aio_notify() (util/async.c), read
 * notify_me == 0 and set no EventNotifier: the main thread blocked in
 * ppoll() forever with the BH pending. The fix writes notify_me and puts an
 * explicit smp_mb() before the check (and pairs it with the one in
 * aio_notify()).
 *
 * Threads: `main` runs `while (!done) aio_poll(ctx, true)` (the qemu-img
 * request loop); `worker` is a thread-pool worker whose request completes and
 * schedules `thread_pool_completion_bh` on the main context
 * (util/thread-pool.c worker_thread()). Knob `barrier`: whether the poller's
 * notify_me store is ordered before its BH check (false: the CPU may reorder).
 * The hang is a deadlock: `main` blocked on a notification, `worker` done.
 */
import { boolKnob, defineModel } from '../../../checker';
import { ThreadKit } from '../../kit';
import { AioContexts, aioPollLoopSteps, aioPollProc } from '../aio';

export default defineModel({
  name: 'qemu/notify-me-barrier',
  description: 'Lost aio_notify() wake-up: aio_poll without a barrier between notify_me and the BH check (fixed by 5710a3e09f9b)',
  knobs: {
    barrier: boolKnob(true, 'aio_poll orders its notify_me store before reading the pending BHs (smp_mb(), since 5710a3e09f9b)'),
  },
  presets: {
    before: { doc: 'QEMU v4.2.0 on aarch64: atomic_add(&ctx->notify_me, 2) is no barrier for the BH check', knobs: { barrier: false } },
    after: { doc: 'QEMU v5.0.0 (5710a3e09f9b): notify_me store, smp_mb(), then the BH check', knobs: { barrier: true } },
  },
  build: (knobs, v) => {
    const ctxs = new AioContexts(v, [{ name: 'main', home: 'main', bhs: ['thread_pool_completion_bh'] }], ['main', 'worker']);
    const ctx = ctxs.get('main');
    const done = v.scalar('done', v.bool());
    const kit = new ThreadKit(v);
    const poll = aioPollProc(ctx, {
      barrier: knobs.barrier,
      bhs: { thread_pool_completion_bh: { source: 'util/thread-pool.c thread_pool_completion_bh(): the request callback sets done', run: (s) => s.set(done, true) } },
    });
    kit.declare({
      name: 'main',
      frame: 'qemu-img main loop',
      entry: 'loop',
      running: true,
      procs: [poll],
      steps: (t) =>
        aioPollLoopSteps(t, {
          at: 'loop',
          poll,
          until: (s) => s.get(done),
          source: 'block/block-backend.c blk_prw(): BDRV_POLL_WHILE(bs, rwco.ret == NOT_DONE), i.e. aio_poll(ctx, true) until done',
          exit: { name: 'done', source: 'block/block-backend.c blk_prw(): the request is done, the loop ends' },
        }),
    });
    kit.declare({
      name: 'worker',
      frame: 'worker_thread',
      entry: 'complete',
      running: true,
      steps: (t) => [
        {
          at: 'complete',
          source: 'util/thread-pool.c worker_thread(): req->state = THREAD_DONE; qemu_bh_schedule(pool->completion_bh)',
          run: (s) => {
            ctx.scheduleBh(s, t, 'thread_pool_completion_bh');
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
      assertions: { aioPollNotHome: 'aio_poll(ctx) runs outside ctx\'s home thread (util/aio-posix.c aio_poll())' },
      deadlockDoc: 'main blocks in ppoll() on the main context while the completion BH is pending: the worker\'s aio_notify() was lost',
      display: c.display,
      explain: { ...c.explain, summary: (state) => [...ctxs.summary(state), `done ${state.get('done')}`] },
    };
  },
});
