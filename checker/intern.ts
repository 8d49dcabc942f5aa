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
import { hash, is, isImmutable } from 'immutable';

export class Interner {
  private readonly values: unknown[] = [];
  private readonly buckets = new Map<number, number[]>();

  constructor() {
    this.idOf(null); // id 0: the value of a freshly zeroed slot
  }

  /** The id of `value`, interning it on first sight. Throws on plain objects. */
  idOf(value: unknown): number {
    const tag = Object.prototype.toString.call(value); // not instanceof: a model file may come from another realm
    if (tag === '[object Map]' || tag === '[object Set]') throw new TypeError(`a value variable was given a JavaScript ${tag.slice(8, -1)}, which compares by identity; use Immutable's Map or Set`);
    if (value !== null && typeof value === 'object' && !isImmutable(value)) {
      throw new TypeError(
        'a value variable was given a plain object or array; use an Immutable.js collection (Map, List, Set, Record) so that equal values compare equal',
      );
    }
    if (typeof value === 'function') throw new TypeError('a value variable was given a function');
    // Values that would be changed on their way to result.json or ITF, or that can never equal themselves again.
    if (typeof value === 'bigint') throw new TypeError(`a value variable was given the BigInt ${String(value)}n; use a number (exact up to 2^53) or a string`);
    if (typeof value === 'symbol') throw new TypeError('a value variable was given a Symbol; a fresh Symbol per step makes every state new (an endless state space); use a string');
    if (typeof value === 'number' && Number.isNaN(value)) throw new TypeError('a value variable was given NaN, which JSON would show as null; use null or a string');
    if (value === undefined) throw new TypeError('a value variable was given undefined, which result.json would drop; use null');
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
