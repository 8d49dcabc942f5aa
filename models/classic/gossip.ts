/**
 * Gossip, written the TLA+ way: N processes each know a set of rumours,
 * initially their own; a process p that knows something q does not may tell
 * q, who then knows the union. In TLA+:
 *
 *   VARIABLE know                     \* know \in [Proc -> SUBSET Proc]
 *   Init == know = [p \in Proc |-> {p}]
 *   Tell(p, q) == /\ ~(know[p] \subseteq know[q])
 *                 /\ know' = [know EXCEPT ![q] = @ \cup know[p]]
 *   Next == \E p, q \in Proc : p # q /\ Tell(p, q)
 *
 * With form=function, `know` is one variable of domain [Proc -> SUBSET Proc]:
 * 2^(N*N) members, packed as N digits of N bits up to N = 5, interned from
 * N = 6 on. With form=array it is an array of N variables of domain
 * SUBSET Proc (2^N members each, packed): the same TLA+ function, stored per
 * process. classic/gossip-bits is the same model
 * with one bit mask per process; the bench compares the three forms' speed
 * and models/classic/gossip.test.ts their counts.
 */
import { action, apply, defineModel, enumKnob, except, fn, intKnob, range, set, subseteq, union } from '../../checker';

export default defineModel({
  name: 'classic/gossip',
  description: 'N processes spread rumours by telling each other what they know (TLA+ sets and functions)',
  knobs: {
    N: intKnob(2, 8, 3, 'processes'),
    form: enumKnob(['function', 'array'], 'function', 'know as one [Proc -> SUBSET Proc] variable, or as an array of SUBSET Proc'),
  },
  build: ({ N, form }, v) => {
    const Proc = v.int(0, N - 1);
    const pairs = range(N).flatMap((p) => range(N).filter((q) => q !== p).map((q) => [p, q] as const));
    const lane = (p: number) => ({ lane: `p${p}` });
    if (form === 'array') {
      const know = v.array('know', N, v.setOf(Proc));
      return {
        init: (s) => range(N).forEach((p) => s.set(know, p, set(p))),
        actions: pairs.map(([p, q]) =>
          action(`Tell(${p},${q})`, (s) => !subseteq(s.get(know, p), s.get(know, q)), (s) => s.set(know, q, union(s.get(know, q), s.get(know, p))), lane(p)),
        ),
        terminal: () => true, // everyone knowing everything is where gossip ends, not a deadlock
      };
    }
    const know = v.scalar('know', v.fnOf(Proc, v.setOf(Proc)));
    return {
      init: (s) => s.set(know, fn(Proc, (p) => set(p))),
      actions: pairs.map(([p, q]) =>
        action(
          `Tell(${p},${q})`,
          (s) => !subseteq(apply(s.get(know), p), apply(s.get(know), q)),
          (s) => {
            const k = s.get(know);
            s.set(know, except(k, q, (old) => union(old, apply(k, p))));
          },
          lane(p),
        ),
      ),
      terminal: () => true,
    };
  },
});
