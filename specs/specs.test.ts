/**
 * The regression specs of specs/ as jest tests: one test per spec and
 * scenario, checked with runSpec exactly as `interleave regress` checks them,
 * so `npm test` fails when a verdict changes. A failing test prints expected
 * against actual and the command that reproduces the scenario; a deliberately
 * wrong inline spec (not a file in specs/) pins that message. The spec files
 * are found by the same discovery as the CLI (builtinSpecs).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildModel, resolveKnobs, runSpec, toMismatchReport, type KnobSpecs, type ModelDefinition, type Spec, type SpecScenario } from '../checker';
import { memoryIo } from '../cli/io';
import { runCli } from '../cli/main';
import { builtinSpecs } from '../cli/regress';
import { findModel } from '../models';
import { SETUP_PROPERTIES } from './expect';

function getModel(name: string): ModelDefinition<KnobSpecs> {
  const def = findModel(name);
  if (!def) throw new Error(`no built-in model '${name}'`);
  return def;
}

/** Checks one scenario of a spec; throws the mismatch report (expected vs actual, and the command to reproduce) when a row fails. */
async function assertScenario(id: string, spec: Spec, scenario: SpecScenario): Promise<void> {
  const one: Spec = { ...spec, scenarios: [scenario] };
  const runs = await runSpec(id, one, getModel(spec.model));
  const report = toMismatchReport(one, runs);
  if (report) throw new Error(`spec ${id} no longer matches the engine:\n${report}`);
}

const specs = builtinSpecs();

describe('the spec files', () => {
  it('cover the bug library (models/qemu/bugs)', () => {
    expect(specs.filter((s) => s.spec.model !== 'qemu/setup').map((s) => s.id)).toEqual(['2362a28ea11c-iothread-stop-race', '4afeffc857-block-job-double-entry', '5710a3e09f9b-notify-me-barrier', '7455ff1aa015-aio-wait-kick-barrier']);
  });

  it('cover the commits, postings and counterfactuals of the QEMU history (docs/models/qemu-grounding.md)', () => {
    expect(specs.filter((s) => s.spec.model === 'qemu/setup').map((s) => s.id)).toEqual([
      '112b55f0b012-snapshot-capability-check',
      '4987783400-dirty-log-start-under-bql',
      '5b82b703b69a-rcu-dirty-memory',
      '930e239d11e2-hold-bql-during-setup',
      '93fa9dc2e052-channels-created',
      '9b0950375277-setup-out-of-big-lock',
      'dd904bc13f2a-multifd-setup-in-migration-thread',
      'e5f14aa5fe7f-flush-in-unlocked-window',
      'naive-fix-double-lock',
      'patch-v1-conditional-locking',
      'patch-v2-hold-bql-during-setup',
      'patch-v3-unlock-multifd-sync',
      'r3-without-multifd-unlock',
      'r5-without-multifd-unlock',
      'v8.1.0-release',
      'v9.2.4-release',
    ]);
  });

  it.each(specs.map((s) => [s.id, s] as const))('%s names its commit, links it, and expects every property in every scenario', (_id, s) => {
    const { spec } = s;
    expect(spec.title.length).toBeGreaterThan(10);
    expect(spec.date).toMatch(/^\d{4}/);
    expect(spec.story.split(/[.?!]\s/).length).toBeGreaterThanOrEqual(2);
    if (/^[0-9a-f]{40}$/.test(spec.commit)) {
      expect(spec.link).toBe(`https://gitlab.com/qemu-project/qemu/-/commit/${spec.commit}`);
      expect(s.id.startsWith(spec.commit.slice(0, 10))).toBe(true);
    } else if (spec.commit.includes('@')) {
      expect(spec.link).toBe(`https://lore.kernel.org/qemu-devel/${spec.commit}/`);
    } else {
      expect(spec.link).toMatch(/^https:\/\/(gitlab\.com\/qemu-project\/qemu\/|lore\.kernel\.org\/qemu-devel\/)/);
    }
    const def = getModel(spec.model);
    expect(def.presets?.[spec.preset ?? '']).toBeDefined();
    // Every property the model states (`interleave list`), liveness included; for qemu/setup the list of specs/expect.ts.
    const properties = buildModel(def, resolveKnobs(def, { preset: spec.preset })).properties.map((p) => p.name).sort();
    if (spec.model === 'qemu/setup') expect(properties).toEqual([...SETUP_PROPERTIES].sort());
    expect(properties).toContain('deadlock');
    for (const sc of spec.scenarios) {
      expect(Object.keys(sc.expect).sort()).toEqual([...properties].sort());
      expect(sc.mustFire?.length ?? 0).toBeGreaterThan(0);
    }
  });
});

describe.each(specs.map((s) => [s.id, s] as const))('%s', (id, s) => {
  it.each(s.spec.scenarios.map((sc) => [sc.name, sc] as const))('%s matches the engine', async (_name, sc) => {
    await assertScenario(id, s.spec, sc);
  });
});

describe('a spec with a wrong expectation', () => {
  const holdsAll = { I1: 'holds', I2: 'holds', I3b: 'holds', I3c: 'holds', I4: 'holds', I5: 'holds', I6: 'holds', I8: 'holds', SetupCompletes: 'holds', BHRuns: 'holds', MainLoopProgress: 'holds', deadlock: 'holds' } as const;
  const wrong: Spec = {
    commit: 'wrong-on-purpose',
    title: 'v8.1.0 claimed safe (a deliberately wrong spec)',
    date: '2023-08',
    link: 'https://gitlab.com/qemu-project/qemu/-/tree/v8.1.0',
    story: 'This spec claims that v8.1.0 takes a snapshot on a vCPU safely. It does not.',
    model: 'qemu/setup',
    preset: 'v8.1.0',
    scenarios: [
      { name: 'snapshot-vcpu', knobs: { scenario: 'S1' }, expect: holdsAll, mustFire: ['vcpu0:wrap.run_bh', 'no.such.step'] },
      { name: 'snapshot-main', knobs: { scenario: 'S2', vm_stop: 'noop' }, expect: { ...holdsAll, I4: 'violated' }, length: { I4: 3 } },
      { name: 'precopy', knobs: { scenario: 'S5' }, expect: holdsAll, mustFire: ['migration:setup.ram_init'] },
    ],
  };

  it('fails with expected against actual and the command that reproduces it', async () => {
    const runs = await runSpec('wrong-on-purpose', wrong, getModel('qemu/setup'));
    expect(runs.map((r) => r.rows.every((row) => row.ok))).toEqual([false, false, true]);
    expect(toMismatchReport(wrong, runs)).toBe(
      [
        'wrong-on-purpose / snapshot-vcpu:',
        '  I1: expected holds, actual violated (14 steps)',
        "  fires: no.such.step: expected fired, actual not fired — no step of the model matches 'no.such.step'",
        '  reproduce: npx interleave check qemu/setup --preset v8.1.0 --set scenario=S1 --continue',
        'wrong-on-purpose / snapshot-main:',
        '  I4: expected violated (3 steps), actual violated (12 steps) — expected a counterexample of 3 steps, got 12',
        '  reproduce: npx interleave check qemu/setup --preset v8.1.0 --set scenario=S2 --set vm_stop=noop --continue',
      ].join('\n'),
    );
  });

  it('fails its jest test with that message', async () => {
    await expect(assertScenario('wrong-on-purpose', wrong, wrong.scenarios[0]!)).rejects.toThrow(
      /I1: expected holds, actual violated \(14 steps\)[\s\S]*reproduce: npx interleave check qemu\/setup --preset v8\.1\.0 --set scenario=S1 --continue/,
    );
    await expect(assertScenario('wrong-on-purpose', wrong, wrong.scenarios[2]!)).resolves.toBeUndefined();
  });

  it('makes `interleave regress <file>` exit 1 and print the mismatch, the command and the count', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'interleave-spec-'));
    const file = path.join(dir, 'wrong-on-purpose.spec.ts');
    fs.writeFileSync(file, `import { defineSpec } from 'interleave';\nexport default defineSpec(${JSON.stringify(wrong, null, 2)});\n`);
    const io = memoryIo(dir);
    const code = await runCli(['regress', file, '--out', path.join(dir, 'out')], io);
    expect(code).toBe(1);
    expect(io.stdout).toMatch(/✗ +wrong-on-purpose +snapshot-vcpu +I1 +holds +violated \(14\)/);
    expect(io.stdout).toContain('reproduce: npx interleave check qemu/setup --preset v8.1.0 --set scenario=S1 --continue');
    expect(io.stdout.trimEnd()).toMatch(/\n\d+ passed, 3 failed$/);
    const summary = JSON.parse(fs.readFileSync(path.join(dir, 'out', 'summary.json'), 'utf8')) as { failed: number; specs: { id: string }[] };
    expect(summary.failed).toBe(3);
    expect(summary.specs.map((x) => x.id)).toEqual(['wrong-on-purpose']);
    expect(fs.existsSync(path.join(dir, 'out', 'wrong-on-purpose', 'snapshot-vcpu', 'result.json'))).toBe(true);
    expect(fs.readFileSync(path.join(dir, 'out', 'summary.md'), 'utf8')).toContain('## Mismatches');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('makes `interleave regress <file>` exit 4 when the model throws, naming the error', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'interleave-spec-'));
    fs.writeFileSync(
      path.join(dir, 'boom.ts'),
      "import { action, defineModel } from 'interleave';\n" +
        "export default defineModel({ name: 'test/boom', build: (_k, v) => { const x = v.scalar('x', v.int(0, 1)); return { init: () => {}, actions: [action('Boom', (s) => s.get(x) === 0, () => { throw new Error('kaput'); })] }; } });\n",
    );
    const spec: Spec = { commit: 'boom', title: 'a model that throws', date: '2026-01', link: 'https://example.invalid/', story: 'The only action throws. Regress must say so.', model: './boom.ts', scenarios: [{ name: 'only', knobs: {}, expect: { deadlock: 'holds' } }] };
    fs.writeFileSync(path.join(dir, 'boom.spec.ts'), `import { defineSpec } from 'interleave';\nexport default defineSpec(${JSON.stringify(spec)});\n`);
    const io = memoryIo(dir);
    expect(await runCli(['regress', 'boom.spec.ts', '--out', 'out'], io)).toBe(4);
    expect(io.stdout).toMatch(/✗ +boom +only +\(model\) +no error +error/);
    expect(io.stdout).toContain('kaput');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('makes `interleave regress` exit 2 for a spec name that does not exist, listing the specs', async () => {
    const io = memoryIo(path.resolve(__dirname, '..'));
    expect(await runCli(['regress', 'no-such-spec'], io)).toBe(2);
    expect(io.stderr).toContain("no spec named 'no-such-spec'");
    expect(io.stderr).toContain('930e239d11e2-hold-bql-during-setup');
  });
});
