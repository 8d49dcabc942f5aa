/**
 * Regression spec: the lost aio_notify() wake-up of qemu-img on aarch64,
 * fixed by 5710a3e09f9b. Expectations are engine results (interleave check
 * qemu/notify-me-barrier --preset before|after); re-check with:
 * npx interleave regress 5710a3e09f9b
 */
import { defineSpec } from '../checker';

export default defineSpec({
  commit: '5710a3e09f9b',
  title: 'async: use explicit memory barriers',
  date: '2020-04-09',
  link: 'https://gitlab.com/qemu-project/qemu/-/commit/5710a3e09f9b',
  story:
    'Before the fix aio_poll() announced a blocking poll with atomic_add(&ctx->notify_me, 2), which on aarch64 does not order the later reads of the pending bottom halves: ' +
    'the main thread sees no BH, a worker schedules the completion BH and its aio_notify() reads notify_me == 0 and sets no EventNotifier, then the store becomes visible and the main thread sleeps in ppoll() forever (a deadlock in 4 steps). ' +
    'With the smp_mb() of the fix the check runs after the store is visible, and the wake-up is never lost.',
  model: 'qemu/notify-me-barrier',
  preset: 'before',
  scenarios: [
    { name: 'before', knobs: { barrier: false }, expect: { aioPollNotHome: 'holds', deadlock: 'violated' }, length: { deadlock: 4 }, mustFire: ['main:poll_main.check_early', 'worker:complete', 'main:poll_main.publish_block'] },
    { name: 'after', knobs: { barrier: true }, expect: { aioPollNotHome: 'holds', deadlock: 'holds' }, mustFire: ['main:poll_main.wait', 'main:poll_main.check_pending', 'main:poll_main.thread_pool_completion_bh', 'main:done'] },
  ],
});
