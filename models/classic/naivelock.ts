/**
 * A broken mutex, exactly as models/classic/tla/NaiveLock.tla: testing the lock
 * flag and setting it are separate steps, so two processes can both see it
 * free and both enter the critical section (invariant Mutex fails).
 */
import { action, defineModel, intKnob, range } from '../../checker';

export default defineModel({
  name: 'classic/naivelock',
  description: 'Broken mutex (NaiveLock.tla): test and set are separate steps, so Mutex fails',
  knobs: { N: intKnob(2, 16, 2, 'number of processes') },
  build: ({ N }, v) => {
    const lock = v.scalar('lock', v.bool());
    const pc = v.array('pc', N, v.oneOf('ncs', 'set', 'cs'));
    return {
      init: () => {}, // lock = FALSE, pc = ncs everywhere
      actions: range(N).flatMap((i) => [
        action(`Test(${i})`, (s) => s.get(pc, i) === 'ncs' && !s.get(lock), (s) => s.set(pc, i, 'set'), { lane: `proc ${i}` }),
        action(`Set(${i})`, (s) => s.get(pc, i) === 'set', (s) => {
          s.set(lock, true);
          s.set(pc, i, 'cs');
        }, { lane: `proc ${i}` }),
        action(`Exit(${i})`, (s) => s.get(pc, i) === 'cs', (s) => {
          s.set(lock, false);
          s.set(pc, i, 'ncs');
        }, { lane: `proc ${i}` }),
      ]),
      invariants: {
        Mutex: {
          check: (s) => {
            let inCs = 0;
            for (let i = 0; i < N; i++) if (s.get(pc, i) === 'cs') inCs++;
            return inCs <= 1;
          },
          doc: 'at most one process is in its critical section',
        },
      },
    };
  },
});
