/**
 * TLA+ idioms in a user model file (docs/writing-models.md#tla-semantics-in-effects-and-initial-states):
 * `npx interleave check docs/examples/tla-idioms.ts`. The spec it translates:
 *
 *   VARIABLES x, y, n                      \* n counts steps: auxiliary, not part of identity
 *   Init == x \in 0..2 /\ y \in 0..2 /\ x < y /\ n = 0
 *   Swap == x' = y /\ y' = x
 *   Move == \E v \in {w \in 0..2 : w # x /\ w # y} : x' = v /\ y' = y
 *   Bump == x < 2 /\ x' = x + 1 /\ x' # y /\ y' = y
 *   Next == (Swap \/ Move \/ Bump) /\ n' = (n + 1) % 4
 *   VIEW <<x, y>>
 *   TypeOK == x # y
 */
import { action, chooseFrom, defineModel, disjuncts, initProduct, StateView } from 'interleave';

export default defineModel({
  name: 'examples/tla-idioms',
  description: 'primed and unprimed reads, reject, initProduct, disjuncts, chooseFrom and a view, on a two-variable spec',
  build: (_knobs, v) => {
    const x = v.scalar('x', v.int(0, 2));
    const y = v.scalar('y', v.int(0, 2));
    const n = v.scalar('n', v.int(0, 3));
    const tick = (s: StateView) => s.set(n, (s.pre.get(n) + 1) % 4);
    return {
      init: initProduct({ over: [x, y], where: (s) => s.get(x) < s.get(y) }),
      actions: [
        disjuncts('Next', [
          action('Swap', null, (s) => {
            s.set(x, s.pre.get(y));
            s.set(y, s.pre.get(x));
            tick(s);
          }),
          chooseFrom(
            'Move',
            (s) => [0, 1, 2].filter((w) => w !== s.get(x) && w !== s.get(y)),
            (s, w) => {
              s.set(x, w);
              tick(s);
            },
          ),
          action('Bump', (s) => s.get(x) < 2, (s) => {
            s.set(x, s.pre.get(x) + 1);
            if (s.get(x) === s.get(y)) s.reject(); // x' # y
            tick(s);
          }),
        ]),
      ],
      invariants: { TypeOK: (s) => s.get(x) !== s.get(y) },
      view: [x, y],
    };
  },
});
