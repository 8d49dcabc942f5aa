/**
 * Parallel breadth-first exploration (`--workers N`), level by level, two ways.
 *
 * Shared table (the fast path, level.ts): N threads expand the level and
 * insert successors into one lock-free fingerprint table (shared-store.ts);
 * after the level each new state's least discovery (parent's position,
 * action) fixes its rank, which is the order the sequential engine stores
 * it in. Runs where that cannot be exact this way are replayed instead.
 * This thread is the first of the N: it starts N - 1 worker threads and
 * takes its share of every phase beside them, so levels run before the
 * workers are ready and N threads, not N + 1, share the cores.
 *
 * Replay (expand.ts): each BFS level is cut into chunks of consecutive
 * states; the N - 1 worker threads expand the chunks and this thread, the
 * coordinator, replays their records chunk by chunk in level order against
 * the one store. Used for --exact, --max-states, the level at --max-depth,
 * and a level that stops the run (a violation without --continue, a model
 * error), whose shared-table inserts are dropped first.
 *
 * Either way the order in which states are stored, their parents, the counts
 * and the first violation of each property are exactly those of the
 * sequential engine (explorer.ts), and so are the counterexamples, byte for
 * byte, for any number of workers and any timing. The design and its
 * measurements: docs/adr/007-workers.md.
 *
 * With liveness the workers send every successor and the coordinator builds
 * the behaviour graph while it replays them (live-graph.ts); such runs never
 * use the shared table, and neither do models with a choice action
 * (`chooseFrom`), whose steps per state the discovery codes cannot count, or
 * with interned `value` variables: a worker gives a value this thread has no
 * id for yet a provisional id (intern.ts), and this thread interns the
 * chunk's new values in the order the worker met them before it replays the
 * chunk, mapping the ids and fingerprinting such successors again. DFS is
 * not parallel: `resolveOptions` refuses it with --workers N > 1 (IL015).
 */
import type { Worker } from 'node:worker_threads';
import { createExpander, Expander, Expansion, ExpandConfig, fromFault, impureModel, maskWords, Rec, CHANGED, PROVISIONAL_IDS } from './expand';
import { ValueIds, ValuesFrom } from './value-ids';
import { checkInitialConditions, countChoiceStep, coverage, errorResult, Found, isAllocationFailure, modelInfo, optionInfo, outcome, propertyResult, stats, wrapFault } from './explorer';
import { fingerprint, fp } from './fingerprint';
import type { BuiltModel } from './model';
import type { ResolvedOptions } from './options';
import { stateText } from './path';
import type { CheckResult } from './result';
import { createLevelExpander, Expanded, LevelEvent, LevelExpander, Placed, Stop, STOP } from './level';
import { MAX_LOAD, SharedStore } from './shared-store';
import { ExactStore, FingerprintStore, NO_PARENT, Store } from './store';
import type { PhaseMessage } from './worker';
import { Symmetry } from './symmetry';
import { stateKey } from './identity';
import { Bound, Pace } from './pace';
import { liveGraph } from './live-graph';
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
  /** The worker's number (its provisional ids of interned values are its own). */
  readonly worker: number;
}

/**
 * Worker threads that expand chunks, each taking the next job when it is free
 * (levels replayed here), or that all run one phase of a shared-table level.
 */
class Pool {
  private readonly workers: Worker[] = [];
  private readonly phases = new Map<Worker, { resolve: (result: unknown) => void; reject: (e: unknown) => void }>();
  private readonly sentTable = new Map<Worker, Uint32Array>();
  private readonly idle: Worker[] = [];
  private readonly jobs: Job[] = [];
  private readonly waiting = new Map<number, { resolve: (d: Done) => void; reject: (e: unknown) => void }>();
  private failure: unknown;
  /** Per worker, how many of the coordinator's interned values it has. */
  private readonly valuesHeld = new Map<Worker, number>();
  table: Uint32Array | undefined;

  private constructor(private readonly valuesFrom: (from: number) => ValuesFrom | undefined) {}

  static async start(n: number, source: WorkerSource, config: ExpandConfig, valuesFrom: (from: number) => ValuesFrom | undefined): Promise<Pool> {
    const pool = new Pool(valuesFrom);
    const ready: Promise<{ values?: number }>[] = [];
    for (let i = 0; i < n; i++) {
      const { worker: w, ready: up } = startWorker(require.resolve('./worker'), source, config);
      pool.workers.push(w);
      ready.push(up);
    }
    try {
      const held = await Promise.all(ready);
      pool.workers.forEach((w, i) => pool.valuesHeld.set(w, held[i]!.values ?? 0));
    } catch (e) {
      await pool.stop();
      throw e;
    }
    for (const [index, w] of pool.workers.entries()) {
      w.on('message', (m: ({ type: 'done'; c: number } & Omit<Done, 'worker'>) | { type: PhaseMessage['type']; result: unknown }) => {
        if (m.type !== 'done') {
          const phase = pool.phases.get(w);
          pool.phases.delete(w);
          return phase?.resolve(m.result);
        }
        const wait = pool.waiting.get(m.c);
        pool.waiting.delete(m.c);
        pool.idle.push(w);
        pool.dispatch();
        wait?.resolve({ expansion: m.expansion, probe: m.probe, worker: index });
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

  /** Runs one phase of a shared-table level (level.ts) in every worker; the promise gets their results. */
  phase<T>(message: PhaseMessage): Promise<T[]> {
    return Promise.all(
      this.workers.map(
        (w) =>
          new Promise<T>((resolve, reject) => {
            if (this.failure !== undefined) return reject(this.failure);
            this.phases.set(w, { resolve: resolve as (result: unknown) => void, reject });
            w.postMessage(message);
          }),
      ),
    );
  }

  private dispatch(): void {
    while (this.idle.length > 0 && this.jobs.length > 0) {
      const w = this.idle.pop()!;
      const job = this.jobs.shift()!;
      const table = this.table !== this.sentTable.get(w) ? this.table : undefined;
      if (table) this.sentTable.set(w, table);
      // Every id in the chunk's states is the coordinator's by now: the worker gets the values it lacks.
      let values: ValuesFrom | undefined;
      try {
        values = this.valuesFrom(this.valuesHeld.get(w)!);
      } catch (e) {
        // A value that cannot be written out (IL015): every chunk waiting gets the error.
        this.idle.push(w);
        return this.fail(e);
      }
      if (values) this.valuesHeld.set(w, values.from + values.encoded.length);
      const transfer = [job.states.buffer as ArrayBuffer, ...(job.probe ? [job.probe.buffer as ArrayBuffer] : [])];
      w.postMessage({ type: 'chunk', c: job.c, states: job.states, count: job.count, probe: job.probe, table, values }, transfer);
    }
  }

  private fail(e: unknown): void {
    if (this.failure !== undefined) return;
    this.failure = e;
    for (const wait of this.waiting.values()) wait.reject(e);
    this.waiting.clear();
    for (const phase of this.phases.values()) phase.reject(e);
    this.phases.clear();
  }

  async stop(): Promise<void> {
    this.failure ??= new Error('stopped');
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

/** The expansion settings a worker gets. */
export function expandConfig(opts: ResolvedOptions): ExpandConfig {
  return { invariants: opts.invariants, actionProperties: opts.actionProperties, determinism: opts.determinism, symmetry: opts.symmetry !== undefined, exact: opts.exact, continue: opts.continue, deadlock: opts.deadlock, graph: opts.liveness.length > 0 };
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
  const key = stateKey(model.viewMask, sym) ?? ((b: Uint32Array) => b);
  // Choice actions (chooseFrom): their records carry the choice and its label, counted per label for coverage.
  const choosers = model.actions.map((a) => a.choices !== undefined);
  const choiceCounts = model.actions.map((a) => (a.choices ? new Map<string, [number, number]>() : undefined));
  const config = expandConfig(opts);
  const expandHere: Expander = createExpander(model, config);

  // Liveness: the coordinator builds the behaviour graph as the sequential engine does, from the records of
  // every successor (expand.ts, `graph`); its store keeps an index for the edges, so no level runs on the shared table.
  const live = liveGraph(model, opts);
  const graph = live?.graph;
  const store: Store = opts.exact ? new ExactStore(W) : live ? new FingerprintStore(1 << 16, true) : new SharedStore();
  const sharedTable = () => (store instanceof SharedStore ? store.sharedTable : undefined);
  const found = new Map<string, Found>();
  const fired = new Float64Array(A);
  const produced = new Float64Array(A);
  let generated = 0;
  let transitions = 0;
  let maxDepth = 0;
  let terminalStates = 0;
  let bound: Bound | undefined;
  let stop = false;
  // The sequential engine's FIFO: its size and peak, kept to report the same queuePeak.
  let queued = 0;
  let peak = 0;
  let level = new Entries(W + 1);
  let nextLevel = new Entries(W + 1);
  // The level in the shared-table form, when the last level ran on the shared table.
  let flat: Flat | undefined;
  // Buffers of the shared-table levels, kept from level to level (Spare): the next frontier goes where the last
  // level's was, and the per-parent marks and offsets where the last level's were.
  const spareFrontier = new Spare();
  const spareWinners = new Spare();
  const spareOffsets = new Spare();
  const heldBytes = () =>
    (store instanceof SharedStore ? store.held : store.bytes) +
    level.bytes +
    nextLevel.bytes +
    (flat?.words.buffer.byteLength ?? 0) +
    spareFrontier.bytes +
    spareWinners.bytes +
    spareOffsets.bytes +
    (graph?.bytes ?? 0);
  // A successor's words as a state, for the liveness predicates of a new state.
  const succ = model.createView();
  const queueStats = { get peak() { return peak; } };
  const record = (name: string, f: Found) => {
    if (found.has(name)) return;
    found.set(name, f);
    if (!opts.continue) stop = true;
  };
  const bit = (words: Uint32Array, at: number, k: number) => (words[at + (k >>> 5)]! & (1 << (k & 31))) !== 0;
  /** Replays a record's invariant results (failed bits at `at`, threw bits after them) as the sequential loop meets them. */
  const checkInvariants = (ex: Expansion, at: number, faultAt: number, idx: number, via: number | undefined, choice?: number) => {
    const r = ex.records;
    for (let k = 0; k < invs.length; k++) {
      const threw = bit(r, at + iw, k);
      if (!found.has(invs[k]!.name)) {
        if (threw) throw fromFault(ex.faults[faultAt]!);
        if (bit(r, at, k)) record(invs[k]!.name, { kind: 'invariant', state: idx, ...(via !== undefined ? { action: via, choice } : {}) });
      }
      if (threw) faultAt++;
    }
  };

  let pool: Pool | undefined;
  // The workers start at the first level big enough for them (a quarter of a second for Philo N=16: they load
  // the modules and build the model); until they are ready, levels up to STARTING_LEVELS times that size are
  // expanded here instead of waiting. Which thread expands a level never changes the results.
  let starting: Promise<Pool> | undefined;
  let startFailure: { error: unknown } | undefined;
  const pace = new Pace(opts, started, heldBytes);
  let sinceCheck = 0;

  // Levels on the shared table (level.ts). They compute no bounds mid-level, so they run only while none can apply.
  const A1 = A + 1;
  const MW = maskWords(A);
  // This thread is one of the --workers N threads of a shared-table level: it takes chunks, ranges and entries
  // like the N - 1 worker threads (which join once they have started), and probes the workers' chunks for purity.
  const local = createLevelExpander(model, config);
  /** Runs a phase on this thread and on every worker that is ready; the results, this thread's first. */
  const phase = async <T>(m: PhaseMessage): Promise<T[]> => {
    const others = pool ? pool.phase<T>(m) : Promise.resolve<T[]>([]);
    let mine: T;
    try {
      mine = runPhase(local, m) as T;
    } catch (e) {
      await others.catch(() => undefined);
      throw e;
    }
    return [mine, ...(await others)];
  };
  const threaded = opts.workers > 1 && opts.workerSource !== undefined;
  let growth = 2; // new states per state of the level, predicted from the last one, to size the table
  // A choice action's steps per state are not bounded by the model's actions, which discovery codes count.
  const chooses = choosers.includes(true);
  // Interned values (value-ids.ts): each chunk's new values are interned here, in the order its worker met them
  // (the sequential engine's order), before the chunk is replayed; successors with provisional ids get ours.
  const valueIds = new ValueIds(model);
  const interned = valueIds.interned;
  const sharedLevelFits = (n: number, atLimit: boolean) =>
    store instanceof SharedStore &&
    !chooses &&
    !interned && // the shared table holds fingerprints of the coordinator's ids only
    opts.maxStates === Infinity &&
    !atLimit &&
    n * A1 < 2 ** 32 - 1 && // discovery codes are u32
    !opts.signal?.aborted &&
    !pace.overTime() &&
    heldBytes() <= opts.maxMemory;
  /**
   * Runs one level on the shared table; the next level, or undefined when the
   * level stopped (a fault, or a violation that ends the run) and must be
   * replayed here, the sequential way, from the store as it was before it.
   */
  const sharedLevel = async (cur: Flat, depth: number): Promise<Flat | undefined> => {
    const st = store as SharedStore;
    const { n, start, words } = cur;
    const names = [...found.keys()];
    // Small chunks: a level ends when its last chunk does, and the workers wait for the slowest.
    const chunk = Math.min(512, Math.max(32, Math.ceil(n / (opts.workers * 16))));
    const chunks = Math.ceil(n / chunk);
    const slots = st.slotsFor(Math.ceil(n * growth));
    if (slots > st.slots) {
      // The workers copy the table into the grown one, each taking ranges of it.
      const to = SharedStore.newTable(slots);
      await phase({ type: 'rehash', from: st.sharedTable, to, range: 1 << 14, control: counter() });
      st.adopt(to);
    }
    const base = st.beginLevel(n * A1);
    let expanded: Expanded[];
    for (;;) {
      const control = counter();
      const digests = new Int32Array(new SharedArrayBuffer(chunks * 4));
      // Inserts are counted in batches; the slack of a batch per worker must fit in the table above its load limit.
      const batch = Math.max(1, Math.min(256, Math.floor((st.slots * (1 - MAX_LOAD)) / (2 * opts.workers))));
      const job: PhaseMessage = { type: 'expand', frontier: words, n, start, table: st.sharedTable, base, control, chunk, room: st.room(), batch, digests, found: names };
      const others = pool ? pool.phase<Expanded>(job) : Promise.resolve<Expanded[]>([]);
      // workersEveryLevel (tests): every other level's expansion is left to the workers.
      const mine = local.expand(job, !(pool && opts.workersEveryLevel && depth % 2 === 1));
      // Then this thread expands the first state of every chunk a worker took again: a model whose successors
      // depend on the thread shows here.
      const probes = new Int32Array(chunks);
      const taken = new Uint8Array(chunks);
      for (const c of mine.taken) taken[c] = 1;
      if (pool) for (let c = 0; c < chunks; c++) if (!taken[c]) probes[c] = local.digest(words.subarray(c * chunk * W, (c * chunk + 1) * W), start + c * chunk, names);
      expanded = [mine, ...(await others)];
      const why = Atomics.load(control, STOP);
      if (why === Stop.full) {
        st.dropLevel(st.slots * 2);
        continue;
      }
      if (why !== 0) {
        st.dropLevel();
        return undefined;
      }
      for (let c = 0; c < chunks; c++) if (!taken[c] && probes[c] !== digests[c]) throw impureModel(model, stateText(model, words.subarray(c * chunk * W, (c * chunk + 1) * W)));
      break;
    }
    const events: LevelEvent[] = [];
    for (const e of expanded) {
      generated += e.steps;
      transitions += e.steps;
      terminalStates += e.terminal;
      for (let a = 0; a < A; a++) fired[a] += e.fired[a]!;
      events.push(...e.events);
    }
    const winners = spareWinners.take(n * MW);
    winners.fill(0);
    await phase({ type: 'rank', winners });
    // The workers count each range's new states per parent; here the ranges' totals become their bases,
    // and the sequential FIFO's peak in the level is the ranges' peaks shifted by the new states before them.
    const range = 1 << 13;
    const ranges = Math.ceil(n / range);
    const offsets = spareOffsets.take(n);
    const totals = new Uint32Array(new SharedArrayBuffer(ranges * 4));
    const peaks = new Float64Array(new SharedArrayBuffer(ranges * 8));
    await phase({ type: 'count', winners, n, range, control: counter(), offsets, totals, peaks });
    const bases = new Uint32Array(new SharedArrayBuffer(ranges * 4));
    let total = 0;
    for (let c = 0; c < ranges; c++) {
      bases[c] = total;
      if (peaks[c]! + total > peak) peak = peaks[c]! + total;
      total += totals[c]!;
    }
    const nextStart = st.size;
    st.reserveLinks(nextStart + total);
    const next = spareFrontier.take(total * W);
    const placed = await phase<Placed>({ type: 'place', winners, offsets, range, bases, next, nextStart, parents: st.parents, actions: st.actions });
    st.commit(total);
    st.endLevel(n * A1);
    for (const r of placed) {
      for (let a = 0; a < A; a++) produced[a] += r.produced[a]!;
      events.push(...r.events);
    }
    // The events in the order the sequential engine meets them: the first of each property is the one it records.
    events.sort((x, y) => x.code - y.code || x.sub - y.sub);
    for (const e of events) {
      if (e.state !== undefined) {
        record(e.name, { kind: e.kind, state: e.state });
        continue;
      }
      const p = Math.floor(e.code / A1);
      const a = e.code - p * A1;
      const parent = start + p;
      if (e.kind === 'deadlock') record(e.name, { kind: 'deadlock', state: parent });
      else if (e.kind === 'assertion') record(e.name, { kind: 'assertion', state: parent, action: a, assertion: e.name });
      else record(e.name, { kind: e.kind, state: parent, action: a });
    }
    if (depth > maxDepth) maxDepth = depth;
    if (total > 0 && depth + 1 > maxDepth) maxDepth = depth + 1;
    queued = total;
    growth = Math.min(A, Math.max(1, (2 * total) / n));
    sinceCheck = (sinceCheck + n) % 512;
    bound = pace.check(generated, store.size, total, maxDepth) ?? bound;
    // The level's own frontier is free now (the one after next goes there), and so are its marks and offsets.
    spareFrontier.give(words);
    spareWinners.give(winners);
    spareOffsets.give(offsets);
    return { words: next, start: nextStart, n: total };
  };

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
    // The conditions on initial states of the selected action properties (a refinement's abstract Init).
    const initialConditions = props.filter((p) => p.initially !== undefined);
    for (let k = 0; k < model.initStates.length && !stop; k++) {
      const s = model.initStates.get(k);
      generated++;
      maxDepth = 1;
      init.buf.set(s);
      checkInitialConditions(model, initialConditions, init, k, found, record);
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
      live?.inits.push(idx);
      checkInit(init, idx, undefined);
      live?.setPredicates(init, idx);
      level.push(idx, s, 0, W);
      queued++;
      if (queued > peak) peak = queued;
    }

    let depth = 1;
    while ((flat ? flat.n : level.count) > 0 && !stop && bound === undefined) {
      const n = flat ? flat.n : level.count;
      const wanted = n >= opts.parallelLevel && threaded;
      if (wanted && !starting) {
        // This thread is the first of the N.
        starting = Pool.start(opts.workers - 1, opts.workerSource!, config, (from) => valueIds.valuesFrom(from));
        starting.then(
          (p) => (pool = p),
          (error: unknown) => (startFailure = { error }),
        );
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
      if (startFailure) throw startFailure.error;
      if (wanted && !pool && (n >= opts.parallelLevel * STARTING_LEVELS || opts.workersEveryLevel)) pool = await starting;
      // Levels on this thread do not yield to the event loop: let it hear whether the workers are ready.
      else if (starting && !pool) await new Promise<void>((resolve) => setImmediate(resolve));
      const parallel = wanted && pool !== undefined;
      const atLimit = depth >= opts.maxDepth;
      // Shared-table levels run on this thread too, so they need not wait for the workers to start.
      if (threaded && sharedLevelFits(n, atLimit)) {
        flat ??= toFlat(level, W, store.size);
        level = new Entries(W + 1, 1);
        const next = await sharedLevel(flat, depth);
        if (next) {
          flat = next;
          depth++;
          continue;
        }
      }
      if (flat) {
        level = toEntries(flat, W);
        flat = undefined;
      }
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
      let probe: Expansion | undefined;
      merge: for (let c = 0; c < chunks; c++) {
        const from = c * size;
        let ex: Expansion;
        let ownIdsOf: ReadonlyMap<number, number> | undefined;
        if (parallel) {
          const done = await results[c]!;
          // Provisional ids are each worker's own: expansions that used any are not compared.
          const comparable = !probe?.fresh?.ids.length && !done.expansion.fresh?.ids.length;
          if (probe && comparable && !sameExpansion(probe, done.expansion)) throw impureModel(model, stateText(model, level.data.subarray(from * stride + 1, from * stride + 1 + W)));
          ex = done.expansion;
          // A chunk that met, as its own object, a value this thread holds as one that iterates otherwise: expanded
          // again here (its successors are the same, but what a model draws from a set's order might not be).
          if (ex.fresh?.ids.length) {
            ownIdsOf = valueIds.take(done.worker, ex.fresh);
            if (!ownIdsOf) ex = expandHere(level.data.subarray(from * stride), Math.min(size, n - from), sharedTable(), false);
          }
          probe = done.probe;
        } else {
          ex = expandHere(level.data.subarray(from * stride), Math.min(size, n - from), sharedTable(), false);
        }
        const r = ex.records;
        let p = 0;
        let s = from;
        let curIdx = level.data[s * stride]!;
        graph?.begin(curIdx);
        queued--;
        if (depth > maxDepth) maxDepth = depth;
        while (p < r.length) {
          const tag = r[p]! & ~(CHANGED | PROVISIONAL_IDS);
          if (tag === Rec.fault) throw fromFault(ex.faults[r[p + 1]!]!);
          if (tag === Rec.end) {
            const flags = r[p + 1]!;
            p += 2;
            graph?.end();
            if ((flags & 1) !== 0 && !stop) {
              if ((flags & 2) !== 0) terminalStates++;
              else if (opts.deadlock) record('deadlock', { kind: 'deadlock', state: curIdx });
            }
            if (++sinceCheck >= 512) {
              sinceCheck = 0;
              bound = pace.check(generated, store.size, queued, maxDepth) ?? bound;
              bound = (await pace.pause()) ?? bound;
            }
            if (stop || bound !== undefined) break merge;
            s++;
            if (p < r.length) {
              curIdx = level.data[s * stride]!;
              graph?.begin(curIdx);
              queued--;
            }
            continue;
          }
          const a = r[p + 1]!;
          // The step of a choice action: its choice and label come next; q is where the rest of the record starts.
          const chosen = choosers[a]!;
          const choice = chosen ? r[p + 2]! : undefined;
          const label = chosen ? ex.strings[r[p + 3]!]! : '';
          const q = chosen ? p + 4 : p + 2;
          generated++;
          transitions++;
          fired[a]++;
          if (chosen) countChoiceStep(choiceCounts[a]!, label, false);
          // The action is enabled for fairness: a step to an error, or to a state other than this one.
          if (live && (tag === Rec.assert || (r[p]! & CHANGED) !== 0)) live.enable(curIdx, a);
          if (tag === Rec.assert) {
            const name = ex.strings[r[q]!]!;
            record(name, { kind: 'assertion', state: curIdx, action: a, assertion: name, choice });
            if (stop) break merge;
            p = q + 1;
            continue;
          }
          // Action properties, in the sequential order: a throw counts only for a property not yet violated.
          const faultBase = r[q]!;
          let faultAt = faultBase;
          const pf = q + 1;
          const pt = pf + pw;
          for (let k = 0; k < props.length; k++) {
            const threw = bit(r, pt, k);
            if (!found.has(props[k]!.name)) {
              if (threw) throw fromFault(ex.faults[faultAt]!);
              if (bit(r, pf, k)) record(props[k]!.name, { kind: 'action', state: curIdx, action: a, choice });
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
              checkInvariants(ex, ifl, faultAt, curIdx, a, choice);
              if (stop) break merge;
            }
            continue;
          }
          // Rec.step: a candidate the worker did not find stored.
          const at = ith + iw;
          const words = at + 2;
          if ((r[p]! & PROVISIONAL_IDS) !== 0) {
            // The worker's fingerprint is of its provisional ids: this thread's ids, and the state's key, again.
            valueIds.own(r, words, ownIdsOf!);
            const own = key(r.subarray(words, words + W));
            if (opts.exact) r.set(own, words + W);
            fingerprint(own, W);
            r[at] = fp.hi;
            r[at + 1] = fp.lo;
          }
          const hi = r[at]!;
          const lo = r[at + 1]!;
          const keyWords = opts.exact ? r.subarray(words + W, words + 2 * W) : r.subarray(words, words + W);
          p = words + (opts.exact ? 2 * W : W);
          if (atLimit) {
            const known = graph ? store.indexOf(hi, lo, keyWords) : store.has(hi, lo, keyWords) ? 0 : -1;
            if (known < 0) bound = { kind: 'max-depth', limit: opts.maxDepth };
            else graph?.edge(known, a);
            continue;
          }
          if (store.size >= opts.maxStates) {
            if (!store.has(hi, lo, keyWords)) {
              bound = { kind: 'max-states', limit: opts.maxStates };
              break merge;
            }
            graph?.edge(store.indexOf(hi, lo, keyWords), a);
            continue;
          }
          const nidx = store.insert(hi, lo, curIdx, a, keyWords);
          if (nidx < 0) {
            graph?.edge(store.found, a);
            continue;
          }
          if (live) {
            succ.buf.set(r.subarray(words, words + W));
            live.setPredicates(succ, nidx);
            graph!.edge(nidx, a);
          }
          produced[a]++;
          if (chosen) countChoiceStep(choiceCounts[a]!, label, true);
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
    await (pool ?? (await starting?.catch(() => undefined)))?.stop();
  }

  // Liveness, as in the sequential engine (live-graph.ts).
  const cut = bound !== undefined || stop;
  try {
    bound = live?.finish(store, cut, found, record, opts.maxMemory, heldBytes) ?? bound;
  } catch (e) {
    return errorResult(model, opts, e, started, store, generated, transitions, maxDepth, queueStats, terminalStates, fired, produced);
  }
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
    stats: stats(started, store, generated, transitions, maxDepth, queueStats, terminalStates, opts.exact, graph),
    coverage: coverage(model, fired, produced, choiceCounts),
    ...(verdict === 'incomplete' && bound ? { bound } : {}),
    warnings: live ? live.warnings(store.size, fired) : [],
  };
}

/** Runs one phase of a shared-table level (level.ts) on this thread. */
function runPhase(level: LevelExpander, m: PhaseMessage): unknown {
  switch (m.type) {
    case 'expand':
      return level.expand(m);
    case 'rank':
      return level.rank(m);
    case 'count':
      return level.count(m);
    case 'place':
      return level.place(m);
    case 'rehash':
      return level.rehash(m);
  }
}

/** While the workers start, levels under this many times --parallel-level are expanded in the coordinator. */
const STARTING_LEVELS = 64;

/** The control words of a phase (level.ts): a shared counter that hands out its chunks, and more. */
function counter(): Int32Array {
  return new Int32Array(new SharedArrayBuffer(4 * 4));
}

/**
 * A SharedArrayBuffer kept for the next use of its kind. Memory is cheap to
 * reuse and dear to take fresh: the kernel maps and zeroes each 4 KB page on
 * its first touch (on the project's 2-core machine, filling 96 MB took about
 * 255 ms the first time and 4 ms the second), and a shared-table level would
 * otherwise take fresh buffers for its next frontier, marks and offsets.
 */
class Spare {
  private buffer: SharedArrayBuffer | undefined;
  /**
   * A view of `words` words (at least one), with stale contents: on the kept
   * buffer if it is big enough, else on a new one with room to grow. Either
   * way the buffer is the caller's until it gives it back.
   */
  take(words: number): Uint32Array {
    const length = Math.max(1, words);
    const kept = this.buffer;
    this.buffer = undefined;
    return new Uint32Array(kept && kept.byteLength >= length * 4 ? kept : new SharedArrayBuffer(Math.ceil(length * 1.25) * 4), 0, length);
  }
  /** The bytes of the kept buffer (the memory bound counts them). */
  get bytes(): number {
    return this.buffer?.byteLength ?? 0;
  }
  /** Keeps the buffer under `view` (the bigger of it and the one kept) for the next take; the caller no longer uses it. */
  give(view: Uint32Array): void {
    if (!this.buffer || view.buffer.byteLength > this.buffer.byteLength) this.buffer = view.buffer as SharedArrayBuffer;
  }
}

/** A level in the shared-table form: its states' words, in store order from index `start`. */
interface Flat {
  readonly words: Uint32Array;
  readonly start: number;
  readonly n: number;
}

/** A level's entries (consecutive store indices, as every level has) in the shared-table form. */
function toFlat(level: Entries, W: number, next: number): Flat {
  const n = level.count;
  const words = new Uint32Array(new SharedArrayBuffer(Math.max(1, n * W) * 4));
  for (let i = 0; i < n; i++) words.set(level.data.subarray(i * (W + 1) + 1, (i + 1) * (W + 1)), i * W);
  return { words, start: n > 0 ? level.data[0]! : next, n };
}

function toEntries(flat: Flat, W: number): Entries {
  const level = new Entries(W + 1, Math.max(1, flat.n));
  for (let i = 0; i < flat.n; i++) level.push(flat.start + i, flat.words, i * W, W);
  return level;
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

