/**
 * The TLA+ idioms example, loaded as a user model file through the CLI (it
 * imports 'interleave' like a file outside this repository). Its counts are
 * TLC's for the spec in its header, worked out by hand: with VIEW <<x, y>>
 * every pair x # y in 0..2 is reachable (6 states); 3 initial states plus,
 * per state, one Swap, one Move (exactly one w differs from both) and a Bump
 * in the 2 states where x < 2 and x + 1 # y (<<0, 2>> and <<1, 0>>):
 * 3 + 6 * 2 + 2 = 17 generated; the 3 states not initial are one step away.
 */
import * as path from 'node:path';
import { memoryIo } from '../../cli/io';
import { runCli } from '../../cli/main';

const root = path.resolve(__dirname, '..', '..');

it('checks the spec with TLC counts, coverage per disjunct and choice', async () => {
  const io = memoryIo(root);
  const code = await runCli(['check', 'docs/examples/tla-idioms.ts', '--json'], io);
  expect(code).toBe(0);
  const r = JSON.parse(io.stdout);
  expect(r.stats).toMatchObject({ distinctStates: 6, statesGenerated: 17, depth: 2 });
  // Move's one choice differs per state: Move(2) from <<0, 1>> and <<1, 0>>, Move(1) from <<0, 2>> and <<2, 0>>, Move(0) from <<1, 2>> and <<2, 1>>.
  expect(r.coverage.map((c: { action: string; fired: number }) => [c.action, c.fired])).toEqual([
    ['Next/Swap', 6],
    ['Next/Move(2)', 2],
    ['Next/Move(1)', 2],
    ['Next/Move(0)', 2],
    ['Next/Bump', 2],
  ]);
});
