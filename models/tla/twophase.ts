/**
 * TwoPhase: the Two-Phase Commit protocol of Gray and Lamport, translated
 * line by line from tlaplus/Examples, specifications/transaction_commit/
 * TwoPhase.tla (commit c8c915939720cb382af2da296c1fb1a8e690ee97) with the
 * model TwoPhase.cfg (commit 076b287cf1332d1e2af578db709dc43b4302d1d4):
 * `CONSTANT RM = {r1, r2, r3}`, `INVARIANT TPTypeOK`, `SPECIFICATION TPSpec`.
 *
 * The variables keep their TLA+ values and read as in the spec:
 * `rmState \in [RM -> {"working", ...}]` and `tmPrepared \in SUBSET RM`
 * are declared with those domains (listed: 64 and 8 members), and `msgs`,
 * a set of records of two shapes (`[type: {"Prepared"}, rm: RM] \cup
 * [type: {"Commit", "Abort"}]`, which no single record domain describes),
 * is an interned set of records, kept within `Messages` by TPTypeOK. Each
 * disjunct of TPNext, and each RM of `\E rm \in RM`, is one action, so the
 * states generated are TLC's (docs/tla-translation.md).
 *
 * The module's THEOREM TPSpec => TC!TCSpec (`TC == INSTANCE TCommit`:
 * Two-Phase Commit implements tla/tcommit, rmState mapped to itself) is the
 * refinement `TCSpec`: the initial state maps to a TCInit state, and every
 * step to a TCNext step or a stutter of rmState.
 */
import { action, apply, choose, defineModel, equals, except, intKnob, isIn, members, range, rec, refinement, set, setMap, subseteq, union } from '../../checker';
import type { Immutable, StateView } from '../../checker';
import tcommit, { RM_STATES } from './tcommit';

/** A message: a record, [type |-> "Prepared", rm |-> rm] or [type |-> "Commit"] or [type |-> "Abort"]. */
type Message = Immutable.Map<string, string>;

export default defineModel({
  name: 'tla/twophase',
  description: 'Two-Phase Commit (Gray, Lamport; tlaplus/Examples TwoPhase.tla): TM and RMs exchanging a set of messages',
  knobs: { RM: intKnob(1, 6, 3, 'number of resource managers (TwoPhase.cfg: RM = {r1, r2, r3})') },
  build: ({ RM: n }, v) => {
    // CONSTANT RM, the model values r1, r2, ...
    const RM = v.oneOf(...(range(n).map((i) => `r${i + 1}`) as [string, ...string[]]));
    const rms = members(RM);
    // VARIABLES rmState, tmState, tmPrepared, msgs, typed as TPTypeOK types them.
    const rmState = v.scalar('rmState', v.fnOf(RM, v.oneOf(...RM_STATES)));
    const tmState = v.scalar('tmState', v.oneOf('init', 'committed', 'aborted'));
    const tmPrepared = v.scalar('tmPrepared', v.setOf(RM));
    const msgs = v.value('msgs', set<Message>());
    // Messages == [type : {"Prepared"}, rm : RM] \cup [type : {"Commit", "Abort"}]
    const Messages = union(setMap(RM, (rm) => rec({ type: 'Prepared', rm })), set(rec({ type: 'Commit' }), rec({ type: 'Abort' })));
    const send = (s: StateView, m: Message) => s.set(msgs, union(s.get(msgs), set(m))); // msgs' = msgs \cup {m}
    return {
      // TPInit: rmState = [rm \in RM |-> "working"], tmState = "init", tmPrepared = {}, msgs = {}: the declared defaults.
      init: () => {},
      actions: [
        // TMCommit == tmState = "init" /\ tmPrepared = RM /\ tmState' = "committed" /\ msgs' = msgs \cup {[type |-> "Commit"]}
        action('TMCommit',
          (s) => s.get(tmState) === 'init' && equals(s.get(tmPrepared), set(...rms)),
          (s) => { s.set(tmState, 'committed'); send(s, rec({ type: 'Commit' })); }),
        action('TMAbort',
          (s) => s.get(tmState) === 'init',
          (s) => { s.set(tmState, 'aborted'); send(s, rec({ type: 'Abort' })); }),
        // TMRcvPrepared(rm) == tmState = "init" /\ [type |-> "Prepared", rm |-> rm] \in msgs /\ tmPrepared' = tmPrepared \cup {rm}
        choose('TMRcvPrepared', rms,
          (s, rm) => s.get(tmState) === 'init' && isIn(rec({ type: 'Prepared', rm }), s.get(msgs)),
          (s, rm) => s.set(tmPrepared, union(s.get(tmPrepared), set(rm)))),
        // RMPrepare(rm) == rmState[rm] = "working" /\ rmState' = [rmState EXCEPT ![rm] = "prepared"] /\ msgs' = msgs \cup {[type |-> "Prepared", rm |-> rm]}
        choose('RMPrepare', rms,
          (s, rm) => apply(s.get(rmState), rm) === 'working',
          (s, rm) => { s.set(rmState, except(s.get(rmState), rm, 'prepared')); send(s, rec({ type: 'Prepared', rm })); }),
        choose('RMChooseToAbort', rms,
          (s, rm) => apply(s.get(rmState), rm) === 'working',
          (s, rm) => s.set(rmState, except(s.get(rmState), rm, 'aborted'))),
        choose('RMRcvCommitMsg', rms,
          (s) => isIn(rec({ type: 'Commit' }), s.get(msgs)),
          (s, rm) => s.set(rmState, except(s.get(rmState), rm, 'committed'))),
        choose('RMRcvAbortMsg', rms,
          (s) => isIn(rec({ type: 'Abort' }), s.get(msgs)),
          (s, rm) => s.set(rmState, except(s.get(rmState), rm, 'aborted'))),
      ],
      invariants: {
        // TPTypeOK: rmState, tmState and tmPrepared are typed by their domains; msgs \subseteq Messages.
        TPTypeOK: (s) => subseteq(s.get(msgs), Messages),
      },
      refines: {
        TCSpec: refinement(tcommit, (s) => ({ rmState: rms.map((rm) => apply(s.get(rmState), rm)) }), { knobs: { RM: n }, doc: 'TPSpec => TC!TCSpec' }),
      },
    };
  },
});
