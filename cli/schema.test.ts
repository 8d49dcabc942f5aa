/**
 * Every output validates against the JSON Schema shipped in schema/: the
 * result of checks that hold, deadlock, fail an invariant, an assertion, a
 * liveness property (a lasso), stop at a bound or on a model error; the
 * regress summary; a sweep. And a spec with a typo'd status is refused on
 * load, naming the field.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { memoryIo } from './io';
import { runCli } from './main';
import { checkAgainst } from './schema';

const root = path.resolve(__dirname, '..');

async function json(...argv: string[]) {
  const io = memoryIo(root);
  const code = await runCli([...argv, '--json'], io);
  return { code, data: JSON.parse(io.stdout) as unknown, err: io.stderr };
}

describe('result.json and --json', () => {
  it.each([
    ['holds', ['check', 'classic/filter', '--set', 'N=2']],
    ['deadlock', ['check', 'classic/philo', '--set', 'N=3']],
    ['invariant', ['check', 'classic/naivelock', '--set', 'N=2']],
    ['assertion and wait-for', ['check', 'kit/locksem']],
    ['liveness lasso', ['check', 'kit/spin']],
    ['liveness stutter', ['check', 'classic/philo', '--set', 'N=3', '--no-deadlock']],
    ['bound', ['check', 'classic/filter', '--set', 'N=4', '--max-states', '50']],
    ['qemu, every kind with --continue', ['check', 'qemu/setup', '--preset', 'patch-v2', '--set', 'scenario=S3', '--continue']],
    ['symmetry', ['check', 'classic/filter', '--set', 'N=3', '--no-liveness']],
    ['a simulation that finds a violation', ['simulate', 'classic/naivelock', '--set', 'N=3', '--seed', '2']],
    ['a simulation that finds nothing', ['simulate', 'classic/filter', '--set', 'N=2', '--seed', '2', '--traces', '3']],
  ])('validates for a run that ends in: %s', async (_what, argv) => {
    const r = await json(...argv);
    expect(checkAgainst('result', r.data)).toEqual([]);
  });

  it('would catch a wrong field (the schema is strict)', async () => {
    const r = await json('check', 'classic/philo', '--set', 'N=2');
    const bad = { ...(r.data as Record<string, unknown>), verdict: 'fine', extra: 1 };
    const problems = checkAgainst('result', bad).join('\n');
    expect(problems).toContain('/verdict must be equal to one of the allowed values');
    expect(problems).toContain("must NOT have additional properties 'extra'");
  });
});

describe('regress and sweep summaries', () => {
  it('validate against their schemas', async () => {
    const reg = await json('regress', '930e239d11e2');
    expect(checkAgainst('regress-summary', reg.data)).toEqual([]);
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'interleave-sweep-'));
    const sw = await json('sweep', 'classic/philo', '--knob', 'N=2,3', '--out', out);
    expect(checkAgainst('sweep', sw.data)).toEqual([]);
  });
});

describe('spec files', () => {
  it("refuses a typo'd status on load, naming the field", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'interleave-spec-'));
    fs.writeFileSync(
      path.join(dir, 'typo.spec.ts'),
      "import { defineSpec } from 'interleave';\nexport default defineSpec({ commit: 'x', title: 'a spec', date: '2026', link: 'https://example.org', story: 'One. Two.', model: 'classic/philo', scenarios: [{ name: 'a', knobs: {}, expect: { deadlock: 'violate' as never } }] });\n",
    );
    const io = memoryIo(dir);
    expect(await runCli(['regress', './typo.spec.ts'], io)).toBe(2);
    expect(io.stderr).toContain('does not match the spec schema: /scenarios/0/expect/deadlock must be equal to one of the allowed values ("holds", "violated"), got "violate"');
  });

  it('accepts every built-in spec', async () => {
    const r = await json('regress');
    expect(r.code).toBe(0);
  });
});
