/**
 * A worker thread of parallel exploration (parallel.ts): rebuilds the model
 * from its source, then serves the coordinator in one of two ways, per level:
 * the phases of a level on the shared table (level.ts: expand, rank, place),
 * or, for the levels replayed in the coordinator, chunks whose records it
 * posts back (expand.ts), reading the shared table only to leave out
 * successors already stored.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { createExpander, ExpandConfig, Expansion } from './expand';
import { CountJob, createLevelExpander, LevelJob, PlaceJob, RankJob, RehashJob } from './level';
import type { BuiltModel } from './model';
import { buildInWorker } from './threads';
import type { Fresh } from './value-ids';
import { Rec, toFault } from './expand';
import { usageError } from './errors';

/** The expansion of a chunk whose new values cannot be written out for the coordinator: a usage error there (IL015). */
function unpassable(e: unknown): Expansion {
  const error = usageError('IL015', `--workers N cannot be used with this model: ${(e as Error).message}`, { hint: '--workers 1' });
  return { records: new Uint32Array([Rec.fault, 0]), strings: [], faults: [toFault(error)] };
}

/** A message of the level phases (level.ts); the reply has the same type and the phase's result. */
export type PhaseMessage =
  | ({ readonly type: 'expand' } & LevelJob)
  | ({ readonly type: 'rank' } & RankJob)
  | ({ readonly type: 'count' } & CountJob)
  | ({ readonly type: 'place' } & PlaceJob)
  | ({ readonly type: 'rehash' } & RehashJob);

interface Chunk {
  readonly type: 'chunk';
  readonly c: number;
  readonly states: Uint32Array;
  readonly count: number;
  readonly probe: Uint32Array | undefined;
  readonly table: Uint32Array | undefined;
  /** The coordinator's interned values from id `from` on, written out (intern.ts encodeValue), that this worker has not had. */
  readonly values: { readonly from: number; readonly encoded: readonly unknown[] } | undefined;
}


/** Serves the coordinator; `source` is the module named by the run's WorkerSource. */
export async function serveWorker(source: { buildWorkerModel(args: unknown): Promise<BuiltModel> }): Promise<void> {
  const port = parentPort!;
  const { config } = workerData as { config: ExpandConfig };
  const built = await buildInWorker(source, (model) => ({ expand: createExpander(model, config), level: createLevelExpander(model, config), interner: model.interner }));
  if (!built) return;
  const { expand, level, interner } = built;
  // A value the coordinator has no id for yet gets a provisional one here (intern.ts); `values` is how many it has.
  interner.startProvisional();
  let table: Uint32Array | undefined;
  port.postMessage({ type: 'ready', values: interner.size });
  port.on('message', (m: Chunk | PhaseMessage) => {
    if (m.type === 'expand') return port.postMessage({ type: m.type, result: level.expand(m) });
    if (m.type === 'rank') return port.postMessage({ type: m.type, result: level.rank(m) });
    if (m.type === 'count') return port.postMessage({ type: m.type, result: level.count(m) });
    if (m.type === 'place') return port.postMessage({ type: m.type, result: level.place(m) });
    if (m.type === 'rehash') return port.postMessage({ type: m.type, result: level.rehash(m) });
    if (m.table) table = m.table;
    if (m.values) interner.adopt(m.values.from, m.values.encoded);
    let expansion = expand(m.states, m.count, table, true);
    let fresh: Fresh | undefined;
    try {
      fresh = interner.takeUses();
    } catch (e) {
      expansion = unpassable(e);
    }
    let probe = m.probe ? expand(m.probe, 1, table, true) : undefined;
    // The probe's values are compared, never interned: they belong to the next chunk.
    let probeFresh: Fresh | undefined;
    try {
      probeFresh = interner.takeUses();
    } catch {
      probe = undefined; // its new values cannot be listed, so it cannot be told apart from a difference
    }
    const transfer = [expansion.records.buffer as ArrayBuffer, ...(probe ? [probe.records.buffer as ArrayBuffer] : [])];
    port.postMessage(
      { type: 'done', c: m.c, expansion: { ...expansion, fresh }, probe: probe && { ...probe, fresh: probeFresh } } satisfies { type: string; c: number; expansion: Expansion; probe: Expansion | undefined },
      transfer,
    );
  });
}
