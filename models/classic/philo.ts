/**
 * Dining philosophers, exactly as models/classic/tla/Philo.tla (N philosophers,
 * N forks; philosopher i takes fork i, then fork (i+1)%N, eats, releases
 * both). One action per TLA+ action and process. Deadlock: everyone holds
 * their left fork. Used by engine tests and `npm run bench`.
 */
import { action, alwaysEventually, boolKnob, defineModel, intKnob, range, weakFair } from '../../checker';

export default defineModel({
  name: 'classic/philo',
  description: 'Dining philosophers (Philo.tla): deadlocks when every philosopher holds the left fork',
  knobs: {
    N: intKnob(2, 64, 5, 'number of philosophers (and forks)'),
    fair: boolKnob(true, 'weak fairness of every philosopher (TLA+ WF_vars of its three actions)'),
  },
  build: ({ N, fair }, v) => {
    const pc = v.array('pc', N, v.oneOf('think', 'hasLeft', 'eat'));
    const fork = v.array('fork', N, v.bool());
    const right = (i: number) => (i + 1) % N;
    return {
      init: () => {}, // pc = think, fork = FALSE everywhere: the all-defaults state
      actions: range(N).flatMap((i) => [
        action(`PickLeft(${i})`, (s) => s.get(pc, i) === 'think' && !s.get(fork, i), (s) => {
          s.set(fork, i, true);
          s.set(pc, i, 'hasLeft');
        }, { lane: `philo ${i}` }),
        action(`PickRight(${i})`, (s) => s.get(pc, i) === 'hasLeft' && !s.get(fork, right(i)), (s) => {
          s.set(fork, right(i), true);
          s.set(pc, i, 'eat');
        }, { lane: `philo ${i}` }),
        action(`Release(${i})`, (s) => s.get(pc, i) === 'eat', (s) => {
          s.set(fork, i, false);
          s.set(fork, right(i), false);
          s.set(pc, i, 'think');
        }, { lane: `philo ${i}` }),
      ]),
      deadlockDoc: 'no philosopher can move: every philosopher holds the left fork',
      liveness: {
        SomeoneEats: alwaysEventually((s) => {
          for (let i = 0; i < N; i++) if (s.get(pc, i) === 'eat') return true;
          return false;
        }, 'always eventually some philosopher eats ([]<>(\\E i : pc[i] = "eat"))'),
      },
      fairness: fair ? range(N).map((i) => weakFair({ lane: `philo ${i}` })) : [],
      // Philosopher i takes forks i and i+1: renaming by a rotation keeps that, any other permutation (even a
      // reflection, which swaps left and right) does not. So the group is the N rotations, not the N! permutations.
      symmetry: [{ name: 'philosophers', size: N, group: 'rotations', indexed: [pc, fork] }],
    };
  },
});
