/**
 * The shared table of the workers (shared-store.ts), in one thread: what a
 * claim returns, that a state keeps its least key, that the states of older
 * levels are never lowered, and that a stopped level's inserts are dropped.
 * The workers' use of it is compared with one worker in parallel.test.ts.
 */
import { claim, KNOWN, LOWERED, NEW, rehash, SharedStore, SLOT } from './shared-store';
import { NO_PARENT } from './store';

const keyOf = (store: SharedStore, slot: number) => store.sharedTable[SLOT * slot + 2];

describe('SharedStore', () => {
  it('claims a state once and keeps the least key of its discoveries', () => {
    const store = new SharedStore();
    const t = store.sharedTable;
    const mask = store.slots - 1;
    const base = store.beginLevel(100);
    const got = { slot: -1 };
    expect(claim(t, mask, 7, 9, base + 50, got)).toBe(NEW);
    const slot = got.slot;
    expect(claim(t, mask, 7, 9, base + 60, got)).toBe(KNOWN);
    expect(keyOf(store, slot)).toBe(base + 50);
    expect(claim(t, mask, 7, 9, base + 20, got)).toBe(LOWERED);
    expect(got.slot).toBe(slot);
    expect(keyOf(store, slot)).toBe(base + 20);
    // Same lo, another hi: another state, in the next slot.
    expect(claim(t, mask, 8, 9, base + 70, got)).toBe(NEW);
    expect(got.slot).not.toBe(slot);
    expect(store.has(7, 9)).toBe(true);
    expect(store.has(8, 9)).toBe(true);
    expect(store.has(6, 9)).toBe(false);
  });

  it('never lowers a state of an older level: its key is below the level base', () => {
    const store = new SharedStore();
    const old = store.insert(3, 4, NO_PARENT, 0);
    expect(old).toBe(0);
    const first = store.beginLevel(10);
    const got = { slot: -1 };
    expect(claim(store.sharedTable, store.slots - 1, 5, 6, first + 3, got)).toBe(NEW);
    store.endLevel(10);
    const second = store.beginLevel(10);
    expect(second).toBe(first + 10);
    expect(claim(store.sharedTable, store.slots - 1, 3, 4, second, got)).toBe(KNOWN);
    expect(claim(store.sharedTable, store.slots - 1, 5, 6, second, got)).toBe(KNOWN);
  });

  it('starts the keys again when they would pass 32 bits: older states keep a key below every level, empty slots stay 0', () => {
    const store = new SharedStore(1 << 10);
    store.insert(3, 4, NO_PARENT, 0);
    const got = { slot: -1 };
    const first = store.beginLevel(10);
    expect(claim(store.sharedTable, store.slots - 1, 5, 6, first + 7, got)).toBe(NEW);
    store.endLevel(2 ** 32 - 40);
    const again = store.beginLevel(100);
    expect(again).toBeLessThan(first + 7);
    // Every stored state is older than the new level: found, never lowered; a slot's key 0 means empty (or not written yet).
    expect(claim(store.sharedTable, store.slots - 1, 5, 6, again, got)).toBe(KNOWN);
    expect(claim(store.sharedTable, store.slots - 1, 3, 4, again, got)).toBe(KNOWN);
    const t = store.sharedTable;
    for (let at = 0; at < t.length; at += SLOT) expect(t[at + 2] === 0).toBe(t[at] === 0);
  });

  it('drops the states a stopped level inserted and keeps the older ones', () => {
    const store = new SharedStore();
    store.insert(3, 4, NO_PARENT, 0);
    const base = store.beginLevel(10);
    const got = { slot: -1 };
    expect(claim(store.sharedTable, store.slots - 1, 5, 6, base + 1, got)).toBe(NEW);
    store.dropLevel();
    expect(store.has(3, 4)).toBe(true);
    expect(store.has(5, 6)).toBe(false);
    expect(store.size).toBe(1);
  });

  it('treats a fingerprint word 0 as 1 (an empty slot is lo = 0)', () => {
    const store = new SharedStore();
    expect(store.insert(0, 0, NO_PARENT, 0)).toBe(0);
    expect(store.has(1, 1)).toBe(true);
    expect(store.insert(1, 1, NO_PARENT, 0)).toBe(-1);
  });

  it('grows by copying every slot, keys included, into a bigger table', () => {
    const store = new SharedStore(1 << 10);
    for (let k = 1; k <= 700; k++) store.insert(k * 7919, k, NO_PARENT, 0);
    const base = store.beginLevel(10);
    const got = { slot: -1 };
    claim(store.sharedTable, store.slots - 1, 99, 12345, base + 4, got);
    const to = SharedStore.newTable(store.slots * 4);
    const half = store.slots >>> 1;
    rehash(store.sharedTable, 0, half, to, to.length / SLOT - 1);
    rehash(store.sharedTable, half, store.slots, to, to.length / SLOT - 1);
    store.adopt(to);
    for (let k = 1; k <= 700; k++) expect(store.has(k * 7919, k)).toBe(true);
    expect(claim(store.sharedTable, store.slots - 1, 99, 12345, base + 9, got)).toBe(KNOWN);
    expect(claim(store.sharedTable, store.slots - 1, 99, 12345, base + 2, got)).toBe(LOWERED);
    expect(keyOf(store, got.slot)).toBe(base + 2);
  });
});
