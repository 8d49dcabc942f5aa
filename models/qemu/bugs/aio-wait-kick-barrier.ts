/**
 * QEMU commit 7455ff1aa015 "aio_wait_kick: add missing memory barrier"
 * (Emanuele Giuseppe Esposito, merged 2022-06-24 for QEMU v7.1.0). A drain
 * in the main thread waits with AIO_WAIT_WHILE(ctx, bs->in_flight > 0) on
 * an iothread's context (include/block/aio-wait.h v7.0.0): outside ctx's
 * home thread it increments global_aio_wait.num_waiters, then evaluates the
 * condition and polls the *main* context. The iothread that completes the
 * last request decrements in_flight (block/io.c bdrv_dec_in_flight()) and
 * calls aio_wait_kick() (util/aio-wait.c), which before the fix read
 * num_waiters with no barrier after that store: the load could be satisfied
 * before the decrement was visible. Then the waiter sees in_flight == 1 and
 * blocks, while the kicker sees num_waiters == 0 and schedules nothing: the
 * main loop sleeps with nothing left to wake it. The fix puts smp_mb()
 * before the read, pairing with the qatomic_inc() of num_waiters.
 *
 * Threads: `main` drains (the waiter); `iothread0` completes the request.
 * Knob `kick_barrier`: aio_wait_kick() orders the in_flight store before the
 * num_waiters load. The hang is a deadlock with the wait-for edge
 * "main waits for aio_notify(main)".
 */
import { boolKnob, defineModel, type StateView } from '../../../checker';
import { ThreadKit, type StepDef } from '../../kit';
import { AioContexts, aioPollProc, AioWait, aioWaitWhileProc } from '../aio';

export default defineModel({
  name: 'qemu/aio-wait-kick-barrier',
  description: 'Drain hang: aio_wait_kick() reads num_waiters before the in_flight decrement is visible (fixed by 7455ff1aa015)',
  knobs: {
    kick_barrier: boolKnob(true, 'aio_wait_kick() has smp_mb() before reading num_waiters (since 7455ff1aa015)'),
  },
  presets: {
    before: { doc: 'QEMU v7.0.0: aio_wait_kick() reads num_waiters without a barrier', knobs: { kick_barrier: false } },
    after: { doc: 'QEMU v7.1.0 (7455ff1aa015): smp_mb() before the read', knobs: { kick_barrier: true } },
  },
  build: (knobs, v) => {
    const threads = ['main', 'iothread0'];
    const ctxs = new AioContexts(
      v,
      [
        { name: 'main', home: 'main', bhs: ['dummy_bh_cb'] },
        { name: 'iothread0', home: 'iothread0', bhs: [] },
      ],
      threads,
    );
    const main = ctxs.get('main');
    const wait = new AioWait(v, main);
    const inFlight = v.scalar('in_flight', v.int(0, 1));
    const kit = new ThreadKit(v);
    const poll = aioPollProc(main, { bhs: { dummy_bh_cb: { source: 'util/aio-wait.c dummy_bh_cb(): nothing, its scheduling was the wake-up', run: () => {} } } });
    const drain = aioWaitWhileProc(wait, {
      name: 'drain',
      cond: (s) => s.get(inFlight) > 0,
      condText: 'bs->in_flight > 0',
      pollProc: () => poll.name,
      inMain: () => true,
      caller: 'block/io.c bdrv_drain_poll_top_level()',
    });
    kit.declare({
      name: 'main',
      frame: 'bdrv_drained_begin',
      entry: 'drain',
      running: true,
      procs: [drain, poll],
      steps: (t) => [
        { at: 'drain', source: 'block/io.c bdrv_do_drained_begin(): BDRV_POLL_WHILE(bs, bdrv_drain_poll_top_level(bs))', run: (s) => t.call(s, drain.name, 'drained') },
        { at: 'drained', source: 'block/io.c bdrv_do_drained_begin(): the node is quiescent', run: (s) => t.finish(s) },
      ],
    });
    kit.declare({
      name: 'iothread0',
      frame: 'bdrv_dec_in_flight',
      entry: 'complete',
      running: true,
      steps: (t) => {
        const steps: StepDef[] = [
          {
            at: 'complete',
            source: 'block/io.c bdrv_dec_in_flight(): qatomic_dec(&bs->in_flight); aio_wait_kick(): smp_mb(); if (num_waiters) schedule dummy_bh_cb',
            run: (s: StateView) => {
              s.set(inFlight, s.get(inFlight) - 1);
              wait.kick(s, t);
              t.finish(s);
            },
          },
        ];
        if (!knobs.kick_barrier) {
          steps.push({
            at: 'complete',
            name: 'kick_early',
            source: 'util/aio-wait.c aio_wait_kick(): num_waiters read as 0 before the in_flight decrement is visible (no barrier)',
            when: (s) => s.get(wait.numWaiters) === 0,
            next: 'dec_late',
          });
          steps.push({
            at: 'dec_late',
            source: 'block/io.c bdrv_dec_in_flight(): the in_flight decrement becomes visible; no kick was scheduled',
            run: (s) => {
              s.set(inFlight, s.get(inFlight) - 1);
              t.finish(s);
            },
          });
        }
        return steps;
      },
    });
    const c = kit.compile();
    return {
      init: (s) => {
        c.init(s);
        s.set(inFlight, 1);
      },
      actions: c.actions,
      terminal: c.terminal,
      assertions: {
        aioPollNotHome: 'aio_poll(ctx) runs outside ctx\'s home thread (util/aio-posix.c aio_poll())',
        aioWaitNotMain: 'AIO_WAIT_WHILE outside ctx\'s home thread in a thread whose current context is not the main one',
      },
      deadlockDoc: 'main sleeps in aio_poll(main) inside the drain while the iothread\'s aio_wait_kick() saw no waiter',
      display: c.display,
      explain: { ...c.explain, summary: (state) => [...ctxs.summary(state), `in_flight ${state.get('in_flight')}, num_waiters ${state.get('num_waiters')}`] },
    };
  },
});
