/**
 * Worker threads that rebuild the model from its source, shared by parallel
 * exploration (parallel.ts, worker.ts) and parallel simulation
 * (sim-parallel.ts, sim-worker.ts): how a thread is started, loads its module
 * and the model's source module, and builds the model.
 */
import { Worker, parentPort, workerData } from 'node:worker_threads';
import { InterleaveError, modelError } from './errors';
import { fromFault, toFault, FaultInfo } from './expand';
import type { BuiltModel } from './model';
import type { WorkerSource } from './parallel';

/**
 * The worker's entry, evaluated by `new Worker(…, { eval: true })`: loads the
 * worker module and the model's source module, with jiti when they are
 * TypeScript (tests run the sources), with require when compiled.
 */
const BOOTSTRAP = `
const { workerData } = require('node:worker_threads');
const jiti = /\\.ts$/.test(workerData.worker) ? require(workerData.jiti).createJiti(workerData.worker, { interopDefault: false }) : undefined;
const load = (file) => (jiti && /\\.ts$/.test(file) ? jiti.import(file) : Promise.resolve(require(file)));
Promise.all([load(workerData.worker), load(workerData.source.module)]).then(([w, s]) => w.serveWorker(s));
`;

/**
 * Starts a thread running `serveWorker(sourceModule)` of the module `worker`
 * (a resolved path) with `config` in its workerData; `ready` settles when it
 * has built the model (or could not: the error it reports), with what its
 * ready message says (an exploration worker: how many values it has interned).
 */
export function startWorker(worker: string, source: WorkerSource, config: unknown): { worker: Worker; ready: Promise<{ values?: number }> } {
  const w = new Worker(BOOTSTRAP, { eval: true, workerData: { worker, jiti: require.resolve('jiti'), source, config } });
  const ready = new Promise<{ values?: number }>((resolve, reject) => {
    w.once('message', (m: { type: string; fault?: FaultInfo; values?: number }) => (m.type === 'ready' ? resolve(m) : reject(fromFault(m.fault!))));
    w.once('error', reject);
    w.once('exit', (code) => reject(new Error(`a worker thread exited with code ${code} before it was ready`)));
  });
  return { worker: w, ready };
}

/**
 * In a worker thread: builds the model from the run's source and what the
 * worker makes of it (`prepare`), or posts the error and returns undefined.
 */
export async function buildInWorker<T>(source: { buildWorkerModel(args: unknown): Promise<BuiltModel> }, prepare: (model: BuiltModel) => T): Promise<T | undefined> {
  const { source: where } = workerData as { source: { args: unknown } };
  try {
    return prepare(await source.buildWorkerModel(where.args));
  } catch (e) {
    const err = e instanceof InterleaveError ? e : modelError('IL119', `a worker could not build the model: ${(e as Error).message}`, { hint: 'the model must build the same way in every worker thread; try --workers 1' });
    parentPort!.postMessage({ type: 'error', fault: toFault(err) });
    return undefined;
  }
}
