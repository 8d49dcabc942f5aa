/**
 * `interleave check <model|file>`: load → build → check → write → report.
 * Each stage is a function that tests call directly; `runCheck` chains them
 * and returns the exit code (the CLI entry sets it).
 */
import * as path from 'node:path';
import { buildModel, BuiltModel, check, CheckResult, InterleaveError, resolveKnobs, Strategy, toJson, usageError } from '../checker';
import { createOutputs, resolveOutputOptions, writeOutputs } from './outputs';
import { formatCheck } from './format';
import type { Io } from './io';
import { loadModel } from './load';
import { createProgressLine } from './progress';
import { VERSION } from './version';

export interface CheckArgs {
  model: string;
  set?: string[];
  preset?: string;
  invariant?: string[];
  deadlock?: boolean;
  continue?: boolean;
  strategy?: Strategy;
  maxStates?: number;
  maxDepth?: number;
  timeLimit?: number;
  exact?: boolean;
  json?: boolean;
  out?: string;
  /** With --out: write the DOT pictures (trace, waitfor). */
  dot?: boolean;
  /** With --out: write the pictures as SVG too (implies dot). */
  svg?: boolean;
  /** With --out: explore and draw the whole state graph (graph.dot, graph.svg). */
  graph?: boolean;
  /** Refuse the state graph above this many states (default DEFAULT_GRAPH_LIMIT). */
  graphLimit?: number;
}

/** Parses `--set K=V` items into a map; a malformed item is a usage error. */
export function parseSettings(items: readonly string[] = []): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of items) {
    const eq = item.indexOf('=');
    if (eq <= 0) throw usageError('IL003', `--set ${item} is not of the form KNOB=VALUE`, { hint: '--set N=5' });
    out[item.slice(0, eq).trim()] = item.slice(eq + 1).trim();
  }
  return out;
}

/** The command line that reproduces a check with these arguments. */
export function reproduceCommand(a: CheckArgs): string {
  const parts = ['npx interleave check', a.model];
  if (a.preset) parts.push(`--preset ${a.preset}`);
  for (const s of a.set ?? []) parts.push(`--set ${s}`);
  for (const i of a.invariant ?? []) parts.push(`--invariant ${i}`);
  if (a.deadlock === false) parts.push('--no-deadlock');
  if (a.continue) parts.push('--continue');
  if (a.strategy && a.strategy !== 'bfs') parts.push(`--strategy ${a.strategy}`);
  if (a.maxStates !== undefined) parts.push(`--max-states ${a.maxStates}`);
  if (a.maxDepth !== undefined) parts.push(`--max-depth ${a.maxDepth}`);
  if (a.timeLimit !== undefined) parts.push(`--time-limit ${a.timeLimit}`);
  if (a.exact) parts.push('--exact');
  return parts.join(' ');
}

/** Loads, builds and checks; usage and model errors come back as a result-less error. */
export async function runCheckStage(a: CheckArgs, io: Io, signal?: AbortSignal): Promise<{ result: CheckResult; model: BuiltModel }> {
  // An empty --out would write into the working folder under no name the user chose: refuse it before the run, not after.
  if (a.out === '') throw usageError('IL006', '--out "" is not a folder name', { hint: '--out out/run1' });
  const def = await loadModel(a.model, io.cwd);
  const knobs = resolveKnobs(def, { preset: a.preset, set: parseSettings(a.set) });
  const model = buildModel(def, knobs, a.preset);
  const progress = !a.json && io.errIsTTY ? createProgressLine((t) => io.err(t)) : undefined;
  try {
    const result = await check(model, {
      invariants: a.invariant && a.invariant.length > 0 ? a.invariant : undefined,
      deadlock: a.deadlock ?? true,
      continue: a.continue ?? false,
      strategy: a.strategy,
      maxStates: a.maxStates,
      maxDepth: a.maxDepth,
      timeLimit: a.timeLimit,
      exact: a.exact,
      signal,
      reporter: progress,
    });
    return { result, model };
  } finally {
    progress?.done();
  }
}

/**
 * Writes the output files under `--out DIR` (see cli/outputs.ts and
 * docs/outputs.md): result.json, report.html, the ITF traces, and with
 * --dot/--svg/--graph the pictures, using the checked model's lanes and
 * explain hooks. Returns the files written and notes for the user (a refused
 * graph, the wait-for cycle).
 */
export async function writeCheckOutputs(r: CheckResult, model: BuiltModel, a: CheckArgs, cwd: string): Promise<{ files: string[]; notes: readonly string[] }> {
  const o = resolveOutputOptions(a);
  if (!o) return { files: [], notes: [] };
  const outputs = await createOutputs(r, model, o, reproduceCommand(a));
  return { files: writeOutputs(outputs, o.dir, cwd), notes: outputs.notes };
}

/** The whole command; returns the exit code. */
export async function runCheck(a: CheckArgs, io: Io): Promise<number> {
  const ac = new AbortController();
  const onSigint = () => ac.abort();
  process.on('SIGINT', onSigint);
  let r: CheckResult;
  let model: BuiltModel;
  try {
    ({ result: r, model } = await runCheckStage(a, io, ac.signal));
  } catch (e) {
    if (e instanceof InterleaveError) {
      if (a.json) io.out(JSON.stringify({ verdict: e.kind === 'usage' ? 'usage-error' : 'model-error', exitCode: e.exitCode, error: { code: e.code, message: e.message, hint: e.hint, alternatives: e.alternatives } }, null, 2));
      else io.err(e.toText());
      return e.exitCode;
    }
    throw e;
  } finally {
    process.off('SIGINT', onSigint);
  }
  // A model whose explain hooks throw fails here (IL207): say so, still print the verdict, exit with the error's code.
  let writeError: InterleaveError | undefined;
  if (a.out) {
    try {
      const { files, notes } = await writeCheckOutputs(r, model, a, io.cwd);
      for (const n of notes) io.err(n);
      if (!a.json) io.err(`wrote ${files.map((f) => path.relative(io.cwd, f) || f).join(', ')}`);
    } catch (e) {
      if (!(e instanceof InterleaveError)) throw e;
      writeError = e;
      io.err(`output files not written: ${e.toText()}`);
    }
  }
  if (a.json) io.out(JSON.stringify(toJson(r, VERSION), null, 2));
  else io.out(formatCheck(r, reproduceCommand(a)));
  return writeError ? writeError.exitCode : r.exitCode;
}
