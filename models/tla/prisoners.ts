/**
 * Prisoners: Lamport's spec of the prisoners-and-switches puzzle (the Car
 * Guys' solution), from tlaplus/Examples, specifications/Prisoners/
 * Prisoners.tla (read from the fork ahelwer/Examples at commit
 * 8b1a53fc15230eccb62c169707fe1a386b21220f; the .cfg is not in the stored
 * copies). One prisoner, the Counter, counts the times switch A was found
 * up; every other prisoner moves it up at most twice. Checked: Safety
 * (Done => every other prisoner has been in the room) and Liveness (<>Done)
 * under the spec's weak fairness of every prisoner's step.
 *
 * Constants: 4 prisoners. Every state has exactly one successor per
 * prisoner (each step is an IF, always enabled), so TLC's 860 generated
 * states are 4 initial + 214 distinct × P, which gives P = 4; 4 prisoners
 * give the manifest's 214 distinct states and depth 14.
 *
 * Init: switchAUp and switchBUp range over BOOLEAN, 4 initial states (`initProduct`).
 */
import { action, choose, defineModel, eventually, initProduct, intKnob, range, weakFair } from '../../checker';
import type { StateView } from '../../checker';

export default defineModel({
  name: 'tla/prisoners',
  description: "Prisoners and switches (Lamport, tlaplus/Examples): a puzzle with a liveness property",
  knobs: { P: intKnob(2, 6, 4, 'number of prisoners; the first one is the Counter') },
  build: ({ P }, v) => {
    const Prisoner = range(P).map((k) => `p${k + 1}`);
    const Counter = Prisoner[0]!;
    const OtherPrisoner = Prisoner.filter((p) => p !== Counter);
    const switchAUp = v.scalar('switchAUp', v.bool());
    const switchBUp = v.scalar('switchBUp', v.bool());
    const timesSwitched = v.array('timesSwitched', OtherPrisoner.length, v.int(0, 2));
    // TypeOK bounds count by 2 * Cardinality(Prisoner) - 1; the domain is that range.
    const count = v.scalar('count', v.int(0, 2 * P - 1));
    const ix = (i: string) => OtherPrisoner.indexOf(i);
    const Done = (s: StateView) => s.get(count) === 2 * (P - 1);

    // Init: switchAUp \in BOOLEAN /\ switchBUp \in BOOLEAN, timesSwitched and count at 0 (the defaults).
    const init = initProduct({ over: [switchAUp, switchBUp] });
    const CounterStep = action('CounterStep', null, (s) => {
      if (s.get(switchAUp)) { s.set(switchAUp, false); s.set(count, s.get(count) + 1); }
      else s.set(switchBUp, !s.get(switchBUp));
    }, { lane: Counter });
    const NonCounterStep = choose('NonCounterStep', OtherPrisoner, null, (s, i) => {
      if (!s.get(switchAUp) && s.get(timesSwitched, ix(i)) < 2) { s.set(switchAUp, true); s.set(timesSwitched, ix(i), s.get(timesSwitched, ix(i)) + 1); }
      else s.set(switchBUp, !s.get(switchBUp));
    }, { metaOf: (i) => ({ lane: i }) });
    return {
      init,
      actions: [CounterStep, NonCounterStep],
      invariants: {
        // Safety == [](Done => \A i \in Prisoner \ {Counter} : timesSwitched[i] > 0)
        Safety: (s) => !Done(s) || OtherPrisoner.every((i) => s.get(timesSwitched, ix(i)) > 0),
      },
      liveness: { Liveness: eventually(Done, '<>Done') },
      fairness: [
        { ...weakFair('CounterStep'), name: 'WF_vars(CounterStep)' },
        ...OtherPrisoner.map((i) => ({ ...weakFair(`NonCounterStep(${i})`), name: `WF_vars(NonCounterStep(${i}))` })),
      ],
    };
  },
});
