/**
 * kit/wakeup and classic/wakeup are the same model, once with the kit and
 * once by hand: the same verdicts, counterexample lengths and distinct-state
 * counts (numbers from running both; `npm run bench -- wakeup` compares
 * their speed).
 */
import { buildModel, check, resolveKnobs, type KnobSpecs, type ModelDefinition } from '../../checker';
import classicWakeup from '../classic/wakeup';
import kitWakeup from './examples/wakeup';

async function run(def: unknown, set: Record<string, unknown>) {
  const d = def as ModelDefinition<KnobSpecs>;
  return check(buildModel(d, resolveKnobs(d, { set })), { continue: true });
}

describe.each([
  [1, true, 13, 'holds', undefined],
  [3, true, 253, 'holds', undefined],
  [3, false, 320, 'violated', 6],
  [5, false, 4006, 'violated', 8],
] as const)('N=%i barrier=%s', (N, barrier, states, deadlock, length) => {
  it(`both have ${states} states and the deadlock ${deadlock}`, async () => {
    for (const def of [kitWakeup, classicWakeup]) {
      const r = await run(def, { N, barrier });
      expect(r.stats.distinctStates).toBe(states);
      const p = r.properties.find((x) => x.name === 'deadlock')!;
      expect(p.status).toBe(deadlock);
      expect(p.counterexample?.length).toBe(length);
    }
  });
});
