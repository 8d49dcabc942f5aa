/**
 * DiningPhilosophers: the Chandy-Misra solution in PlusCal by Jeff Hemphill,
 * from tlaplus/Examples, specifications/DiningPhilosophers/
 * DiningPhilosophers.tla (commit 41faafbabe549530ad54bd4301b07ca4fd93e65b).
 * Forks are handed from philosopher to philosopher; a philosopher eats
 * holding both clean forks. Checked: ExclusiveAccess (neighbours never eat
 * at once) and NobodyStarves (`[]<>(~hungry[p])`) under the spec's
 * `WF_vars(Philosopher(self))` per philosopher.
 *
 * Constants: NP = 5, as in DiningPhilosophers.cfg of the repository under
 * its former name tlaplus/tla-example-library (commit
 * 0796037a0ce2d3ee1ea85dff346f4055165f8ebc, which checks an older set of
 * properties); the current .cfg is not in the stored copies. NP = 5 gives
 * the manifest's 67 distinct states, 336 generated, depth 29; NP = 2, 3, 4
 * give 11, 19 and 35. Philosophers and forks are numbered 1..NP as in the spec; the
 * arrays holding them are 0-based, so philosopher p is element p - 1.
 *
 * Each PlusCal label (Loop, Eat, Think) is one step of the philosopher's
 * thread. The Loop step reads `CanEat(self)` from the state before the step
 * (`s.pre`: TLA+'s unprimed forks), not from the forks it has just handed over.
 */
import { alwaysEventually, defineModel, intKnob, range } from '../../checker';
import type { StateView } from '../../checker';
import { ThreadKit } from '../kit';

export default defineModel({
  name: 'tla/diningphilosophers',
  description: 'Chandy-Misra dining philosophers (Hemphill, tlaplus/Examples): PlusCal processes, exclusion and starvation freedom',
  knobs: { NP: intKnob(2, 6, 5, 'number of philosophers') },
  build: ({ NP }, v) => {
    const P = range(NP).map((k) => k + 1);
    const forks = v.records('forks', NP, { holder: v.int(1, NP), clean: v.bool() });
    const hungry = v.array('hungry', NP, v.bool());
    const LeftFork = (p: number) => p;
    const RightFork = (p: number) => (p === NP ? 1 : p + 1);
    const LeftPhilosopher = (p: number) => (p === 1 ? NP : p - 1);
    const RightPhilosopher = (p: number) => (p === NP ? 1 : p + 1);
    const holder = (s: StateView, f: number) => s.get(forks.holder, f - 1);
    const clean = (s: StateView, f: number) => s.get(forks.clean, f - 1);
    const CanEat = (s: StateView, p: number) =>
      holder(s, LeftFork(p)) === p && holder(s, RightFork(p)) === p && clean(s, LeftFork(p)) && clean(s, RightFork(p));
    const give = (s: StateView, f: number, to: number) => { s.set(forks.holder, f - 1, to); s.set(forks.clean, f - 1, true); };

    const kit = new ThreadKit(v);
    const phils = P.map((self) => kit.declare({
      name: `Philosopher${self}`,
      entry: 'Loop',
      running: true,
      steps: (t) => [
        { at: 'Loop', source: 'DiningPhilosophers.tla Loop:', run: (s) => {
          if (holder(s, LeftFork(self)) === self && !clean(s, LeftFork(self))) give(s, LeftFork(self), LeftPhilosopher(self));
          else if (holder(s, RightFork(self)) === self && !clean(s, RightFork(self))) give(s, RightFork(self), RightPhilosopher(self));
          // CanEat(self) is over the unprimed forks: the state before the hand-over.
          t.goto(s, s.get(hungry, self - 1) ? (CanEat(s.pre, self) ? 'Eat' : 'Loop') : 'Think');
        } },
        { at: 'Eat', source: 'DiningPhilosophers.tla Eat:', next: 'Loop', run: (s) => {
          s.set(hungry, self - 1, false);
          s.set(forks.clean, LeftFork(self) - 1, false);
          s.set(forks.clean, RightFork(self) - 1, false);
        } },
        { at: 'Think', source: 'DiningPhilosophers.tla Think:', next: 'Loop', run: (s) => s.set(hungry, self - 1, true) },
      ],
    }));
    const { init, actions, explain, display, fairness } = kit.compile();
    const eating = (s: StateView, p: number) => phils[p - 1]!.isAt(s, 'Eat');
    const ShareFork = (p: number, q: number) => [LeftFork(p), RightFork(p)].some((f) => f === LeftFork(q) || f === RightFork(q));
    return {
      init: (s) => {
        init(s);
        for (const f of P) s.set(forks.holder, f - 1, f === 2 ? 1 : f);
        for (const p of P) s.set(hungry, p - 1, true);
      },
      actions,
      explain,
      display,
      // Spec: \A self \in 1..NP : WF_vars(Philosopher(self)) -- the kit's weak fairness per thread.
      fairness,
      invariants: {
        ExclusiveAccess: (s) => P.every((p) => P.every((q) => p === q || !ShareFork(p, q) || !(eating(s, p) && eating(s, q)))),
      },
      liveness: Object.fromEntries(P.map((p) => [`NobodyStarves(${p})`, alwaysEventually((s) => !s.get(hungry, p - 1), `[]<>(~hungry[${p}])`)])),
    };
  },
});
