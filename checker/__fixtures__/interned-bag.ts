/**
 * A model with an interned Set, for the workers' tests, whose successors
 * come in the order the set iterates: `Put` adds the first of twelve numbers
 * not in the bag (while it holds fewer than `cap`), `Take` removes any one, in
 * the bag's own iteration order (`chooseFrom` over `[...bag]`). Immutable
 * iterates a small set in insertion order (and a removal moves its last
 * member into the gap), but a set that has held more than 8 members in hash
 * order, even once it is small again; so equal bags can iterate in different
 * orders, and the order the engine sees is that of the first one interned.
 * Most bags are first reached by taking from a larger one. Workers must
 * reproduce that order: the store's order, coverage (labels in order of
 * first appearance) and the counterexample of `Avoid` depend on it.
 */
import { Set as ISet } from 'immutable';
import { chooseFrom, defineModel, intKnob } from '..';

/** Listed in an order unlike their hash order (a small integer hashes to itself). */
const ITEMS = [12, 7, 30, 1, 25, 18, 3, 40, 9, 21, 14, 5];

export default defineModel({
  name: 'fixtures/interned-bag',
  knobs: {
    cap: intKnob(1, 12, 10, 'Put only while the bag holds fewer'),
    avoid: intKnob(0, 12, 0, 'Avoid fails when a bag of this size holds 21 (the tenth put) and not 12 (the first), after a Take (0: never)'),
  },
  build: ({ cap, avoid }, v) => {
    const bag = v.value('bag', ISet<number>());
    const took = v.scalar('took', v.bool());
    return {
      init: () => {},
      actions: [
        chooseFrom('Put', (s) => (s.get(bag).size < cap ? ITEMS.filter((x) => !s.get(bag).has(x)).slice(0, 1) : []), (s, x) => {
          s.set(bag, s.get(bag).add(x));
          s.set(took, false);
        }),
        chooseFrom('Take', (s) => [...s.get(bag)], (s, x) => {
          s.set(bag, s.get(bag).remove(x));
          s.set(took, true);
        }),
      ],
      invariants: { Avoid: (s) => avoid === 0 || !(s.get(took) && s.get(bag).size === avoid && s.get(bag).has(21) && !s.get(bag).has(12)) },
      checkDeadlock: false,
    };
  },
});
