/**
 * The cache of recently met fingerprints (recent.ts) answers "stored" only
 * for fingerprints noted before, and the FingerprintStore that keeps one in
 * front of a big table stores and finds exactly what it would without it.
 */
import { Recent } from './recent';
import { FingerprintStore } from './store';

/** A deterministic stream of fingerprint words (xorshift32). */
function words(seed: number): () => number {
  let x = seed;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return x >>> 0;
  };
}

describe('Recent', () => {
  it('says seen only for a fingerprint noted since the last clear', () => {
    const r = new Recent();
    expect(r.seen(0x80000001, 7)).toBe(false);
    expect(r.seen(0x80000001, 7)).toBe(true);
    expect(r.seen(0x80000001, 8)).toBe(false);
    expect(r.seen(7, 0x80000001)).toBe(false);
    r.clear();
    expect(r.seen(0x80000001, 7)).toBe(false);
    expect(r.bytes).toBe(512 * 1024);
  });

  it('never says seen for a fingerprint it was not given, whatever it evicted', () => {
    const r = new Recent();
    const next = words(12345);
    const noted: [number, number][] = [];
    let said = 0;
    for (let k = 0; k < 200_000; k++) {
      const hi = next();
      const lo = next();
      if (r.seen(hi, lo)) said++;
      noted.push([hi, lo]);
    }
    expect(said).toBe(0);
    // The last ones noted are mostly still there; none of a fresh stream is.
    let kept = 0;
    for (const [hi, lo] of noted.slice(-1000)) if (r.seen(hi, lo)) kept++;
    expect(kept).toBeGreaterThan(900);
    const fresh = words(999);
    for (let k = 0; k < 100_000; k++) if (r.seen(fresh(), fresh())) said++;
    expect(said).toBe(0);
  });
});

describe('FingerprintStore with recent fingerprints in front of its table', () => {
  it('stores every new fingerprint and finds every stored one, past the size where the cache starts', () => {
    const store = new FingerprintStore();
    const n = 300_000; // the table grows to 2^19 slots; the cache starts at 2^18
    const next = words(42);
    const fps: [number, number][] = [];
    let wrong = 0;
    for (let k = 0; k < n; k++) {
      const fp: [number, number] = [next(), next()];
      fps.push(fp);
      if (store.insert(fp[0], fp[1], k === 0 ? 0xffffffff : k - 1, k & 7) !== k) wrong++;
      // Met again at once (a cache hit) and later (the table): stored either way.
      if (store.insert(fp[0], fp[1], 0, 0) !== -1) wrong++;
    }
    for (const [hi, lo] of fps) if (store.insert(hi, lo, 0, 0) !== -1) wrong++;
    expect(wrong).toBe(0);
    expect(store.size).toBe(n);
    expect(store.parentOf(n - 1)).toBe(n - 2);
    expect(store.actionOf(n - 1)).toBe((n - 1) & 7);
    expect(fps.slice(0, 1000).every(([hi, lo]) => store.has(hi, lo))).toBe(true);
    const fresh = words(7);
    for (let k = 0; k < 1000; k++) if (store.insert(fresh(), fresh(), 0, 0) !== n + k) wrong++;
    expect(wrong).toBe(0);
  });

  it('indexed (liveness): says which state it found, from the cache as from the table', () => {
    const store = new FingerprintStore(1 << 16, true);
    const n = 300_000;
    const next = words(4242);
    const fps: [number, number][] = [];
    let wrong = 0;
    for (let k = 0; k < n; k++) {
      const fp: [number, number] = [next(), next()];
      fps.push(fp);
      if (store.insert(fp[0], fp[1], 0, 0) !== k) wrong++;
      if (store.insert(fp[0], fp[1], 0, 0) !== -1 || store.found !== k) wrong++;
      // An older state, met again: mostly from the cache (the last few hundred), else from the table.
      const back = k - (k % 997);
      if (store.insert(fps[back]![0], fps[back]![1], 0, 0) !== -1 || store.found !== back) wrong++;
    }
    for (let k = 0; k < n; k += 7) if (store.insert(fps[k]![0], fps[k]![1], 0, 0) !== -1 || store.found !== k) wrong++;
    expect(wrong).toBe(0);
    expect(store.size).toBe(n);
  });
});
