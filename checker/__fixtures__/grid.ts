/**
 * A model for the workers' tests whose violations lie in BFS levels of
 * hundreds of states, so that the shared-table levels (level.ts) meet them:
 * x and y climb to 31, a phase z cycles through 8 values. Invariant
 * `SumBelow` fails at x + y = `limit` (a level of about 8 × limit states),
 * assertion `Diagonal` fails on the step that brings x to y's value at
 * `diagonal` (0: never), and a state constraint keeps z below `zmax`, so
 * that invariants are also checked on successors outside it. With
 * `stuck`, states with x = y = `stuck` enable nothing: deadlocks.
 */
import { action, boolKnob, defineModel, intKnob } from '..';

export default defineModel({
  name: 'fixtures/grid',
  knobs: {
    limit: intKnob(0, 62, 40, 'SumBelow fails at x + y = limit'),
    diagonal: intKnob(0, 31, 0, 'Diagonal fails when x reaches y at this value (0: never)'),
    zmax: intKnob(1, 8, 8, 'the state constraint: z < zmax'),
    stuck: intKnob(0, 31, 0, 'x = y = stuck enables nothing (0: never)'),
    spin: boolKnob(true, 'z cycles'),
  },
  build: ({ limit, diagonal, zmax, stuck, spin }, v) => {
    const x = v.scalar('x', v.int(0, 31));
    const y = v.scalar('y', v.int(0, 31));
    const z = v.scalar('z', v.int(0, 7));
    const free = (s: { get(f: typeof x): number }) => stuck === 0 || s.get(x) !== stuck || s.get(y) !== stuck;
    return {
      init: () => {},
      actions: [
        action('IncX', (s) => s.get(x) < 31 && free(s), (s) => {
          s.set(x, s.get(x) + 1);
          s.assert(diagonal === 0 || s.get(x) !== diagonal || s.get(y) !== diagonal, 'Diagonal');
        }),
        action('IncY', (s) => s.get(y) < 31 && free(s), (s) => s.set(y, s.get(y) + 1)),
        action('Spin', (s) => spin && free(s), (s) => s.set(z, (s.get(z) + 1) % 8)),
      ],
      invariants: {
        SumBelow: { check: (s) => s.get(x) + s.get(y) !== limit, doc: 'x + y never reaches limit' },
      },
      assertions: { Diagonal: 'x never steps onto the diagonal at `diagonal`' },
      constraint: (s) => s.get(z) < zmax,
      checkDeadlock: stuck !== 0,
    };
  },
});
