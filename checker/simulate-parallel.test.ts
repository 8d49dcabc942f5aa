/**
 * `simulate --workers N` gives the results of one worker: the same verdict,
 * property results and counterexamples, counts, coverage and simulation info,
 * byte for byte (the timings aside). Each run is compared with `workers: 1`,
 * whose walks simulate.test.ts checks. The sim-rare fixture puts a violation,
 * a throwing guard and a throwing invariant in late traces (trace 50 and 288
 * with seed 3), past the first batches the workers are handed; it is its
 * own worker source, so its cases load fast.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildModel, CheckResult, resolveKnobs, simulate, SimulateOptions } from '.';
import { loadModel } from '../cli/load';
import { runCli } from '../cli/main';
import { workerSource } from '../cli/worker-model';
import { buildWorkerModel } from './__fixtures__/sim-rare';

const root = path.resolve(__dirname, '..');

async function run(ref: string, set: Record<string, string>, opts: SimulateOptions, preset?: string): Promise<CheckResult> {
  if (ref === 'rare') return simulate(await buildWorkerModel(set), { workerSource: { module: require.resolve('./__fixtures__/sim-rare'), args: set }, ...opts });
  const def = await loadModel(ref, root);
  const model = buildModel(def, resolveKnobs(def, { preset, set }), preset);
  return simulate(model, { workerSource: workerSource({ model: ref, cwd: root, preset, set }), ...opts });
}

/** The result without the timings, as text: what must not depend on the number of workers. */
function comparable(r: CheckResult): string {
  const { seconds, statesPerSecond, ...stats } = r.stats;
  expect(seconds).toBeGreaterThanOrEqual(0);
  expect(statesPerSecond).toBeGreaterThanOrEqual(0);
  return JSON.stringify({ ...r, stats });
}

const rare = 'rare';
const late = { seed: 3, traces: 400, depth: 30 };
// Every case has all five fields: jest gives a test function with more parameters than the row a `done` callback.
const CASES: [string, string, Record<string, string>, SimulateOptions, string | undefined][] = [
  ['philo N=5, the deadlock in the first trace', 'classic/philo', { N: '5' }, { seed: 1, traces: 100 }, undefined],
  ['philo N=8, every property (--continue)', 'classic/philo', { N: '8' }, { seed: 2, traces: 200, continue: true }, undefined],
  ['filter N=3, nothing found', 'classic/filter', { N: '3' }, { seed: 0, traces: 100, depth: 40 }, undefined],
  ['filter N=3, walks of 3000 steps', 'classic/filter', { N: '3' }, { seed: 9, traces: 40, depth: 3000 }, undefined],
  ['locksem (--continue)', 'classic/locksem', {}, { seed: 3, traces: 100, continue: true }, undefined],
  ['wakeup N=3 without the barrier (--continue)', 'classic/wakeup', { N: '3', barrier: 'false' }, { seed: 4, traces: 100, continue: true }, undefined],
  ['qemu/setup v8.1.0, 2 vCPUs, 2 channels (--continue)', 'qemu/setup', { vcpus: '2', migration: 'precopy', multifd: 'true', channels: '2' }, { seed: 5, traces: 60, continue: true }, 'v8.1.0'],
  ['tla/changroberts (chooseFrom)', 'tla/changroberts', {}, { seed: 6, traces: 100, continue: true }, undefined],
  // Interned values (value-ids.ts): the workers' provisional ids get this thread's as records are folded in trace order.
  ['tla/alternatingbit (interned sequences)', 'tla/alternatingbit', { msgQLen: '3', ackQLen: '3' }, { seed: 7, traces: 300, depth: 60, continue: true }, undefined],
  ['tla/twophase RM=4 (interned message sets, a refinement)', 'tla/twophase', { RM: '4' }, { seed: 8, traces: 300, continue: true }, undefined],
  ['an interned Set whose iteration order draws the choices', './checker/__fixtures__/interned-bag.ts', { avoid: '7' }, { seed: 9, traces: 400, depth: 40, continue: true }, undefined],
  ['a violation in trace 50', rare, { low: '7' }, late, undefined],
  ['a violation in trace 50 (--continue)', rare, { low: '7' }, { ...late, continue: true }, undefined],
  ['a guard that throws in trace 288', rare, { guardFault: '8' }, late, undefined],
  ['a violation in trace 50 stops the run before the guard throws', rare, { low: '7', guardFault: '8' }, late, undefined],
  ['a guard that throws after a violation (--continue)', rare, { low: '7', guardFault: '8' }, { ...late, continue: true }, undefined],
  ['an invariant that throws once it is violated: its check is skipped (--continue)', rare, { low: '7', invFault: '9' }, { ...late, continue: true }, undefined],
  ['an invariant that throws (IL104)', rare, { invFault: '9' }, { ...late, continue: true }, undefined],
];

describe('simulate --workers N gives the results of --workers 1', () => {
  it.each(CASES)('%s', async (_name, ref, set, opts, preset) => {
    const expected = comparable(await run(ref, set, { ...opts, workers: 1 }, preset));
    for (const workers of [2, 3]) expect(comparable(await run(ref, set, { ...opts, workers }, preset))).toBe(expected);
  });

  it('reports the fixture cases where the test expects them', async () => {
    const at = async (set: Record<string, string>, opts: SimulateOptions) => {
      const r = await run(rare, set, { ...late, workers: 2, ...opts });
      return [r.verdict, r.simulation?.tracesRun, r.error?.code];
    };
    expect(await at({ low: '7' }, {})).toEqual(['violation', 50, undefined]);
    expect(await at({ guardFault: '8' }, {})).toEqual(['model-error', 288, 'IL101']);
    expect(await at({ low: '7', guardFault: '8' }, {})).toEqual(['violation', 50, undefined]);
    expect(await at({ low: '7', invFault: '9' }, { continue: true })).toEqual(['violation', 400, undefined]);
  });

  it('stops on an interrupt with an incomplete result', async () => {
    const ac = new AbortController();
    const r = await run('classic/filter', { N: '4' }, { seed: 1, traces: 1_000_000, depth: 50, workers: 2, signal: ac.signal, onProgress: () => ac.abort(), progressInterval: 10 });
    expect(r.verdict).toBe('incomplete');
    expect(r.bound).toEqual({ kind: 'interrupted' });
    expect(r.simulation!.tracesRun).toBeLessThan(1_000_000);
  });

  it('stops on an interrupt while the workers start', async () => {
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 20);
    const r = await run('classic/filter', { N: '4' }, { seed: 1, traces: 1000, workers: 2, signal: ac.signal });
    expect(r.bound).toEqual({ kind: 'interrupted' });
    expect(r.simulation!.tracesRun).toBe(0);
  });

  it('stops at the time limit with an incomplete result', async () => {
    const r = await run('classic/filter', { N: '4' }, { seed: 1, traces: 1_000_000, depth: 50, workers: 2, timeLimit: 2 });
    expect(r.verdict).toBe('incomplete');
    expect(r.bound).toEqual({ kind: 'time-limit', limit: 2 });
    expect(r.simulation!.tracesRun).toBeLessThan(1_000_000);
  });

  it('reports a worker that cannot build the model as the run\'s error', async () => {
    // The main thread's model is fine; the workers are given a knob value out of range.
    const r = await simulate(await buildWorkerModel({}), { ...late, workers: 2, workerSource: { module: require.resolve('./__fixtures__/sim-rare'), args: { low: '99' } } });
    expect(r.verdict).toBe('model-error');
    expect(r.error?.message).toMatch(/low/);
  });

  it('refuses workers without a way to rebuild the model (IL015), and a bad count (IL014)', async () => {
    const def = await loadModel('classic/philo', root);
    const model = buildModel(def, resolveKnobs(def, {}));
    await expect(simulate(model, { workers: 2 })).rejects.toMatchObject({ code: 'IL015' });
    await expect(simulate(model, { workers: 0 })).rejects.toMatchObject({ code: 'IL014' });
  });
});

describe('interleave simulate --workers 2', () => {
  it('walks a user .ts model file outside the repository with the results of one worker', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'interleave-sim-'));
    const file = path.join(dir, 'counter.ts');
    fs.writeFileSync(
      file,
      `import { action, defineModel } from 'interleave';
export default defineModel({
  name: 'user/counter',
  build: (_k, v) => {
    const x = v.scalar('x', v.int(0, 9));
    const y = v.scalar('y', v.int(0, 9));
    return {
      init: () => {},
      actions: [
        action('IncX', (s) => s.get(x) < 9, (s) => s.set(x, s.get(x) + 1)),
        action('IncY', (s) => s.get(y) < 9, (s) => s.set(y, s.get(y) + 1)),
        action('Reset', (s) => s.get(x) + s.get(y) > 4, (s) => { s.set(x, 0); s.set(y, 0); }),
      ],
      invariants: { Small: (s) => s.get(x) + s.get(y) < 9 },
    };
  },
});
`,
    );
    const cli = async (workers: string) => {
      let out = '';
      const code = await runCli(['simulate', file, '--seed', '4', '--traces', '200', '--depth', '20', '--continue', '--json', '--workers', workers], { cwd: dir, out: (t: string) => (out += t), err: () => {}, errIsTTY: false } as never);
      const r = JSON.parse(out);
      delete r.stats.seconds;
      delete r.stats.statesPerSecond;
      return { code, r: JSON.stringify(r) };
    };
    const one = await cli('1');
    expect(JSON.parse(one.r).simulation.tracesRun).toBe(200);
    expect(await cli('2')).toEqual(one);
    // auto: one thread per core (availableParallelism), the same result.
    expect(await cli('auto')).toEqual(one);
  });
});
