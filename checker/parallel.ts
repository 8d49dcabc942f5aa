/**
 * Parallel breadth-first exploration (`--workers N`), level by level.
 *
 * Each BFS level is cut into chunks of consecutive states; worker threads
 * expand the chunks (expand.ts) and this thread, the coordinator, replays
 * their records chunk by chunk in level order against the one store. The
 * order in which states are stored, their parents, the counts and the first
 * violation of each property are therefore exactly those of the sequential
 * engine (explorer.ts), and so are the counterexamples, byte for byte, for
 * any number of workers and any timing. Workers read the store's fingerprint
 * table (a SharedArrayBuffer) to drop successors stored before their chunk,
 * so most duplicates never cross threads. The design and its measurements:
 * docs/adr/007-workers.md.
 *
 * Liveness (which needs every edge of the behaviour graph) and DFS are not
 * parallel: `resolveOptions` refuses them with --workers N > 1 (IL015).
 */
import type { Worker } from 'node:worker_threads';
import { createExpander, Expander, Expansion, ExpandConfig, fromFault, impureModel, maskWords, Rec } from './expand';
import { coverage, errorResult, Found, isAllocationFailure, modelInfo, optionInfo, outcome, propertyResult, stats, wrapFault } from './explorer';
import { fingerprint, fp } from './fingerprint';
import type { BuiltModel } from './model';
import type { ResolvedOptions } from './options';
import { stateText } from './path';
import type { BoundKind, CheckResult } from './result';
import { ExactStore, FingerprintStore, NO_PARENT, Store } from './store';
import { Symmetry } from './symmetry';
import { startWorker } from './threads';
import type { StateView } from './view';

/**
 * Where a worker gets the model: a module exporting
 * `buildWorkerModel(args): Promise<BuiltModel>` (a .ts module is loaded with
 * jiti), and the arguments that rebuild the same model (the CLI's
 * cli/worker-model.ts takes the model name or file, the preset and the knobs).
 */
export interface WorkerSource {
  readonly module: string;
  readonly args: unknown;
}

/** A level's states: entries of [store index, W words]. */
class Entries {
  data: Uint32Array;
  count = 0;
  constructor(private readonly stride: number, capacity = 1024) {
    this.data = new Uint32Array(capacity * stride);
  }
  push(idx: number, words: Uint32Array, from: number, W: number): void {
    const s = this.stride;
    if ((this.count + 1) * s > this.data.length) {
      const d = new Uint32Array(this.data.length * 2);
      d.set(this.data);
      this.data = d;
    }
    const base = this.count * s;
    this.data[base] = idx;
    for (let k = 0; k < W; k++) this.data[base + 1 + k] = words[from + k]!;
    this.count++;
  }
  get bytes(): number {
    return this.data.byteLength;
  }
}

interface Job {
  readonly c: number;
  readonly states: Uint32Array;
  readonly count: number;
  readonly probe: Uint32Array | undefined;
}

interface Done {
  readonly expansion: Expansion;
  readonly probe: Expansion | undefined;
}

/** Worker threads that expand chunks, each taking the next job when it is free. */
class Pool {
  private readonly workers: Worker[] = [];
  private readonly sentTable = new Map<Worker, Uint32Array>();
  private readonly idle: Worker[] = [];
  private readonly jobs: Job[] = [];
  private readonly waiting = new Map<number, { resolve: (d: Done) => void; reject: (e: unknown) => void }>();
  private failure: unknown;
  table: Uint32Array | undefined;

  private constructor() {}

  static async start(n: number, source: WorkerSource, config: ExpandConfig): Promise<Pool> {
    const pool = new Pool();
    const ready: Promise<void>[] = [];
    for (let i = 0; i < n; i++) {
      const { worker: w, ready: up } = startWorker(require.resolve('./worker'), source, config);
      pool.workers.push(w);
      ready.push(up);
    }
    try {
      await Promise.all(ready);
    } catch (e) {
      await pool.stop();
      throw e;
    }
    for (const w of pool.workers) {
      w.on('message', (m: { type: 'done'; c: number } & Done) => {
        const wait = pool.waiting.get(m.c);
        pool.waiting.delete(m.c);
        pool.idle.push(w);
        pool.dispatch();
        wait?.resolve({ expansion: m.expansion, probe: m.probe });
      });
      w.on('error', (e) => pool.fail(e));
      w.on('exit', (code) => code !== 0 && pool.fail(new Error(`a worker thread exited with code ${code}`)));
      pool.idle.push(w);
    }
    return pool;
  }

  /** Queues a chunk; the promise gets its records. */
  submit(job: Job): Promise<Done> {
    return new Promise<Done>((resolve, reject) => {
      if (this.failure !== undefined) return reject(this.failure);
      this.waiting.set(job.c, { resolve, reject });
      this.jobs.push(job);
      this.dispatch();
    });
  }

  private dispatch(): void {
    while (this.idle.length > 0 && this.jobs.length > 0) {
      const w = this.idle.pop()!;
      const job = this.jobs.shift()!;
      const table = this.table !== this.sentTable.get(w) ? this.table : undefined;
      if (table) this.sentTable.set(w, table);
      const transfer = [job.states.buffer as ArrayBuffer, ...(job.probe ? [job.probe.buffer as ArrayBuffer] : [])];
      w.postMessage({ type: 'chunk', c: job.c, states: job.states, count: job.count, probe: job.probe, table }, transfer);
    }
  }

  private fail(e: unknown): void {
    if (this.failure !== undefined) return;
    this.failure = e;
    for (const wait of this.waiting.values()) wait.reject(e);
    this.waiting.clear();
  }

  async stop(): Promise<void> {
    this.failure ??= new Error('stopped');
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

/** The expansion settings a worker gets. */
export function expandConfig(opts: ResolvedOptions): ExpandConfig {
  return { invariants: opts.invariants, actionProperties: opts.actionProperties, determinism: opts.determinism, symmetry: opts.symmetry !== undefined, exact: opts.exact };
}

export async function exploreParallel(model: BuiltModel, opts: ResolvedOptions): Promise<CheckResult> {
  const started = performance.now();
  const W = model.layout.words;
  const A = model.actions.length;
  const invs = model.invariants.filter((i) => opts.invariants.includes(i.name));
  const props = model.actionProperties.filter((p) => opts.actionProperties.includes(p.name));
  const iw = maskWords(invs.length);
  const pw = maskWords(props.length);
  const constrained = model.constraint !== undefined || model.actionConstraint !== undefined;
  const sym = opts.symmetry ? new Symmetry(model.symmetry!, W) : undefined;
  const key = sym ? (b: Uint32Array) => sym.canonical(b) : (b: Uint32Array) => b;
  const config = expandConfig(opts);
  const expandHere: Expander = createExpander(model, config);

  const store: Store = opts.exact ? new ExactStore(W) : new FingerprintStore(1 << 16, false, true);
  const sharedTable = () => (store instanceof FingerprintStore ? store.sharedTable : undefined);
  const found = new Map<string, Found>();
  const fired = new Float64Array(A);
  const produced = new Float64Array(A);
  let generated = 0;
  let transitions = 0;
  let maxDepth = 0;
  let terminalStates = 0;
  let bound: { kind: BoundKind; limit?: number } | undefined;
  let stop = false;
  // The sequential engine's FIFO: its size and peak, kept to report the same queuePeak.
  let queued = 0;
  let peak = 0;
  let level = new Entries(W + 1);
  let nextLevel = new Entries(W + 1);
  const heldBytes = () => store.bytes + level.bytes + nextLevel.bytes;
  const queueStats = { get peak() { return peak; } };
  const record = (name: string, f: Found) => {
    if (found.has(name)) return;
    found.set(name, f);
    if (!opts.continue) stop = true;
  };
  const bit = (words: Uint32Array, at: number, k: number) => (words[at + (k >>> 5)]! & (1 << (k & 31))) !== 0;
  /** Replays a record's invariant results (failed bits at `at`, threw bits after them) as the sequential loop meets them. */
  const checkInvariants = (ex: Expansion, at: number, faultAt: number, idx: number, via: number | undefined) => {
    const r = ex.records;
    for (let k = 0; k < invs.length; k++) {
      const threw = bit(r, at + iw, k);
      if (!found.has(invs[k]!.name)) {
        if (threw) throw fromFault(ex.faults[faultAt]!);
        if (bit(r, at, k)) record(invs[k]!.name, { kind: 'invariant', state: idx, ...(via !== undefined ? { action: via } : {}) });
      }
      if (threw) faultAt++;
    }
  };

  let pool: Pool | undefined;
  let lastYield = performance.now();
  let lastProgress = lastYield;
  let sinceCheck = 0;
  const deadline = opts.timeLimit === Infinity ? Infinity : started + opts.timeLimit * 1000;

  try {
    // Initial states, exactly as the sequential engine stores them.
    const init = model.createView();
    const checkInit = (view: StateView, idx: number, k: number | undefined) => {
      for (const inv of invs) {
        if (found.has(inv.name)) continue;
        let ok: boolean;
        try {
          ok = inv.check(view);
        } catch (e) {
          throw wrapFault(model, e, `invariant '${inv.name}'`, view.buf, 'IL104');
        }
        if (!ok) record(inv.name, { kind: 'invariant', state: idx, ...(k !== undefined ? { init: k } : {}) });
      }
    };
    for (let k = 0; k < model.initStates.length && !stop; k++) {
      const s = model.initStates.get(k);
      generated++;
      maxDepth = 1;
      init.buf.set(s);
      if (constrained) {
        let inside: boolean;
        try {
          inside = !model.constraint || model.constraint(init);
        } catch (e) {
          throw wrapFault(model, e, 'the state constraint', init.buf, 'IL104');
        }
        if (!inside) {
          checkInit(init, -1, k);
          continue;
        }
      }
      const initKey = key(s);
      fingerprint(initKey, W);
      if (store.size >= opts.maxStates) {
        bound = { kind: 'max-states', limit: opts.maxStates };
        break;
      }
      const idx = store.insert(fp.hi, fp.lo, NO_PARENT, k, initKey);
      if (idx < 0) continue;
      checkInit(init, idx, undefined);
      level.push(idx, s, 0, W);
      queued++;
      if (queued > peak) peak = queued;
    }

    let depth = 1;
    while (level.count > 0 && !stop && bound === undefined) {
      const n = level.count;
      const parallel = n >= opts.parallelLevel && opts.workers > 1 && opts.workerSource !== undefined;
      if (parallel && !pool) pool = await Pool.start(opts.workers, opts.workerSource!, config);
      const size = parallel ? Math.min(4096, Math.max(8, Math.ceil(n / (opts.workers * 4)))) : n;
      const chunks = Math.ceil(n / size);
      const stride = W + 1;
      const slice = (from: number, to: number) => level.data.slice(from * stride, to * stride);
      const results: Promise<Done>[] = [];
      if (parallel) {
        pool!.table = sharedTable();
        for (let c = 0; c < chunks; c++) {
          const from = c * size;
          const to = Math.min(n, from + size);
          // The next chunk's first state, expanded here a second time, checks that the model is pure.
          const probe = to < n ? slice(to, to + 1) : undefined;
          results.push(pool!.submit({ c, states: slice(from, to), count: to - from, probe }));
        }
      }
      const atLimit = depth >= opts.maxDepth;
      let probe: Expansion | undefined;
      merge: for (let c = 0; c < chunks; c++) {
        const from = c * size;
        let ex: Expansion;
        if (parallel) {
          const done = await results[c]!;
          if (probe && !sameExpansion(probe, done.expansion)) throw impureModel(model, stateText(model, level.data.subarray(from * stride + 1, from * stride + 1 + W)));
          ex = done.expansion;
          probe = done.probe;
        } else {
          ex = expandHere(level.data.subarray(from * stride), Math.min(size, n - from), sharedTable(), false);
        }
        const r = ex.records;
        let p = 0;
        let s = from;
        let curIdx = level.data[s * stride]!;
        queued--;
        if (depth > maxDepth) maxDepth = depth;
        while (p < r.length) {
          const tag = r[p]!;
          if (tag === Rec.fault) throw fromFault(ex.faults[r[p + 1]!]!);
          if (tag === Rec.end) {
            const flags = r[p + 1]!;
            p += 2;
            if ((flags & 1) !== 0 && !stop) {
              if ((flags & 2) !== 0) terminalStates++;
              else if (opts.deadlock) record('deadlock', { kind: 'deadlock', state: curIdx });
            }
            if (++sinceCheck >= 512) {
              sinceCheck = 0;
              const now = performance.now();
              if (now >= deadline) bound = { kind: 'time-limit', limit: opts.timeLimit };
              if (heldBytes() > opts.maxMemory) bound = { kind: 'max-memory', limit: opts.maxMemory };
              if (opts.signal?.aborted) bound = { kind: 'interrupted' };
              if (now - lastProgress >= opts.progressInterval && opts.reporter.progress) {
                lastProgress = now;
                const seconds = (now - started) / 1000;
                opts.reporter.progress({ seconds, statesGenerated: generated, distinctStates: store.size, queue: queued, depth: maxDepth, statesPerSecond: generated / seconds, memoryBytes: heldBytes() });
              }
              if (now - lastYield >= 50) {
                await new Promise<void>((resolve) => setImmediate(resolve));
                lastYield = performance.now();
                if (opts.signal?.aborted) bound = { kind: 'interrupted' };
              }
            }
            if (stop || bound !== undefined) break merge;
            s++;
            if (p < r.length) {
              curIdx = level.data[s * stride]!;
              queued--;
            }
            continue;
          }
          const a = r[p + 1]!;
          generated++;
          transitions++;
          fired[a]++;
          if (tag === Rec.assert) {
            const name = ex.strings[r[p + 2]!]!;
            record(name, { kind: 'assertion', state: curIdx, action: a, assertion: name });
            if (stop) break merge;
            p += 3;
            continue;
          }
          // Action properties, in the sequential order: a throw counts only for a property not yet violated.
          const faultBase = r[p + 2]!;
          let faultAt = faultBase;
          const pf = p + 3;
          const pt = pf + pw;
          for (let k = 0; k < props.length; k++) {
            const threw = bit(r, pt, k);
            if (!found.has(props[k]!.name)) {
              if (threw) throw fromFault(ex.faults[faultAt]!);
              if (bit(r, pf, k)) record(props[k]!.name, { kind: 'action', state: curIdx, action: a });
            }
            if (threw) faultAt++;
          }
          if (stop) break merge;
          if (tag === Rec.dup) {
            p = pt + pw;
            // Already stored: at the depth limit it is known, past max-states it is a duplicate; either way nothing changes.
            continue;
          }
          const ifl = pt + pw;
          const ith = ifl + iw;
          if (tag === Rec.outside) {
            p = ith + iw;
            if (invs.length > 0) {
              checkInvariants(ex, ifl, faultAt, curIdx, a);
              if (stop) break merge;
            }
            continue;
          }
          // Rec.step: a candidate the worker did not find stored.
          const at = ith + iw;
          const hi = r[at]!;
          const lo = r[at + 1]!;
          const words = at + 2;
          const keyWords = opts.exact ? r.subarray(words + W, words + 2 * W) : r.subarray(words, words + W);
          p = words + (opts.exact ? 2 * W : W);
          if (atLimit) {
            if (!store.has(hi, lo, keyWords)) bound = { kind: 'max-depth', limit: opts.maxDepth };
            continue;
          }
          if (store.size >= opts.maxStates) {
            if (!store.has(hi, lo, keyWords)) {
              bound = { kind: 'max-states', limit: opts.maxStates };
              break merge;
            }
            continue;
          }
          const nidx = store.insert(hi, lo, curIdx, a, keyWords);
          if (nidx < 0) continue;
          produced[a]++;
          if (invs.length > 0) {
            checkInvariants(ex, ifl, faultAt, nidx, undefined);
            if (stop) break merge;
          }
          nextLevel.push(nidx, r, words, W);
          queued++;
          if (queued > peak) peak = queued;
          if (depth + 1 > maxDepth) maxDepth = depth + 1;
        }
        if (bound !== undefined) break;
      }
      [level, nextLevel] = [nextLevel, new Entries(W + 1)];
      depth++;
    }
  } catch (e) {
    if (isAllocationFailure(e)) bound = { kind: 'max-memory', limit: opts.maxMemory === Infinity ? heldBytes() : opts.maxMemory };
    else return errorResult(model, opts, e, started, store, generated, transitions, maxDepth, queueStats, terminalStates, fired, produced);
  } finally {
    await pool?.stop();
  }

  const cut = bound !== undefined || stop;
  const properties = [];
  try {
    for (const p of model.properties) properties.push(propertyResult(model, opts, store, p, found.get(p.name), cut, bound !== undefined));
  } catch (e) {
    return errorResult(model, opts, e, started, store, generated, transitions, maxDepth, queueStats, terminalStates, fired, produced);
  }
  const { verdict, exitCode } = outcome(found, bound !== undefined, 'ok');
  return {
    verdict,
    exitCode,
    model: modelInfo(model),
    options: optionInfo(opts),
    properties,
    stats: stats(started, store, generated, transitions, maxDepth, queueStats, terminalStates, opts.exact),
    coverage: coverage(model, fired, produced),
    ...(verdict === 'incomplete' && bound ? { bound } : {}),
    warnings: [],
  };
}

/** Whether two expansions of the same state agree: records, assertion names and faults. */
function sameExpansion(probe: Expansion, chunk: Expansion): boolean {
  const r = probe.records;
  const q = chunk.records;
  if (q.length < r.length) return false;
  for (let k = 0; k < r.length; k++) if (r[k] !== q[k]) return false;
  // The probe's records end with its END (or a fault); the chunk's must continue with the next state or stop there.
  for (let k = 0; k < probe.strings.length; k++) if (probe.strings[k] !== chunk.strings[k]) return false;
  for (let k = 0; k < probe.faults.length; k++) if (JSON.stringify(probe.faults[k]) !== JSON.stringify(chunk.faults[k])) return false;
  return true;
}

