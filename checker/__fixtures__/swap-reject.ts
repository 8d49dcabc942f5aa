/**
 * A model for the workers' tests that uses the TLA+ forms the worker
 * expansion must follow like the sequential engine: reads of the state before
 * the step (`s.pre`, unprimed) after writes, and `s.reject()` (a false
 * conjunct over primed variables: no successor, not generated, not enabled).
 *
 *   Step == x' = (y + 1) % 5 /\ y' = x /\ x' # y'
 */
import { action, defineModel } from '..';

export default defineModel({
  name: 'fixtures/swap-reject',
  build: (_k, v) => {
    const x = v.scalar('x', v.int(0, 4));
    const y = v.scalar('y', v.int(0, 4));
    return {
      init: [() => {}, (s) => s.set(y, 3)],
      actions: [
        action('Step', null, (s) => {
          s.set(x, (s.pre.get(y) + 1) % 5);
          s.set(y, s.pre.get(x));
          if (s.get(x) === s.get(y)) s.reject();
        }),
      ],
    };
  },
});
