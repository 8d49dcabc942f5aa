/**
 * Regression spec: the drain hang of a missing barrier in aio_wait_kick(),
 * fixed by 7455ff1aa015. Expectations are engine results (interleave check
 * qemu/aio-wait-kick-barrier --preset before|after); re-check with:
 * npx interleave regress 7455ff1aa015
 */
import { defineSpec } from '../checker';

export default defineSpec({
  commit: '7455ff1aa015',
  title: 'aio_wait_kick: add missing memory barrier',
  date: '2022-06-24',
  link: 'https://gitlab.com/qemu-project/qemu/-/commit/7455ff1aa01564cc175db5b2373e610503ad4411',
  story:
    'A drain in the main thread waits on an iothread\'s request with AIO_WAIT_WHILE, polling the main context; the iothread decrements in_flight and calls aio_wait_kick(), which before the fix could read num_waiters == 0 before its decrement was visible. ' +
    'The waiter then sees in_flight == 1 and sleeps in aio_poll(main) while no kick is ever scheduled: a deadlock in 7 steps. With smp_mb() before the read the kick always reaches a waiter that can still see in_flight > 0.',
  model: 'qemu/aio-wait-kick-barrier',
  preset: 'before',
  scenarios: [
    { name: 'before', knobs: { kick_barrier: false }, expect: { aioPollNotHome: 'holds', aioWaitNotMain: 'holds', deadlock: 'violated' }, length: { deadlock: 7 }, mustFire: ['iothread0:kick_early', 'main:poll_main.check', 'iothread0:dec_late'] },
    { name: 'after', knobs: { kick_barrier: true }, expect: { aioPollNotHome: 'holds', aioWaitNotMain: 'holds', deadlock: 'holds' }, mustFire: ['main:poll_main.wait', 'main:poll_main.dummy_bh_cb', 'main:drain.done', 'main:drained'] },
  ],
});
