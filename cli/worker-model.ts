/**
 * How a worker thread of `check --workers N` rebuilds the model the command
 * checks (checker/parallel.ts loads this module in every worker): the same
 * name or file, preset and knob settings, loaded and built as cli/check.ts does.
 */
import { buildModel, BuiltModel, resolveKnobs } from '../checker';
import type { WorkerSource } from '../checker/parallel';
import { loadModel } from './load';

export interface WorkerModelArgs {
  readonly model: string;
  readonly cwd: string;
  readonly preset: string | undefined;
  readonly set: Record<string, string>;
}

export async function buildWorkerModel(args: unknown): Promise<BuiltModel> {
  const a = args as WorkerModelArgs;
  const def = await loadModel(a.model, a.cwd);
  return buildModel(def, resolveKnobs(def, { preset: a.preset, set: a.set }), a.preset);
}

/** The worker source of a check: this module and the arguments that rebuild its model. */
export function workerSource(args: WorkerModelArgs): WorkerSource {
  return { module: __filename, args };
}
