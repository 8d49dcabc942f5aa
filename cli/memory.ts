/**
 * `--max-memory SIZE`: parsing sizes (`512M`, `2G`, `1.5GB`, plain bytes)
 * and the default budget, a safe share of what this process may use: the
 * smaller of 60% of physical memory, 80% of a cgroup (container) limit and
 * 60% of the address-space ulimit (`ulimit -v`), less the ~100 MB Node.js
 * itself holds. The engine counts the store, the frontier and the liveness
 * graph against it (typed arrays live outside V8's heap, so
 * `--max-old-space-size` does not bound them).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import { usageError } from '../checker';

const UNITS: Record<string, number> = { '': 1, b: 1, k: 2 ** 10, kb: 2 ** 10, m: 2 ** 20, mb: 2 ** 20, g: 2 ** 30, gb: 2 ** 30, t: 2 ** 40, tb: 2 ** 40 };

/** Bytes of a size written by a user; a usage error (IL006) echoing the text otherwise. */
export function parseSize(text: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(text);
  const unit = m ? UNITS[m[2]!.toLowerCase()] : undefined;
  const bytes = m && unit !== undefined ? Number(m[1]) * unit : NaN;
  if (!(Number.isFinite(bytes) && bytes >= 2 ** 20)) {
    throw usageError('IL006', `--max-memory ${JSON.stringify(text)} is not a size of at least 1M`, { hint: '--max-memory 2G', alternatives: ['512M', '2G', '1.5GB', 'a number of bytes'] });
  }
  return Math.floor(bytes);
}

function readNumber(file: string, re: RegExp): number | undefined {
  try {
    const m = re.exec(fs.readFileSync(file, 'utf8'));
    const n = m ? Number(m[1]) : NaN;
    return Number.isFinite(n) && n > 0 ? n : undefined;
  } catch {
    return undefined;
  }
}

/** The default budget in bytes (see the file comment). */
export function defaultMaxMemory(): number {
  const limits = [os.totalmem() * 0.6];
  const cgroup = readNumber('/sys/fs/cgroup/memory.max', /^(\d+)/) ?? readNumber('/sys/fs/cgroup/memory/memory.limit_in_bytes', /^(\d+)/);
  if (cgroup !== undefined && cgroup < 2 ** 60) limits.push(cgroup * 0.8);
  const ulimit = readNumber('/proc/self/limits', /^Max address space\s+(\d+)/m);
  if (ulimit !== undefined) limits.push(ulimit * 0.6);
  return Math.max(2 ** 26, Math.floor(Math.min(...limits) - 100 * 2 ** 20));
}

