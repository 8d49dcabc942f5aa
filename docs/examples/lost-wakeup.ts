/**
 * The tutorial's model (docs/tutorial-qemu-bug.md): qemu-img's request loop
 * and a thread-pool worker, the lost aio_notify() wake-up that commit
 * 5710a3e09f9b fixed, written as a user's model file would be:
 * `npx interleave check docs/examples/lost-wakeup.ts --set barrier=false`.
 */
import { boolKnob, defineModel } from 'interleave';
import { ThreadKit } from 'interleave/kit';
import { AioContexts, aioPollLoopSteps, aioPollProc } from 'interleave/qemu';

export default defineModel({
  name: 'examples/lost-wakeup',
  knobs: { barrier: boolKnob(true, 'aio_poll has smp_mb() between its notify_me store and the BH check') },
  build: ({ barrier }, v) => {
    // 1. The contexts: one, `main`, run by thread `main`, with one bottom half.
    const ctxs = new AioContexts(v, [{ name: 'main', home: 'main', bhs: ['thread_pool_completion_bh'] }], ['main', 'worker']);
    const ctx = ctxs.get('main');
    const done = v.scalar('done', v.bool());
    // 2. aio_poll(ctx, true) as a procedure; the BH sets `done`.
    const poll = aioPollProc(ctx, {
      barrier,
      bhs: { thread_pool_completion_bh: { source: 'util/thread-pool.c thread_pool_completion_bh()', run: (s) => s.set(done, true) } },
    });
    // 3. The threads, in QEMU's words: main polls until done, the worker schedules the BH.
    const kit = new ThreadKit(v);
    kit.declare({
      name: 'main',
      entry: 'loop',
      running: true,
      procs: [poll],
      steps: (t) => aioPollLoopSteps(t, { at: 'loop', poll, until: (s) => s.get(done), source: 'block/block-backend.c blk_prw(): aio_poll(ctx, true) until done', exit: { name: 'done', source: 'block/block-backend.c blk_prw(): done' } }),
    });
    kit.declare({
      name: 'worker',
      entry: 'complete',
      running: true,
      steps: (t) => [
        {
          at: 'complete',
          source: 'util/thread-pool.c worker_thread(): qemu_bh_schedule(pool->completion_bh)',
          run: (s) => {
            ctx.scheduleBh(s, t, 'thread_pool_completion_bh');
            t.finish(s);
          },
        },
      ],
    });
    // 4. Hand the compiled threads to the engine.
    const c = kit.compile();
    return {
      init: c.init,
      actions: c.actions,
      terminal: c.terminal,
      assertions: { aioPollNotHome: 'aio_poll(ctx) outside its home thread' },
      display: c.display,
      explain: { ...c.explain, summary: (state) => ctxs.summary(state) },
    };
  },
});
