/**
 * `interleave sweep <model> --knob NAME[=v1,v2]...`: a verdict matrix over
 * knob combinations, one row per combination and one column per property,
 * the all-safe rows marked. Writes out/sweep/<model>.md and .json.
 */
import * as path from 'node:path';
import { combinations, ExitCode, runSweep, resolveAxes, SweepResult } from '../checker';
import type { Io } from './io';
import { onStopSignals, parseSettings } from './check';
import { loadModel } from './load';
import { VERSION } from './version';
import { refuseEmptyOut } from './outputs';
import { toWriteError, writeFileAtomic } from './write';

export interface SweepArgs {
  model: string;
  /** Type-check a model file with the TypeScript compiler before the run. */
  typecheck?: boolean;
  knob: string[];
  set?: string[];
  preset?: string;
  json?: boolean;
  out?: string;
}

/** A status cell; `-` where the row's knobs do not define the property (Starvation(2) at N=2). */
function cell(status: string | undefined, length: number | undefined): string {
  if (status === undefined) return '-';
  return status === 'violated' ? `VIOLATED${length !== undefined ? ` (${length})` : ''}` : status;
}

/** The matrix as aligned text; `safe` marks rows where every property holds. */
export function formatSweep(r: SweepResult): string {
  const head = ['safe', ...r.axes.map((a) => a.knob), ...r.properties, 'states'];
  const rows = r.rows.map((row) => [row.safe ? 'yes' : '', ...r.axes.map((a) => String(row.knobs[a.knob])), ...r.properties.map((p) => cell(row.statuses[p], row.lengths[p])), row.distinctStates.toLocaleString('en-US')]);
  const w = head.map((h, i) => Math.max(h.length, ...rows.map((c) => c[i]!.length)));
  const line = (c: string[]) => c.map((x, i) => x.padEnd(w[i]!)).join('  ').trimEnd();
  const fixed = Object.entries(r.fixed).map(([k, v]) => `${k}=${String(v)}`).join(' ');
  return [
    `Sweep of ${r.model}${r.preset ? ` (preset ${r.preset})` : ''}; fixed: ${fixed || '(none)'}`,
    '',
    line(head),
    ...rows.map(line),
    '',
    `${r.rows.filter((x) => x.safe).length} of ${r.rows.length} combinations are safe for every property`,
  ].join('\n');
}

/** The matrix as Markdown. */
export function sweepMarkdown(r: SweepResult): string {
  const head = ['safe', ...r.axes.map((a) => a.knob), ...r.properties, 'states'];
  const lines = [
    `# Sweep of ${r.model}${r.preset ? ` (preset ${r.preset})` : ''}`,
    '',
    `Fixed knobs: ${Object.entries(r.fixed).map(([k, v]) => `\`${k}=${String(v)}\``).join(', ') || '(none)'}`,
    '',
    `| ${head.join(' | ')} |`,
    `|${head.map(() => '---').join('|')}|`,
    ...r.rows.map((row) => `| ${row.safe ? '✓' : ''} | ${r.axes.map((a) => String(row.knobs[a.knob])).join(' | ')} | ${r.properties.map((p) => cell(row.statuses[p], row.lengths[p])).join(' | ')} | ${row.distinctStates} |`),
    '',
    `${r.rows.filter((x) => x.safe).length} of ${r.rows.length} combinations are safe for every property.`,
  ];
  return lines.join('\n') + '\n';
}

export async function runSweepCommand(a: SweepArgs, io: Io): Promise<number> {
  refuseEmptyOut(a.out);
  const def = await loadModel(a.model, io.cwd, { typecheck: a.typecheck });
  const axes = resolveAxes(def, a.knob);
  const ac = new AbortController();
  const stopSignals = onStopSignals(ac);
  let result: Awaited<ReturnType<typeof runSweep>>;
  try {
    result = await runSweep(def, {
      axes,
      preset: a.preset,
      set: parseSettings(a.set),
      onRow: a.json ? undefined : (_row, i, n) => io.errIsTTY && (io.errRaw ?? io.err)(`\r  ${i}/${n} combinations\x1b[K`),
      signal: ac.signal,
    });
  } finally {
    stopSignals();
  }
  const total = combinations(axes).length;
  // Interrupted, the rows so far are the result; the last one may be a check cut short (its verdict incomplete).
  const verdict = ac.signal.aborted ? 'incomplete' : 'complete';
  const exitCode = ac.signal.aborted ? ExitCode.incomplete : ExitCode.ok;
  const base = path.resolve(io.cwd, a.out ?? 'out/sweep', def.name.replace(/[^A-Za-z0-9_.-]+/g, '-'));
  const json = { tool: { name: 'interleave', version: VERSION }, verdict, exitCode, combinations: total, ...result };
  // The matrix first: a failure to write the files must never hide it.
  io.out(a.json ? JSON.stringify(json, null, 2) : formatSweep(result));
  try {
    writeFileAtomic(`${base}.json`, JSON.stringify(json, null, 2) + '\n');
    writeFileAtomic(`${base}.md`, sweepMarkdown(result));
  } catch (e) {
    const err = toWriteError(e, `${base}.json`);
    io.err(`output files not written: ${err.toText()}`);
    return err.exitCode;
  }
  if (!a.json) io.out(`wrote ${path.relative(io.cwd, base)}.md and .json`);
  if (verdict === 'incomplete') io.err(`interrupted: ${result.rows.length} of ${total} combinations checked; the table is partial; verdict incomplete`);
  return exitCode;
}
