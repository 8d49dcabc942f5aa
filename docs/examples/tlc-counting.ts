/**
 * TLC's counting rules, one small spec written three ways (docs/liveness.md,
 * "Matching TLC's numbers"). In TLA+:
 *
 *   VARIABLE x
 *   Init == x = 0
 *   Twice == \/ x < 2 /\ x' = x + 1      \* form=disjuncts: two disjuncts, same successor
 *            \/ x < 2 /\ x' = x + 1
 *   AsSet == x < 2 /\ x' \in {x + 1, x + 1}   \* form=set: the set has one element
 *   Bounded == x' = x + 1 with CONSTRAINT x < 2  \* form=constraint
 *
 * With CHECK_DEADLOCK FALSE (x = 2 has no successor), TLC reports:
 * disjuncts 3 distinct / 5 generated; set 3 / 3; constraint 2 / 3. Derived by
 * hand from TLC's doNext (one generated state per successor of each action,
 * duplicates included; a state outside CONSTRAINT is generated, not stored).
 */
import { action, defineModel, enumKnob } from 'interleave';

export default defineModel({
  name: 'examples/tlc-counting',
  description: "TLC's counting rules: disjuncts, a set-valued prime, a state constraint",
  knobs: { form: enumKnob(['disjuncts', 'set', 'constraint'], 'disjuncts', 'how Next is written') },
  build: ({ form }, v) => {
    const x = v.scalar('x', v.int(0, 3));
    const inc = (name: string, guard: boolean) => action(name, (s) => !guard || s.get(x) < 2, (s) => s.set(x, s.get(x) + 1));
    switch (form) {
      case 'disjuncts': // one action per disjunct: both successors count as generated
        return { init: () => {}, actions: [inc('Twice(1)', true), inc('Twice(2)', true)], checkDeadlock: false };
      case 'set': // x' \in S enumerates the set S, whose duplicates are already gone: one action
        return { init: () => {}, actions: [inc('AsSet', true)], checkDeadlock: false };
      case 'constraint':
        return { init: () => {}, actions: [inc('Bounded', false)], constraint: (s) => s.get(x) < 2, checkDeadlock: false };
    }
  },
});
