/**
 * classic/gossip with bit masks: know[p] is an integer whose bit r says that
 * p knows rumour r (the way a model is written without set values). Same
 * states and counts as classic/gossip (models/classic/gossip.test.ts); the
 * bench compares their speed.
 */
import { action, defineModel, intKnob, range } from '../../checker';

export default defineModel({
  name: 'classic/gossip-bits',
  description: 'classic/gossip written with one bit mask per process instead of sets and functions',
  knobs: { N: intKnob(2, 8, 3, 'processes') },
  build: ({ N }, v) => {
    const know = v.array('know', N, v.int(0, 2 ** N - 1));
    const pairs = range(N).flatMap((p) => range(N).filter((q) => q !== p).map((q) => [p, q] as const));
    return {
      init: (s) => range(N).forEach((p) => s.set(know, p, 1 << p)),
      actions: pairs.map(([p, q]) =>
        action(
          `Tell(${p},${q})`,
          (s) => (s.get(know, p) & ~s.get(know, q)) !== 0,
          (s) => s.set(know, q, s.get(know, q) | s.get(know, p)),
          { lane: `p${p}` },
        ),
      ),
      terminal: () => true,
    };
  },
});
