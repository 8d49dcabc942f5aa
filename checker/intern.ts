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
import { hash, is, isCollection, isImmutable, isIndexed, isKeyed, isOrdered, isRecord, List, Map as IMap, OrderedMap, OrderedSet, Set as ISet } from 'immutable';
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

/**
 * The first provisional id. In a worker thread of parallel exploration
 * (parallel.ts) ids below it are the coordinator's, the same in every thread;
 * a value the worker meets that has none yet gets a provisional id of the
 * worker's own, which the coordinator maps to its id when it replays the
 * chunk (it interns the chunk's new values in the order the worker met them,
 * the order the sequential engine meets them).
 */
export const PROVISIONAL = 2 ** 30;

export class Interner {
  private readonly values: unknown[] = [];
  private readonly buckets = new Map<number, number[]>();
  /** In a worker: values without a coordinator id, at PROVISIONAL + their index, and their ids by hash. */
  private provisional: unknown[] | undefined;
  private readonly provisionalBuckets = new Map<number, number[]>();
  /** Provisional ids used since the last `takeUses`, in the order first used, and a mark per id. */
  private uses: number[] = [];
  private used = new Uint8Array(0);
  /** How many times idOf has answered a provisional id (a step that wrote one changes it). */
  provisionalAnswers = 0;

  constructor() {
    this.idOf(null); // id 0: the value of a freshly zeroed slot
  }

  /** From now on, values not known get provisional ids (a worker thread). */
  startProvisional(): void {
    this.provisional ??= [];
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
    if (this.provisional) return this.provisionalIdOf(value, h);
    const id = this.values.length;
    if (id >= PROVISIONAL) throw new RangeError(`more than ${PROVISIONAL} distinct values interned`);
    this.values.push(value);
    bucket.push(id);
    return id;
  }

  /** In a worker: the provisional id of a value the coordinator has not given one (yet), `h` its hash. */
  private provisionalIdOf(value: unknown, h: number): number {
    let bucket = this.provisionalBuckets.get(h);
    if (bucket === undefined) this.provisionalBuckets.set(h, (bucket = []));
    for (const id of bucket) if (valueEquals(this.provisional![id - PROVISIONAL], value)) return this.use(id);
    const id = PROVISIONAL + this.provisional!.length;
    if (id >= 2 ** 31) throw new RangeError(`more than ${PROVISIONAL} values new to a worker thread`);
    this.provisional!.push(value);
    bucket.push(id);
    return this.use(id);
  }

  /** The id `value` has (not a provisional one), or -1; interns nothing. */
  find(value: unknown): number {
    const bucket = this.buckets.get(valueHash(value));
    if (bucket) for (const id of bucket) if (valueEquals(this.values[id], value)) return id;
    return -1;
  }

  /** Notes a provisional id's use (the first in this chunk is listed). */
  private use(id: number): number {
    this.provisionalAnswers++;
    const k = id - PROVISIONAL;
    if (k >= this.used.length) {
      const grown = new Uint8Array(Math.max(64, 2 * (k + 1)));
      grown.set(this.used);
      this.used = grown;
    }
    if (this.used[k] === 0) {
      this.used[k] = 1;
      this.uses.push(id);
    }
    return id;
  }

  /**
   * The provisional ids used since the last call, in the order first used,
   * with their values written out (`encodeValue`); starts a new list.
   */
  takeUses(): { ids: number[]; values: unknown[] } {
    const ids = this.uses;
    this.uses = [];
    for (const id of ids) this.used[id - PROVISIONAL] = 0;
    return { ids, values: ids.map((id) => encodeValue(this.provisional![id - PROVISIONAL])) };
  }

  /**
   * Takes the coordinator's ids `from`, `from + 1`, … for these values
   * (written out by `encodeValue`): a value the worker knew by a provisional
   * id is known by the coordinator's from now on (idOf looks there first).
   */
  adopt(from: number, encoded: readonly unknown[]): void {
    if (from !== this.values.length) throw new RangeError(`a worker thread has ${this.values.length} values and was sent ids from ${from}`);
    for (const e of encoded) {
      const value = decodeValue(e);
      const h = valueHash(value);
      let bucket = this.buckets.get(h);
      if (bucket === undefined) this.buckets.set(h, (bucket = []));
      bucket.push(this.values.length);
      this.values.push(value);
    }
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
    if (id < this.values.length) return this.values[id];
    if (id >= PROVISIONAL && this.provisional && id - PROVISIONAL < this.provisional.length) return this.provisional[id - PROVISIONAL];
    throw new RangeError(`no interned value with id ${id}`);
  }

  /** How many distinct values are interned. */
  get size(): number {
    return this.values.length;
  }
}

/**
 * A value written out for another thread (structured-clonable): primitives
 * as they are, collections as tagged arrays of their members in iteration
 * order. `decodeValue` rebuilds a value that equals it and behaves like it:
 * it iterates in the same order, and so does what a model derives from it.
 * An unordered Set or Map of at most 8 members iterates in insertion order
 * while it is small, but in hash order once it has been larger (Immutable
 * keeps the trie it grew); the tag says which, and the copy is rebuilt the
 * same way. Other collections (Records, Stacks, Seqs) cannot be rebuilt in
 * another thread and are refused.
 */
export function encodeValue(v: unknown): unknown {
  if (typeof v !== 'object' || v === null) return v;
  if (List.isList(v)) return ['L', ...(v as List<unknown>).map(encodeValue)];
  if (OrderedSet.isOrderedSet(v)) return ['OS', ...[...(v as OrderedSet<unknown>)].map(encodeValue)];
  if (OrderedMap.isOrderedMap(v)) return ['OM', ...[...(v as OrderedMap<unknown, unknown>)].flatMap(([k, x]) => [encodeValue(k), encodeValue(x)])];
  if (ISet.isSet(v)) return [hashOrdered((v as unknown as { _map: unknown })._map) ? 'S#' : 'S', ...[...(v as ISet<unknown>)].map(encodeValue)];
  if (IMap.isMap(v)) return [hashOrdered(v) ? 'M#' : 'M', ...[...(v as IMap<unknown, unknown>)].flatMap(([k, x]) => [encodeValue(k), encodeValue(x)])];
  throw new TypeError(`a value variable holds ${isRecord(v) ? 'an Immutable Record' : 'a collection'} that cannot be passed between worker threads (only Lists, Sets, Maps, OrderedSets and OrderedMaps can)`);
}

/** Whether an Immutable Map's members are in a hash trie (iterated in hash order), not a small array (insertion order). */
function hashOrdered(map: unknown): boolean {
  const root = (map as { _root?: object })._root;
  return root !== undefined && root.constructor.name !== 'ArrayMapNode';
}

/** The value `encodeValue` wrote out. */
export function decodeValue(e: unknown): unknown {
  if (!Array.isArray(e)) return e;
  const tag = e[0] as string;
  const items = e.slice(1).map(decodeValue);
  const pairs = (): [unknown, unknown][] => {
    const out: [unknown, unknown][] = [];
    for (let k = 0; k < items.length; k += 2) out.push([items[k], items[k + 1]]);
    return out;
  };
  switch (tag) {
    case 'L':
      return List(items);
    case 'OS':
      return OrderedSet(items);
    case 'OM':
      return OrderedMap(pairs());
    case 'S':
    case 'S#':
      // Members beyond 8 make Immutable grow the trie; taking the extra ones out keeps it.
      return tag === 'S#' && items.length <= 8 ? ISet(items).union(TRIE_FILL).subtract(TRIE_FILL) : ISet(items);
    case 'M#':
    case 'M': {
      const map = IMap(pairs());
      return tag === 'M#' && pairs().length <= 8 ? map.merge(IMap(TRIE_FILL.map((x) => [x, null]))).deleteAll(TRIE_FILL) : map;
    }
  }
  throw new TypeError(`not a written-out value: ${String(tag)}`);
}

/** Nine members no model value equals (Symbols), to grow a small Set or Map into a trie. */
const TRIE_FILL = Array.from({ length: 9 }, (_, k) => Symbol(`trie fill ${k}`));
