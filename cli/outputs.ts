/**
 * The files a check writes into its output directory (`--out DIR`):
 * result.json, report.html and one trace.itf.json per counterexample always;
 * with --dot the DOT pictures (trace, waitfor at a deadlock), with --svg also
 * their SVGs, with --graph the state graph. docs/outputs.md describes them.
 *
 * Stages: `resolveOutputOptions` validates the flags (IL202, IL205);
 * `createOutputs` builds every file's content (writers + one batch of Graphviz
 * renders) without touching the disk; `writeOutputs` writes them atomically
 * through write.ts. Output is deterministic except result.json's timing fields.
 * A refused graph (IL201) or a model whose explain hooks throw (IL207) costs
 * only those pictures: the notes say why, every other file is written.
 *
 * Naming: with one violated property the trace files are `trace.*`; with
 * several (--continue), `trace-<property>.*` for each (names sanitised to
 * [A-Za-z0-9_.-]). The wait-for graph belongs to the deadlock property and is
 * always `waitfor.*`.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  BuiltModel,
  CheckResult,
  DEFAULT_GRAPH_LIMIT,
  explainTrace,
  exploreGraph,
  findPath,
  getLanes,
  InterleaveError,
  itfEncoders,
  toGraphDot,
  toHtmlReport,
  toItf,
  toJson,
  toTraceDot,
  toWaitForDot,
  usageError,
} from '../checker';
import type { ExplainedTrace, HtmlTrace } from '../checker';
import { DotError, renderSvgs } from './render';
import { VERSION } from './version';
import { writeFileAtomic } from './write';

export interface OutputOptions {
  readonly dir: string;
  /** Write the DOT pictures. */
  readonly dot: boolean;
  /** Write SVGs of the pictures (implies dot). */
  readonly svg: boolean;
  /** Explore and draw the whole state graph. */
  readonly graph: boolean;
  readonly graphLimit: number;
}

export interface OutputFlags {
  out?: string;
  dot?: boolean;
  svg?: boolean;
  graph?: boolean;
  graphLimit?: number;
}

/** `--out ""` would write into the working folder under no name of its own: refused by every command that takes `--out`. */
export function refuseEmptyOut(out: string | undefined): void {
  if (out === '') throw usageError('IL006', '--out "" names no folder', { hint: '--out out/run1' });
}

/** Validates the output flags; undefined when nothing is to be written. */
export function resolveOutputOptions(f: OutputFlags): OutputOptions | undefined {
  const asked = [f.dot && '--dot', f.svg && '--svg', f.graph && '--graph', f.graphLimit !== undefined && '--graph-limit'].filter(Boolean) as string[];
  if (f.graphLimit !== undefined && !(Number.isInteger(f.graphLimit) && f.graphLimit > 0)) {
    throw usageError('IL205', `--graph-limit ${String(f.graphLimit)} is not a positive integer`, { hint: `--graph-limit ${DEFAULT_GRAPH_LIMIT}` });
  }
  refuseEmptyOut(f.out);
  if (f.out === undefined) {
    if (asked.length > 0) {
      throw usageError('IL202', `${asked.join(', ')} need${asked.length === 1 ? 's' : ''} an output directory`, {
        hint: `add --out DIR, e.g. --out out/run1 ${asked.join(' ')}`,
      });
    }
    return undefined;
  }
  const svg = f.svg ?? false;
  return { dir: f.out, dot: (f.dot ?? false) || svg, svg, graph: f.graph ?? false, graphLimit: f.graphLimit ?? DEFAULT_GRAPH_LIMIT };
}

/** One file to write: its name inside the output directory and its content. */
export interface OutputFile {
  readonly name: string;
  readonly content: string;
}

export interface Outputs {
  readonly files: readonly OutputFile[];
  /** Things the user should know: a refused graph, a failed render, the wait-for cycle. */
  readonly notes: readonly string[];
}

/** File-name part for a property: [A-Za-z0-9_.-] only. */
export function safeName(name: string): string {
  return name.replace(/[^A-Za-z0-9_.-]/g, '_') || '_';
}

/** Builds every output file's content; touches no file. `command` reproduces the run. */
export async function createOutputs(r: CheckResult, model: BuiltModel, o: OutputOptions, command: string): Promise<Outputs> {
  const tool = `interleave ${VERSION}`;
  const files: OutputFile[] = [];
  const notes: string[] = [];
  files.push({ name: 'result.json', content: JSON.stringify(toJson(r, VERSION, { timing: false }), null, 2) + '\n' });

  const violated = r.properties.filter((p) => p.counterexample !== undefined);
  const used = new Set<string>();
  const traces: { trace: ExplainedTrace; base: string; dot?: string; waitfor?: string }[] = [];
  for (const p of violated) {
    let base = violated.length === 1 ? 'trace' : `trace-${safeName(p.name)}`;
    for (let k = 2; used.has(base); k++) base = `trace-${safeName(p.name)}-${k}`;
    used.add(base);
    files.push({ name: `${base}.itf.json`, content: JSON.stringify(toItf(model, p, tool, p.counterexample!, itfEncoders(model.layout)), null, 2) + '\n' });
    let trace: ExplainedTrace;
    try {
      trace = explainTrace(model, p);
    } catch (e) {
      if (!(e instanceof InterleaveError)) throw e;
      notes.push(`no pictures for ${p.name}: ${e.toText().replace(/\n\s*/g, ' — ')}`);
      continue;
    }
    traces.push({ trace, base, dot: toTraceDot(trace), ...(trace.waits && trace.waits.length > 0 ? { waitfor: toWaitForDot(trace) } : {}) });
    if (trace.cycleText) notes.push(`wait-for at the deadlock: ${trace.cycleText}`);
  }

  let graphDot: string | undefined;
  let graphNote: string | undefined;
  if (o.graph) {
    try {
      const g = exploreGraph(model, { limit: o.graphLimit, invariants: r.options.invariants });
      const paths = violated.flatMap((p) => {
        const found = findPath(g, p.counterexample!);
        return found ? [{ property: p.name, ...found, ...(p.counterexample!.loop !== undefined ? { loop: p.counterexample!.loop } : {}) }] : [];
      });
      graphDot = toGraphDot(g, { lanes: getLanes(model), paths });
    } catch (e) {
      if (!(e instanceof InterleaveError)) throw e; // IL201 (too big), or a model fault while exploring
      graphNote = e.toText().replace(/\n\s*/g, ' — ');
      notes.push(graphNote);
    }
  }

  // One batch of renders: every picture, for report.html and (with --svg) the .svg files.
  const sources: string[] = [];
  for (const t of traces) {
    sources.push(t.dot!);
    if (t.waitfor) sources.push(t.waitfor);
  }
  if (graphDot) sources.push(graphDot);
  let svgs: string[] | undefined;
  try {
    svgs = await renderSvgs(sources);
  } catch (e) {
    const which = e instanceof DotError ? ` (picture ${e.index + 1} of ${sources.length})` : '';
    notes.push(`SVG rendering failed${which}: ${(e as Error).message}; the DOT files are still written. This is a bug in interleave; please report it.`);
  }
  let k = 0;
  const next = () => (svgs ? svgs[k++] : undefined);
  const htmlTraces: HtmlTrace[] = [];
  for (const t of traces) {
    const traceSvg = next();
    const waitforSvg = t.waitfor ? next() : undefined;
    const mine: string[] = [`${t.base}.itf.json`];
    if (o.dot) {
      files.push({ name: `${t.base}.dot`, content: t.dot! });
      mine.push(`${t.base}.dot`);
      if (t.waitfor) {
        files.push({ name: 'waitfor.dot', content: t.waitfor });
        mine.push('waitfor.dot');
      }
    }
    if (o.svg && traceSvg) {
      files.push({ name: `${t.base}.svg`, content: traceSvg });
      mine.push(`${t.base}.svg`);
    }
    if (o.svg && waitforSvg) {
      files.push({ name: 'waitfor.svg', content: waitforSvg });
      mine.push('waitfor.svg');
    }
    htmlTraces.push({ trace: t.trace, ...(traceSvg ? { traceSvg } : {}), ...(waitforSvg ? { waitforSvg } : {}), files: mine });
  }
  let graphSvg: string | undefined;
  if (graphDot) {
    graphSvg = next();
    files.push({ name: 'graph.dot', content: graphDot });
    if (o.svg && graphSvg) files.push({ name: 'graph.svg', content: graphSvg });
  }
  const names = [...files.map((f) => f.name), 'report.html'];
  const report = toHtmlReport({
    result: r,
    traces: htmlTraces,
    ...(o.graph ? { graph: { ...(graphSvg ? { svg: graphSvg } : {}), ...(graphNote ? { note: graphNote } : {}) } } : {}),
    command,
    files: names,
    tool,
  });
  files.push({ name: 'report.html', content: report });
  return { files, notes };
}

/** The list of files a run wrote into its --out folder, kept there so the next run can remove them. */
export const MANIFEST = '.interleave-files.json';

/**
 * Writes the outputs atomically into `dir` (resolved against cwd); returns
 * the absolute paths written. A folder reused from an earlier run would mix
 * two runs' files, so the files the earlier run wrote (as its manifest lists
 * them) and this run does not are removed first; files interleave did not
 * write are never touched.
 */
export function writeOutputs(outputs: Outputs, dir: string, cwd: string): string[] {
  const folder = path.resolve(cwd, dir);
  const names = outputs.files.map((f) => f.name);
  const manifest = path.join(folder, MANIFEST);
  let earlier: string[] = [];
  try {
    const m = JSON.parse(fs.readFileSync(manifest, 'utf8')) as { files?: unknown };
    if (Array.isArray(m.files)) earlier = m.files.filter((f): f is string => typeof f === 'string' && f === path.basename(f));
  } catch {
    // no manifest (a new folder, or one interleave never wrote): nothing to remove
  }
  for (const old of earlier) if (!names.includes(old)) fs.rmSync(path.join(folder, old), { force: true });
  const written = outputs.files.map((f) => {
    const file = path.join(folder, f.name);
    writeFileAtomic(file, f.content);
    return file;
  });
  writeFileAtomic(manifest, JSON.stringify({ tool: 'interleave', files: names }, null, 2) + '\n');
  return written;
}
