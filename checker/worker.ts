/**
 * A worker thread of parallel exploration (parallel.ts): rebuilds the model
 * from its source, then expands the chunks the coordinator sends (expand.ts)
 * and posts their records back. It never touches the store; it only reads the
 * shared fingerprint table to leave out successors already stored.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { InterleaveError, modelError } from './errors';
import { createExpander, ExpandConfig, Expansion, toFault } from './expand';
import type { BuiltModel } from './model';

interface Chunk {
  readonly c: number;
  readonly states: Uint32Array;
  readonly count: number;
  readonly probe: Uint32Array | undefined;
  readonly table: Uint32Array | undefined;
}

/** Serves the coordinator; `source` is the module named by the run's WorkerSource. */
export async function serveWorker(source: { buildWorkerModel(args: unknown): Promise<BuiltModel> }): Promise<void> {
  const port = parentPort!;
  const { source: where, config } = workerData as { source: { args: unknown }; config: ExpandConfig };
  let expand;
  try {
    const model = await source.buildWorkerModel(where.args);
    expand = createExpander(model, config);
  } catch (e) {
    const err = e instanceof InterleaveError ? e : modelError('IL119', `a worker could not build the model: ${(e as Error).message}`, { hint: 'the model must build the same way in every worker thread; try --workers 1' });
    port.postMessage({ type: 'error', fault: toFault(err) });
    return;
  }
  let table: Uint32Array | undefined;
  port.postMessage({ type: 'ready' });
  port.on('message', (m: Chunk) => {
    if (m.table) table = m.table;
    const expansion = expand(m.states, m.count, table, true);
    const probe = m.probe ? expand(m.probe, 1, table, true) : undefined;
    const transfer = [expansion.records.buffer as ArrayBuffer, ...(probe ? [probe.records.buffer as ArrayBuffer] : [])];
    port.postMessage({ type: 'done', c: m.c, expansion, probe } satisfies { type: string; c: number; expansion: Expansion; probe: Expansion | undefined }, transfer);
  });
}
