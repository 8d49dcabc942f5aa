/**
 * Hash-consing of Immutable.js values for `value` variables.
 *
 * A packed state stores a value variable as a 31-bit id; this table maps ids to
 * values and back. Ids are handed out in the order values first appear, so a
 * deterministic exploration gives deterministic ids. The hash (`valueHash`)
 * only picks the bucket; equality is `Immutable.is`, so two different
 * values never share an id. Plain objects and arrays are refused: Immutable
 * compares them by identity, which would make equal states look different.
 */
import { hash, is, isCollection, isImmutable, isIndexed, isKeyed, isOrdered, isRecord, List, Map as IMap, Set as ISet } from 'immutable';
import type { Collection } from 'immutable';

/** murmur3's finalizer: spreads every input bit over the whole 32-bit result. */
function mix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) | 0;
}

/** Where a collection keeps its valueHash: a symbol-keyed property, invisible to Immutable, JSON and toJS (a WeakMap costs more than the hash). */
const HASH = Symbol('interleave.valueHash');

/**
 * A structural hash with `Immutable.is(a, b)` implying equal hashes, like
 * Immutable's `hash`, but with each element mixed before it is combined:
 * Immutable sums the raw hashes of a set's elements, so the sets of small
 * integers {0, 3} and {1, 2} (and every function holding them) collide, and a
 * table of such values degrades to deep comparisons. Collections are hashed
 * once (cached on the object, as Immutable caches its own hash); everything
 * else goes through Immutable's hash.
 */
export function valueHash(v: unknown): number {
  if (typeof v !== 'object' || v === null) return mix(hash(v));
  const cached = (v as { [HASH]?: number })[HASH];
  if (cached !== undefined) return cached;
  if (!isCollection(v)) return mix(hash(v));
  // The same three shapes Immutable's equality tells apart: ordered or not, keyed or not.
  const ordered = isOrdered(v);
  const keyed = isKeyed(v);
  let acc = ordered ? 1 : 0;
  const size = (v as Collection<unknown, unknown>).forEach((x, k) => {
    const e = keyed ? mix((Math.imul(valueHash(k), 0x9e3779b1) + valueHash(x)) | 0) : valueHash(x);
    acc = ordered ? (Math.imul(acc, 31) + e) | 0 : (acc + e) | 0;
  });
  const h = mix(acc ^ Math.imul(size, 0x27d4eb2d));
  (v as { [HASH]?: number })[HASH] = h;
  return h;
}

/**
 * `Immutable.is`, faster for the Sets, Maps and Lists that TLA+ values are
 * made of: identical objects and different cached hashes decide at once, and
 * members are compared by direct lookups instead of Immutable's generic
 * iteration. Any other pair goes to `Immutable.is`.
 */
export function valueEquals(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  const ha = (a as { [HASH]?: number } | null)?.[HASH];
  const hb = (b as { [HASH]?: number } | null)?.[HASH];
  if (ha !== undefined && hb !== undefined && ha !== hb) return false;
  if (ISet.isSet(a) && ISet.isSet(b) && !isOrdered(a) && !isOrdered(b)) {
    const y = b as ISet<unknown>;
    return (a as ISet<unknown>).size === y.size && (a as ISet<unknown>).every((x) => y.has(x));
  }
  if (IMap.isMap(a) && IMap.isMap(b) && !isOrdered(a) && !isOrdered(b)) {
    const y = b as IMap<unknown, unknown>;
    return (a as IMap<unknown, unknown>).size === y.size && (a as IMap<unknown, unknown>).every((x, k) => y.has(k) && valueEquals(x, y.get(k)));
  }
  if (List.isList(a) && List.isList(b)) {
    const x = a as List<unknown>;
    const y = b as List<unknown>;
    if (x.size !== y.size) return false;
    for (let i = 0; i < x.size; i++) if (!valueEquals(x.get(i), y.get(i))) return false;
    return true;
  }
  return is(a, b);
}

/**
 * Why a value may not be stored, or undefined when it may. Refused: values
 * Immutable compares by identity (plain objects, arrays, JavaScript Maps and
 * Sets, functions), so equal states would look different; values that would be
 * changed on their way to result.json or ITF (BigInt, NaN, Infinity,
 * undefined); and Symbols, which never equal a fresh one.
 */
export function refusedValue(value: unknown): string | undefined {
  const tag = Object.prototype.toString.call(value); // not instanceof: a model file may come from another realm
  if (tag === '[object Map]' || tag === '[object Set]') return `a JavaScript ${tag.slice(8, -1)}, which compares by identity; use Immutable's Map or Set`;
  if (value !== null && typeof value === 'object' && !isImmutable(value)) {
    return 'a plain object or array; use an Immutable.js collection (Map, List, Set, Record) so that equal values compare equal';
  }
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'bigint') return `the BigInt ${String(value)}n; use a number (exact up to 2^53) or a string`;
  if (typeof value === 'symbol') return 'a Symbol; a fresh Symbol per step makes every state new (an endless state space); use a string';
  if (typeof value === 'number' && Number.isNaN(value)) return 'NaN, which JSON would show as null; use null or a string';
  if (value === Infinity || value === -Infinity) return `${String(value)}, which JSON would show as null; use a large integer or a string`;
  if (value === undefined) return 'undefined, which result.json would drop; use null';
  return undefined;
}

export class Interner {
  private readonly values: unknown[] = [];
  private readonly buckets = new Map<number, number[]>();

  constructor() {
    this.idOf(null); // id 0: the value of a freshly zeroed slot
  }

  /** Collections already found free of refused values (a collection is immutable, so once is enough). */
  private readonly checked = new WeakSet<object>();

  /** The id of `value`, interning it on first sight. Throws on values refusedValue() names, at any depth. */
  idOf(value: unknown): number {
    this.check(value, '');
    const h = valueHash(value);
    let bucket = this.buckets.get(h);
    if (bucket === undefined) {
      bucket = [];
      this.buckets.set(h, bucket);
    }
    for (let k = 0; k < bucket.length; k++) {
      const id = bucket[k]!;
      if (valueEquals(this.values[id], value)) return id;
    }
    const id = this.values.length;
    if (id >= 2 ** 31) throw new RangeError('more than 2^31 distinct values interned');
    this.values.push(value);
    bucket.push(id);
    return id;
  }

  /**
   * Throws when `value`, or anything inside it (elements, keys, fields), is
   * a value refusedValue() names; `at` is where inside the variable, for the
   * message.
   */
  private check(value: unknown, at: string): void {
    const why = refusedValue(value);
    if (why !== undefined) throw new TypeError(`a value variable was given ${why}${at === '' ? '' : ` (at ${at} inside it)`}`);
    if (!isImmutable(value) || this.checked.has(value as object)) return;
    const keyed = isKeyed(value) || isRecord(value);
    const items = isRecord(value) ? (value as unknown as { toSeq(): Collection<unknown, unknown> }).toSeq() : (value as Collection<unknown, unknown>);
    items.forEach((x, k) => {
      const where = keyed ? `${at}[${typeof k === 'string' ? JSON.stringify(k) : String(k)}]` : isIndexed(value) ? `${at}[${String(k)}]` : `${at}{element}`;
      if (keyed) this.check(k, `${at}{key}`);
      this.check(x, where);
    });
    this.checked.add(value as object);
  }

  /** The value an id stands for. */
  valueOf(id: number): unknown {
    if (id >= this.values.length) throw new RangeError(`no interned value with id ${id}`);
    return this.values[id];
  }

  /** How many distinct values are interned. */
  get size(): number {
    return this.values.length;
  }
}
