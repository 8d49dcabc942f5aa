import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { memoryIo } from './io';
import { runCli } from './main';
import { buildModel, check, resolveKnobs } from '../checker';
import type { KnobSpecs, ModelDefinition } from '../checker';
import { createOutputs, resolveOutputOptions, safeName } from './outputs';

const BQL = path.resolve(__dirname, '../checker/writers/__fixtures__/bql.ts');

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'interleave-out-'));
}

/** The files a run wrote, without the manifest of them (`.interleave-files.json`, see cli/reliability.test.ts). */
function listOut(dir: string): string[] {
  return fs.readdirSync(dir).filter((f) => f !== '.interleave-files.json');
}

function readAll(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of listOut(dir).sort()) out[f] = fs.readFileSync(path.join(dir, f), 'utf8');
  return out;
}

describe('check --out', () => {
  it('writes result.json, report.html, the ITF trace and with --svg --graph every picture', async () => {
    const cwd = tempDir();
    const io = memoryIo(cwd);
    expect(await runCli(['check', 'classic/locksem', '--out', 'out/locksem', '--svg', '--graph'], io)).toBe(11);
    const files = readAll(path.join(cwd, 'out/locksem'));
    expect(Object.keys(files)).toEqual(['graph.dot', 'graph.svg', 'report.html', 'result.json', 'trace.dot', 'trace.itf.json', 'trace.svg', 'waitfor.dot', 'waitfor.svg']);
    expect(JSON.parse(files['result.json']!)).toMatchObject({ schema: 'interleave.check-result', schemaVersion: 2, verdict: 'violation' });
    expect(files['report.html']).toContain('verdict: violation — deadlock (exit 11)');
    expect(files['report.html']!.match(/<svg /g)).toHaveLength(3); // the trace, the wait-for graph and the state graph
    expect(files['trace.svg']).toContain('ALock');
    expect(io.stderr).toContain('wrote out/locksem/result.json');
    expect(fs.readdirSync(path.join(cwd, 'out/locksem')).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('writes only result.json, report.html and the ITF trace without --dot/--svg', async () => {
    const cwd = tempDir();
    expect(await runCli(['check', 'classic/naivelock', '--out', 'o'], memoryIo(cwd))).toBe(12);
    expect(listOut(path.join(cwd, 'o')).sort()).toEqual(['report.html', 'result.json', 'trace.itf.json']);
    expect(fs.readFileSync(path.join(cwd, 'o/report.html'), 'utf8')).toContain('<svg '); // the report always has its pictures
  });

  it('writes DOT without SVG with --dot, and the wait-for graph at a deadlock of a model with waits', async () => {
    const cwd = tempDir();
    const io = memoryIo(cwd);
    expect(await runCli(['check', BQL, '--out', 'o', '--dot'], io)).toBe(11);
    expect(listOut(path.join(cwd, 'o')).sort()).toEqual(['report.html', 'result.json', 'trace.dot', 'trace.itf.json', 'waitfor.dot']);
    expect(io.stderr).toContain('wait-for at the deadlock: main waits for ready');
    expect(io.stderr).toContain('Nobody can move: main → vcpu0 → main.');
  });

  it('writes one trace per violated property with --continue', async () => {
    const cwd = tempDir();
    expect(await runCli(['check', BQL, '--set', 'bug=assert', '--set', 'stall=true', '--continue', '--out', 'o', '--svg'], memoryIo(cwd))).toBe(12);
    const names = listOut(path.join(cwd, 'o')).sort();
    expect(names).toEqual([
      'report.html',
      'result.json',
      'trace-deadlock.dot',
      'trace-deadlock.itf.json',
      'trace-deadlock.svg',
      'trace-in_main_context.dot',
      'trace-in_main_context.itf.json',
      'trace-in_main_context.svg',
      'trace-stalled.dot',
      'trace-stalled.itf.json',
      'trace-stalled.svg',
      'waitfor.dot',
      'waitfor.svg',
    ]);
    const html = fs.readFileSync(path.join(cwd, 'o/report.html'), 'utf8');
    expect(html.match(/<section id="property-/g)).toHaveLength(3);
    expect(html.match(/<figure class="trace">/g)).toHaveLength(3);
  });

  it('is byte-identical across runs (result.json leaves out the timing fields)', async () => {
    const runs = [];
    const cwds: string[] = [];
    for (let k = 0; k < 2; k++) {
      const cwd = tempDir();
      cwds.push(cwd);
      await runCli(['check', BQL, '--out', 'o', '--svg', '--graph'], memoryIo(cwd));
      runs.push(readAll(path.join(cwd, 'o')));
    }
    const [a, b] = runs as [Record<string, string>, Record<string, string>];
    expect(Object.keys(a)).toEqual(Object.keys(b));
    for (const f of Object.keys(a)) expect([f, a[f]]).toEqual([f, b[f]]);
    expect(Object.keys(JSON.parse(a['result.json']!).stats)).not.toContain('seconds');
    // no path of the run's own directory leaks into the files (the repository itself may live anywhere, even under /tmp)
    for (const cwd of cwds) expect(Object.values(a).join('')).not.toContain(cwd);
  });

  it('refuses a state graph above --graph-limit with IL201, keeps the verdict and writes the rest', async () => {
    const cwd = tempDir();
    const io = memoryIo(cwd);
    expect(await runCli(['check', 'classic/philo', '--out', 'o', '--svg', '--graph', '--graph-limit', '20'], io)).toBe(11);
    expect(io.stderr).toContain("error IL201: the state graph of 'classic/philo' has more than 20 states, so graph.dot is not written");
    expect(io.stderr).toContain('try: raise the limit (--graph-limit 80)');
    const names = listOut(path.join(cwd, 'o'));
    expect(names).not.toContain('graph.dot');
    expect(names).toContain('trace.svg');
    expect(fs.readFileSync(path.join(cwd, 'o/report.html'), 'utf8')).toContain('error IL201: the state graph of');
  });

  it('rejects picture flags without --out (IL202) and a bad --graph-limit (IL205) before running', async () => {
    const io = memoryIo(tempDir());
    expect(await runCli(['check', 'classic/locksem', '--svg', '--graph'], io)).toBe(2);
    expect(io.stderr).toContain('error IL202: --svg, --graph need an output directory');
    const io2 = memoryIo(tempDir());
    expect(await runCli(['check', 'classic/locksem', '--out', 'o', '--graph', '--graph-limit', '0'], io2)).toBe(2);
    expect(io2.stderr).toContain('error IL205');
    expect(fs.existsSync(path.join(io2.cwd, 'o'))).toBe(false);
  });

  it('still writes the other files when explain hooks throw, and notes IL207', async () => {
    const def = (await import('../checker/writers/__fixtures__/bql')).default as unknown as ModelDefinition<KnobSpecs>;
    const model = buildModel(def, resolveKnobs(def));
    const result = await check(model);
    const broken = { ...model, explain: { ...model.explain!, frames: () => { throw new Error('no frames'); } } };
    const out = await createOutputs(result, broken, resolveOutputOptions({ out: 'o', svg: true })!, 'cmd');
    expect(out.files.map((f) => f.name)).toEqual(['result.json', 'trace.itf.json', 'report.html']);
    expect(out.notes).toEqual([expect.stringContaining('no pictures for deadlock: error IL207: model \'test/bql\': explain.frames threw')]);
  });

  it('resolves the flags: --svg implies --dot; nothing without --out', () => {
    expect(resolveOutputOptions({})).toBeUndefined();
    expect(resolveOutputOptions({ out: 'x', svg: true })).toEqual({ dir: 'x', dot: true, svg: true, graph: false, graphLimit: 100 });
    expect(safeName('a b/c')).toBe('a_b_c');
  });
});
