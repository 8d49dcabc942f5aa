/**
 * Regression spec: a cancelled block job coroutine entered twice, once by the
 * aio_co_schedule() of block_job_enter() and once by its own sleep timer;
 * fixed by 4afeffc857, reworked by "blockjob: reimplement block_job_sleep_ns
 * to allow cancellation" (the parent of f1a7ff770f7d); with the
 * counterfactual "the rework without block_job_mutex". Expectations are
 * engine results (interleave check qemu/block-job-sleep --preset
 * before|after|rework|unlocked --continue); re-check with:
 * npx interleave regress 4afeffc857
 */
import { defineSpec } from '../checker';

const props = (entry: 'holds' | 'violated') =>
  ({ coEnterScheduled: entry, coReentered: entry, coAlreadyScheduled: 'holds', coYieldNoCaller: 'holds', jobNotBusy: 'holds', aioPollNotHome: 'holds', deadlock: 'holds' }) as const;

export default defineSpec({
  commit: '4afeffc857',
  title: 'blockjob: do not allow coroutine double entry or entry-after-completion',
  date: '2017-11-21',
  link: 'https://gitlab.com/qemu-project/qemu/-/commit/4afeffc857',
  story:
    'A block job coroutine in an iothread sleeps in block_job_sleep_ns(): busy = false and a co_aio_sleep_ns() timer on its context. The main thread cancels the job; block_job_enter() sees busy == false and, from outside the iothread, aio_co_schedule()s the coroutine. ' +
    'Before co_schedule_bh_cb runs, the timer fires in the iothread and co_sleep_cb() enters the coroutine directly: "Co-routine was already scheduled in \'aio_co_schedule\'" (5 steps); without that check the scheduled entry reaches the terminated coroutine (12 steps). ' +
    'The fix stopped a cancel from interrupting the sleep (modelled as: a sleeping job is left to its timer); the rework, which calls that a fix of the symptom, routes the timer through block_job_enter(), which tests busy, deletes the timer and sets busy under block_job_mutex. The rework without the mutex still lets both wakers read busy == false (7 and 14 steps).',
  model: 'qemu/block-job-sleep',
  preset: 'before',
  scenarios: [
    { name: 'before', knobs: { enter: 'direct' }, expect: props('violated'), length: { coEnterScheduled: 5, coReentered: 12 }, mustFire: ['main:cancel', 'iothread0:loop.timer', 'iothread0:co_schedule_bh_cb_iothread0.enter_job'] },
    { name: 'after', knobs: { enter: 'not_sleeping' }, expect: props('holds'), mustFire: ['main:cancel', 'iothread0:loop.timer', 'job:cancelled', 'main:wait'] },
    { name: 'rework', knobs: { enter: 'locked' }, expect: props('holds'), mustFire: ['main:cancel.timer', 'main:cancel', 'iothread0:co_schedule_bh_cb_iothread0.enter_job', 'job:woken', 'job:cancelled', 'main:wait'] },
    { name: 'unlocked', knobs: { enter: 'unlocked' }, expect: props('violated'), length: { coEnterScheduled: 7, coReentered: 14 }, mustFire: ['iothread0:loop.timer_claim', 'main:cancel_claim'] },
  ],
});
