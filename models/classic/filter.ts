/**
 * Peterson's filter lock for N processes, exactly as models/classic/tla/Filter.tla
 * (levels 1..N-1, victim[l] per level; index 0 of victim is unused). Mutex
 * holds; the state space grows fast with N (the benchmark uses N=6).
 */
import { action, boolKnob, defineModel, intKnob, leadsTo, range, weakFair } from '../../checker';

export default defineModel({
  name: 'classic/filter',
  description: "Peterson's filter lock (Filter.tla): Mutex holds",
  knobs: {
    N: intKnob(2, 12, 3, 'number of processes'),
    fair: boolKnob(true, 'weak fairness of every process (TLA+ WF_vars of its four actions); without it Starvation fails by stuttering'),
  },
  build: ({ N, fair }, v) => {
    const pc = v.array('pc', N, v.oneOf('setLevel', 'setVictim', 'wait', 'cs'));
    const lv = v.array('lv', N, v.int(0, N - 1));
    const level = v.array('level', N, v.int(0, N - 1));
    const victim = v.array('victim', N, v.int(0, N - 1));
    return {
      init: (s) => {
        for (let i = 0; i < N; i++) s.set(lv, i, 1); // pc = setLevel, level = 0, victim = 0
      },
      actions: range(N).flatMap((i) => [
        action(`SetLevel(${i})`, (s) => s.get(pc, i) === 'setLevel', (s) => {
          s.set(level, i, s.get(lv, i));
          s.set(pc, i, 'setVictim');
        }, { lane: `proc ${i}` }),
        action(`SetVictim(${i})`, (s) => s.get(pc, i) === 'setVictim', (s) => {
          s.set(victim, s.get(lv, i), i);
          s.set(pc, i, 'wait');
        }, { lane: `proc ${i}` }),
        action(`Wait(${i})`, (s) => {
          if (s.get(pc, i) !== 'wait') return false;
          const l = s.get(lv, i);
          if (s.get(victim, l) !== i) return true;
          for (let k = 0; k < N; k++) if (k !== i && s.get(level, k) >= l) return false;
          return true;
        }, (s) => {
          const l = s.get(lv, i);
          if (l < N - 1) {
            s.set(lv, i, l + 1);
            s.set(pc, i, 'setLevel');
          } else {
            s.set(pc, i, 'cs');
          }
        }, { lane: `proc ${i}` }),
        action(`Exit(${i})`, (s) => s.get(pc, i) === 'cs', (s) => {
          s.set(level, i, 0);
          s.set(lv, i, 1);
          s.set(pc, i, 'setLevel');
        }, { lane: `proc ${i}` }),
      ]),
      invariants: {
        Mutex: {
          check: (s) => {
            let inCs = 0;
            for (let i = 0; i < N; i++) if (s.get(pc, i) === 'cs') inCs++;
            return inCs <= 1;
          },
          doc: 'at most one process is in its critical section',
        },
      },
      // Starvation(i): pc[i] = "wait" ~> pc[i] = "cs" (one property per process, as \A i \in P : ... ~> ...).
      liveness: Object.fromEntries(
        range(N).map((i) => [
          `Starvation(${i})`,
          leadsTo((s) => s.get(pc, i) === 'wait', (s) => s.get(pc, i) === 'cs', `process ${i}, once it has set its victim, eventually enters its critical section`),
        ]),
      ),
      fairness: fair ? range(N).map((i) => weakFair({ lane: `proc ${i}` })) : [],
      // The processes are interchangeable: pc, lv and level are indexed by a process, victim[l] names one
      // (levels themselves are not permuted). Up to 8 processes: each state is compared with its N! images.
      symmetry: N <= 8 ? [{ name: 'processes', size: N, group: 'permutations' as const, indexed: [pc, lv, level], values: [victim] }] : [],
    };
  },
});
