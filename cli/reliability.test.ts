/**
 * A verdict is never lost: an --out that cannot be written still prints the
 * verdict and ends with a coded error (IL208, exit 2) and no temporary file;
 * an --out folder reused by another run holds only that run's files (and
 * every file the user put there); `--out ""` is refused before the run; and
 * SIGTERM (what `timeout` and CI cancellation send) ends a check with its
 * partial result, written, and exit 3.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { memoryIo } from './io';
import { runCli } from './main';

const root = path.resolve(__dirname, '..');

async function cliIn(cwd: string, ...argv: string[]) {
  const io = memoryIo(cwd);
  const code = await runCli(argv, io);
  return { code, out: io.stdout, err: io.stderr };
}
const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'interleave-rel-'));

describe('output files that cannot be written', () => {
  it('print the verdict first, then IL208 with exit 2, and leave no temporary file', async () => {
    const dir = tmp();
    fs.writeFileSync(path.join(dir, 'f'), '');
    const r = await cliIn(dir, 'check', 'classic/philo', '--set', 'N=3', '--out', 'f');
    expect(r.out).toContain('verdict: violation — deadlock (exit 11)');
    expect(r.err).toContain('error IL208: cannot write');
    expect(r.err).toContain('a file stands where a folder is needed');
    expect(r.code).toBe(2);
    expect(fs.readdirSync(dir)).toEqual(['f']);
  });

  it('keep --json output a whole JSON object on stdout', async () => {
    const dir = tmp();
    fs.writeFileSync(path.join(dir, 'f'), '');
    const r = await cliIn(dir, 'check', 'classic/philo', '--set', 'N=3', '--out', 'f/g', '--json');
    expect(JSON.parse(r.out).verdict).toBe('violation');
    expect(r.code).toBe(2);
  });

  it('refuse --out "" before exploring (IL006)', async () => {
    const r = await cliIn(tmp(), 'check', 'classic/philo', '--set', 'N=3', '--out', '');
    expect(r.code).toBe(2);
    expect(r.err).toContain('error IL006: --out "" names no folder');
    expect(r.out).toBe('');
  });
});

describe('an --out folder used twice', () => {
  it("removes the files the earlier run wrote and this one does not, and keeps the user's own", async () => {
    const dir = tmp();
    expect((await cliIn(dir, 'check', 'classic/philo', '--set', 'N=3', '--out', 'x', '--dot')).code).toBe(11);
    expect(fs.readdirSync(path.join(dir, 'x')).sort()).toEqual(['.interleave-files.json', 'report.html', 'result.json', 'trace.dot', 'trace.itf.json']);
    fs.writeFileSync(path.join(dir, 'x', 'notes.txt'), 'mine');
    expect((await cliIn(dir, 'check', 'classic/filter', '--set', 'N=2', '--out', 'x')).code).toBe(0);
    expect(fs.readdirSync(path.join(dir, 'x')).sort()).toEqual(['.interleave-files.json', 'notes.txt', 'report.html', 'result.json']);
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'x', 'result.json'), 'utf8')).model).toBe('classic/filter');
  });
});

describe('signals', () => {
  it('SIGTERM ends a check with the partial summary, a valid result.json with verdict incomplete, and exit 3', async () => {
    const dir = tmp();
    const child = spawn(process.execPath, [path.join(root, 'bin', 'interleave.js'), 'check', 'classic/filter', '--set', 'N=7', '--out', 'partial'], { cwd: dir });
    let out = '';
    child.stdout.on('data', (d) => (out += String(d)));
    await new Promise((resolve) => setTimeout(resolve, 2500));
    child.kill('SIGTERM');
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(3);
    expect(out).toContain('verdict: incomplete — stopped by interrupted');
    const result = JSON.parse(fs.readFileSync(path.join(dir, 'partial', 'result.json'), 'utf8'));
    expect(result).toMatchObject({ verdict: 'incomplete', exitCode: 3, bound: { kind: 'interrupted' } });
  }, 30_000);
});
