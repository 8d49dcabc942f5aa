import { renderSvg } from '../../cli/render';
import { attrs, label, quote, wrap } from './dot';

describe('DOT quoting', () => {
  it('escapes quotes, backslashes and newlines in quoted strings', () => {
    expect(quote('a "b" \\c\nd')).toBe('"a \\"b\\" \\\\c\\nd"');
  });
  it('ends every label line with \\l and escapes each line', () => {
    expect(label(['x = "1"', 'y\\z']).raw).toBe('"x = \\"1\\"\\ly\\\\z\\l"');
    expect(label(['one'], 'center').raw).toBe('"one"');
  });
  it('emits raw labels as they are and quotes everything else', () => {
    expect(attrs({ label: label(['a']), color: 'red', width: 1, skip: undefined })).toBe(' [label="a\\l", color="red", width="1"]');
  });
  it('wraps long frame stacks at ">" and spaces', () => {
    const lines = wrap('vcpu0: blk_pwrite > aio_poll > snapshot_save_job_bh > qemu_savevm_state > qemu_savevm_state_complete', 40);
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.every((l) => l.length <= 42)).toBe(true);
  });
  it('produces labels Graphviz parses, whatever characters they hold', async () => {
    const nasty = ['a "quoted" word', 'back\\slash\\', '<html> & {record|port}', 'new\nline', 'tab\there', 'unicode → ✓'];
    const dot = `digraph g {\n  ${quote('n"1')}${attrs({ label: label(nasty) })};\n  ${quote('n\\2')}${attrs({ label: label(nasty, 'center') })};\n  ${quote('n"1')} -> ${quote('n\\2')}${attrs({ label: quote('edge "x"').slice(1, -1) })};\n}\n`;
    const svg = await renderSvg(dot);
    expect(svg).toContain('&lt;html&gt; &amp; {record|port}');
    expect(svg).toContain('a &quot;quoted&quot; word');
    expect(svg).toContain('back\\slash\\');
  });
});
