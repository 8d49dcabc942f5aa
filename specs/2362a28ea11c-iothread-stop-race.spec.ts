/**
 * Regression spec: the iothread_stop() race, a lost aio_notify() in the
 * iothread lifecycle (create, stop, join), fixed by 2362a28ea11c; with the
 * counterfactual "notify before the store". Expectations are engine results
 * (interleave check qemu/iothread-stop-race --preset before|after|notify-first);
 * re-check with: npx interleave regress 2362a28ea11c
 */
import { defineSpec } from '../checker';

const props = (deadlock: 'holds' | 'violated') => ({ aioPollNotHome: 'holds', joinUnstarted: 'holds', deadlock }) as const;

export default defineSpec({
  commit: '2362a28ea11c',
  title: 'iothread: fix iothread_stop() race condition',
  date: '2017-12-19',
  link: 'https://gitlab.com/qemu-project/qemu/-/commit/2362a28ea11c',
  story:
    'iothread_stop() set iothread->stopping and called aio_notify(); if the iothread had read stopping == false but not yet entered aio_poll(), the notification found notify_me == 0 and was lost, so the iothread slept in aio_poll() and the main thread in qemu_thread_join() (a deadlock in 6 steps). ' +
    'The fix sets stopping from a bottom half scheduled on the iothread\'s context, which aio_poll() cannot miss. Notifying before the store, a plausible wrong fix, still deadlocks in 6 steps.',
  model: 'qemu/iothread-stop-race',
  preset: 'before',
  scenarios: [
    { name: 'before', knobs: { stop: 'notify' }, expect: props('violated'), length: { deadlock: 6 }, mustFire: ['main:create', 'iothread0:poll', 'main:notify', 'iothread0:poll_iothread0.check'] },
    { name: 'after', knobs: { stop: 'bh' }, expect: props('holds'), mustFire: ['main:stop', 'iothread0:poll_iothread0.iothread_stop_bh', 'iothread0:exit', 'main:join'] },
    { name: 'notify-first', knobs: { stop: 'notify_first' }, expect: props('violated'), length: { deadlock: 6 }, mustFire: ['main:stop', 'main:store', 'iothread0:poll_iothread0.wait'] },
  ],
});
