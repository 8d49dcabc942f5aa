/**
 * A user's model and spec files outside the repository: they import the
 * engine, the kit and the QEMU primitives by package name (`interleave`,
 * `interleave/kit`, `interleave/qemu`), `regress <folder>` runs their
 * specs, and the default output folder is beside them, never the
 * repository's out/.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { compileCache } from './aliases';
import { memoryIo } from './io';
import { runCli } from './main';

const root = path.resolve(__dirname, '..');

const MODEL = `
import { defineModel } from 'interleave';
import { Mutex, ThreadKit, QemuEvent } from 'interleave/kit';
import { AioContexts, aioPollProc } from 'interleave/qemu';

export default defineModel({
  name: 'user/lost-wakeup',
  build: (_k, v) => {
    const ctxs = new AioContexts(v, [{ name: 'main', home: 'main', bhs: ['my_bh'] }], ['main', 'worker']);
    const ctx = ctxs.get('main');
    const lock = new Mutex(v, 'lock', ['main', 'worker']);
    const ev = new QemuEvent(v, 'ev', 'worker');
    const kit = new ThreadKit(v);
    const poll = aioPollProc(ctx, { barrier: false, bhs: { my_bh: { source: 'my.c my_bh()', run: (s) => ev.set(s) } } });
    kit.declare({ name: 'main', entry: 'loop', running: true, procs: [poll], steps: (t) => [
      { at: 'loop', name: 'poll', source: 'my.c main()', when: (s) => !ev.isSet(s), run: (s) => t.call(s, poll.name, 'loop') },
      { at: 'loop', name: 'out', source: 'my.c main()', when: (s) => ev.isSet(s), run: (s) => t.finish(s) },
    ] });
    kit.declare({ name: 'worker', entry: 'go', running: true, steps: (t) => [
      { at: 'go', source: 'my.c worker()', when: (s) => lock.isFree(s), run: (s) => { ctx.scheduleBh(s, t, 'my_bh'); t.finish(s); } },
    ] });
    const c = kit.compile();
    return { init: c.init, actions: c.actions, terminal: c.terminal, explain: c.explain, display: c.display, assertions: { aioPollNotHome: 'aio_poll outside home' } };
  },
});
`;

const SPEC = `
import { defineSpec } from 'interleave';
export default defineSpec({
  commit: 'mine', title: 'my lost wake-up', date: '2026-01-01', link: 'none',
  story: 'The poller checks before announcing itself, and the wake-up is lost.',
  model: '../lost-wakeup.ts',
  scenarios: [{ name: 'default', knobs: {}, expect: { aioPollNotHome: 'holds', deadlock: 'violated' }, length: { deadlock: 4 } }],
});
`;

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'interleave-user-'));
  fs.writeFileSync(path.join(dir, 'lost-wakeup.ts'), MODEL);
  fs.mkdirSync(path.join(dir, 'my-specs'));
  fs.writeFileSync(path.join(dir, 'my-specs', 'mine.spec.ts'), SPEC);
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

it('checks a model file outside the repository that imports interleave, interleave/kit and interleave/qemu', async () => {
  const io = memoryIo(dir);
  const code = await runCli(['check', './lost-wakeup.ts'], io);
  expect(io.stdout).toContain('deadlock   VIOLATED (counterexample of 4 steps)');
  expect(code).toBe(11);
});

it('runs a folder of the user\'s specs and writes beside it, not into the repository', async () => {
  const before = fs.existsSync(path.join(root, 'out', 'regress', 'mine'));
  const io = memoryIo(root);
  const code = await runCli(['regress', path.join(dir, 'my-specs')], io);
  expect(io.stdout).toContain('0 failed');
  expect(code).toBe(0);
  // Beside the specs: in the spec folder's own out/regress (docs/cli.md).
  expect(fs.existsSync(path.join(dir, 'my-specs', 'out', 'regress', 'summary.json'))).toBe(true);
  expect(fs.existsSync(path.join(dir, 'my-specs', 'out', 'regress', 'mine', 'default', 'result.json'))).toBe(true);
  expect(fs.existsSync(path.join(root, 'out', 'regress', 'mine'))).toBe(before);
});

it('names a folder without specs as a usage error', async () => {
  const io = memoryIo(dir);
  expect(await runCli(['regress', '.'], io)).toBe(2);
  expect(io.stderr).toContain('IL009');
});

it('resolves interleave/kit and interleave/qemu through package.json exports for plain node (dist/, built by npm ci)', () => {
  fs.mkdirSync(path.join(dir, 'node_modules'), { recursive: true });
  fs.symlinkSync(root, path.join(dir, 'node_modules', 'interleave'), 'dir');
  const out = execFileSync(process.execPath, ['-e', "const k = require('interleave/kit'); const q = require('interleave/qemu'); const e = require('interleave'); console.log(typeof k.ThreadKit, typeof k.QemuCond, typeof q.AioContexts, typeof q.Bql, typeof e.defineModel)"], { cwd: dir, encoding: 'utf8' });
  expect(out.trim()).toBe('function function function function function');
});

describe('the compile cache of model files', () => {
  const counter = (limit: number) => `
import { action, defineModel } from 'interleave';
export default defineModel({
  name: 'user/counter',
  build: (_k, v) => {
    const x = v.scalar('x', v.int(0, ${limit}));
    return { init: () => {}, actions: [action('Inc', (s) => s.get(x) < ${limit}, (s) => s.set(x, s.get(x) + 1))] };
  },
});
`;

  it('reloads a model file whose text changed (entries are keyed by content)', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'il-cache-'));
    const file = path.join(dir, 'counter.ts');
    const states = async () => {
      const io = memoryIo();
      expect(await runCli(['check', file, '--json', '--no-deadlock'], io)).toBe(0);
      return JSON.parse(io.stdout).stats.distinctStates as number;
    };
    fs.writeFileSync(file, counter(3));
    expect(await states()).toBe(4);
    expect(await states()).toBe(4);
    fs.writeFileSync(file, counter(6));
    expect(await states()).toBe(7);
  });

  it('lives in a folder of this user\'s own, and is off when that folder is open to others', () => {
    if (typeof process.getuid !== 'function') return; // no owners to check on this platform
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'il-tmp-'));
    const dir = compileCache(tmp);
    expect(dir).toBe(path.join(tmp, `interleave-jiti-${process.getuid()}`));
    expect(fs.statSync(dir as string).mode & 0o777).toBe(0o700);
    fs.chmodSync(dir as string, 0o777);
    expect(compileCache(tmp)).toBe(false);
  });
});
