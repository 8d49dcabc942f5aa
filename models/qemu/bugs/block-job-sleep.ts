/**
 * A block job coroutine entered twice: QEMU commit 4afeffc857 "blockjob: do
 * not allow coroutine double entry or entry-after-completion" (Jeff Cody,
 * 2017-11-21, QEMU 2.11 cycle) and the commit that reworked it, "blockjob:
 * reimplement block_job_sleep_ns to allow cancellation" (Paolo Bonzini, the
 * parent of f1a7ff770f7d). A block job's coroutine runs in its node's
 * AioContext (here an iothread's) and sleeps between chunks with
 * block_job_sleep_ns(): `job->busy = false`, then co_aio_sleep_ns() arms a
 * timer on that context whose callback co_sleep_cb() wakes the coroutine
 * with aio_co_wake(). Cancelling the job from the main thread calls
 * block_job_enter(), which enters the coroutine if it is not busy: from the
 * main thread, an aio_co_schedule() onto the iothread. Both wakers can fire:
 * the cancel schedules the coroutine and, before the iothread runs
 * co_schedule_bh_cb, the timer enters it directly: "Co-routine was already
 * scheduled in 'aio_co_schedule'"; without that check, the scheduled entry
 * later reaches a coroutine that has terminated (the "entry-after-completion"
 * of the title).
 *
 * 4afeffc857 stopped a cancel from waking a sleeping job (the timer alone
 * wakes it). The rework calls that "the symptom of a bug rather than the root
 * cause" and reverts it: the sleep timer calls block_job_enter() itself, and
 * block_job_enter() tests `busy`, deletes the timer and sets `busy` under
 * block_job_mutex before aio_co_wake(), so exactly one waker enters.
 *
 * Threads: `main` cancels the job (block_job_cancel_sync) and, after the
 * rework, runs the sleep timer (it lives on the main context); `iothread0`
 * starts the job coroutine, polls its context (co_schedule_bh_cb) and, before
 * the rework, runs the sleep timer; coroutine `job` is the job's loop
 * (stream_run() style: sleep, then stop if cancelled). Knob `enter`:
 * `direct` (before: two independent wakers), `not_sleeping` (4afeffc857: a
 * cancel does not wake a sleeping job), `locked` (the rework), `unlocked` (a
 * plausible wrong fix: the timer goes through block_job_enter() as in the
 * rework, but testing `busy` and setting it are not one critical section).
 */
import { defineModel, enumKnob, type StateView } from '../../../checker';
import { ThreadKit, type StepDef, type Thread } from '../../kit';
import { AioContexts, aioPollProc } from '../aio';
import { Coroutine, coScheduleBh } from '../coroutine';

export default defineModel({
  name: 'qemu/block-job-sleep',
  description: 'A cancelled block job is entered twice: by aio_co_schedule() from the cancel and by its sleep timer (fixed by 4afeffc857, reworked in the parent of f1a7ff770f7d)',
  knobs: {
    enter: enumKnob(['direct', 'not_sleeping', 'locked', 'unlocked'] as const, 'locked', 'how the sleep timer and block_job_enter() wake the job: independently (before), the timer only (4afeffc857), through block_job_enter() under block_job_mutex (the rework), or through block_job_enter() without the mutex (a wrong fix)'),
  },
  presets: {
    before: { doc: 'before 4afeffc857: the co_aio_sleep_ns() timer and block_job_enter() both wake the coroutine', knobs: { enter: 'direct' } },
    after: { doc: '4afeffc857: block_job_enter() does not wake a sleeping job; only its timer does', knobs: { enter: 'not_sleeping' } },
    rework: { doc: 'the parent of f1a7ff770f7d: the sleep timer calls block_job_enter(), which tests and sets job->busy under block_job_mutex', knobs: { enter: 'locked' } },
    unlocked: { doc: 'counterfactual: the rework without block_job_mutex (test busy, then set it, in two steps)', knobs: { enter: 'unlocked' } },
  },
  build: (knobs, v) => {
    const variant = knobs.enter;
    const ctxs = new AioContexts(v, [{ name: 'iothread0', home: 'iothread0', bhs: ['co_schedule_bh_cb'] }], ['main', 'iothread0']);
    const ctx = ctxs.get('iothread0');
    const busy = v.scalar('busy', v.bool());
    const cancelled = v.scalar('cancelled', v.bool());
    /** The sleep timer is armed (timer_mod) and has neither fired nor been deleted. */
    const timer = v.scalar('sleep_timer', v.bool());
    const kit = new ThreadKit(v);
    /** Where the sleep timer fires: the job's context before the fix and in the wrong fix, the main context after it. */
    const timerThread = variant === 'locked' ? 'main' : 'iothread0';
    /** Before the rework: co_aio_sleep_ns() and its timer callback co_sleep_cb(). */
    const old = variant === 'direct' || variant === 'not_sleeping';

    const job = new Coroutine(kit, v, {
      name: 'job',
      frame: 'stream_run',
      entry: 'run',
      ctx,
      enterers: ['iothread0'],
      steps: (c): StepDef[] => [
        {
          at: 'run',
          name: 'sleep',
          source:
            old
              ? 'blockjob.c block_job_sleep_ns(): job->busy = false; co_aio_sleep_ns(): timer_mod(); qemu_coroutine_yield()'
              : 'blockjob.c block_job_do_yield(): block_job_lock(); timer_mod(&job->sleep_timer); job->busy = false; block_job_unlock(); qemu_coroutine_yield()',
          when: (s) => !s.get(cancelled),
          next: 'woken',
          run: (s) => {
            s.set(busy, false);
            s.set(timer, true);
            c.yield(s);
          },
        },
        { at: 'run', name: 'cancelled', source: 'block/stream.c stream_run(): block_job_is_cancelled(), the job returns', when: (s) => s.get(cancelled), run: (s) => c.terminate(s) },
        old
          ? {
              at: 'woken',
              source: 'util/qemu-coroutine-sleep.c co_aio_sleep_ns(): timer_del(); blockjob.c block_job_sleep_ns(): job->busy = true',
              next: 'run',
              run: (s) => {
                s.set(timer, false);
                s.set(busy, true);
              },
            }
          : { at: 'woken', source: 'blockjob.c block_job_do_yield(): assert(job->busy), set by block_job_enter()', next: 'run', run: (s) => s.assert(s.get(busy), 'jobNotBusy', 'the job coroutine resumes with job->busy == false: it was entered by a waker that did not claim it (blockjob.c block_job_do_yield(): assert(job->busy))') },
      ],
    });

    const bh = coScheduleBh(ctx, [job]);
    const poll = aioPollProc(ctx, { blocking: false, bhs: { co_schedule_bh_cb: bh.handler } });

    /** aio_co_wake(job) by t: a direct entry in the iothread (t then waits for the job to yield), aio_co_schedule() from elsewhere. */
    const wake = (s: StateView, t: Thread): void => {
      if (t.name === ctx.def.home) job.enter(s, t);
      else job.schedule(s, t);
    };
    /** block_job_enter()'s claim, once `busy` was seen false: timer_del(); job->busy = true; aio_co_wake(). */
    const claimAndWake = (s: StateView, t: Thread): void => {
      s.set(timer, false);
      s.set(busy, true);
      wake(s, t);
    };

    /** The sleep timer's expiry in thread t, at label `at` (control returns to `back`, or waits at `entered` after a direct entry). */
    const timerSteps = (t: Thread, at: string, back: string, entered: string): StepDef[] => {
      const fires = (s: StateView) => s.get(timer);
      switch (variant) {
        case 'direct':
        case 'not_sleeping':
          return [{ at, name: `${at}.timer`, source: 'util/qemu-coroutine-sleep.c co_sleep_cb(): aio_co_wake(co), in the job\'s home thread: qemu_aio_coroutine_enter()', when: fires, next: entered, run: (s) => { s.set(timer, false); wake(s, t); } }];
        case 'locked':
          return [{ at, name: `${at}.timer`, source: 'blockjob.c block_job_sleep_timer_cb(): block_job_enter(): under block_job_mutex, if (!job->busy) { timer_del(); job->busy = true; aio_co_wake() }', when: fires, next: back, run: (s) => { s.set(timer, false); if (!s.get(busy)) claimAndWake(s, t); } }];
        case 'unlocked':
          return [
            // An armed timer implies busy == false (sleeping sets both, every claim clears both), so the timer always reads false.
            { at, name: `${at}.timer`, source: 'blockjob.c block_job_sleep_timer_cb(): block_job_enter() without the mutex reads job->busy == false', when: fires, next: `${at}.timer_claim`, run: (s) => s.set(timer, false) },
            { at: `${at}.timer_claim`, source: 'blockjob.c block_job_enter() (no mutex): timer_del(); job->busy = true; aio_co_wake(), in the job\'s home thread: qemu_aio_coroutine_enter()', next: entered, run: (s) => claimAndWake(s, t) },
          ];
      }
    };

    kit.declare({
      name: 'iothread0',
      frame: 'iothread_run',
      entry: 'start',
      running: true,
      daemon: true,
      idle: (s, t) => t.isAt(s, 'loop') && !ctx.bh.any(s) && !(timerThread === 'iothread0' && s.get(timer)),
      procs: [poll, bh.proc],
      steps: (t) => [
        { at: 'start', source: 'blockjob.c block_job_start(): job->busy = true; bdrv_coroutine_enter(bs, job->co)', next: 'entered', run: (s) => { s.set(busy, true); job.enter(s, t); } },
        { at: 'entered', source: `${job.name} yielded or terminated, back in the event loop`, when: (s) => job.returnedTo(s, t), waitsFor: job.enterWaitsFor(t), next: 'loop' },
        { at: 'loop', name: 'poll', source: 'iothread.c iothread_run(): aio_poll(ctx): co_schedule_bh_cb is pending', when: (s) => ctx.bh.any(s), run: (s) => t.call(s, poll.name, 'loop') },
        ...(timerThread === 'iothread0' ? timerSteps(t, 'loop', 'loop', 'entered') : []),
      ],
    });

    kit.declare({
      name: 'main',
      frame: 'block_job_cancel_sync',
      entry: 'cancel',
      running: true,
      steps: (t) => {
        const started = (s: StateView) => !job.thread.isAt(s, 'unborn');
        const cancel: StepDef[] =
          variant === 'unlocked'
            ? [
                { at: 'cancel', name: 'cancel', source: 'blockjob.c block_job_cancel(): job->cancelled = true; block_job_enter() without the mutex reads job->busy == false', when: (s) => started(s) && !s.get(busy), next: 'cancel_claim', run: (s) => s.set(cancelled, true) },
                { at: 'cancel', name: 'cancel_busy', source: 'blockjob.c block_job_cancel(): job->cancelled = true; block_job_enter() sees job->busy, returns', when: (s) => started(s) && s.get(busy), next: 'wait', run: (s) => s.set(cancelled, true) },
                { at: 'cancel_claim', source: 'blockjob.c block_job_enter() (no mutex): timer_del(); job->busy = true; aio_co_wake(): aio_co_schedule() onto iothread0', next: 'wait', run: (s) => claimAndWake(s, t) },
              ]
            : [
                {
                  at: 'cancel',
                  source: {
                    direct: 'blockjob.c block_job_cancel(): job->cancelled = true; block_job_enter(): if (!job->busy) bdrv_coroutine_enter(): aio_co_schedule() onto iothread0',
                    not_sleeping: 'blockjob.c block_job_cancel(): job->cancelled = true; block_job_enter() leaves a sleeping job to its timer (4afeffc857)',
                    locked: 'blockjob.c block_job_cancel(): job->cancelled = true; block_job_enter(): under block_job_mutex, if (!job->busy) { timer_del(); job->busy = true; aio_co_wake() }',
                  }[variant],
                  when: started,
                  next: 'wait',
                  run: (s) => {
                    s.set(cancelled, true);
                    if (s.get(busy) || variant === 'not_sleeping') return;
                    if (variant === 'direct') wake(s, t);
                    else claimAndWake(s, t);
                  },
                },
              ];
        return [
          ...cancel,
          // Once cancelled, the job never sleeps again (it tests cancellation first), so the timer can only fire before the cancel.
          ...(timerThread === 'main' ? timerSteps(t, 'cancel', 'cancel', 'cancel') : []),
          {
            at: 'wait',
            source: 'blockjob.c block_job_finish_sync(): aio_poll() until the job has completed',
            when: (s) => job.isDone(s),
            waitsFor: (state) => (state.get('pc_job') === 'done' ? undefined : { on: 'block_job_finish_sync(job)', holder: 'job' }),
            run: (s) => t.finish(s),
          },
        ];
      },
    });

    const c = kit.compile();
    return {
      init: c.init,
      actions: c.actions,
      terminal: c.terminal,
      assertions: {
        coEnterScheduled: 'a coroutine is entered while an aio_co_schedule() of it is pending (util/qemu-coroutine-sleep.c/qemu-coroutine.c: "Co-routine was already scheduled")',
        coReentered: 'a coroutine is entered while it runs or after it terminated ("Co-routine re-entered recursively")',
        coAlreadyScheduled: 'aio_co_schedule() of a coroutine that is already scheduled',
        coYieldNoCaller: 'qemu_coroutine_yield() outside a running coroutine',
        jobNotBusy: 'the job coroutine resumes with job->busy == false (blockjob.c block_job_do_yield(): assert(job->busy))',
        aioPollNotHome: 'aio_poll(ctx) runs outside ctx\'s home thread (util/aio-posix.c aio_poll())',
      },
      deadlockDoc: 'main waits in block_job_finish_sync() for a job coroutine that nobody will enter again',
      display: c.display,
      explain: { ...c.explain, summary: (state) => [...ctxs.summary(state), `busy ${state.get('busy')}, cancelled ${state.get('cancelled')}, sleep_timer ${state.get('sleep_timer') ? 'armed' : 'off'}, job scheduled ${state.get('job_scheduled')}`] },
    };
  },
});
