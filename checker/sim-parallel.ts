/**
 * Parallel simulation (`simulate --workers N`): worker threads walk traces,
 * this thread, the coordinator, folds their records in trace order.
 *
 * Trace t is the same walk in any thread (its generator is seeded by (seed,
 * t)), so the run's results are those of one thread when the records are
 * folded in trace order 0, 1, 2, … (SimTotals.add): the coordinator hands out
 * batches of consecutive trace numbers, at most a few batches ahead of the
 * next trace to fold, holds the records that come back early until their
 * turn, and stops handing out work once a violation ends the run (`continue:
 * false`), a bound or an interrupt stops it. A trace whose walk threw in a
 * worker is walked again here in its turn, so a model error surfaces where,
 * and only if, the sequential run meets it. docs/adr/007-workers.md.
 */
import type { Worker } from 'node:worker_threads';
import type { BuiltModel } from './model';
import type { WorkerSource } from './parallel';
import { SimSettings, SimTotals, TraceRecord } from './sim-walk';
import { startWorker } from './threads';
import { fingerprint, fp } from './fingerprint';
import { stateKey } from './identity';
import { ValueIds } from './value-ids';

/** Traces handed to a worker at a time. */
const BATCH = 16;
/** Runs of at most this many traces are walked in the main thread: starting workers would cost more. */
export const SIM_ON_MAIN = BATCH;
/** Batches a worker may run ahead of the next trace to fold (bounds the records held). */
const AHEAD = 4;
/** Batches sent to a worker before it reports one. */
const QUEUED = 2;

/** What a simulation's worker is given, besides its model source. */
export interface SimWorkerConfig {
  readonly settings: SimSettings;
  /** The initial states walks start from (checked by the coordinator). */
  readonly starts: readonly number[];
}

export interface SimJob {
  readonly model: BuiltModel;
  readonly settings: SimSettings;
  readonly starts: readonly number[];
  readonly traces: number;
  readonly workers: number;
  readonly source: WorkerSource;
  readonly totals: SimTotals;
  /** Walks trace t in this thread and folds it (a trace whose walk threw in a worker). */
  readonly runHere: (t: number) => Promise<void>;
  /** Checks the bounds and reports progress; true when the run must stop. */
  readonly pause: () => Promise<boolean>;
}

/** Walks traces 0 … traces-1 on worker threads, folding them into `job.totals` in trace order. */
export async function simulateOnWorkers(job: SimJob): Promise<void> {
  const { traces: K, totals } = job;
  const config: SimWorkerConfig = { settings: job.settings, starts: job.starts };
  const started = Array.from({ length: job.workers }, () => startWorker(require.resolve('./sim-worker'), job.source, config));
  const threads = started.map((s) => s.worker);
  // Each record, with the number of the worker that walked it (its provisional ids of interned values are its own).
  const held = new Map<number, { r: TraceRecord; worker: number }>();
  // Interned values (value-ids.ts): each trace's new values are interned here in trace order, as one thread would.
  const valueIds = new ValueIds(job.model);
  const valuesHeld = new Map<Worker, number>();
  const W = job.model.layout.words;
  const key = stateKey(job.model.viewMask, undefined) ?? ((b: Uint32Array) => b);
  /** Makes a worker's record of a walk that met new values this thread's (ids, then fingerprints), or returns false. */
  const own = (r: TraceRecord, worker: number): boolean => {
    const ids = valueIds.take(worker, r.fresh!);
    if (!ids) return false;
    const words = r.words!;
    for (let s = 0; s <= r.steps; s++) {
      valueIds.own(words, s * W, ids);
      fingerprint(key(words.subarray(s * W, (s + 1) * W)), W);
      r.fps[2 * s] = fp.hi;
      r.fps[2 * s + 1] = fp.lo;
    }
    for (const [, f] of r.found) for (let at = 0; at < f.states.length; at += W) valueIds.own(f.states as Uint32Array, at, ids);
    return true;
  };
  /** Workers with room for a batch: each is given two, so it never waits for the next (one entry per free place). */
  const idle: Worker[] = [];
  let assigned = 0;
  let merged = 0;
  let failure: unknown;
  let wake: (() => void) | undefined;
  const dispatch = () => {
    while (idle.length > 0 && assigned < K && assigned < merged + job.workers * AHEAD * BATCH && !totals.stop) {
      const to = Math.min(K, assigned + BATCH);
      const w = idle.pop()!;
      // The values this worker lacks: every id of a folded trace is this thread's by now.
      const values = valueIds.valuesFrom(valuesHeld.get(w)!);
      if (values) valuesHeld.set(w, values.from + values.encoded.length);
      w.postMessage({ from: assigned, to, values });
      assigned = to;
    }
  };
  const fail = (e: unknown) => {
    failure ??= e;
    wake?.();
  };
  try {
    // Starting takes a while (a .ts model is compiled in every thread): the bounds and Ctrl-C are checked meanwhile.
    let up = false;
    const ready = Promise.all(started.map((s) => s.ready)).then((held) => {
      threads.forEach((w, i) => valuesHeld.set(w, held[i]!.values ?? 0));
      up = true;
    });
    ready.catch(() => {}); // after an early stop, the threads' ends reject it: nobody waits for it then
    while (!up) {
      await Promise.race([ready, new Promise<void>((resolve) => setTimeout(resolve, 50))]);
      if (!up && (await job.pause())) return;
    }
    for (const [worker, w] of threads.entries()) {
      w.on('message', (m: { records: TraceRecord[] }) => {
        for (const r of m.records) held.set(r.t, { r, worker });
        idle.push(w);
        try {
          dispatch();
        } catch (e) {
          fail(e);
        }
        wake?.();
      });
      w.on('error', fail);
      w.on('exit', (code) => code !== 0 && fail(new Error(`a worker thread exited with code ${code}`)));
    }
    for (let k = 0; k < QUEUED; k++) idle.push(...threads);
    dispatch();
    while (merged < K && !totals.stop) {
      if (failure !== undefined) throw failure;
      const entry = held.get(merged);
      if (entry === undefined) {
        // Wait for a record, or 50 ms: the bounds and progress are checked meanwhile.
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, 50);
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        wake = undefined;
        if (await job.pause()) break;
        continue;
      }
      held.delete(merged);
      const { r, worker } = entry;
      // A walk that met, as its own object, a value this thread holds as one that iterates otherwise: walked again here.
      if (r.faulted || (r.fresh && !own(r, worker))) await job.runHere(merged);
      else totals.add(r);
      merged++;
      dispatch();
      if (await job.pause()) break;
    }
  } finally {
    await Promise.all(threads.map((w) => w.terminate()));
  }
}
