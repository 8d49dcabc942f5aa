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
import type { Fresh, ValuesFrom } from './value-ids';

/** Serves the coordinator; `source` is the module named by the run's WorkerSource. */
export async function serveWorker(source: { buildWorkerModel(args: unknown): Promise<BuiltModel> }): Promise<void> {
  const port = parentPort!;
  const { config } = workerData as { config: SimWorkerConfig };
  const built = await buildInWorker(source, (model) => ({ walker: new TraceWalker(model, config.settings), A: model.actions.length, W: model.layout.words, interner: model.interner }));
  if (!built) return;
  const { walker, A, W, interner } = built;
  // A worker does not know which properties are violated already: it checks them all (sim-walk.ts).
  const none = () => false;
  // A value the coordinator has no id for yet gets a provisional one here (intern.ts); `values` is how many it has.
  interner.startProvisional();
  port.postMessage({ type: 'ready', values: interner.size });
  port.on('message', (m: { from: number; to: number; values?: ValuesFrom }) => {
    if (m.values) interner.adopt(m.values.from, m.values.encoded);
    // The batch's arrays go in two buffers, moved (not copied) to the coordinator: one of words, one of counts.
    const count = m.to - m.from;
    const fired = new Float64Array(count * A);
    let words = new Uint32Array(1024);
    let used = 0;
    const walked: { rec: TraceRecord; at: number; faulted: boolean }[] = [];
    for (let k = 0; k < count; k++) {
      let rec: TraceRecord;
      let faulted = false;
      let fresh: Fresh | undefined;
      try {
        rec = walker.walkThrough(m.from + k, config.starts, none);
      } catch {
        rec = walker.rec;
        faulted = true;
      }
      try {
        fresh = interner.takeUses();
      } catch {
        // A value that cannot be written out (a Record): the coordinator walks this trace itself.
        faulted = true;
      }
      const n = rec.steps;
      const need = 4 * n + 2;
      if (used + need > words.length) {
        const grown = new Uint32Array(Math.max(2 * words.length, used + need));
        grown.set(words.subarray(0, used));
        words = grown;
      }
      words.set(rec.fps.subarray(0, 2 * n + 2), used);
      words.set(rec.via.subarray(0, n), used + 2 * n + 2);
      words.set(rec.viaLabel.subarray(0, n), used + 3 * n + 2);
      fired.set(rec.fired, k * A);
      // The walk's states, when they hold provisional ids: the coordinator maps them and fingerprints them again.
      const states = !faulted && fresh && fresh.ids.length > 0 ? { fresh, words: walker.walkBuf.slice(0, (n + 1) * W) } : {};
      walked.push({ rec: { ...rec, ...states }, at: used, faulted });
      used += need;
    }
    const buf = words.buffer;
    const records: TraceRecord[] = walked.map(({ rec, at, faulted }, k) => {
      const n = rec.steps;
      return {
        ...rec,
        fired: fired.subarray(k * A, (k + 1) * A),
        fps: new Uint32Array(buf, at * 4, 2 * n + 2),
        via: new Int32Array(buf, (at + 2 * n + 2) * 4, n),
        viaLabel: new Int32Array(buf, (at + 3 * n + 2) * 4, n),
        ...(faulted ? { faulted, found: [] } : {}),
      };
    });
    port.postMessage({ records }, [buf, fired.buffer]);
  });
}
