/**
 * `npm run bench`: full exploration of the benchmark models, one child
 * process each (so peak RSS is per model), and a table of distinct states,
 * transitions, seconds, states/s, bytes per distinct state in the store and
 * peak RSS, next to the targets from DESIGN.md (SPIN's times on the same
 * models). A benchmark, not a test: it reports, it does not fail on time.
 *
 *   npm run bench                 every row, once
 *   npm run bench -- --runs 3     median of 3 runs per row
 *   npm run bench -- philo        rows whose name contains "philo"
 */
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { LARGEST } from '../models/qemu/setup';

interface Row {
  readonly name: string;
  readonly model: string;
  readonly settings: readonly string[];
  /** Target seconds (SPIN's time on the same model, DESIGN.md), if any. */
  readonly targetSeconds?: number;
}

export const ROWS: readonly Row[] = [
  { name: 'philo N=16', model: 'classic/philo', settings: ['N=16'], targetSeconds: 4.4 },
  { name: 'filter N=6', model: 'classic/filter', settings: ['N=6'], targetSeconds: 11.5 },
  // The largest QEMU configuration of issue #3: 2 vCPUs, migration with 2 TLS multifd channels, the snapshot.
  { name: 'qemu/setup largest', model: LARGEST.model, settings: LARGEST.settings },
  { name: 'qemu/setup largest, 2 MMIO writes, header flush', model: LARGEST.model, settings: [...LARGEST.settings, 'mmio_writes=2', 'header_may_flush=true'] },
];

interface Run {
  stats: { distinctStates: number; transitions: number; seconds: number; statesPerSecond: number; bytesPerState: number };
  peakRssBytes: number;
}

function runOnce(row: Row): Run {
  const script = path.join(__dirname, 'one.js');
  const out = execFileSync(process.execPath, ['--max-old-space-size=8192', script, row.model, ...row.settings], { encoding: 'utf8', maxBuffer: 1 << 20 });
  return JSON.parse(out.trim().split('\n').pop()!) as Run;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function main(): void {
  const args = process.argv.slice(2);
  let runs = 1;
  const filters: string[] = [];
  for (let k = 0; k < args.length; k++) {
    if (args[k] === '--runs') runs = Number(args[++k]);
    else filters.push(args[k]!);
  }
  if (!Number.isInteger(runs) || runs < 1) throw new Error('--runs needs a positive integer');
  const rows = ROWS.filter((r) => filters.length === 0 || filters.some((f) => r.name.includes(f) || r.model.includes(f)));
  const header = ['model', 'distinct', 'transitions', 'seconds', 'states/s', 'B/state', 'peak RSS', 'target', 'result'];
  const table: string[][] = [];
  for (const row of rows) {
    const results = Array.from({ length: runs }, () => runOnce(row));
    const secs = median(results.map((r) => r.stats.seconds));
    const r = results[0]!;
    const rss = median(results.map((x) => x.peakRssBytes));
    const target = row.targetSeconds;
    table.push([
      row.name,
      r.stats.distinctStates.toLocaleString('en-US'),
      r.stats.transitions.toLocaleString('en-US'),
      secs.toFixed(2),
      Math.round(r.stats.transitions / secs).toLocaleString('en-US'),
      r.stats.bytesPerState.toFixed(1),
      `${Math.round(rss / 2 ** 20)} MB`,
      target !== undefined ? `< ${target} s, <= 32 B` : '',
      target !== undefined ? (secs < target && r.stats.bytesPerState <= 32 ? 'met' : 'MISSED') : '',
    ]);
    process.stderr.write(`${row.name}: ${secs.toFixed(2)} s\n`);
  }
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((t) => t[i]!.length)));
  const line = (cells: string[]) => '| ' + cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ') + ' |';
  process.stdout.write([line(header), '|' + widths.map((w) => '-'.repeat(w + 2)).join('|') + '|', ...table.map(line)].join('\n') + '\n');
  process.stdout.write(`(${runs} run${runs === 1 ? '' : 's'} per row, median seconds; states/s counts transitions; node ${process.version}, one thread)\n`);
}

main();
