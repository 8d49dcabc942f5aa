/**
 * An impure model for the workers' tests, and the worker source that builds
 * it: its effect reads the id of the thread it runs in, so each worker
 * computes its own successors (each one deterministically, which the
 * one-thread determinism check cannot see).
 */
import { threadId } from 'node:worker_threads';
import { action, buildModel, BuiltModel, defineModel, range, resolveKnobs } from '..';

export const impure = defineModel({
  name: 'fixtures/impure-thread',
  build: (_k, v) => {
    const bits = v.array('bits', 8, v.bool());
    const last = v.scalar('last', v.int(0, 255));
    return {
      init: () => {},
      actions: range(8).map((i) =>
        action(`Set(${i})`, (s) => !s.get(bits, i), (s) => {
          s.set(bits, i, true);
          s.set(last, threadId % 256);
        }),
      ),
      checkDeadlock: false,
    };
  },
});

export async function buildWorkerModel(): Promise<BuiltModel> {
  return buildModel(impure, resolveKnobs(impure, {}));
}
