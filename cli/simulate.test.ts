/**
 * `interleave simulate` end to end, in-process: the honest verdict and exit
 * code, reproducibility from the seed, --json, and --out with the same files
 * as check (the ITF trace of a walk replays from its initial state).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fromItf } from '../checker';
import { memoryIo } from './io';
import { runCli } from './main';

const root = path.resolve(__dirname, '..');

async function cli(cwd: string, ...argv: string[]) {
  const io = memoryIo(cwd);
  const code = await runCli(argv, io);
  return { code, out: io.stdout, err: io.stderr };
}

describe('interleave simulate', () => {
  it('says "no violation found in K traces" with exit 5 when the walks find nothing', async () => {
    const r = await cli(root, 'simulate', 'classic/filter', '--set', 'N=3', '--traces', '25', '--depth', '30', '--seed', '9');
    expect(r.code).toBe(5);
    expect(r.out).toContain('Mutex          invariant  unknown — no violation found in 25 random traces (a simulation proves nothing)');
    expect(r.out).toContain('verdict: no violation found in 25 random traces of at most 30 steps (seed 9); a simulation proves nothing (exit 5)');
    expect(r.out).toContain('reproduce: npx interleave simulate classic/filter --set N=3 --seed 9 --depth 30 --traces 25');
    expect(r.out).not.toContain('verdict: ok');
  });

  it('prints the same report for the same seed, and a JSON result with the simulation field', async () => {
    const a = await cli(root, 'simulate', 'classic/philo', '--set', 'N=7', '--seed', '5', '--json');
    const b = await cli(root, 'simulate', 'classic/philo', '--set', 'N=7', '--seed', '5', '--json');
    expect(a.code).toBe(11);
    const strip = (t: string) => {
      const j = JSON.parse(t);
      delete j.stats.seconds;
      delete j.stats.statesPerSecond;
      return j;
    };
    expect(strip(a.out)).toEqual(strip(b.out));
    const j = strip(a.out);
    expect(j).toMatchObject({ verdict: 'violation', exitCode: 11, options: { strategy: 'simulate' }, simulation: { seed: 5, depth: 100, traces: 1000 } });
    expect(j.simulation.tracesRun).toBeGreaterThanOrEqual(1);
  });

  it('writes result.json, report.html and an ITF trace whose states are the counterexample', async () => {
    const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'interleave-sim-'));
    const r = await cli(cwd, 'simulate', 'classic/naivelock', '--set', 'N=3', '--seed', '2', '--out', 'o');
    expect(r.code).toBe(12);
    expect(fs.readdirSync(path.join(cwd, 'o')).filter((f) => f !== '.interleave-files.json').sort()).toEqual(['report.html', 'result.json', 'trace.itf.json']);
    const result = JSON.parse(fs.readFileSync(path.join(cwd, 'o/result.json'), 'utf8'));
    const cx = result.properties.find((p: { name: string }) => p.name === 'Mutex').counterexample;
    const itf = JSON.parse(fs.readFileSync(path.join(cwd, 'o/trace.itf.json'), 'utf8'));
    expect(itf.states).toHaveLength(cx.steps.length);
    expect(fromItf(itf).states.map((s) => Object.fromEntries(Object.entries(s.values).map(([k, v]) => [k, (v as { toJS?: () => unknown }).toJS ? (v as { toJS: () => unknown }).toJS() : v])))).toEqual(cx.steps.map((s: { state: unknown }) => s.state));
    expect(fs.readFileSync(path.join(cwd, 'o/report.html'), 'utf8')).toContain('verdict: violation — Mutex (exit 12)');
  });

  it('refuses a negative seed with IL006 (exit 2)', async () => {
    const r = await cli(root, 'simulate', 'classic/philo', '--seed', '-1');
    expect(r.code).toBe(2);
    expect(r.err).toContain('error IL006: --seed -1 is not a non-negative integer');
  });
});
