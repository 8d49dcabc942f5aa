/**
 * A model for the workers' tests whose last level outgrows the table the
 * shared-table path sized for it, so that the level stops (the table is
 * full), the table grows and the level runs again (parallel.ts, Stop.full):
 * twelve levels double (x takes its bits one by one, 4,096 states at the
 * end), two levels only step (`Settle`, `Arm`), so the next level is
 * predicted at twice its size, and then each of the 4,096 states takes
 * `width` steps at once (`Burst0`…): 131,072 new states at the default,
 * where the 2^16-slot table had room for about 40,000. 147,455 states in all
 * (8,191 + 4,096 + 4,096 + 131,072).
 */
import { action, defineModel, intKnob } from '..';

export default defineModel({
  name: 'fixtures/burst',
  knobs: {
    width: intKnob(1, 32, 32, 'steps each state of the last level before the burst takes'),
  },
  build: ({ width }, v) => {
    const d = v.scalar('d', v.int(0, 12));
    const x = v.scalar('x', v.int(0, 4095));
    const phase = v.scalar('phase', v.int(0, 3));
    const r = v.scalar('r', v.int(0, 31));
    return {
      init: () => {},
      actions: [
        action('Zero', (s) => s.get(phase) === 0 && s.get(d) < 12, (s) => s.set(d, s.get(d) + 1)),
        action('One', (s) => s.get(phase) === 0 && s.get(d) < 12, (s) => {
          s.set(x, s.get(x) | (1 << s.get(d)));
          s.set(d, s.get(d) + 1);
        }),
        action('Settle', (s) => s.get(phase) === 0 && s.get(d) === 12, (s) => s.set(phase, 1)),
        action('Arm', (s) => s.get(phase) === 1, (s) => s.set(phase, 2)),
        ...Array.from({ length: width }, (_, k) =>
          action(`Burst${k}`, (s) => s.get(phase) === 2, (s) => {
            s.set(r, k);
            s.set(phase, 3);
          }),
        ),
      ],
      checkDeadlock: false,
    };
  },
});
