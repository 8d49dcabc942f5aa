/**
 * EWD840: Dijkstra's termination detection on a ring, as specified by
 * Stephan Merz in tlaplus/Examples, specifications/ewd840/EWD840.tla (read
 * from the fork ahelwer/Examples at commit
 * 8b1a53fc15230eccb62c169707fe1a386b21220f; the stored tlaplus/Examples copy
 * has the .cfg only). The model is EWD840.cfg at tlaplus/Examples commit
 * a429a5241c555ca45ab26d012ca56e57f95c238f: `N = 3`, `INIT Init`,
 * `NEXT Next`, `INVARIANT Inv`, `CHECK_DEADLOCK FALSE`.
 *
 * Line by line, with two rules from TLC's next-state generation (Tool.java,
 * getNextStatesAppl: a disjunction or `\E` is explored one branch at a time,
 * even in a guard without primes):
 * - `tcolor = "black" \/ color[0] = "black"` in InitiateProbe and the
 *   three-way disjunction in PassToken(i) give one successor per true
 *   disjunct, so each disjunct is one choice of a `choose`;
 * - SendMsg(i)'s `\E j \in Node \ {i}` is one choice per j.
 * Init is a set of 192 states (`active`, `color`, `tpos` range over their
 * types), listed one closure per state.
 */
import { choose, defineModel, intKnob, leadsTo, range, weakFair } from '../../checker';
import type { StateView } from '../../checker';

export default defineModel({
  name: 'tla/ewd840',
  description: "EWD840 (Dijkstra; Merz's spec in tlaplus/Examples): termination detection on a ring",
  knobs: { N: intKnob(2, 5, 3, 'number of nodes (EWD840.cfg: N = 3)') },
  build: ({ N }, v) => {
    const Node = range(N);
    const Color = v.oneOf('white', 'black');
    const active = v.array('active', N, v.bool());
    const color = v.array('color', N, Color);
    const tpos = v.scalar('tpos', v.int(0, N - 1));
    const tcolor = v.scalar('tcolor', Color);

    // Init: every function Node -> BOOLEAN, Node -> Color and every token position; tcolor = "black".
    const init = range(2 ** N).flatMap((act) => range(2 ** N).flatMap((col) => Node.map((p) => (s: StateView) => {
      for (const i of Node) {
        s.set(active, i, ((act >> i) & 1) === 1);
        s.set(color, i, ((col >> i) & 1) === 1 ? 'black' : 'white');
      }
      s.set(tpos, p);
      s.set(tcolor, 'black');
    })));

    const InitiateProbe = choose('InitiateProbe', ['tcolor = black', 'color[0] = black'],
      (s, d) => s.get(tpos) === 0 && (d === 'tcolor = black' ? s.get(tcolor) === 'black' : s.get(color, 0) === 'black'),
      (s) => { s.set(tpos, N - 1); s.set(tcolor, 'white'); s.set(color, 0, 'white'); },
      { label: (d) => `InitiateProbe[${d}]` });
    const passWhy = ['~active[i]', 'color[i] = black', 'tcolor = black'] as const;
    const PassToken = choose('PassToken', Node.slice(1).flatMap((i) => passWhy.map((d) => [i, d] as const)),
      (s, [i, d]) => s.get(tpos) === i
        && (d === '~active[i]' ? !s.get(active, i) : d === 'color[i] = black' ? s.get(color, i) === 'black' : s.get(tcolor) === 'black'),
      (s, [i]) => {
        // tcolor' reads color[i] before color' is written: TLA+ primes read the old state.
        if (s.get(color, i) === 'black') s.set(tcolor, 'black');
        s.set(tpos, i - 1);
        s.set(color, i, 'white');
      },
      { label: ([i, d]) => `PassToken(${i})[${d}]` });
    const SendMsg = choose('SendMsg', Node.flatMap((i) => Node.filter((j) => j !== i).map((j) => [i, j] as const)),
      (s, [i]) => s.get(active, i),
      (s, [i, j]) => { s.set(active, j, true); if (j > i) s.set(color, i, 'black'); },
      { label: ([i, j]) => `SendMsg(${i},${j})` });
    const Deactivate = choose('Deactivate', Node, (s, i) => s.get(active, i), (s, i) => s.set(active, i, false));

    const terminationDetected = (s: StateView) => s.get(tpos) === 0 && s.get(tcolor) === 'white' && s.get(color, 0) === 'white' && !s.get(active, 0);
    const allPassive = (s: StateView) => Node.every((i) => !s.get(active, i));
    return {
      init,
      actions: [InitiateProbe, PassToken, SendMsg, Deactivate],
      invariants: {
        TerminationDetection: (s) => !terminationDetected(s) || allPassive(s),
        // Dijkstra's inductive invariant P0 \/ P1 \/ P2.
        Inv: (s) => Node.every((i) => !(s.get(tpos) < i) || !s.get(active, i))
          || range(s.get(tpos) + 1).some((j) => s.get(color, j) === 'black')
          || s.get(tcolor) === 'black',
      },
      liveness: { Liveness: leadsTo(allPassive, terminationDetected, '(\\A i : ~active[i]) ~> terminationDetected') },
      // Spec's WF_vars(System): System is InitiateProbe \/ \E i : PassToken(i).
      fairness: [{ ...weakFair('InitiateProbe', 'PassToken'), name: 'WF_vars(System)' }],
      checkDeadlock: false,
    };
  },
});
