/**
 * Using interleave from outside the repository, as a user of the package
 * does: a model file in a temporary folder imports `interleave`,
 * `interleave/kit` and `interleave/qemu`; a folder of the user's own specs
 * runs with `regress ./my-specs/`, finds the model by a path relative to the
 * spec, and writes its results next to the specs, not into this package's
 * out/; and Node resolves the same three names through package.json
 * `exports` (the built dist/, as an installed package would).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { memoryIo } from './io';
import { runCli } from './main';

const root = path.resolve(__dirname, '..');
const fixture = fs.readFileSync(path.join(__dirname, '__fixtures__', 'user-bql-pair.ts'), 'utf8');

async function cliIn(cwd: string, ...argv: string[]) {
  const io = memoryIo(cwd);
  const code = await runCli(argv, io);
  return { code, out: io.stdout, err: io.stderr };
}

function userFolder(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'interleave-user-'));
  fs.writeFileSync(path.join(dir, 'bql-pair.ts'), fixture);
  return dir;
}

describe('a model file outside the repository', () => {
  it('imports the engine, the kit and the QEMU primitives by package name', async () => {
    const dir = userFolder();
    const r = await cliIn(dir, 'check', './bql-pair.ts');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain('WorkerDone  liveness   holds');
  });

  it('names a folder given as a model as a folder, with the model files in it', async () => {
    const dir = userFolder();
    const r = await cliIn(dir, 'check', '.');
    expect(r.code).toBe(2);
    expect(r.err).toContain("error IL007: '.' is a folder, not a model file");
    expect(r.err).toContain('bql-pair.ts');
  });
});

describe('a folder of specs outside the repository', () => {
  it('runs every spec in it, finds the model next to the spec, and writes out/regress next to the specs', async () => {
    const dir = userFolder();
    const specs = path.join(dir, 'my-specs');
    fs.mkdirSync(specs);
    fs.writeFileSync(
      path.join(specs, 'bql-pair.spec.ts'),
      `import { defineSpec } from 'interleave';
export default defineSpec({
  commit: 'bql-pair', title: 'a worker and the BQL', date: '2026-12', link: 'https://example.org/bql-pair',
  story: 'The main thread hands the BQL over. The worker takes its mutex, then the BQL, and finishes.',
  model: '../bql-pair.ts',
  scenarios: [{ name: 'default', knobs: {}, expect: { doubleLock: 'holds', notOwner: 'holds', I3b: 'holds', I3c: 'holds', WorkerDone: 'holds', deadlock: 'holds' }, mustFire: ['worker:end'] }],
});
`,
    );
    const before = fs.existsSync(path.join(root, 'out', 'regress', 'bql-pair')) ;
    const r = await cliIn(dir, 'regress', './my-specs/');
    expect(r.code).toBe(0);
    expect(r.out).toContain('7 passed, 0 failed');
    expect(fs.existsSync(path.join(specs, 'out', 'regress', 'summary.json'))).toBe(true);
    expect(fs.existsSync(path.join(specs, 'out', 'regress', 'bql-pair', 'default', 'result.json'))).toBe(true);
    expect(fs.existsSync(path.join(root, 'out', 'regress', 'bql-pair'))).toBe(before);
  });

  it('refuses a folder with no spec file in it (IL009)', async () => {
    const dir = userFolder();
    fs.mkdirSync(path.join(dir, 'empty'));
    const r = await cliIn(dir, 'regress', './empty');
    expect(r.code).toBe(2);
    expect(r.err).toContain("error IL009: folder './empty' holds no *.spec.ts or *.spec.js file");
  });
});

describe('package.json exports', () => {
  it('lets Node resolve interleave, interleave/kit and interleave/qemu from an installed copy (dist/)', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'interleave-pkg-'));
    fs.mkdirSync(path.join(dir, 'node_modules'));
    fs.symlinkSync(root, path.join(dir, 'node_modules', 'interleave'), 'dir');
    const r = spawnSync(
      process.execPath,
      ['-e', "const e = require('interleave'), k = require('interleave/kit'), q = require('interleave/qemu'); console.log([typeof e.check, typeof k.ThreadKit, typeof q.Bql].join(' '))"],
      { cwd: dir, encoding: 'utf8' },
    );
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe('function function function');
  });

  it('gives an installed copy the TLA+ values: domains, operators and Immutable itself', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'interleave-pkg-'));
    fs.mkdirSync(path.join(dir, 'node_modules'));
    fs.symlinkSync(root, path.join(dir, 'node_modules', 'interleave'), 'dir');
    const script = "const { Immutable, Vars, cardinality, equals, fn, set, subsets, union } = require('interleave'); const v = new Vars(); " +
      "console.log(v.fnOf(v.int(1, 2), v.setOf(v.bool())).kind, cardinality(subsets(union(set(1), [2]))), equals(fn([1], (x) => x), Immutable.Map([[1, 1]])))";
    const r = spawnSync(process.execPath, ['-e', script], { cwd: dir, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe('finite 4 true');
  });
});
