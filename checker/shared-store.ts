/**
 * The store of parallel exploration (parallel.ts): the fingerprint table and
 * the parent links live in SharedArrayBuffers, so that worker threads insert
 * into the one table while they expand a BFS level (level.ts), and write the
 * links of the states they found once the level's order is fixed.
 *
 * Table: slot s is the words [lo, hi, key] at SLOT × s, one cache line for
 * a probe. Both fingerprint words are made non-zero (0 becomes 1), so that a
 * slot is claimed by one compareExchange of its lo word from 0, and a reader
 * that matches lo waits until hi is written. That merges two fingerprints
 * only where one word is 0 and the other 1, with the other word equal: a
 * collision far less likely than the 64-bit one the policy already accepts.
 *
 * Key: a level's discovery codes (parent's position in the level, step)
 * are offset by the level's base, which grows from level to level, so a key
 * below the base is a state stored before the level and needs no clearing.
 * Key 0 is an empty slot's (or one whose key is not written yet); states
 * stored by this thread outside a level have key OLD = 1, and every level's
 * base is above it.
 * A state found in the level keeps the least code among its discoveries, by
 * an atomic minimum (which never touches the smaller keys of older states):
 * where the sequential engine meets the state first, which fixes its index.
 *
 * Links: parent (u32) and action + 16-bit fingerprint check (u32) per
 * state, in chunks of 64K states, as FingerprintStore keeps them.
 */
import { fingerprintCheck, Store } from './store';

/** Words per table slot: lo, hi, key. */
export const SLOT = 3;
/** States per link chunk: 2^LINK_BITS. */
export const LINK_BITS = 16;
const CHUNK = 1 << LINK_BITS;
const CHUNK_MASK = CHUNK - 1;

/** Above this load a level stops and the table grows (the lock-free table cannot grow while workers insert). */
export const MAX_LOAD = 0.85;

function shared(words: number): Uint32Array {
  return new Uint32Array(new SharedArrayBuffer(words * 4));
}

/** The key of a state stored outside a level (initial states, levels replayed on one thread): older than every level's keys. */
const OLD = 1;

/** The outcomes of `claim`: a new state (this caller stored it), one found before with a greater key (lowered), or neither. */
export const NEW = 2;
export const LOWERED = 1;
export const KNOWN = 0;

/**
 * Inserts fingerprint (hi, lo) (both non-zero) with key `key`, or lowers the
 * key of the state already there to `key` if it is greater. Returns NEW or
 * LOWERED with `claimed.slot` set, or KNOWN. Safe for any number of threads
 * at once; the table must not be full.
 *
 * Most calls find a state stored before (nine in ten on the bench models),
 * so that path reads with plain loads, which cost less than Atomics.load
 * here. That is sound because each word only ever moves one way: lo and hi
 * from 0 to their value, once; the key from 0 to the claimer's key, then only
 * down, by compareExchange. A plain load therefore returns 0 or the final
 * lo and hi, and for the key 0 or a value at least the current one; 0 is
 * read again atomically until it is not, and a key greater than the current
 * one makes the compareExchange below fail and return the current one.
 */
export function claim(table: Uint32Array, mask: number, hi: number, lo: number, key: number, claimed: { slot: number }): number {
  let slot = lo & mask;
  for (;;) {
    const at = SLOT * slot;
    let l = table[at]!;
    if (l === 0) {
      l = Atomics.compareExchange(table, at, 0, lo);
      if (l === 0) {
        // The key before hi: a reader that sees hi by Atomics.load sees the key.
        table[at + 2] = key;
        Atomics.store(table, at + 1, hi);
        claimed.slot = slot;
        return NEW;
      }
    }
    if (l === lo) {
      let h = table[at + 1]!;
      while (h === 0) h = Atomics.load(table, at + 1);
      if (h === hi) {
        let k = table[at + 2]!;
        while (k === 0) k = Atomics.load(table, at + 2);
        while (key < k) {
          const was = Atomics.compareExchange(table, at + 2, k, key);
          if (was === k) {
            claimed.slot = slot;
            return LOWERED;
          }
          k = was;
        }
        return KNOWN;
      }
    }
    slot = (slot + 1) & mask;
  }
}

/**
 * Copies the slots [from, to) of table `old` into `table` (of mask `mask`),
 * keys included: the growth of the table, shared by the workers, each taking
 * ranges of the old table. Old slots hold distinct fingerprints, so a copy
 * only looks for a free slot.
 */
export function rehash(old: Uint32Array, from: number, to: number, table: Uint32Array, mask: number): void {
  for (let at = from * SLOT; at < to * SLOT; at += SLOT) {
    const lo = old[at]!;
    if (lo === 0) continue;
    let slot = lo & mask;
    while (Atomics.compareExchange(table, SLOT * slot, 0, lo) !== 0) slot = (slot + 1) & mask;
    table[SLOT * slot + 1] = old[at + 1]!;
    table[SLOT * slot + 2] = old[at + 2]!;
  }
}

/** A fingerprint word made non-zero (see the file comment). */
export function nonZero(w: number): number {
  return w === 0 ? 1 : w;
}

export class SharedStore implements Store {
  private table: Uint32Array;
  private mask: number;
  private count = 0;
  /** The least key of the current level; keys of older states are below it (OLD is below every level's). */
  private keyBase = OLD + 1;
  readonly parents: Uint32Array[] = [];
  readonly actions: Uint32Array[] = [];
  readonly found = -1;

  constructor(initialSlots = 1 << 16) {
    let cap = 1 << 10;
    while (cap < initialSlots) cap <<= 1;
    this.table = shared(cap * SLOT);
    this.mask = cap - 1;
  }

  get size(): number {
    return this.count;
  }
  /**
   * The bytes one worker's FingerprintStore holds for as many states (its
   * table at its growth policy, and the links), which results report, so that
   * they do not depend on the number of workers. What this store really
   * holds, with its keys and a table grown ahead of each level, is `held`.
   */
  get bytes(): number {
    let cap = 1 << 16;
    while (this.count * 4 > cap * 3) cap *= 2;
    return cap * 8 + this.parents.length * CHUNK * 8;
  }
  get held(): number {
    return this.table.byteLength + this.parents.length * CHUNK * 8;
  }
  get slots(): number {
    return this.mask + 1;
  }
  /** The table, shared with the workers; a new one after each growth. */
  get sharedTable(): Uint32Array {
    return this.table;
  }
  get base(): number {
    return this.keyBase;
  }

  /**
   * Starts a level whose keys are base + 0 … base + codes − 1 (all below
   * 2^32 − 1); clears the keys when the range runs out. Returns the base.
   */
  beginLevel(codes: number): number {
    if (this.keyBase + codes >= 2 ** 32 - 1) {
      for (let at = 2; at < this.table.length; at += SLOT) if (this.table[at - 2] !== 0) this.table[at] = OLD;
      this.keyBase = OLD + 1;
    }
    return this.keyBase;
  }

  /** Ends a level that ran to its end: its keys are now older than the next level's. */
  endLevel(codes: number): void {
    this.keyBase += codes;
  }

  has(hi: number, lo: number): boolean {
    return this.probe(nonZero(hi), nonZero(lo)) < 0;
  }

  /** The empty slot where fingerprint (hi, lo), made non-zero, belongs; -1 when it is stored already. */
  private probe(hi: number, lo: number): number {
    const t = this.table;
    let slot = lo & this.mask;
    for (;;) {
      const l = t[SLOT * slot]!;
      if (l === 0) return slot;
      if (l === lo && t[SLOT * slot + 1] === hi) return -1;
      slot = (slot + 1) & this.mask;
    }
  }

  /** Inserts from this thread while no worker inserts (initial states, levels replayed here); the key is OLD, older than any level's. */
  insert(hi: number, lo: number, parent: number, action: number): number {
    hi = nonZero(hi);
    lo = nonZero(lo);
    const slot = this.probe(hi, lo);
    if (slot < 0) return -1;
    const t = this.table;
    t[SLOT * slot] = lo;
    t[SLOT * slot + 1] = hi;
    t[SLOT * slot + 2] = OLD;
    const idx = this.count++;
    this.reserveLinks(this.count);
    this.parents[idx >>> LINK_BITS]![idx & CHUNK_MASK] = parent;
    this.actions[idx >>> LINK_BITS]![idx & CHUNK_MASK] = linkWord(action, hi);
    if (this.count * 4 > this.slots * 3) this.grow(this.slots * 2);
    return idx;
  }

  indexOf(): number {
    throw new Error('the shared store keeps no index');
  }
  dropIndex(): void {
    // No index to drop.
  }

  parentOf(idx: number): number {
    return this.parents[idx >>> LINK_BITS]![idx & CHUNK_MASK]!;
  }
  actionOf(idx: number): number {
    return this.actions[idx >>> LINK_BITS]![idx & CHUNK_MASK]! & 0xffff;
  }
  checkOf(idx: number): number {
    return this.actions[idx >>> LINK_BITS]![idx & CHUNK_MASK]! >>> 16;
  }

  /** Allocates link chunks for states up to index `count` − 1 (workers write them, level.ts). */
  reserveLinks(count: number): void {
    while (this.parents.length * CHUNK < count) {
      this.parents.push(shared(CHUNK));
      this.actions.push(shared(CHUNK));
    }
  }

  /** Counts the `n` states the workers placed after the stored ones. */
  commit(n: number): void {
    this.count += n;
  }

  /** How many more states the workers may insert in a level before it stops (MAX_LOAD). */
  room(): number {
    return Math.floor(this.slots * MAX_LOAD) - this.count;
  }

  /** The slots that keep the table under 3/4 full with `extra` more states. */
  slotsFor(extra: number): number {
    let cap = this.slots;
    while ((this.count + extra) * 4 > cap * 3) cap *= 2;
    return cap;
  }

  /** A new empty table of `cap` slots, for the workers to fill (`rehash`) before `adopt`. */
  static newTable(cap: number): Uint32Array {
    return shared(cap * SLOT);
  }

  /** Takes the table the workers filled from this one. */
  adopt(table: Uint32Array): void {
    this.table = table;
    this.mask = table.length / SLOT - 1;
  }

  /**
   * Drops the states a stopped level inserted (keys from the level's base
   * on), which never got an index, by rebuilding the table from the others;
   * `cap` slots at least.
   */
  dropLevel(cap = this.slots): void {
    this.grow(cap, this.keyBase);
  }

  private grow(cap: number, dropFrom = Infinity): void {
    const old = this.table;
    const t = shared(cap * SLOT);
    const mask = cap - 1;
    for (let at = 0; at < old.length; at += SLOT) {
      const lo = old[at]!;
      if (lo === 0 || old[at + 2]! >= dropFrom) continue;
      let slot = lo & mask;
      while (t[SLOT * slot] !== 0) slot = (slot + 1) & mask;
      t[SLOT * slot] = lo;
      t[SLOT * slot + 1] = old[at + 1]!;
      t[SLOT * slot + 2] = old[at + 2]!;
    }
    this.table = t;
    this.mask = mask;
  }
}

/** The link word of a state: its action (low 16 bits) and the 16-bit check of its fingerprint. */
export function linkWord(action: number, hi: number): number {
  return ((action & 0xffff) | (fingerprintCheck(hi) << 16)) >>> 0;
}
