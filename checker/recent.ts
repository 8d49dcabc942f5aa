/**
 * Recently met fingerprints: a direct-mapped cache of 2^16 (hi, lo) pairs,
 * 512 KB, that one thread keeps in front of a fingerprint table too big for
 * its core's caches (store.ts, and each thread of a shared-table level,
 * level.ts).
 *
 * Most successors are states stored before, and many of those were met a
 * few expansions earlier: the two orders of independent steps lead to the
 * same state, from parents that sit close together in the BFS queue. The
 * cache answers them without the table's random read. Measured on Philo
 * N=16 (2026-12-04, alternating runs, medians of 5): one thread 3.27 →
 * 3.07 s, two workers 2.75 → 2.46 s, the same counts (docs/adr/007-workers.md).
 *
 * Only fingerprints that are in the table are ever noted (the caller stores
 * what it notes right after), and a hit compares the whole fingerprint, so a
 * hit always means "stored"; a miss means nothing, and the table is asked. A
 * table that loses states (a shared-table level that is run again) must
 * `clear` the cache.
 */

export const RECENT_BITS = 16;

/** Where (hi, lo) goes: the first of its two words. */
function place(hi: number, lo: number): number {
  return ((Math.imul(hi, 0x9e3779b1) ^ lo) >>> (32 - RECENT_BITS)) << 1;
}

export class Recent {
  private readonly pairs = new Uint32Array(2 << RECENT_BITS);
  /** With `indexed`, each entry's state index too (an indexed store must say which state it found). */
  private readonly ids: Uint32Array | undefined;

  constructor(indexed = false) {
    if (indexed) this.ids = new Uint32Array(1 << RECENT_BITS);
  }

  /** Whether (hi, lo), not both 0, was noted since the last clear; notes it when not. */
  seen(hi: number, lo: number): boolean {
    const at = place(hi, lo);
    const p = this.pairs;
    if (p[at] === hi && p[at + 1] === lo) return true;
    p[at] = hi;
    p[at + 1] = lo;
    return false;
  }

  /** Indexed: the state index noted with (hi, lo), or -1. */
  indexOf(hi: number, lo: number): number {
    const at = place(hi, lo);
    const p = this.pairs;
    return p[at] === hi && p[at + 1] === lo ? this.ids![at >>> 1]! : -1;
  }

  /** Indexed: notes (hi, lo), not both 0, as the state of index `id`. */
  note(hi: number, lo: number, id: number): void {
    const at = place(hi, lo);
    this.pairs[at] = hi;
    this.pairs[at + 1] = lo;
    this.ids![at >>> 1] = id;
  }

  clear(): void {
    this.pairs.fill(0);
  }

  get bytes(): number {
    return this.pairs.byteLength + (this.ids?.byteLength ?? 0);
  }
}
