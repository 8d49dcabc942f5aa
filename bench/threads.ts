/**
 * What two threads can do on this machine, beside the workers rows of the
 * bench: the throughput of two worker threads over one, on a loop that only
 * computes, and on random reads and writes into one array both threads share
 * (as the workers share the fingerprint table), at 16 MB and 64 MB. A
 * fingerprint table is random access; where two threads get little more than
 * one out of the memory, `check --workers 2` cannot either. At 4 MB, small
 * enough for the caches, the same writes into one array both threads share
 * and into an array each: what it costs when the two cores keep taking the same cache
 * lines from each other (the lines of states a level has just stored, which
 * both threads meet again), and what a table partitioned between the
 * threads would get instead.
 *
 * And the ceiling for the workers rows themselves: the sequential engine
 * checking Philo N=16 in one thread, against two threads each checking it
 * whole at the same moment (each its own model and store, nothing shared).
 * Two threads of any parallel design do at least the sequential engine's
 * work between them, so `--workers 2` cannot be faster than one worker by
 * more than this ratio on this machine (a design whose threads shared one
 * smaller table would touch less memory, so this is a ceiling up to that).
 * Prints one JSON line.
 *
 * node dist/bench/threads.js [--runs R]   (alternating runs, medians)
 */
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';

interface Job {
  readonly kind: 'compute' | 'memory' | 'engine';
  readonly table?: SharedArrayBuffer;
  readonly seed: number;
  /** engine: [threads ready, start], so that the threads' checks start together, after their models are built. */
  readonly gate?: SharedArrayBuffer;
  /** How many threads the run has. */
  readonly threads: number;
}

const STEPS = 30_000_000;

/** One thread's share: STEPS rounds of a multiply-add, with a random read and write of `table` on the memory kind. */
function work(job: Job): number {
  const started = performance.now();
  let x = job.seed | 0;
  let sum = 0;
  if (job.table) {
    const t = new Uint32Array(job.table);
    const mask = t.length - 1;
    for (let i = 0; i < STEPS; i++) {
      x = (Math.imul(x, 0x9e3779b1) + 0x7f4a7c15) | 0;
      const k = x & mask;
      sum = (sum + t[k]!) | 0;
      t[k] = i;
    }
  } else {
    for (let i = 0; i < 20 * STEPS; i++) x = (Math.imul(x, 0x9e3779b1) + i) | 0;
    sum = x;
  }
  if (sum === 0x12345) process.stdout.write(''); // keep the loop
  return performance.now() - started;
}

/** The sequential check of Philo N=16 (as bench/one.ts runs it), once every thread of the run is ready; its milliseconds. */
async function engine(gate: Int32Array, threads: number): Promise<number> {
  // Loaded here, not at the top: the other kinds time their threads from the start, module loading included.
  const { buildModel, check, resolveKnobs } = await import('../checker');
  const { findModel } = await import('../models');
  const def = findModel('classic/philo')!;
  const model = buildModel(def, resolveKnobs(def, { set: { N: '16' } }));
  if (Atomics.add(gate, 0, 1) + 1 === threads) {
    Atomics.store(gate, 1, 1);
    Atomics.notify(gate, 1);
  }
  Atomics.wait(gate, 1, 0);
  const started = performance.now();
  const r = await check(model, { continue: true, deadlock: false, liveness: false });
  if (r.stats.distinctStates === 0) throw new Error('philo N=16 found no states');
  return performance.now() - started;
}

/**
 * Wall time of `threads` worker threads each doing one share, from the first
 * start to the last end; for the engine, from the moment all are ready to
 * the last check's end (the longest check: they start together).
 */
function run(kind: Job['kind'], threads: number, tables: readonly (SharedArrayBuffer | undefined)[] = []): Promise<number> {
  const started = performance.now();
  const gate = kind === 'engine' ? new SharedArrayBuffer(8) : undefined;
  return new Promise((resolve, reject) => {
    const times: number[] = [];
    for (let i = 0; i < threads; i++) {
      const w = new Worker(__filename, { workerData: { kind, table: tables[i % Math.max(1, tables.length)], seed: 7 * i + 1, gate, threads } satisfies Job });
      w.on('error', reject);
      w.on('message', (ms: number) => {
        times.push(ms);
        if (times.length === threads) resolve(gate ? Math.max(...times) : performance.now() - started);
      });
    }
  });
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const runs = args[0] === '--runs' ? Number(args[1]) : 3;
  const cases: { name: string; kind: Job['kind']; words?: number; each?: boolean }[] = [
    { name: 'computing only', kind: 'compute' },
    { name: 'random writes into one shared 16 MB array', kind: 'memory', words: 1 << 22 },
    { name: 'the same, 64 MB', kind: 'memory', words: 1 << 24 },
    { name: 'random writes into one shared 4 MB array', kind: 'memory', words: 1 << 20 },
    { name: 'the same, a 4 MB array each', kind: 'memory', words: 1 << 20, each: true },
    { name: 'two sequential checks of Philo N=16 at once (the ceiling of --workers 2 on it)', kind: 'engine' },
  ];
  const out: Record<string, number> = {};
  for (const c of cases) {
    const tables = c.words ? Array.from({ length: c.each ? 2 : 1 }, () => new SharedArrayBuffer(4 * c.words!)) : [];
    const one: number[] = [];
    const two: number[] = [];
    for (let r = 0; r < runs; r++) {
      one.push(await run(c.kind, 1, tables));
      two.push(await run(c.kind, 2, tables));
    }
    // Two threads do twice the work: their speed-up is 2 × (one thread's time) / (their time).
    out[c.name] = Number(((2 * median(one)) / median(two)).toFixed(2));
  }
  process.stdout.write(JSON.stringify(out) + '\n');
}

if (isMainThread) {
  main().catch((e) => {
    process.stderr.write(String((e as Error).stack ?? e) + '\n');
    process.exit(1);
  });
} else {
  const job = workerData as Job;
  if (job.kind === 'engine') void engine(new Int32Array(job.gate!), job.threads).then((ms) => parentPort!.postMessage(ms));
  else parentPort!.postMessage(work(job));
}
