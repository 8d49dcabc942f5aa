import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { memoryIo } from './io';
import { runCli } from './main';
import { defaultSvgPath } from './render-command';

describe('interleave render', () => {
  const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'interleave-render-'));
  fs.writeFileSync(path.join(cwd, 'g.dot'), 'digraph g { a -> b [label="step"] }\n');
  fs.writeFileSync(path.join(cwd, 'bad.dot'), 'digraph g { a -> }\n');

  it('renders a DOT file next to it by default', async () => {
    const io = memoryIo(cwd);
    expect(await runCli(['render', 'g.dot'], io)).toBe(0);
    expect(fs.readFileSync(path.join(cwd, 'g.svg'), 'utf8')).toContain('>step</text>');
    expect(io.stderr).toContain('wrote g.svg');
  });

  it('writes where -o says', async () => {
    expect(await runCli(['render', 'g.dot', '-o', 'pics/x.svg'], memoryIo(cwd))).toBe(0);
    expect(fs.existsSync(path.join(cwd, 'pics/x.svg'))).toBe(true);
  });

  it('reports a missing file as IL203 and bad DOT as IL204, with Graphviz message', async () => {
    const io = memoryIo(cwd);
    expect(await runCli(['render', 'nope.dot'], io)).toBe(2);
    expect(io.stderr).toContain("error IL203: cannot read DOT file 'nope.dot': ENOENT");
    const io2 = memoryIo(cwd);
    expect(await runCli(['render', 'bad.dot'], io2)).toBe(2);
    expect(io2.stderr).toContain("error IL204: Graphviz cannot render 'bad.dot': syntax error in line 1");
    expect(fs.existsSync(path.join(cwd, 'bad.svg'))).toBe(false);
  });

  it('derives the SVG name from the DOT name', () => {
    expect(defaultSvgPath('a/trace.dot')).toBe('a/trace.svg');
    expect(defaultSvgPath('x.gv')).toBe('x.svg');
    expect(defaultSvgPath('x')).toBe('x.svg');
  });
});
