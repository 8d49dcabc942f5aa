/**
 * A worker thread of parallel exploration (parallel.ts): rebuilds the model
 * from its source, then expands the chunks the coordinator sends (expand.ts)
 * and posts their records back. It never touches the store; it only reads the
 * shared fingerprint table to leave out successors already stored.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { createExpander, ExpandConfig, Expansion } from './expand';
import type { BuiltModel } from './model';
import { buildInWorker } from './threads';

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
  const { config } = workerData as { config: ExpandConfig };
  const expand = await buildInWorker(source, (model) => createExpander(model, config));
  if (!expand) return;
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
