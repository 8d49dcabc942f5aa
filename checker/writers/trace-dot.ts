/**
 * A counterexample as DOT swimlanes: one column per lane (thread), one row
 * per step, the step's node in the lane of the thread that took it (action,
 * source, frames), a state column on the right with what matters after the
 * step, edges linking consecutive steps, the failing step in red. At a
 * deadlock with explain.waits, a last row shows what each blocked lane waits
 * for. Pure: ExplainedTrace in, DOT text out.
 *
 * Layout: every row is a `rank=same` subgraph whose cells are chained left to
 * right by invisible edges (so columns keep their order); every column is a
 * dashed line through the lane's cells, with `group` keeping it straight.
 * Cells where a lane does nothing are invisible boxes as wide as the lane's
 * widest step, so a wide step never covers a neighbour's lane line. Plain
 * labels only.
 */
import type { WaitFor } from '../model';
import type { ExplainedStep, ExplainedTrace } from './explain';
import { attrs, FONT, label, wrap } from './dot';

const RED = '#C62828';
const PINK = '#FFE0E0';
const GREY = '#ECEFF1';
const BLUE = '#1565C0';
const PALE_BLUE = '#E3F2FD';

function cell(row: number | 'h' | 'w', col: number | 'n' | 's'): string {
  return `r${row}_${col}`;
}

/** Lines for a label: wrapped, at most `max` (then an ellipsis line). */
function fit(items: readonly string[], max = 14, width = 44): string[] {
  const shown = items.length > max ? [...items.slice(0, max), `… ${items.length - max} more`] : items;
  return shown.flatMap((l) => wrap(l, width));
}

/** Width of a character of the 10 pt label font, in inches (Courier: 0.6 em). */
const CHAR_INCH = 0.084;

/** The label lines of a step's cell: action, source, frames, and the failure. */
function stepLines(s: ExplainedStep): string[] {
  const lines = [s.action];
  if (s.source) lines.push(...wrap(s.source));
  if (s.frames) lines.push(...wrap(`${s.lane}: ${s.frames}`));
  if (s.failed) {
    lines.push(`ASSERTION ${s.failed.assertion} FAILED`);
    if (s.failed.expression) lines.push(...wrap(s.failed.expression));
    if (s.failed.detail) lines.push(...wrap(s.failed.detail));
  }
  return lines;
}

/** The label lines of a blocked lane's cell. */
function waitLinesOf(w: WaitFor): string[] {
  return [`waits for ${w.on}`, w.holder !== undefined ? `only ${w.holder} can release it` : 'nobody can release it', ...(w.source ? wrap(`at ${w.source}`) : [])];
}

function badText(t: ExplainedTrace): string {
  switch (t.property.kind) {
    case 'deadlock':
      return 'DEADLOCK: no action is enabled';
    case 'action':
      return `ACTION PROPERTY ${t.property.name} IS FALSE ON THIS STEP`;
    default:
      return `INVARIANT ${t.property.name} IS FALSE`;
  }
}

/** The swimlane DOT of an explained counterexample. Deterministic; valid for Graphviz. */
export function toTraceDot(t: ExplainedTrace): string {
  const out: string[] = [];
  const L = t.lanes.length;
  const n = t.steps.length - 1;
  const lassoWord = t.loop === undefined ? '' : t.stutter ? ', ending by stuttering forever' : `, a lasso whose steps ${t.loop + 1}..${n} repeat forever`;
  const title = [`${t.model} — ${t.property.name} (${t.property.kind}): counterexample of ${n} step${n === 1 ? '' : 's'}${lassoWord}`, ...wrap(t.verdict, 70)];
  const inCycle = (r: number) => t.loop !== undefined && !t.stutter && r > t.loop;
  out.push('digraph trace {');
  out.push(`  graph${attrs({ label: label(title, 'center'), labelloc: 't', fontname: FONT, fontsize: 12, nodesep: 0.25, ranksep: 0.2, newrank: 'true' })};`);
  out.push(`  node${attrs({ fontname: FONT, fontsize: 10, shape: 'box', style: 'rounded,filled', fillcolor: 'white', margin: '0.1,0.05' })};`);
  out.push(`  edge${attrs({ fontname: FONT, fontsize: 9 })};`);

  // Each lane's cells: the label lines of its steps (and its blocked row), so columns can be given one width.
  const waits = t.waits ?? [];
  const cellLines = t.steps.map((s) => (s.index === 0 ? [] : stepLines(s)));
  const waitLines = t.lanes.map((lane) => waits.filter((w) => w.thread === lane).flatMap(waitLinesOf));
  const colWidth = t.lanes.map((lane, c) => {
    const longest = Math.max(lane.length, ...t.steps.flatMap((s, r) => (s.lane === lane ? cellLines[r]! : [])).map((l) => l.length), ...waitLines[c]!.map((l) => l.length));
    return Math.round((longest * CHAR_INCH + 0.3) * 100) / 100;
  });
  // An empty cell is an invisible box as wide as the column, so wide steps never cover a neighbour's lane line.
  const invis = (id: string, col: number) => `    ${id}${attrs({ shape: 'box', style: 'invis', label: '', width: colWidth[col]!, height: 0.02, fixedsize: 'true', group: `lane${col}` })};`;
  const row = (cells: string[], ids: string[]) => {
    out.push('  {', '    rank=same;', ...cells, `    ${ids.join(' -> ')}${attrs({ style: 'invis' })};`, '  }');
  };
  const rowIds = (r: number | 'h' | 'w') => [cell(r, 'n'), ...t.lanes.map((_, c) => cell(r, c)), cell(r, 's')];

  // Header: lane names.
  row(
    [
      `    ${cell('h', 'n')}${attrs({ label: '#', shape: 'plaintext', style: '' })};`,
      ...t.lanes.map((lane, c) => `    ${cell('h', c)}${attrs({ label: label([lane], 'center'), style: 'filled', fillcolor: GREY, width: colWidth[c]!, group: `lane${c}` })};`),
      `    ${cell('h', 's')}${attrs({ label: 'state after the step', style: 'filled', fillcolor: GREY })};`,
    ],
    rowIds('h'),
  );

  const acting: string[] = [];
  t.steps.forEach((s, r) => {
    const col = t.lanes.indexOf(s.lane);
    const cells: string[] = [`    ${cell(r, 'n')}${attrs({ label: r === 0 ? 'Init' : String(r), shape: 'plaintext', style: '' })};`];
    for (let c = 0; c < L; c++) {
      if (r === 0 || c !== col) {
        cells.push(invis(cell(r, c), c));
        continue;
      }
      const cycleStyle = inCycle(r) ? { color: BLUE, fillcolor: PALE_BLUE, penwidth: 2 } : {};
      cells.push(`    ${cell(r, c)}${attrs({ label: label(cellLines[r]!), group: `lane${c}`, ...cycleStyle, ...(s.failed ? { color: RED, fillcolor: PINK, fontcolor: RED, penwidth: 2 } : {}) })};`);
    }
    const lassoEnd = r === n && t.loop !== undefined;
    const bad = r === n && t.property.kind !== 'assertion' && !lassoEnd;
    const after = fit(s.after.length > 0 ? s.after : ['(no change)']);
    if (bad) after.push(badText(t));
    if (lassoEnd) after.push(t.stutter ? 'STUTTERS FOREVER HERE' : `BACK TO THE STATE AFTER STEP ${t.loop}`, `${t.property.name} FAILS ON THIS BEHAVIOUR`);
    if (t.loop !== undefined && r === t.loop && !t.stutter) after.push('(the cycle starts here)');
    const mark = bad ? { color: RED, fontcolor: RED, penwidth: 2 } : lassoEnd ? { color: BLUE, fontcolor: BLUE, penwidth: 2 } : {};
    cells.push(`    ${cell(r, 's')}${attrs({ label: label(after), shape: 'note', style: 'filled', fillcolor: bad ? PINK : lassoEnd || inCycle(r) ? PALE_BLUE : '#FFFDE7', ...mark })};`);
    row(cells, rowIds(r));
    acting.push(cell(r, r === 0 ? 'n' : col));
  });

  // At a deadlock: what every blocked lane waits for.
  const waitRow = waits.length > 0;
  if (waitRow) {
    const inCycle = new Set((t.cycle ?? []).map((w) => w.thread));
    const cells: string[] = [`    ${cell('w', 'n')}${attrs({ label: 'blocked', shape: 'plaintext', style: '', fontcolor: RED })};`];
    for (let c = 0; c < L; c++) {
      const mine = waits.filter((w) => w.thread === t.lanes[c]);
      if (mine.length === 0) {
        cells.push(invis(cell('w', c), c));
        continue;
      }
      cells.push(`    ${cell('w', c)}${attrs({ label: label(waitLines[c]!), group: `lane${c}`, color: RED, fontcolor: RED, fillcolor: inCycle.has(t.lanes[c]!) ? PINK : 'white', style: 'rounded,filled,dashed', penwidth: 1.5 })};`);
    }
    cells.push(`    ${cell('w', 's')}${attrs({ label: label(fit(wrap(t.cycleText ?? '', 44), 24)), shape: 'note', style: 'filled', fillcolor: PINK, color: RED, fontcolor: RED })};`);
    row(cells, rowIds('w'));
  }

  // Lane lines through every cell of a column; the step and state columns kept in line.
  const rows: (number | 'w')[] = [...t.steps.map((_, r) => r), ...(waitRow ? ['w' as const] : [])];
  for (let c = 0; c < L; c++) {
    out.push(`  ${[cell('h', c), ...rows.map((r) => cell(r, c))].join(' -> ')}${attrs({ style: 'dashed', color: '#B0BEC5', arrowhead: 'none', weight: 10 })};`);
  }
  out.push(`  ${[cell('h', 'n'), ...rows.map((r) => cell(r, 'n'))].join(' -> ')}${attrs({ style: 'invis', weight: 10 })};`);
  out.push(`  ${[cell('h', 's'), ...rows.map((r) => cell(r, 's'))].join(' -> ')}${attrs({ style: 'invis', weight: 10 })};`);

  // The steps in order (from step 1; the initial state is the first row's state).
  for (let r = 2; r < acting.length; r++) {
    const failing = t.steps[r]!.failed !== undefined;
    out.push(`  ${acting[r - 1]} -> ${acting[r]}${attrs({ color: failing ? RED : inCycle(r) ? BLUE : '#263238', penwidth: 1.6, constraint: 'false' })};`);
  }
  // A lasso: the edge that closes the cycle, or the stutter loop.
  if (t.loop !== undefined) {
    if (t.stutter) out.push(`  ${cell(n, 's')} -> ${cell(n, 's')}${attrs({ color: BLUE, penwidth: 1.6, label: 'stutters forever', fontcolor: BLUE, constraint: 'false' })};`);
    else out.push(`  ${acting[n]} -> ${acting[t.loop + 1]}${attrs({ color: BLUE, penwidth: 2, style: 'bold', label: `repeat (back to state ${t.loop})`, fontcolor: BLUE, constraint: 'false' })};`);
  }
  out.push('}');
  return out.join('\n') + '\n';
}
