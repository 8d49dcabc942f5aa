/**
 * Every command shown in README.md and docs/ runs here. Commands come from
 * ```sh blocks; a trailing `# exit N` comment states the expected exit code
 * (default 0). `npx interleave …` runs in-process; `npm run bench -- …` runs for
 * real; `npm ci`, `npm test` and the whole `npm run bench` (about four minutes,
 * most of this suite's time before) are what CI itself runs (.ci/run).
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { memoryIo } from '../cli/io';
import { runCli } from '../cli/main';

const root = path.resolve(__dirname, '..');

function markdownFiles(): string[] {
  const out = [path.join(root, 'README.md')];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.md')) out.push(p);
    }
  };
  walk(path.join(root, 'docs'));
  return out;
}

interface DocCommand {
  file: string;
  line: string;
  command: string;
  exit: number;
}

function commands(): DocCommand[] {
  const out: DocCommand[] = [];
  for (const file of markdownFiles()) {
    const text = fs.readFileSync(file, 'utf8');
    for (const block of text.matchAll(/```sh\n([\s\S]*?)```/g)) {
      for (const raw of block[1]!.split('\n')) {
        const line = raw.trim();
        if (!line || line.startsWith('#')) continue;
        const m = /^(.*?)\s*(?:#\s*(.*))?$/.exec(line)!;
        const exit = /exit (\d+)/.exec(m[2] ?? '');
        out.push({ file: path.relative(root, file), line, command: m[1]!.trim(), exit: exit ? Number(exit[1]) : 0 });
      }
    }
  }
  return out;
}

/** Splits a command line into words, honouring single and double quotes. */
function words(cmd: string): string[] {
  const out: string[] = [];
  for (const m of cmd.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)) out.push(m[1] ?? m[2] ?? m[3]!);
  return out;
}

const all = commands();

it('finds the commands the docs show', () => {
  expect(all.length).toBeGreaterThan(10);
  expect(all.map((c) => c.command)).toContain('npm ci && npx interleave regress');
});

describe.each(all.map((c) => [`${c.file}: ${c.line}`, c] as const))('%s', (_name, c) => {
  it(`exits with ${c.exit}`, async () => {
    let cmd = c.command;
    if (cmd === 'npm ci' || cmd === 'npm test' || cmd === 'npm run bench') {
      return expect(fs.readFileSync(path.join(root, '.ci/run'), 'utf8').split('\n')).toContainEqual(expect.stringMatching(new RegExp(`^(npm ci && )?${cmd}( |$)`)));
    }
    if (cmd.startsWith('npm ci && ')) {
      expect(fs.readFileSync(path.join(root, '.ci/run'), 'utf8')).toContain('npm ci');
      cmd = cmd.slice('npm ci && '.length);
    }
    if (cmd.startsWith('npx interleave')) {
      const io = memoryIo(root);
      const code = await runCli(words(cmd).slice(2), io);
      if (code !== c.exit) throw new Error(`${cmd} exited ${code}, docs say ${c.exit}\n${io.stdout}\n${io.stderr}`);
      return;
    }
    if (cmd.startsWith('npm run bench')) {
      const out = execFileSync('npm', words(cmd).slice(1), { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
      expect(out).toMatch(/\| model +\| distinct/);
      return;
    }
    throw new Error(`no runner for the documented command '${cmd}': add one to docs/docs.test.ts`);
  }, 300000);
});
