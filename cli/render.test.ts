import { DotError, renderSvg, renderSvgs } from './render';

describe('render', () => {
  it('renders DOT to SVG without a system Graphviz', async () => {
    const svg = await renderSvg('digraph g { a -> b [label="x"] }');
    expect(svg).toContain('<svg');
    expect(svg).toContain('>x</text>');
  });
  it('gives byte-identical SVG for the same DOT', async () => {
    const [a, b] = await renderSvgs(['digraph g { a -> b }', 'digraph g { a -> b }']);
    expect(a).toBe(b);
  });
  it('rejects a DOT syntax error with the index of the bad source', async () => {
    await expect(renderSvgs(['digraph g { a }', 'digraph g { a -> }'])).rejects.toMatchObject({ index: 1 });
    await expect(renderSvg('digraph { a -> }')).rejects.toBeInstanceOf(DotError);
  });
});
