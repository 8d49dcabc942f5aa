/**
 * The CLI, run in-process through `runCli` with a recording Io: exit codes,
 * human and JSON output, errors for bad input, files under --out, `list`.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { memoryIo } from './io';
import { runCli } from './main';
import { createProgressLine } from './progress';

const root = path.resolve(__dirname, '..');

async function cli(...argv: string[]) {
  const io = memoryIo(root);
  const code = await runCli(argv, io);
  return { code, out: io.stdout, err: io.stderr };
}

describe('interleave check', () => {
  it('reports the philosophers deadlock with its shortest counterexample and the reproducing command', async () => {
    const r = await cli('check', 'classic/philo', '--set', 'N=5');
    expect(r.code).toBe(11);
    expect(r.out).toContain('deadlock     deadlock   VIOLATED (counterexample of 5 steps)');
    expect(r.out).toContain('SomeoneEats  liveness   unknown — not checked: the run stopped at the first violation');
    expect(r.out).toContain('5  philo 4  PickLeft(4)  pc[4]: think -> hasLeft');
    expect(r.out).toContain('verdict: violation — deadlock (exit 11)');
    expect(r.out).toContain('reproduce: npx interleave check classic/philo --set N=5');
  });

  it('prints one JSON object with verdict, model, knobs, properties and stats under --json', async () => {
    const r = await cli('check', 'classic/philo', '--set', 'N=3', '--json');
    expect(r.code).toBe(11);
    const j = JSON.parse(r.out);
    expect(j).toMatchObject({ verdict: 'violation', model: 'classic/philo', knobs: { N: 3 }, schemaVersion: 2 });
    expect(j.properties).toEqual([
      expect.objectContaining({ name: 'SomeoneEats', kind: 'liveness', form: 'alwaysEventually', status: 'unknown' }),
      expect.objectContaining({ name: 'deadlock', kind: 'deadlock', status: 'violated', counterexample: expect.objectContaining({ length: 3 }) }),
    ]);
    const steps = j.properties[1].counterexample.steps;
    expect(steps[0]).toEqual({ action: 'Init', state: { pc: ['think', 'think', 'think'], fork: [false, false, false] } });
    expect(steps[3]).toEqual({ action: 'PickLeft(2)', lane: 'philo 2', state: { pc: ['hasLeft', 'hasLeft', 'hasLeft'], fork: [true, true, true] } });
    expect(Object.keys(j.stats)).toEqual(expect.arrayContaining(['distinctStates', 'statesGenerated', 'transitions', 'depth', 'seconds', 'statesPerSecond', 'collisionProbability']));
    expect(r.err).toBe('');
  });

  it('exits 0 when every property holds and 12 on an invariant violation', async () => {
    expect((await cli('check', 'classic/filter', '--set', 'N=2')).code).toBe(0);
    const r = await cli('check', 'classic/naivelock', '--set', 'N=2');
    expect(r.code).toBe(12);
    expect(r.out).toContain('invariant Mutex is false in the last state');
  });

  it('exits 3 when a bound stops the run, and says nothing is proven', async () => {
    const r = await cli('check', 'classic/filter', '--set', 'N=4', '--max-states', '100');
    expect(r.code).toBe(3);
    expect(r.out).toContain('verdict: incomplete — stopped by max-states (100)');
    expect(r.out).toContain('Mutex          invariant  unknown — exploration stopped');
    expect(r.out).toContain('Starvation(0)  liveness   unknown — exploration stopped');
  });

  it('warns about actions that never fired', async () => {
    const r = await cli('check', './cli/__fixtures__/unused-action.ts');
    expect(r.code).toBe(0);
    expect(r.out).toContain('warning: 1 action never fired: Never');
  });

  it('loads a model file written in plain JavaScript', async () => {
    const r = await cli('check', './cli/__fixtures__/counter.js');
    expect(r.code).toBe(12);
    expect(r.out).toContain('BelowThree  invariant  VIOLATED (counterexample of 3 steps)');
  });

  it('reports a model whose action throws as a model error (exit 4)', async () => {
    const r = await cli('check', './cli/__fixtures__/throws.ts');
    expect(r.code).toBe(4);
    // On stderr like every model error, with the line of the model file that threw.
    expect(r.err).toContain("error IL101: model 'fixtures/throws': action 'Boom' threw: boom (at ");
    expect(r.err).toContain('cli/__fixtures__/throws.ts:8)');
    expect(r.out).toContain('verdict: model error (exit 4)');
  });

  it('writes result.json atomically under --out', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'interleave-'));
    const r = await cli('check', 'classic/locksem', '--out', dir);
    expect(r.code).toBe(11);
    const files = fs.readdirSync(dir);
    expect(files).toContain('result.json');
    expect(files.filter((f) => f.startsWith('.') && f !== '.interleave-files.json')).toEqual([]); // no temporary files left
    const j = JSON.parse(fs.readFileSync(path.join(dir, 'result.json'), 'utf8'));
    expect(j.properties[0].counterexample.steps.map((s: { action: string }) => s.action)).toEqual(['Init', 'ALock']);
  });
});

describe('bad input', () => {
  it.each([
    [['check', 'classic/philoo'], 'IL001', 'valid: classic/philo, classic/filter, classic/naivelock, classic/locksem'],
    [['check', 'classic/philo', '--set', 'M=3'], 'IL002', 'valid: N=2..64'],
    [['check', 'classic/philo', '--set', 'N=99'], 'IL003', 'outside 2..64'],
    [['check', 'classic/philo', '--set', 'N'], 'IL003', 'not of the form KNOB=VALUE'],
    [['check', 'classic/filter', '--invariant', 'Mutx'], 'IL004', 'valid: Mutex'],
    [['check', 'classic/philo', '--preset', 'v1'], 'IL005', 'this model has no presets'],
    [['check', 'classic/philo', '--max-states', '0'], 'IL006', 'not a positive integer'],
    [['check', 'classic/philo', '--workers', 'many'], 'IL014', 'nor auto'],
    [['simulate', 'classic/philo', '--workers', '2x'], 'IL014', 'nor auto'],
    [['check', './nope.ts'], 'IL007', 'does not exist'],
    [['check', './cli/__fixtures__/no-export.ts'], 'IL007', "valid: export 'notAModel'"],
  ])('%j fails with %s and exit 2', async (argv, code, text) => {
    const r = await cli(...argv);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`error ${code}`);
    expect(r.err).toContain(text);
  });

  it('rejects unknown commands and options with usage help (exit 2)', async () => {
    expect((await cli('chek')).code).toBe(2);
    const r = await cli('check', 'classic/philo', '--bogus');
    expect(r.code).toBe(2);
    expect(r.err).toContain('Unknown argument: bogus');
    expect((await cli()).err).toContain('name a command');
  });

  it('gives usage errors as JSON under --json', async () => {
    const r = await cli('check', 'classic/philo', '--set', 'N=1', '--json');
    expect(r.code).toBe(2);
    expect(JSON.parse(r.out)).toMatchObject({ verdict: 'usage-error', exitCode: 2, error: { code: 'IL003' } });
  });
});

describe('interleave list', () => {
  it('lists every model with knobs, domains, defaults and properties', async () => {
    const r = await cli('list');
    expect(r.code).toBe(0);
    expect(r.out).toContain('classic/philo — ');
    expect(r.out).toContain('N = 5  (2..64)  number of philosophers (and forks)');
    expect(r.out).toContain('Mutex (invariant)');
    expect(r.out).toContain('deadlock (deadlock)');
  });

  it('describes one model, or a model file, as JSON', async () => {
    const j = JSON.parse((await cli('list', 'classic/filter', '--json')).out);
    expect(j.models).toHaveLength(1);
    expect(j.models[0]).toMatchObject({ name: 'classic/filter', knobs: [{ name: 'N', domain: '2..12', default: 3 }, { name: 'fair', domain: 'true|false', default: true }] });
    const f = JSON.parse((await cli('list', 'docs/examples/peterson.ts', '--json')).out);
    expect(f.models[0].properties.map((p: { name: string }) => p.name)).toEqual(['Mutex', 'deadlock']);
  });
});

describe('progress', () => {
  it('draws one refreshed line and clears it at the end', () => {
    let text = '';
    const p = createProgressLine((t) => (text += t));
    p.progress!({ seconds: 2, statesGenerated: 12345, distinctStates: 678, queue: 9, depth: 4, statesPerSecond: 6172.5, memoryBytes: 3 * 2 ** 20 });
    expect(text).toBe('\r  2s  12,345 generated  678 distinct  queue 9  depth 4  6,173 states/s  3 MB\x1b[K');
    p.done();
    expect(text.endsWith('\r\x1b[K')).toBe(true);
  });
});

describe('the installed command', () => {
  it('runs from bin/ after the build (npm ci builds dist/)', () => {
    expect(fs.existsSync(path.join(root, 'dist/cli/main.js'))).toBe(true);
    const r = spawnSync(process.execPath, [path.join(root, 'bin/interleave.js'), 'check', 'classic/locksem', '--json'], { encoding: 'utf8', cwd: root });
    expect(r.status).toBe(11);
    expect(JSON.parse(r.stdout).verdict).toBe('violation');
    expect(execFileSync(process.execPath, [path.join(root, 'bin/interleave.js'), '--version'], { encoding: 'utf8' }).trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });
});

describe('interrupting a run', () => {
  it('ends cleanly on SIGINT with a partial report and exit 3', async () => {
    const child = spawn(process.execPath, [path.join(root, 'bin/interleave.js'), 'check', 'classic/filter', '--set', 'N=7', '--json'], { cwd: root });
    let stdout = '';
    child.stdout.on('data', (d) => (stdout += d));
    await new Promise((r) => setTimeout(r, 1500));
    child.kill('SIGINT');
    const code = await new Promise<number | null>((r) => child.on('close', r));
    expect(code).toBe(3);
    const j = JSON.parse(stdout);
    expect(j).toMatchObject({ verdict: 'incomplete', bound: { kind: 'interrupted' } });
    expect(j.stats.distinctStates).toBeGreaterThan(0);
    expect(j.properties.every((p: { status: string }) => p.status === 'unknown')).toBe(true);
  });
});

describe('interleave list: symmetry', () => {
  it('shows the declared symmetry with its group and variables', async () => {
    const r = await cli('list', 'classic/filter');
    expect(r.out).toContain('symmetry (default knobs): processes: permutations of 3 (pc[p], lv[p], level[p], victim = p)');
    const p = await cli('list', 'classic/philo');
    expect(p.out).toContain('symmetry (default knobs): philosophers: rotations of 5 (pc[p], fork[p])');
  });

  it('check --no-liveness reduces by symmetry and says so; --no-symmetry gives every state', async () => {
    const on = await cli('check', 'classic/filter', '--set', 'N=4', '--no-liveness');
    expect(on.out).toContain('1,705 distinct states');
    expect(on.out).toContain('symmetry processes: permutations of 4: distinct states are orbits');
    const off = await cli('check', 'classic/filter', '--set', 'N=4', '--no-liveness', '--no-symmetry');
    expect(off.out).toContain('9,272 distinct states');
    expect(off.out).toContain('reproduce: npx interleave check classic/filter --set N=4 --no-liveness --no-symmetry');
    const refused = await cli('check', 'classic/filter', '--set', 'N=3', '--symmetry');
    expect(refused.code).toBe(2);
    expect(refused.err).toContain('error IL011');
  });
});
