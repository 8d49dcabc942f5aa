/**
 * Simple: the PlusCal algorithm of Lamport's "Teaching Concurrency", from
 * tlaplus/Examples, specifications/TeachingConcurrency/Simple.tla with
 * Simple.cfg (commit 4fb92bc1508e9b473b85cc1f6f303dc1555365d0): `N = 5`,
 * `SPECIFICATION Spec`, `INVARIANTS PCorrect TypeOK Inv`.
 *
 *   --algorithm Simple {
 *     variables x = [i \in 0..(N-1) |-> 0], y = [i \in 0..(N-1) |-> 0] ;
 *     process (proc \in 0..N-1) {
 *       a: x[self] := 1 ;
 *       b: y[self] := x[(self-1) % N]
 *     }
 *   }
 *
 * Each PlusCal process is a thread of the kit, each label one step. The
 * PlusCal translation adds the disjunct `Terminating` (every process Done,
 * UNCHANGED vars) so that TLC sees no deadlock at the end; it is an action
 * here too, because TLC counts the stuttering successor it generates in
 * every final state. `%` is TLA+'s (`mod`): `(0-1) % N` is N-1.
 */
import { action, defineModel, intKnob, mod, range } from '../../checker';
import { DONE, ThreadKit } from '../kit';

export default defineModel({
  name: 'tla/simple',
  description: "Simple (Lamport, Teaching Concurrency): N PlusCal processes on a ring, via the thread kit",
  knobs: { N: intKnob(1, 6, 5, 'number of processes 0..N-1 (Simple.cfg: N = 5)') },
  build: ({ N }, v) => {
    const x = v.array('x', N, v.int(0, 1));
    const y = v.array('y', N, v.int(0, 1));
    const kit = new ThreadKit(v);
    const procs = range(N).map((self) => kit.declare({
      name: `proc${self}`,
      entry: 'a',
      running: true,
      steps: (t) => [
        { at: 'a', source: 'Simple.tla a: x[self] := 1', next: 'b', run: (s) => s.set(x, self, 1) },
        { at: 'b', source: 'Simple.tla b: y[self] := x[(self-1) % N]', run: (s) => { s.set(y, self, s.get(x, mod(self - 1, N))); t.finish(s); } },
      ],
    }));
    const { init, actions, terminal, explain, display } = kit.compile();
    const allDone = (s: Parameters<typeof terminal>[0]) => procs.every((p) => p.isAt(s, DONE));
    return {
      init,
      actions: [...actions, action('Terminating', allDone, () => {})],
      terminal,
      explain,
      display,
      invariants: {
        PCorrect: (s) => !allDone(s) || range(N).some((i) => s.get(y, i) === 1),
        // Inv's second and third conjuncts (TypeOK is the variables' domains).
        Inv: (s) => procs.every((p, i) => !(p.isAt(s, 'b') || p.isAt(s, DONE)) || s.get(x, i) === 1)
          && (procs.some((p) => !p.isAt(s, DONE)) || range(N).some((i) => s.get(y, i) === 1)),
      },
    };
  },
});
