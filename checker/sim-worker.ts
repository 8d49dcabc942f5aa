/**
 * A worker thread of parallel simulation (sim-parallel.ts): rebuilds the
 * model from its source, then walks the batches of traces the coordinator
 * sends (sim-walk.ts) and posts their records back. A walk that throws is
 * posted as faulted: the coordinator walks that trace again itself.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { BuiltModel } from './model';
import type { SimWorkerConfig } from './sim-parallel';
import { TraceRecord, TraceWalker } from './sim-walk';
import { buildInWorker } from './threads';

/** Serves the coordinator; `source` is the module named by the run's WorkerSource. */
export async function serveWorker(source: { buildWorkerModel(args: unknown): Promise<BuiltModel> }): Promise<void> {
  const port = parentPort!;
  const { config } = workerData as { config: SimWorkerConfig };
  const walker = await buildInWorker(source, (model) => new TraceWalker(model, config.settings));
  if (!walker) return;
  // A worker does not know which properties are violated already: it checks them all (sim-walk.ts).
  const none = () => false;
  port.postMessage({ type: 'ready' });
  port.on('message', (m: { from: number; to: number }) => {
    const records: TraceRecord[] = [];
    for (let t = m.from; t < m.to; t++) {
      try {
        records.push(walker.detach(walker.walkThrough(t, config.starts, none)));
      } catch {
        records.push({ ...walker.detach(walker.rec), faulted: true, found: [] });
      }
    }
    const transfer = records.flatMap((r) => [r.fps.buffer as ArrayBuffer, r.via.buffer as ArrayBuffer, r.viaLabel.buffer as ArrayBuffer, r.fired.buffer as ArrayBuffer]);
    port.postMessage({ records }, transfer);
  });
}
