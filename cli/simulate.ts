/**
 * `interleave simulate <model|file>`: random walks instead of exhaustive
 * exploration (checker/simulate.ts), with check's outputs (--json, --out).
 * Finding nothing is `no-violation-found`, exit 5, never `ok`.
 */
import * as path from 'node:path';
import { buildModel, BuiltModel, CheckResult, resolveKnobs, simulate, SimulationProgress, toJson, toShellWord } from '../checker';
import { onStopSignals, parseSettings, reportStageError } from './check';
import { formatCheck } from './format';
import type { Io } from './io';
import { loadModel } from './load';
import { createOutputs, resolveOutputOptions, writeOutputs } from './outputs';
import { VERSION } from './version';
import { workerSource } from './worker-model';
import { toWriteError } from './write';

export interface SimulateArgs {
  model: string;
  /** Type-check a model file with the TypeScript compiler before the run. */
  typecheck?: boolean;
  set?: string[];
  preset?: string;
  invariant?: string[];
  property?: string[];
  deadlock?: boolean;
  continue?: boolean;
  seed?: number;
  depth?: number;
  traces?: number;
  timeLimit?: number;
  json?: boolean;
  out?: string;
  dot?: boolean;
  svg?: boolean;
  /** Worker threads walking traces, or 'auto' for the cores (default 1); the result is the same for any number. */
  workers?: number | 'auto';
  /** --workers as typed (parsed by the CLI entry). */
  workersText?: string;
}

/** The command line that reproduces a simulation with these arguments (the seed always shown). */
export function reproduceSimulate(a: SimulateArgs, r?: CheckResult): string {
  const parts = ['npx interleave simulate', a.model];
  if (a.preset) parts.push(`--preset ${a.preset}`);
  for (const s of a.set ?? []) parts.push(`--set ${s}`);
  for (const i of a.invariant ?? []) parts.push(`--invariant ${i}`);
  for (const p of a.property ?? []) parts.push(`--property '${p}'`);
  if (a.deadlock === false) parts.push('--no-deadlock');
  if (a.deadlock === true) parts.push('--deadlock');
  if (a.continue) parts.push('--continue');
  parts.push(`--seed ${r?.simulation?.seed ?? a.seed ?? 0}`);
  if (a.depth !== undefined) parts.push(`--depth ${a.depth}`);
  if (a.traces !== undefined) parts.push(`--traces ${a.traces}`);
  if (a.timeLimit !== undefined) parts.push(`--time-limit ${a.timeLimit}`);
  if (a.workersText !== undefined) parts.push(`--workers ${toShellWord(a.workersText)}`);
  return parts.join(' ');
}

function progressLine(write: (t: string) => void) {
  let shown = false;
  return {
    progress(p: SimulationProgress) {
      shown = true;
      write(`\r  ${p.seconds.toFixed(0)}s  ${p.traces.toLocaleString('en-US')} traces  ${p.statesGenerated.toLocaleString('en-US')} generated  ${p.distinctStates.toLocaleString('en-US')} distinct  ${Math.round(p.statesPerSecond).toLocaleString('en-US')} states/s\x1b[K`);
    },
    done() {
      if (shown) write('\r\x1b[K');
    },
  };
}

/** Loads, builds and simulates. */
export async function runSimulateStage(a: SimulateArgs, io: Io, signal?: AbortSignal): Promise<{ result: CheckResult; model: BuiltModel }> {
  const def = await loadModel(a.model, io.cwd, { typecheck: a.typecheck });
  const set = parseSettings(a.set);
  const knobs = resolveKnobs(def, { preset: a.preset, set });
  const model = buildModel(def, knobs, a.preset);
  const progress = !a.json && io.errIsTTY ? progressLine((t) => io.err(t)) : undefined;
  try {
    const result = await simulate(model, {
      invariants: a.invariant && a.invariant.length > 0 ? a.invariant : undefined,
      properties: a.property && a.property.length > 0 ? a.property : undefined,
      deadlock: a.deadlock,
      continue: a.continue ?? false,
      seed: a.seed,
      depth: a.depth,
      traces: a.traces,
      timeLimit: a.timeLimit,
      workers: a.workers ?? 1,
      workerSource: workerSource({ model: a.model, cwd: io.cwd, preset: a.preset, set }),
      signal,
      ...(progress ? { onProgress: (p: SimulationProgress) => progress.progress(p) } : {}),
    });
    return { result, model };
  } finally {
    progress?.done();
  }
}

/** The whole command; returns the exit code. */
export async function runSimulate(a: SimulateArgs, io: Io): Promise<number> {
  const ac = new AbortController();
  const stopSignals = onStopSignals(ac);
  let r: CheckResult;
  let model: BuiltModel;
  try {
    ({ result: r, model } = await runSimulateStage(a, io, ac.signal));
  } catch (e) {
    return reportStageError(e, a.json, io);
  } finally {
    stopSignals();
  }
  // The verdict first, as check does: a failure to write the files must never hide it.
  if (a.json) io.out(JSON.stringify(toJson(r, VERSION), null, 2));
  else io.out(formatCheck(r, reproduceSimulate(a, r)));
  const o = resolveOutputOptions({ out: a.out, dot: a.dot, svg: a.svg });
  if (o) {
    try {
      const outputs = await createOutputs(r, model, o, reproduceSimulate(a, r));
      const files = writeOutputs(outputs, o.dir, io.cwd);
      for (const n of outputs.notes) io.err(n);
      if (!a.json) io.err(`wrote ${files.map((f) => path.relative(io.cwd, f) || f).join(', ')}`);
    } catch (e) {
      const err = toWriteError(e, o.dir);
      io.err(`output files not written: ${err.toText()}`);
      return err.exitCode;
    }
  }
  return r.exitCode;
}
