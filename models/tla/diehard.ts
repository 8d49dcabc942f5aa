/**
 * DieHard: Lamport's water-jug puzzle from the film Die Hard 3, from
 * tlaplus/Examples, specifications/DieHard/DieHard.tla (commit
 * 62d104f2e1cfd63b3f928342b8f634298706d145): with a 5-gallon and a 3-gallon
 * jug, measure exactly 4 gallons. TLC solves it by checking the invariant
 * NotSolved (big # 4): its "safety failure" (the manifest's result for
 * DieHard.cfg) is the solution, and breadth-first search makes it a
 * shortest one. The manifest records no state counts for a failing model;
 * the test pins the verdict and the length of the solution.
 *
 * Next is the disjunction of six actions, one action each; `Min` is
 * `Math.min`. SmallToBig's `small' = small - (big' - big)` reads both the
 * new `big` (`s.get`, after the write) and the old one (`s.pre.get`).
 */
import { action, defineModel } from '../../checker';

export default defineModel({
  name: 'tla/diehard',
  description: 'The Die Hard water jugs (Lamport, tlaplus/Examples): an invariant whose violation is the solution',
  build: (_knobs, v) => {
    // TypeOK == small \in 0..3 /\ big \in 0..5: the domains.
    const big = v.scalar('big', v.int(0, 5));
    const small = v.scalar('small', v.int(0, 3));
    return {
      // Init == big = 0 /\ small = 0: the defaults.
      init: () => {},
      actions: [
        action('FillSmallJug', null, (s) => s.set(small, 3)),
        action('FillBigJug', null, (s) => s.set(big, 5)),
        action('EmptySmallJug', null, (s) => s.set(small, 0)),
        action('EmptyBigJug', null, (s) => s.set(big, 0)),
        action('SmallToBig', null, (s) => {
          s.set(big, Math.min(s.pre.get(big) + s.pre.get(small), 5));
          s.set(small, s.pre.get(small) - (s.get(big) - s.pre.get(big)));
        }),
        action('BigToSmall', null, (s) => {
          s.set(small, Math.min(s.pre.get(big) + s.pre.get(small), 3));
          s.set(big, s.pre.get(big) - (s.get(small) - s.pre.get(small)));
        }),
      ],
      invariants: { NotSolved: (s) => s.get(big) !== 4 },
    };
  },
});
