/**
 * DOT text helpers shared by the writers: quoting IDs and labels,
 * multi-line labels, attribute lists, and the colour palette. Pure string
 * functions; they know nothing about models or results.
 *
 * Invariants: every string a writer puts into DOT goes through `quote` (a
 * quoted ID or escString) or `label` (lines of a plain label), so labels may
 * contain quotes, backslashes, newlines, `<`, `>`, `{`, `|` and `&` and
 * Graphviz still parses the file. No HTML-like labels (see `label`).
 */

/**
 * A DOT quoted string for `s`: backslashes and quotes escaped, newlines as
 * `\n` (centred lines in a label). Control characters other than newline are
 * dropped. Use for IDs and plain (non-HTML) labels.
 */
export function quote(s: string): string {
  const body = asciiOnly(s)
    .replace(/\r\n?/g, '\n')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0009\u000b-\u001f\u007f]/g, '')
    .replace(/\\/g, '\\\\')
    .replace(/"/g, '\\"')
    .replace(/\n/g, '\\n');
  return `"${body}"`;
}

/** ASCII spellings of the non-ASCII characters that source references and titles use. */
const ASCII: Readonly<Record<string, string>> = { '→': '->', '←': '<-', '—': '--', '–': '-', '…': '...', '×': 'x', '’': "'", '‘': "'", '“': '"', '”': '"', '≤': '<=', '≥': '>=', '≠': '!=' };

/**
 * Plain ASCII for Graphviz: its WebAssembly build has no font metrics for
 * non-ASCII text, so it warns on stderr and misjudges label widths. Common
 * characters get an ASCII spelling (`→` becomes `->`); any other becomes a
 * numeric entity, which Graphviz still draws as the character.
 */
function asciiOnly(s: string): string {
  return s.replace(/[^\x00-\x7f]/gu, (c) => ASCII[c] ?? `&#${c.codePointAt(0)!};`);
}

/** DOT text that `attrs` emits as it is (already quoted). */
export interface Raw {
  readonly raw: string;
}

function escapeLine(s: string): string {
  return asciiOnly(s)
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f]/g, ' ')
    .replace(/\\/g, '\\\\')
    .replace(/"/g, '\\"');
}

/**
 * A multi-line label as a quoted DOT string: each line left-justified (`\l`)
 * or centred (`\n`). Plain labels only: the WebAssembly Graphviz that renders
 * our SVGs has no HTML-like labels (they fall back to the node name), so
 * writers never use them.
 */
export function label(lines: readonly string[], align: 'left' | 'center' = 'left'): Raw {
  const end = align === 'left' ? '\\l' : '\\n';
  const flat = lines.flatMap((l) => l.replace(/\r\n?/g, '\n').split('\n'));
  if (align === 'center' && flat.length === 1) return { raw: `"${escapeLine(flat[0]!)}"` };
  return { raw: `"${flat.map((l) => escapeLine(l) + end).join('')}"` };
}

/** An attribute list `[a="x", b=...]`; `Raw` values are emitted as they are, everything else quoted. */
export function attrs(a: Readonly<Record<string, string | number | Raw | undefined>>): string {
  const parts: string[] = [];
  for (const [k, v] of Object.entries(a)) {
    if (v === undefined) continue;
    parts.push(`${k}=${typeof v === 'object' ? v.raw : quote(String(v))}`);
  }
  return parts.length > 0 ? ` [${parts.join(', ')}]` : '';
}

/** Wraps a long line at word boundaries (`>`, spaces) so nodes stay narrow. */
export function wrap(s: string, width = 48): string[] {
  if (s.length <= width) return [s];
  const out: string[] = [];
  let line = '';
  for (const word of s.split(/(?<=[ >])/)) {
    if (line.length + word.length > width && line.length > 0) {
      out.push(line.trimEnd());
      line = '  ';
    }
    line += word;
  }
  if (line.trim().length > 0) out.push(line.trimEnd());
  return out;
}

/** Colours for lanes/actions, readable on white and distinct for colour-blind readers (Okabe–Ito, then Tol). */
export const PALETTE: readonly string[] = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#999933', '#882255', '#44AA99', '#332288', '#AA4499', '#117733'];

/** The palette colour for index i (cycling). */
export function colorAt(i: number): string {
  return PALETTE[((i % PALETTE.length) + PALETTE.length) % PALETTE.length]!;
}

/** One monospaced font everywhere: its widths are the same in every renderer (Graphviz's estimate, browsers, rsvg), so labels fit their boxes; source references read as code. */
export const FONT = 'Courier';
