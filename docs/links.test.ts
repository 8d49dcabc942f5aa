/**
 * The project stands on its own: no tracked file points at something a user
 * of the repository does not have (the notes the project started from, or a
 * path on a build machine), and every relative link in README.md and docs/
 * resolves to a file, and its #anchor to a heading of that file.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const root = path.resolve(__dirname, '..');

function trackedFiles(): string[] {
  return execFileSync('git', ['ls-files', '-z'], { cwd: root, encoding: 'utf8' })
    .split('\0')
    .filter((f) => f && f !== 'package-lock.json' && !f.startsWith('node_modules/') && fs.existsSync(path.join(root, f)));
}

// Built from pieces so that this file does not match itself.
const OUTSIDE = [
  { what: 'the shared notes folder', re: new RegExp(['sha', 'red/'].join('')) },
  { what: 'the notes the model was first built from', re: new RegExp(['QEMU', '-MODEL'].join('')) },
  { what: 'an absolute path of a machine', re: new RegExp(`(^|[\\s"'\`(=])/(${['work', 'home', 'farm', 'root', 'Users'].join('|')})/`) },
];

describe('the repository stands on its own', () => {
  it('names no file outside it: no notes folder, no machine path', () => {
    const hits: string[] = [];
    for (const f of trackedFiles()) {
      const text = fs.readFileSync(path.join(root, f), 'utf8');
      if (text.includes('\0')) continue; // binary
      text.split('\n').forEach((line, i) => {
        for (const o of OUTSIDE) if (o.re.test(line)) hits.push(`${f}:${i + 1}: ${o.what}: ${line.trim().slice(0, 120)}`);
      });
    }
    expect(hits).toEqual([]);
  });
});

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens, duplicates numbered. */
function anchorsOf(markdown: string): Set<string> {
  const out = new Set<string>();
  const seen = new Map<string, number>();
  let fenced = false;
  for (const line of markdown.split('\n')) {
    if (line.startsWith('```')) fenced = !fenced;
    if (fenced) continue;
    const m = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (!m) continue;
    const base = m[1]!
      .toLowerCase()
      .replace(/<[^>]+>/g, '')
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/\s/g, '-');
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    out.add(n === 0 ? base : `${base}-${n}`);
  }
  return out;
}

function markdownFiles(): string[] {
  return trackedFiles().filter((f) => f.endsWith('.md') && (f === 'README.md' || f.startsWith('docs/') || f.startsWith('models/') || f.startsWith('bench/')));
}

describe('links in the docs', () => {
  it.each(markdownFiles())('%s: every relative link resolves, anchors included', (file) => {
    const text = fs.readFileSync(path.join(root, file), 'utf8').replace(/```[\s\S]*?```/g, '');
    const broken: string[] = [];
    for (const m of text.matchAll(/\[[^\]]*\]\(([^)\s]+)\)/g)) {
      const target = m[1]!;
      if (/^[a-z]+:/i.test(target)) continue; // http:, https:, mailto:
      const [rel, anchor] = target.split('#') as [string, string | undefined];
      const dest = rel === '' ? path.join(root, file) : path.resolve(path.dirname(path.join(root, file)), rel);
      if (!fs.existsSync(dest)) {
        broken.push(`${target}: no such file`);
        continue;
      }
      if (anchor !== undefined && dest.endsWith('.md') && !anchorsOf(fs.readFileSync(dest, 'utf8')).has(anchor)) broken.push(`${target}: no heading with that anchor`);
    }
    expect(broken).toEqual([]);
  });
});
