/**
 * A model for parallel simulation's tests (simulate-parallel.test.ts): a
 * counter that a walk pushes up (Inc) or drops to 0 (Reset(i)) at random, so
 * high values are rare and show up in late traces only. Knobs place an
 * invariant violation (Low: c < low), a guard that throws (IL101) and an
 * invariant that throws (IL104) at chosen heights. The module is also its own
 * worker source (`buildWorkerModel`): a worker loads it alongside the checker
 * it already has, faster than a model file through the CLI's loader.
 */
import { action, buildModel, BuiltModel, defineModel, intKnob, resolveKnobs } from '..';

export const rare = defineModel({
  name: 'fixtures/sim-rare',
  knobs: {
    low: intKnob(1, 21, 21, 'invariant Low is c < low (21: never violated)'),
    guardFault: intKnob(0, 20, 0, 'the guard of Inc throws when c is this (0: never)'),
    invFault: intKnob(0, 20, 0, 'invariant Low throws when c is at least this (0: never)'),
    resets: intKnob(1, 4, 2, 'Reset actions (more of them make high values rarer)'),
  },
  build: ({ low, guardFault, invFault, resets }, v) => {
    const c = v.scalar('c', v.int(0, 20));
    return {
      init: () => {},
      actions: [
        action('Inc', (s) => {
          if (guardFault > 0 && s.get(c) === guardFault) throw new Error(`c reached ${guardFault}`);
          return s.get(c) < 20;
        }, (s) => s.set(c, s.get(c) + 1)),
        ...Array.from({ length: resets }, (_, i) => action(`Reset(${i})`, (s) => s.get(c) > 0, (s) => s.set(c, 0))),
      ],
      invariants: {
        Low: (s) => {
          if (invFault > 0 && s.get(c) >= invFault) throw new Error(`Low cannot judge c = ${s.get(c)}`);
          return s.get(c) < low;
        },
      },
      checkDeadlock: false,
    };
  },
});

export default rare;

/** Builds the model with knob settings `set` (a WorkerSource's args). */
export async function buildWorkerModel(set: unknown): Promise<BuiltModel> {
  return buildModel(rare, resolveKnobs(rare, { set: set as Record<string, string> }));
}
