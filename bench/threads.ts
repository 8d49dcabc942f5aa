/**
 * What two threads can do on this machine, beside the workers rows of the
 * bench: the throughput of two worker threads over one, on a loop that only
 * computes, and on random reads and writes into one array both threads share
 * (as the workers share the fingerprint table), at two sizes. A fingerprint
 * table is random access; where two threads get little more than one out of
 * the memory, `check --workers 2` cannot either. Prints one JSON line.
 *
 * node dist/bench/threads.js [--runs R]   (alternating runs, medians)
 */
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';

interface Job {
  readonly kind: 'compute' | 'memory';
  readonly table?: SharedArrayBuffer;
  readonly seed: number;
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

/** Wall time of `threads` worker threads each doing one share, from the first start to the last end. */
function run(kind: Job['kind'], threads: number, table?: SharedArrayBuffer): Promise<number> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    let done = 0;
    for (let i = 0; i < threads; i++) {
      const w = new Worker(__filename, { workerData: { kind, table, seed: 7 * i + 1 } satisfies Job });
      w.on('error', reject);
      w.on('message', () => {
        if (++done === threads) resolve(performance.now() - started);
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
  const cases: { name: string; kind: Job['kind']; words?: number }[] = [
    { name: 'computing only', kind: 'compute' },
    { name: 'random writes into one shared 16 MB array', kind: 'memory', words: 1 << 22 },
    { name: 'the same, 64 MB', kind: 'memory', words: 1 << 24 },
  ];
  const out: Record<string, number> = {};
  for (const c of cases) {
    const table = c.words ? new SharedArrayBuffer(4 * c.words) : undefined;
    const one: number[] = [];
    const two: number[] = [];
    for (let r = 0; r < runs; r++) {
      one.push(await run(c.kind, 1, table));
      two.push(await run(c.kind, 2, table));
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
  parentPort!.postMessage(work(workerData as Job));
}
