/**
 * The seen set and the parent links: for every distinct state, the index of
 * the state it was first reached from and the action that reached it. States
 * are numbered 0, 1, 2… in discovery order.
 *
 * `FingerprintStore` (the default) keeps 64-bit fingerprints in an
 * open-addressing table of (hi, lo) pairs, linear probing, doubled at 3/4
 * load: 10.7–21 bytes per state, and a duplicate costs one cache miss, or
 * none when it was met shortly before (recent.ts: a fixed 512 KB, 768 KB
 * with the indexes of an indexed store, beside a table of 2 MB or more, not
 * counted in the bytes per state). The
 * per-state columns live in fixed-size chunks, so growth copies nothing:
 * parent (u32) and a u32 holding the action (low 16 bits) and a 16-bit check
 * of the state's fingerprint (high 16 bits): 8 bytes per state. Replay
 * (path.ts) compares each replayed state with that check and the table.
 *
 * `ExactStore` also keeps every packed state and compares whole states, so
 * two different states never merge; use it for small runs and tests.
 */

import { Recent } from './recent';

const CHUNK_BITS = 16;
const CHUNK = 1 << CHUNK_BITS;
const CHUNK_MASK = CHUNK - 1;

/** Table slots from which a FingerprintStore keeps recently met fingerprints in front of the table (recent.ts): 2 MB of table. */
const RECENT_FROM = 1 << 18;

/** Parent link of an initial state. */
export const NO_PARENT = 0xffffffff;

export interface Store {
  /** Number of distinct states stored. */
  readonly size: number;
  /** Bytes held by the store. */
  readonly bytes: number;
  /** Whether the state is stored. */
  has(hi: number, lo: number, buf: Uint32Array): boolean;
  /**
   * Stores a state if it is new: returns its index, or -1 if it was already
   * there. With an indexed store, `found` is then the index of the stored state.
   */
  insert(hi: number, lo: number, parent: number, action: number, buf: Uint32Array): number;
  parentOf(idx: number): number;
  actionOf(idx: number): number;
  /** 16 bits of the fingerprint of state idx (see `fingerprintCheck`). */
  checkOf(idx: number): number;
  /** After `insert` returned -1 on an indexed store: the index of the state already stored. */
  readonly found: number;
  /** Index of a stored state, or -1 (indexed stores only). */
  indexOf(hi: number, lo: number, buf: Uint32Array): number;
  /** Frees the index kept for `found`/`indexOf` once exploration is over (membership and links stay). */
  dropIndex(): void;
}

/** The 16-bit check of a fingerprint kept per state. */
export function fingerprintCheck(hi: number): number {
  return hi >>> 16;
}

/** Parent and action+check columns, chunked. */
class Links {
  private readonly parents: Uint32Array[] = [];
  private readonly actions: Uint32Array[] = [];

  add(idx: number, parent: number, action: number, hi: number): void {
    const c = idx >>> CHUNK_BITS;
    const o = idx & CHUNK_MASK;
    if (o === 0) {
      this.parents.push(new Uint32Array(CHUNK));
      this.actions.push(new Uint32Array(CHUNK));
    }
    this.parents[c]![o] = parent;
    this.actions[c]![o] = (action & 0xffff) | (fingerprintCheck(hi) << 16);
  }
  parentOf(idx: number): number {
    return this.parents[idx >>> CHUNK_BITS]![idx & CHUNK_MASK]!;
  }
  actionOf(idx: number): number {
    return this.actions[idx >>> CHUNK_BITS]![idx & CHUNK_MASK]! & 0xffff;
  }
  checkOf(idx: number): number {
    return this.actions[idx >>> CHUNK_BITS]![idx & CHUNK_MASK]! >>> 16;
  }
  get bytes(): number {
    return this.parents.length * CHUNK * 8;
  }
}

/** Fingerprint mode: a table of 64-bit fingerprints plus the links. */
export class FingerprintStore implements Store {
  private table: Uint32Array; // pairs (hi, lo); (0, 0) = empty
  private mask: number; // slots - 1
  private count = 0;
  private readonly links = new Links();
  /** Indexed mode (liveness needs edges): the state index per slot. */
  private ids: Uint32Array | undefined;
  /** Once the table outgrows the core's caches; indexed like the store. */
  private recent: Recent | undefined;
  found = -1;

  constructor(initialSlots = 1 << 16, indexed = false) {
    let cap = 1 << 10;
    while (cap < initialSlots) cap <<= 1;
    this.table = new Uint32Array(cap * 2);
    this.mask = cap - 1;
    if (indexed) this.ids = new Uint32Array(cap);
  }

  dropIndex(): void {
    this.ids = undefined;
  }

  indexOf(hi: number, lo: number): number {
    if (!this.ids) throw new Error('indexOf needs an indexed store');
    if ((hi | lo) === 0) lo = 1;
    const t = this.table;
    let slot = lo & this.mask;
    for (;;) {
      const h = t[2 * slot]!;
      const l = t[2 * slot + 1]!;
      if ((h | l) === 0) return -1;
      if (h === hi && l === lo) return this.ids[slot]!;
      slot = (slot + 1) & this.mask;
    }
  }

  get size(): number {
    return this.count;
  }
  get bytes(): number {
    return this.table.byteLength + this.links.bytes + (this.ids?.byteLength ?? 0);
  }

  has(hi: number, lo: number): boolean {
    if ((hi | lo) === 0) lo = 1;
    const t = this.table;
    let slot = lo & this.mask;
    for (;;) {
      const h = t[2 * slot]!;
      const l = t[2 * slot + 1]!;
      if ((h | l) === 0) return false;
      if (h === hi && l === lo) return true;
      slot = (slot + 1) & this.mask;
    }
  }

  insert(hi: number, lo: number, parent: number, action: number): number {
    if ((hi | lo) === 0) lo = 1; // (0, 0) marks an empty slot
    const recent = this.recent;
    if (recent) {
      if (!this.ids) {
        if (recent.seen(hi, lo)) return -1;
      } else {
        const id = recent.indexOf(hi, lo);
        if (id >= 0) {
          this.found = id;
          return -1;
        }
      }
    }
    const t = this.table;
    const mask = this.mask;
    let slot = lo & mask;
    for (;;) {
      const h = t[2 * slot]!;
      const l = t[2 * slot + 1]!;
      if ((h | l) === 0) break;
      if (h === hi && l === lo) {
        if (this.ids) {
          this.found = this.ids[slot]!;
          recent?.note(hi, lo, this.found);
        }
        return -1;
      }
      slot = (slot + 1) & mask;
    }
    t[2 * slot] = hi;
    t[2 * slot + 1] = lo;
    const idx = this.count++;
    if (this.ids) {
      this.ids[slot] = idx;
      recent?.note(hi, lo, idx);
    }
    this.links.add(idx, parent, action, hi);
    if (this.count * 4 > (mask + 1) * 3) this.grow();
    return idx;
  }

  parentOf(idx: number): number {
    return this.links.parentOf(idx);
  }
  actionOf(idx: number): number {
    return this.links.actionOf(idx);
  }
  checkOf(idx: number): number {
    return this.links.checkOf(idx);
  }

  private grow(): void {
    const old = this.table;
    const cap = (this.mask + 1) * 2;
    const t = new Uint32Array(cap * 2);
    const mask = cap - 1;
    const oldIds = this.ids;
    const ids = oldIds ? new Uint32Array(cap) : undefined;
    for (let s = 0; s < old.length; s += 2) {
      const hi = old[s]!;
      const lo = old[s + 1]!;
      if ((hi | lo) === 0) continue;
      let slot = lo & mask;
      while ((t[2 * slot]! | t[2 * slot + 1]!) !== 0) slot = (slot + 1) & mask;
      t[2 * slot] = hi;
      t[2 * slot + 1] = lo;
      if (ids) ids[slot] = oldIds![s >>> 1]!;
    }
    this.table = t;
    this.ids = ids;
    this.mask = mask;
    if (cap >= RECENT_FROM) this.recent ??= new Recent(ids !== undefined);
  }
}

/** Exact mode: whole states are kept and compared; fingerprints only pick the slot. */
export class ExactStore implements Store {

  private table: Uint32Array;
  private mask: number;
  private readonly hi: Uint32Array[] = [];
  private readonly lo: Uint32Array[] = [];
  private readonly parents: Uint32Array[] = [];
  private readonly actions: Uint16Array[] = [];
  private readonly states: Uint32Array[] = [];
  private count = 0;
  found = -1;

  constructor(private readonly exactWords: number, initialCapacity = 1 << 16) {
    let cap = 1 << 10;
    while (cap < initialCapacity) cap <<= 1;
    this.table = new Uint32Array(cap);
    this.mask = cap - 1;
  }

  /** Number of distinct states stored. */
  get size(): number {
    return this.count;
  }

  /** Whether the state is stored (fingerprint, plus the words in exact mode). */
  has(hi: number, lo: number, buf: Uint32Array): boolean {
    return this.find(hi, lo, buf) >= 0;
  }

  indexOf(hi: number, lo: number, buf: Uint32Array): number {
    return this.find(hi, lo, buf);
  }

  dropIndex(): void {
    // The index is the table itself here.
  }

  /**
   * Stores a state if it is new. Returns its new index, or -1 if it was
   * already there.
   */
  insert(hi: number, lo: number, parent: number, action: number, buf: Uint32Array): number {
    const table = this.table;
    const mask = this.mask;
    let slot = lo & mask;
    for (;;) {
      const e = table[slot]!;
      if (e === 0) break;
      const idx = e - 1;
      const c = idx >>> CHUNK_BITS;
      const o = idx & CHUNK_MASK;
      if (this.lo[c]![o] === lo && this.hi[c]![o] === hi && (this.exactWords === 0 || this.sameState(idx, buf))) {
        this.found = idx;
        return -1;
      }
      slot = (slot + 1) & mask;
    }
    const idx = this.count;
    const c = idx >>> CHUNK_BITS;
    const o = idx & CHUNK_MASK;
    if (o === 0) this.addChunk();
    this.hi[c]![o] = hi;
    this.lo[c]![o] = lo;
    this.parents[c]![o] = parent;
    this.actions[c]![o] = action;
    if (this.exactWords > 0) this.states[c]!.set(buf.subarray(0, this.exactWords), o * this.exactWords);
    table[slot] = idx + 1;
    this.count = idx + 1;
    if (this.count * 4 > table.length * 3) this.grow();
    return idx;
  }

  parentOf(idx: number): number {
    return this.parents[idx >>> CHUNK_BITS]![idx & CHUNK_MASK]!;
  }
  actionOf(idx: number): number {
    return this.actions[idx >>> CHUNK_BITS]![idx & CHUNK_MASK]!;
  }
  checkOf(idx: number): number {
    return fingerprintCheck(this.hiOf(idx));
  }
  hiOf(idx: number): number {
    return this.hi[idx >>> CHUNK_BITS]![idx & CHUNK_MASK]!;
  }
  loOf(idx: number): number {
    return this.lo[idx >>> CHUNK_BITS]![idx & CHUNK_MASK]!;
  }

  /** Bytes held by the store (table + columns + states in exact mode). */
  get bytes(): number {
    let b = this.table.byteLength;
    for (let c = 0; c < this.hi.length; c++) {
      b += this.hi[c]!.byteLength + this.lo[c]!.byteLength + this.parents[c]!.byteLength + this.actions[c]!.byteLength;
      if (this.exactWords > 0) b += this.states[c]!.byteLength;
    }
    return b;
  }

  private find(hi: number, lo: number, buf: Uint32Array): number {
    const table = this.table;
    let slot = lo & this.mask;
    for (;;) {
      const e = table[slot]!;
      if (e === 0) return -1;
      const idx = e - 1;
      const c = idx >>> CHUNK_BITS;
      const o = idx & CHUNK_MASK;
      if (this.lo[c]![o] === lo && this.hi[c]![o] === hi && (this.exactWords === 0 || this.sameState(idx, buf))) return idx;
      slot = (slot + 1) & this.mask;
    }
  }

  private sameState(idx: number, buf: Uint32Array): boolean {
    const w = this.exactWords;
    const chunk = this.states[idx >>> CHUNK_BITS]!;
    const base = (idx & CHUNK_MASK) * w;
    for (let k = 0; k < w; k++) if (chunk[base + k] !== buf[k]) return false;
    return true;
  }

  private addChunk(): void {
    this.hi.push(new Uint32Array(CHUNK));
    this.lo.push(new Uint32Array(CHUNK));
    this.parents.push(new Uint32Array(CHUNK));
    this.actions.push(new Uint16Array(CHUNK));
    if (this.exactWords > 0) this.states.push(new Uint32Array(CHUNK * this.exactWords));
  }

  private grow(): void {
    const cap = this.table.length * 2;
    const table = new Uint32Array(cap);
    const mask = cap - 1;
    for (let idx = 0; idx < this.count; idx++) {
      let slot = this.loOf(idx) & mask;
      while (table[slot] !== 0) slot = (slot + 1) & mask;
      table[slot] = idx + 1;
    }
    this.table = table;
    this.mask = mask;
  }
}
