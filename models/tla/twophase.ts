/**
 * TwoPhase: the Two-Phase Commit protocol of Gray and Lamport, translated
 * line by line from tlaplus/Examples, specifications/transaction_commit/
 * TwoPhase.tla (commit c8c915939720cb382af2da296c1fb1a8e690ee97) with the
 * model TwoPhase.cfg (commit 076b287cf1332d1e2af578db709dc43b4302d1d4):
 * `CONSTANT RM = {r1, r2, r3}`, `INVARIANT TPTypeOK`, `SPECIFICATION TPSpec`.
 *
 * The variables keep their TLA+ values: `tmPrepared` is a set of RMs and
 * `msgs` a set of records, held as interned Immutable.js values. Each
 * disjunct of TPNext, and each RM of `\E rm \in RM`, is one action, so the
 * states generated are TLC's (docs/tla-translation.md).
 *
 * The module's THEOREM TPSpec => TC!TCSpec (`TC == INSTANCE TCommit`:
 * Two-Phase Commit implements tla/tcommit, rmState mapped to itself) is the
 * refinement `TCSpec`: the initial state maps to a TCInit state, and every
 * step to a TCNext step or a stutter of rmState.
 */
import { Map as IMap, Set as ISet } from 'immutable';
import { action, choose, defineModel, intKnob, range, refinement } from '../../checker';
import tcommit, { RM_STATES } from './tcommit';

type Message = IMap<string, string>;

export default defineModel({
  name: 'tla/twophase',
  description: 'Two-Phase Commit (Gray, Lamport; tlaplus/Examples TwoPhase.tla): TM and RMs exchanging a set of messages',
  knobs: { RM: intKnob(1, 6, 3, 'number of resource managers (TwoPhase.cfg: RM = {r1, r2, r3})') },
  build: ({ RM }, v) => {
    const rms = range(RM).map((i) => `r${i + 1}`);
    const RMState = v.oneOf(...RM_STATES);
    const rmState = v.array('rmState', RM, RMState);
    const tmState = v.scalar('tmState', v.oneOf('init', 'committed', 'aborted'));
    const tmPrepared = v.value('tmPrepared', ISet<string>());
    const msgs = v.value('msgs', ISet<Message>());
    const prepared = (rm: string): Message => IMap({ type: 'Prepared', rm });
    const commit: Message = IMap({ type: 'Commit' });
    const abort: Message = IMap({ type: 'Abort' });
    const at = (rm: string) => rms.indexOf(rm);
    const allRMs = ISet(rms);
    return {
      // TPInit: every variable starts at its declared default.
      init: () => {},
      actions: [
        action('TMCommit',
          (s) => s.get(tmState) === 'init' && s.get(tmPrepared).equals(allRMs),
          (s) => { s.set(tmState, 'committed'); s.set(msgs, s.get(msgs).add(commit)); }),
        action('TMAbort',
          (s) => s.get(tmState) === 'init',
          (s) => { s.set(tmState, 'aborted'); s.set(msgs, s.get(msgs).add(abort)); }),
        choose('TMRcvPrepared', rms,
          (s, rm) => s.get(tmState) === 'init' && s.get(msgs).has(prepared(rm)),
          (s, rm) => s.set(tmPrepared, s.get(tmPrepared).add(rm))),
        choose('RMPrepare', rms,
          (s, rm) => s.get(rmState, at(rm)) === 'working',
          (s, rm) => { s.set(rmState, at(rm), 'prepared'); s.set(msgs, s.get(msgs).add(prepared(rm))); }),
        choose('RMChooseToAbort', rms,
          (s, rm) => s.get(rmState, at(rm)) === 'working',
          (s, rm) => s.set(rmState, at(rm), 'aborted')),
        choose('RMRcvCommitMsg', rms,
          (s) => s.get(msgs).has(commit),
          (s, rm) => s.set(rmState, at(rm), 'committed')),
        choose('RMRcvAbortMsg', rms,
          (s) => s.get(msgs).has(abort),
          (s, rm) => s.set(rmState, at(rm), 'aborted')),
      ],
      invariants: {
        // TPTypeOK: rmState and tmState are typed by their domains; the two sets must stay within theirs.
        TPTypeOK: (s) => s.get(tmPrepared).isSubset(allRMs) && s.get(msgs).isSubset(ISet([commit, abort, ...rms.map(prepared)])),
      },
      refines: {
        TCSpec: refinement(tcommit, (s) => ({ rmState: rms.map((rm) => s.get(rmState, at(rm))) }), { knobs: { RM }, doc: 'TPSpec => TC!TCSpec' }),
      },
    };
  },
});
