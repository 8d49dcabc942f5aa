/**
 * 64-bit state fingerprints: two 32-bit MurmurHash3-style hashes of the packed
 * words with different seeds and multipliers, read back as (hi, lo).
 *
 * Policy (reported in results as `fingerprint: 'murmur3x2-64'`): two states
 * with equal fingerprints are taken to be equal; the chance that this merges
 * two different states is estimated by TLC's optimistic formula, see
 * `collisionProbability`. Exact mode (store.ts) compares whole states instead.
 */

/** The name of the fingerprint policy, as results report it. */
export const FINGERPRINT_POLICY = 'murmur3x2-64';

/** Result registers of the last `fingerprint` call (avoids allocating a pair). */
export const fp = { hi: 0, lo: 0 };

/** Hashes `n` words of `buf` into `fp.hi` / `fp.lo`. */
export function fingerprint(buf: Uint32Array, n: number): void {
  let h1 = 0x9747b28c | 0;
  let h2 = 0x5bd1e995 | 0;
  for (let i = 0; i < n; i++) {
    let k = buf[i]! | 0;
    let k1 = Math.imul(k, 0xcc9e2d51);
    k1 = (k1 << 15) | (k1 >>> 17);
    k1 = Math.imul(k1, 0x1b873593);
    h1 ^= k1;
    h1 = (h1 << 13) | (h1 >>> 19);
    h1 = (Math.imul(h1, 5) + 0xe6546b64) | 0;

    k = Math.imul(k ^ (k >>> 16), 0x85ebca6b);
    k = (k << 17) | (k >>> 15);
    k = Math.imul(k, 0xc2b2ae35);
    h2 ^= k;
    h2 = (h2 << 11) | (h2 >>> 21);
    h2 = (Math.imul(h2, 9) + 0x52dce729) | 0;
  }
  h1 ^= n;
  h1 ^= h1 >>> 16;
  h1 = Math.imul(h1, 0x85ebca6b);
  h1 ^= h1 >>> 13;
  h1 = Math.imul(h1, 0xc2b2ae35);
  h1 ^= h1 >>> 16;
  h2 ^= n * 31;
  h2 ^= h2 >>> 15;
  h2 = Math.imul(h2, 0x2c1b3c6d);
  h2 ^= h2 >>> 12;
  h2 = Math.imul(h2, 0x297a2d39);
  h2 ^= h2 >>> 15;
  fp.hi = h2 >>> 0;
  fp.lo = h1 >>> 0;
}

/**
 * TLC's optimistic estimate of the probability that fingerprint collisions
 * merged two states: distinct × (generated − distinct) / 2^64.
 */
export function collisionProbability(distinct: number, generated: number): number {
  return (distinct * Math.max(0, generated - distinct)) / 2 ** 64;
}
