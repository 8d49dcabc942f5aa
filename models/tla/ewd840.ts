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
 *   disjunct: `disjuncts`, one part per disjunct;
 * - SendMsg(i)'s `\E j \in Node \ {i}` is one choice per j.
 * Init is the product of the types of `active`, `color` and `tpos`: 192
 * initial states (`initProduct`). PassToken reads color[i] and tcolor from
 * the state before the step (`s.pre`), as TLA+'s unprimed variables.
 */
import { choose, defineModel, disjuncts, initProduct, intKnob, leadsTo, range, weakFair } from '../../checker';
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

    // Init == active \in [Node -> BOOLEAN] /\ color \in [Node -> Color] /\ tpos \in Node /\ tcolor = "black"
    const init = initProduct({ over: [active, color, tpos], assign: (s) => s.set(tcolor, 'black') });

    const probe = (s: StateView) => { s.set(tpos, N - 1); s.set(tcolor, 'white'); s.set(color, 0, 'white'); };
    const InitiateProbe = disjuncts('InitiateProbe', [
      { label: 'tcolor = black', guard: (s) => s.get(tpos) === 0 && s.get(tcolor) === 'black', effect: probe },
      { label: 'color[0] = black', guard: (s) => s.get(tpos) === 0 && s.get(color, 0) === 'black', effect: probe },
    ]);
    const pass = (s: StateView, i: number) => {
      s.set(tpos, i - 1);
      s.set(tcolor, s.pre.get(color, i) === 'black' ? 'black' : s.pre.get(tcolor));
      s.set(color, i, 'white');
    };
    const others = Node.slice(1);
    // \E i \in Node \ {0} : PassToken(i), PassToken's guard a three-way disjunction.
    const PassToken = disjuncts('PassToken', [
      choose('~active[i]', others, (s, i) => s.get(tpos) === i && !s.get(active, i), pass),
      choose('color[i] = black', others, (s, i) => s.get(tpos) === i && s.get(color, i) === 'black', pass),
      choose('tcolor = black', others, (s, i) => s.get(tpos) === i && s.get(tcolor) === 'black', pass),
    ]);
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
