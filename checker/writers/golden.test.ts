/**
 * Golden DOT files: the writers' output for fixed models must equal the
 * checked-in files byte for byte (they were looked at rendered before being
 * checked in; regenerate with __fixtures__/golden.gen.ts and look again).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { renderSvgs } from '../../cli/render';
import { GOLDEN } from './__fixtures__/helpers';

const dir = path.join(__dirname, '__golden__');
const names = Object.keys(GOLDEN);

describe('golden DOT', () => {
  it.each(names)('%s equals the checked-in file', async (name) => {
    const expected = fs.readFileSync(path.join(dir, name), 'utf8');
    expect(await GOLDEN[name]!()).toBe(expected);
  });

  it('has a builder for every checked-in golden file', () => {
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.dot')).sort()).toEqual([...names].sort());
  });

  it('is byte-identical when built twice', async () => {
    for (const name of names) expect(await GOLDEN[name]!()).toBe(await GOLDEN[name]!());
  });

  it('renders every golden file to SVG (Graphviz parses each DOT kind)', async () => {
    const dots = names.map((n) => fs.readFileSync(path.join(dir, n), 'utf8'));
    const svgs = await renderSvgs(dots);
    svgs.forEach((svg, i) => {
      expect(svg).toContain('<svg');
      expect(svg).toContain('</svg>');
      expect(svg).not.toContain('r0_0</text>'); // labels rendered, not node names
      void i;
    });
  });
});
