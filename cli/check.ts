/**
 * `interleave check <model|file>`: load → build → check → write → report.
 * Each stage is a function that tests call directly; `runCheck` chains them
 * and returns the exit code (the CLI entry sets it).
 */
import * as path from 'node:path';
import { buildModel, BuiltModel, check, CheckResult, InterleaveError, resolveKnobs, Strategy, toJson, toShellWord, usageError } from '../checker';
import { createOutputs, resolveOutputOptions, writeOutputs } from './outputs';
import { formatCheck } from './format';
import type { Io } from './io';
import { loadModel } from './load';
import { createProgressLine } from './progress';
import { VERSION } from './version';
import { toWriteError } from './write';
import { defaultMaxMemory } from './memory';
import { workerSource } from './worker-model';

export interface CheckArgs {
  model: string;
  set?: string[];
  preset?: string;
  invariant?: string[];
  property?: string[];
  liveness?: boolean;
  deadlock?: boolean;
  continue?: boolean;
  strategy?: Strategy;
  maxStates?: number;
  maxDepth?: number;
  timeLimit?: number;
  /** Bytes; default defaultMaxMemory(). */
  maxMemory?: number;
  /** --max-memory as typed (parsed by the CLI entry). */
  maxMemoryText?: string;
  /** States whose actions are run twice (default 1000). */
  determinism?: number;
  determinismText?: string;
  exact?: boolean;
  /** undefined: the model's symmetry unless liveness is checked; false: --no-symmetry; true: --symmetry. */
  symmetry?: boolean;
  /** Type-check a model file with the TypeScript compiler before the run. */
  typecheck?: boolean;
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
  /** Worker threads, or 'auto' for the cores (default 1: on the bench models two workers are not yet 1.7× faster than one, docs/benchmarks.md). */
  workers?: number | 'auto';
  /** --workers as typed (parsed by the CLI entry). */
  workersText?: string;
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

/** The command line that reproduces a check with these arguments, every word quoted for a POSIX shell where it needs it. */
export function reproduceCommand(a: CheckArgs): string {
  const q = toShellWord;
  const parts = ['npx interleave check', q(a.model)];
  if (a.preset) parts.push(`--preset ${q(a.preset)}`);
  for (const s of a.set ?? []) parts.push(`--set ${q(s)}`);
  for (const i of a.invariant ?? []) parts.push(`--invariant ${q(i)}`);
  for (const p of a.property ?? []) parts.push(`--property ${q(p)}`);
  if (a.liveness === false) parts.push('--no-liveness');
  if (a.deadlock === false) parts.push('--no-deadlock');
  if (a.deadlock === true) parts.push('--deadlock');
  if (a.continue) parts.push('--continue');
  if (a.strategy && a.strategy !== 'bfs') parts.push(`--strategy ${a.strategy}`);
  if (a.maxStates !== undefined) parts.push(`--max-states ${a.maxStates}`);
  if (a.maxDepth !== undefined) parts.push(`--max-depth ${a.maxDepth}`);
  if (a.timeLimit !== undefined) parts.push(`--time-limit ${a.timeLimit}`);
  if (a.maxMemoryText !== undefined) parts.push(`--max-memory ${toShellWord(a.maxMemoryText)}`);
  if (a.exact) parts.push('--exact');
  if (a.determinismText !== undefined) parts.push(`--determinism ${toShellWord(a.determinismText)}`);
  if (a.symmetry === false) parts.push('--no-symmetry');
  if (a.symmetry === true) parts.push('--symmetry');
  if (a.workersText !== undefined) parts.push(`--workers ${toShellWord(a.workersText)}`);
  return parts.join(' ');
}

/**
 * A usage or model error from loading, building or running: its text on
 * stderr, or with --json a result-shaped object on stdout; the exit code.
 * Anything else is a bug of interleave's and is thrown on.
 */
export function reportStageError(e: unknown, json: boolean | undefined, io: Io): number {
  if (!(e instanceof InterleaveError)) throw e;
  if (json) io.out(JSON.stringify({ verdict: e.kind === 'usage' ? 'usage-error' : 'model-error', exitCode: e.exitCode, error: { code: e.code, message: e.message, hint: e.hint, alternatives: e.alternatives } }, null, 2));
  else io.err(e.toText());
  return e.exitCode;
}

/** Loads, builds and checks; usage and model errors come back as a result-less error. */
export async function runCheckStage(a: CheckArgs, io: Io, signal?: AbortSignal): Promise<{ result: CheckResult; model: BuiltModel }> {
  const def = await loadModel(a.model, io.cwd, { typecheck: a.typecheck });
  const set = parseSettings(a.set);
  const knobs = resolveKnobs(def, { preset: a.preset, set });
  const model = buildModel(def, knobs, a.preset);
  const progress = !a.json && io.errIsTTY ? createProgressLine((t) => (io.errRaw ?? io.err)(t)) : undefined;
  try {
    const result = await check(model, {
      invariants: a.invariant && a.invariant.length > 0 ? a.invariant : undefined,
      properties: a.property && a.property.length > 0 ? a.property : undefined,
      liveness: a.liveness,
      deadlock: a.deadlock,
      continue: a.continue ?? false,
      strategy: a.strategy,
      maxStates: a.maxStates,
      maxDepth: a.maxDepth,
      timeLimit: a.timeLimit,
      maxMemory: a.maxMemory ?? defaultMaxMemory(),
      ...(a.determinism !== undefined ? { determinism: a.determinism } : {}),
      exact: a.exact,
      symmetry: a.symmetry,
      workers: a.workers ?? 1,
      workerSource: workerSource({ model: a.model, cwd: io.cwd, preset: a.preset, set }),
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
  // The report names a model file relative to the working folder, never by a machine's absolute path.
  const shown = path.isAbsolute(a.model) ? path.relative(cwd, a.model) : a.model;
  const outputs = await createOutputs(r, model, o, reproduceCommand({ ...a, model: shown }));
  return { files: writeOutputs(outputs, o.dir, cwd), notes: outputs.notes };
}

/**
 * Ends a long run cleanly on SIGINT, SIGTERM or SIGHUP (what Ctrl-C, `timeout`,
 * CI cancellation and `docker stop` send): the first signal aborts the
 * exploration, which returns `incomplete` with what it saw, and the command
 * still prints and writes its partial result; a second signal exits at once
 * with 128 + the signal's number, as a shell would. Returns the function that
 * removes the handlers.
 */
export function onStopSignals(ac: AbortController): () => void {
  const numbers: Record<string, number> = { SIGINT: 2, SIGTERM: 15, SIGHUP: 1 };
  const handler = (sig: NodeJS.Signals) => {
    if (ac.signal.aborted) process.exit(128 + (numbers[sig] ?? 1));
    ac.abort();
  };
  const signals = Object.keys(numbers) as NodeJS.Signals[];
  for (const sig of signals) process.on(sig, handler);
  return () => {
    for (const sig of signals) process.off(sig, handler);
  };
}

/** The whole command; returns the exit code. */
export async function runCheck(a: CheckArgs, io: Io): Promise<number> {
  const ac = new AbortController();
  const stopSignals = onStopSignals(ac);
  let r: CheckResult;
  let model: BuiltModel;
  try {
    resolveOutputOptions(a); // bad output flags are refused before the run, not after it
    ({ result: r, model } = await runCheckStage(a, io, ac.signal));
  } catch (e) {
    return reportStageError(e, a.json, io);
  } finally {
    stopSignals();
  }
  // The verdict first: a failure to write the files must never hide it.
  if (a.json) io.out(JSON.stringify(toJson(r, VERSION), null, 2));
  else {
    // A model error found while exploring is reported like one found while building: on stderr.
    if (r.error) io.err(`error ${r.error.code}: ${r.error.message}${r.error.hint ? `\n  try: ${r.error.hint}` : ''}`);
    io.out(formatCheck(r, reproduceCommand(a)));
  }
  // A model whose explain hooks throw fails here (IL207), a path that cannot be written with IL208: say so, exit with the error's code.
  if (a.out !== undefined) {
    try {
      const { files, notes } = await writeCheckOutputs(r, model, a, io.cwd);
      for (const n of notes) io.err(n);
      if (!a.json) io.err(`wrote ${files.map((f) => path.relative(io.cwd, f) || f).join(', ')}`);
    } catch (e) {
      const err = e instanceof InterleaveError ? e : toWriteError(e, path.resolve(io.cwd, a.out));
      io.err(`output files not written: ${err.toText()}`);
      return err.exitCode;
    }
  }
  return r.exitCode;
}
