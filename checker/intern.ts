/**
 * Hash-consing of Immutable.js values for `value` variables.
 *
 * A packed state stores a value variable as a 31-bit id; this table maps ids to
 * values and back. Ids are handed out in the order values first appear, so a
 * deterministic exploration gives deterministic ids. Immutable's 31-bit
 * `hash()` only picks the bucket; equality is `Immutable.is`, so two different
 * values never share an id. Plain objects and arrays are refused: Immutable
 * compares them by identity, which would make equal states look different.
 */
import { hash, is, isImmutable, isIndexed, isKeyed, isRecord } from 'immutable';
import type { Collection } from 'immutable';

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
    const h = hash(value);
    let bucket = this.buckets.get(h);
    if (bucket === undefined) {
      bucket = [];
      this.buckets.set(h, bucket);
    }
    for (let k = 0; k < bucket.length; k++) {
      const id = bucket[k]!;
      if (is(this.values[id], value)) return id;
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
