/**
 * TCommit: the transaction commit specification of Gray and Lamport's
 * "Consensus on Transaction Commit", from tlaplus/Examples, specifications/
 * transaction_commit/TCommit.tla (read from the fork ahelwer/Examples at
 * commit 8b1a53fc15230eccb62c169707fe1a386b21220f) with TCommit.cfg
 * (tlaplus/Examples commit 45a020523c121a67e47d61e325d11305e8be5545):
 * `RM = {r1, r2, r3}`, `INVARIANTS TCTypeOK TCConsistent`,
 * `SPECIFICATION TCSpec`, `CHECK_DEADLOCK FALSE`.
 *
 * TCNext is `\E rm \in RM : Prepare(rm) \/ Decide(rm)`, and Decide(rm) is
 * itself a disjunction (commit, or abort): one `choose` per disjunct.
 * tla/twophase checks that Two-Phase Commit implements this spec
 * (`refinement(tcommit, ...)`).
 */
import { choose, defineModel, intKnob, range } from '../../checker';
import type { StateView } from '../../checker';

/** The states of a resource manager, TCTypeOK's range of rmState[rm]. */
export const RM_STATES = ['working', 'prepared', 'committed', 'aborted'] as const;
export default defineModel({
  name: 'tla/tcommit',
  description: 'Transaction commit (Gray, Lamport; tlaplus/Examples TCommit.tla): the specification Two-Phase Commit implements',
  knobs: { RM: intKnob(1, 6, 3, 'number of resource managers (TCommit.cfg: RM = {r1, r2, r3})') },
  build: ({ RM }, v) => {
    const rms = range(RM);
    const rmState = v.array('rmState', RM, v.oneOf(...RM_STATES));
    const canCommit = (s: StateView) => rms.every((rm) => ['prepared', 'committed'].includes(s.get(rmState, rm)));
    const notCommitted = (s: StateView) => rms.every((rm) => s.get(rmState, rm) !== 'committed');
    const label = (name: string) => (rm: number) => `${name}(r${rm + 1})`;
    return {
      // TCInit: every RM "working", the domain's first value.
      init: () => {},
      actions: [
        choose('Prepare', rms, (s, rm) => s.get(rmState, rm) === 'working', (s, rm) => s.set(rmState, rm, 'prepared'), { label: label('Prepare') }),
        choose('DecideCommit', rms, (s, rm) => s.get(rmState, rm) === 'prepared' && canCommit(s), (s, rm) => s.set(rmState, rm, 'committed'), { label: label('Decide/commit') }),
        choose('DecideAbort', rms, (s, rm) => ['working', 'prepared'].includes(s.get(rmState, rm)) && notCommitted(s), (s, rm) => s.set(rmState, rm, 'aborted'), { label: label('Decide/abort') }),
      ],
      invariants: {
        TCConsistent: (s) => !(rms.some((rm) => s.get(rmState, rm) === 'aborted') && rms.some((rm) => s.get(rmState, rm) === 'committed')),
      },
      checkDeadlock: false,
    };
  },
});
