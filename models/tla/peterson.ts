/**
 * Peterson: Peterson's mutual-exclusion algorithm for two processes, the
 * PlusCal spec of Jarod Differdange (after the ULiège "Parallel
 * Programming" course) in tlaplus/Examples, specifications/
 * locks_auxiliary_vars/Peterson.tla (commit
 * 7fb278e900e60c9ad6d66ffe91aa926a53d9b4d4) with Peterson.cfg (commit
 * 981d7e9bc6e1d24daf385b9afdd93bf8ae4b2450): `SPECIFICATION Spec`,
 * `INVARIANTS TypeOK Inv`.
 *
 *   process(proc \in 1..2){
 *   a0: while(TRUE){
 *         skip;
 *   a1:   c[self] := TRUE;
 *   a2:   turn := Other(self);
 *   a3:   await ~c[Other(self)] \/ turn = self;
 *   cs:   skip;
 *   a4:   c[self] := FALSE;
 *       } }
 *
 * Each label is a step of the process's thread. The await of a3 is a
 * disjunction, which TLC walks one disjunct at a time (Tool.
 * getNextStatesAppl): where both held, a3 would give two successors, both
 * counted as generated. So a3 is two steps with the same label, one per
 * disjunct (the kit's `name` tells them apart), which is right without
 * knowing the algorithm. Here the two never hold at once: when turn = self,
 * the other process has set it there and is itself at a3 or beyond, so
 * c[Other(self)] is TRUE.
 */
import { defineModel } from '../../checker';
import type { StateView } from '../../checker';
import { ThreadKit } from '../kit';

export default defineModel({
  name: 'tla/peterson',
  description: "Peterson's algorithm (Differdange, tlaplus/Examples): two PlusCal processes, mutual exclusion",
  build: (_knobs, v) => {
    const ProcSet = [1, 2];
    const Other = (p: number) => (p === 1 ? 2 : 1);
    const c = v.array('c', 2, v.bool());
    const turn = v.scalar('turn', v.int(1, 2));
    const at = (p: number) => p - 1;
    const kit = new ThreadKit(v);
    const procs = ProcSet.map((self) => kit.declare({
      name: `proc${self}`,
      entry: 'a0',
      running: true,
      steps: () => [
        { at: 'a0', source: 'Peterson.tla a0: while(TRUE) { skip;', next: 'a1' },
        { at: 'a1', source: 'Peterson.tla a1: c[self] := TRUE;', next: 'a2', run: (s) => s.set(c, at(self), true) },
        { at: 'a2', source: 'Peterson.tla a2: turn := Other(self);', next: 'a3', run: (s) => s.set(turn, Other(self)) },
        { at: 'a3', name: 'a3[~c[Other(self)]]', source: 'Peterson.tla a3: await ~c[Other(self)] \\/ turn = self;', next: 'cs', when: (s) => !s.get(c, at(Other(self))) },
        { at: 'a3', name: 'a3[turn = self]', source: 'Peterson.tla a3: await ~c[Other(self)] \\/ turn = self;', next: 'cs', when: (s) => s.get(turn) === self },
        { at: 'cs', source: 'Peterson.tla cs: skip;', next: 'a4' },
        { at: 'a4', source: 'Peterson.tla a4: c[self] := FALSE;', next: 'a0', run: (s) => s.set(c, at(self), false) },
      ],
    }));
    const { init, actions, terminal, explain, display } = kit.compile();
    const pcIn = (s: StateView, p: number, labels: readonly string[]) => labels.some((l) => procs[at(p)]!.isAt(s, l));
    const lockcs = (s: StateView, i: number) => pcIn(s, i, ['cs', 'a4']);
    return {
      init: (s) => { init(s); s.set(turn, 1); },
      actions,
      terminal,
      explain,
      display,
      invariants: {
        Inv: (s) => ProcSet.every((p) => s.get(c, at(p)) === pcIn(s, p, ['a2', 'a3', 'cs', 'a4']))
          && ProcSet.every((p) => !pcIn(s, p, ['cs', 'a4']) || s.get(turn) === p || pcIn(s, Other(p), ['a0', 'a1', 'a2']))
          && ProcSet.every((i) => ProcSet.every((j) => i === j || !(lockcs(s, i) && lockcs(s, j)))),
      },
    };
  },
});
