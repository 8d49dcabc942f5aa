/**
 * TLA+ value domains: finite sets (`SUBSET S`), functions (`[D -> R]`),
 * records (`[a: A, b: B]`), sequences (`Seq(S)`, bounded or not), tuples
 * (`A \X B`) and unbounded integers (`Int`, `Nat`), nested freely, as the
 * domains of variables.
 *
 * Values are Immutable.js values and JavaScript primitives: a set is an
 * Immutable Set, a function an Immutable Map from its domain, a record an
 * Immutable Map from field names, a sequence or a tuple an Immutable List, an
 * integer a number. So values compare with `Immutable.is`, hash structurally,
 * and what a model reads back (numbers, strings, booleans) works with plain
 * operators.
 *
 * A domain of at most PACK_LIMIT members is `finite`: its members are listed
 * once and a state stores a member's index in as few bits as it needs, like
 * an enum. A function, record or tuple whose parts are that small, with at
 * most 2^31 members, is `packed`: a state stores its parts' codes as the
 * digits of one number (`[Proc -> SUBSET Proc]` for 5 processes: 25 bits).
 * A larger or unbounded domain is `value`: a state stores the value's
 * interned id (intern.ts). Either way every write is checked for membership,
 * and a member's ITF form follows the declared type, not the contents.
 */
import { List, Map as IMap, Set as ISet } from 'immutable';
import { Domain, ValueType, widthFor } from './domain';
import { modelError } from './errors';
import { valueEquals, valueHash } from './intern';
import { ModelFault } from './view';
import { toItfValue } from './writers/itf';
import { showValue } from './writers/values';

/** Domains with at most this many members are packed (an index into their members), larger ones interned. */
export const PACK_LIMIT = 4096;
/** The most members `members()` lists; beyond it a domain counts as not enumerable. */
export const ENUMERATE_LIMIT = 1_000_000;

const ENUMERATE_HINT = 'enumerate a finite set: a bounded domain (v.int(lo, hi), v.seqOf(D, maxLen)) or a set held in the state';

function notEnumerable(text: string, size: number): ModelFault {
  const why = size === Infinity ? 'is infinite' : `has ${size} members, more than ${ENUMERATE_LIMIT}`;
  return new ModelFault('IL116', `${text} ${why}, so it cannot be enumerated`, ENUMERATE_HINT);
}

/** The ValueType derived for a `bool`, `int`, `enum` or plain `value` domain, kept on the domain object (quantifiers ask for it at every step). */
const DERIVED = Symbol('interleave.derivedType');

/** The ValueType of any domain: its own, or the one derived for `bool`, `int`, `enum` and plain `value` domains. */
export function typeOf(d: Domain<unknown>): ValueType {
  if (d.type) return d.type;
  const held = d as { [DERIVED]?: ValueType };
  return (held[DERIVED] ??= deriveType(d));
}

function deriveType(d: Domain<unknown>): ValueType {
  const outside = (v: unknown, path: string) => `${path} = ${showValue(v)} is not in ${d.text}`;
  switch (d.kind) {
    case 'bool':
      return { size: 2, zero: false, has: (v) => typeof v === 'boolean', whyNot: (v, p) => (typeof v === 'boolean' ? undefined : outside(v, p)), members: () => [false, true], codeOf: (v) => (v === true ? 1 : v === false ? 0 : -1), itf: (v) => v };
    case 'int': {
      const lo = d.lo;
      const hi = d.lo + d.size - 1;
      const codeOf = (v: unknown) => (typeof v === 'number' && Number.isInteger(v) && v >= lo && v <= hi ? v - lo : -1);
      let all: number[] | undefined;
      return {
        size: d.size,
        zero: lo,
        has: (v) => codeOf(v) >= 0,
        whyNot: (v, p) => (codeOf(v) < 0 ? outside(v, p) : undefined),
        members: () => {
          if (d.size > ENUMERATE_LIMIT) throw notEnumerable(d.text, d.size);
          return (all ??= Array.from({ length: d.size }, (_, i) => lo + i));
        },
        codeOf,
        itf: (v) => toItfValue(v),
      };
    }
    case 'enum':
      return { size: d.size, zero: d.values[0], has: (v) => d.codes.has(v), whyNot: (v, p) => (d.codes.has(v) ? undefined : outside(v, p)), members: () => d.values, codeOf: (v) => d.codes.get(v) ?? -1, itf: (v) => v };
    default:
      // A plain `value` domain: any value the interner takes.
      return {
        size: Infinity,
        zero: null,
        has: () => true,
        whyNot: () => undefined,
        members: () => {
          throw notEnumerable(d.text, Infinity);
        },
        codeOf: () => -1,
        itf: (v) => toItfValue(v),
      };
  }
}

/** Every member of a domain, in code order; IL116 when it is infinite or too large. */
export function members<T>(d: Domain<T>): readonly T[] {
  return typeOf(d as Domain<unknown>).members() as readonly T[];
}

/**
 * The members of a listed (`finite`) domain, for the shortcuts below. Each
 * member that is a collection carries a tag (MEMBER) naming its table and
 * index, so that writing back a value read from a state, or the result of a
 * set operation on members (memoized in `ops`), needs no hashing. A tag is a
 * hint, checked against the table: an object listed by two domains (the
 * empty set is one object) keeps the later tag, and the other domain finds it
 * by its hash.
 */
export interface MemberTable {
  /** The members by code; empty for a `packed` domain, whose members are composed from their digits (`valueAt`). */
  readonly values: readonly unknown[];
  codeOf(v: unknown): number;
  /** The member with this code (the tagged object itself for a listed domain). */
  valueAt(code: number): unknown;
  /** For functions, records and tuples: how a member's code splits into the codes of its parts. */
  readonly digits?: DigitTable;
  /**
   * For `SUBSET S`: the type of S. A member's code is then the bit mask of
   * its elements' codes, so that union, intersection, difference, subset and
   * membership are operations on two numbers (tla.ts).
   */
  readonly bits?: ValueType;
  /** For `SUBSET S`: each member's elements as an array, by code (built when first used), for quantifiers to loop over. */
  elements?: (readonly unknown[] | undefined)[];
  /**
   * For a small `SUBSET S` (at most 30 members): sets of its members, by the bit mask of their codes,
   * so that `{e(x) : x \in D}` whose every e(x) is a member builds each distinct set once.
   */
  setsOf?: Map<number, unknown>;
}

/**
 * A function, record or tuple domain's code as digits, one per part (the
 * first part lowest): `f[x]` is then a division, and `[f EXCEPT ![x] = y]`
 * an addition to f's code, with no Map built, hashed or looked up (tla.ts).
 */
export interface DigitTable {
  /** The part that `f[x]` reads (a function's argument, a record's field, a tuple's 1-based index); -1 when none. */
  indexOf(x: unknown): number;
  /** For a listed domain, every member's parts: part i of the member with code c is at c * parts + i (built when first used). */
  parts?: unknown[];
  /** When every part's size is a power of two: part i's digit is (code >>> shifts[i]) & masks[i]. */
  readonly shifts?: readonly number[];
  readonly masks?: readonly number[];
  readonly weights: readonly number[];
  readonly radix: readonly number[];
  readonly types: readonly ValueType[];
  /** Each part's members, by code. */
  readonly members: readonly (readonly unknown[])[];
}

export const MEMBER = Symbol('interleave.member');
type Tagged = { [MEMBER]?: { readonly table: MemberTable; readonly code: number } };

/** The member's table and index, when v is a tagged member. */
export function memberTag(v: unknown): { readonly table: MemberTable; readonly code: number } | undefined {
  return typeof v === 'object' && v !== null ? (v as Tagged)[MEMBER] : undefined;
}

// The same, for set operators and for function application: each read of the tag then meets few shapes of
// object (Sets; Maps and Lists) and stays fast, where one shared reader would meet them all.
export function setTag(v: unknown): { readonly table: MemberTable; readonly code: number } | undefined {
  return typeof v === 'object' && v !== null ? (v as Tagged)[MEMBER] : undefined;
}
export function fnTag(v: unknown): { readonly table: MemberTable; readonly code: number } | undefined {
  return typeof v === 'object' && v !== null ? (v as Tagged)[MEMBER] : undefined;
}

/** Marks v as the member of table with this code (v must be that member). */
export function tag(v: unknown, table: MemberTable, code: number): void {
  if (typeof v === 'object' && v !== null) (v as Tagged)[MEMBER] = { table, code };
}

/** A table of members, found by tag, else by structural hash and equality. */
function memberTable(values: readonly unknown[], digits?: DigitTable, bits?: ValueType): MemberTable {
  const buckets = new Map<number, number[]>();
  const table: MemberTable = {
    values,
    codeOf: (v) => {
      if (v === null || v === undefined) return -1;
      const t = memberTag(v);
      if (t !== undefined && t.table === table) return t.code;
      const b = buckets.get(valueHash(v));
      if (b) for (let k = 0; k < b.length; k++) if (valueEquals(values[b[k]!], v)) return b[k]!;
      return -1;
    },
    valueAt: (code) => values[code],
    digits,
    bits,
  };
  values.forEach((x, i) => {
    const h = valueHash(x);
    const b = buckets.get(h);
    if (b) b.push(i);
    else buckets.set(h, [i]);
    tag(x, table, i);
  });
  return table;
}

type TypeParts = Omit<ValueType, 'codeOf'>;

/**
 * How a function, record or tuple splits into parts of small domains: then
 * its code is the parts' codes as digits (the first part lowest), and it
 * needs neither a list of members nor the interner.
 */
interface Digits {
  readonly types: readonly ValueType[];
  /** Whether v has the right shape (a Map or List of the right size); its parts are then read with `part`. */
  shaped(v: unknown): boolean;
  part(v: unknown, i: number): unknown;
  compose(parts: unknown[]): unknown;
  /** The part `f[x]` names, or -1. */
  indexOf(x: unknown): number;
}

function digitTable(d: Digits): DigitTable {
  const radix = d.types.map((t) => t.size);
  const weights: number[] = [];
  radix.reduce((w, r) => (weights.push(w), w * r), 1);
  const pow2 = radix.every((r) => Number.isInteger(Math.log2(r))) && radix.reduce((n, r) => n * r, 1) <= 2 ** 31;
  const shifts = pow2 ? weights.map((w) => Math.log2(w)) : undefined;
  const masks = pow2 ? radix.map((r) => r - 1) : undefined;
  return { indexOf: d.indexOf, weights, radix, shifts, masks, types: d.types, members: d.types.map((t) => t.members()) };
}

/** The index of x among keys: a hash lookup when the keys are primitives, else a scan by value. */
export function keyIndex(keys: readonly unknown[]): (x: unknown) => number {
  const lo = keys[0] as number;
  if (keys.length > 0 && keys.every((k, i) => k === lo + i && (k | 0) === k)) {
    // An interval of integers (processes 0..N-1): a subtraction.
    const n = keys.length;
    return (x) => (typeof x === 'number' && (x | 0) === x && x - lo < n && x >= lo ? x - lo : -1);
  }
  if (keys.every((k) => typeof k !== 'object' || k === null)) {
    // A few keys (processes, fields) are found faster by === than by hashing a string.
    if (keys.length <= 16) {
      // The last key asked for is remembered: a choose() over (c, S) asks for the same c many times in a row.
      let last: unknown = keys[0];
      let at = 0;
      return (x) => {
        if (x === last) return at;
        const i = keys.indexOf(x);
        if (i >= 0) {
          last = x;
          at = i;
        }
        return i;
      };
    }
    const at = new Map(keys.map((k, i) => [k, i] as [unknown, number]));
    return (x) => at.get(x) ?? -1;
  }
  return (x) => keys.findIndex((k) => valueEquals(k, x));
}

/** Decoded values of a `packed` domain kept by code, so the many reads of one state build its value once. */
const DECODE_CACHE = 4096;

function digitType(parts: TypeParts, d: Digits): ValueType {
  const n = d.types.length;
  const digits = digitTable(d);
  const { radix, members } = digits;
  const codes = new Float64Array(DECODE_CACHE).fill(-1);
  const values: unknown[] = new Array(DECODE_CACHE);
  const decode = (code: number) => {
    const slot = code & (DECODE_CACHE - 1);
    if (codes[slot] === code) return values[slot];
    const vals: unknown[] = new Array(n);
    let rest = code;
    for (let i = 0; i < n; i++) {
      vals[i] = members[i]![rest % radix[i]!];
      rest = Math.floor(rest / radix[i]!);
    }
    const v = d.compose(vals);
    tag(v, table, code);
    codes[slot] = code;
    values[slot] = v;
    return v;
  };
  const codeOf = (v: unknown) => {
    const t = memberTag(v);
    if (t !== undefined && t.table === table) return t.code;
    if (!d.shaped(v)) return -1;
    let code = 0;
    let weight = 1;
    for (let i = 0; i < n; i++) {
      const c = d.types[i]!.codeOf(d.part(v, i));
      if (c < 0) return -1;
      code += c * weight;
      weight *= radix[i]!;
    }
    return code;
  };
  // Decoded values carry a tag too, so that f[x] and EXCEPT on them work on the code.
  const table: MemberTable = { values: [], codeOf, valueAt: decode, digits };
  return { ...parts, codeOf, decode };
}

/**
 * A domain over `parts`: listed and packed when it has at most PACK_LIMIT
 * members; packed as digits (`digits`) when its parts are that small and it
 * has at most 2^31 members; interned otherwise.
 */
function domainOf<T>(text: string, parts: TypeParts, digits?: Digits, bits?: ValueType): Domain<T> {
  if (digits && parts.size > PACK_LIMIT && parts.size <= 2 ** 31 && digits.types.every((t) => t.size <= PACK_LIMIT)) {
    return { kind: 'packed', size: parts.size, width: widthFor(parts.size), lo: 0, values: [], codes: new Map(), text, type: digitType(parts, digits) };
  }
  if (parts.size <= PACK_LIMIT) {
    const values = parts.members() as T[];
    const type: ValueType = { ...parts, codeOf: memberTable(values, digits && digitTable(digits), bits).codeOf };
    return { kind: 'finite', size: values.length, width: widthFor(values.length), lo: 0, values, codes: new Map(), text, type };
  }
  const type: ValueType = { ...parts, codeOf: () => -1 };
  return { kind: 'value', size: 2 ** 31, width: 31, lo: 0, values: [], codes: new Map(), text, type };
}

/** Lazily listed members, with the enumeration limit checked first. */
function lister(text: string, size: number, list: () => unknown[]): () => readonly unknown[] {
  let all: unknown[] | undefined;
  return () => {
    if (!(size <= ENUMERATE_LIMIT)) throw notEnumerable(text, size);
    return (all ??= list());
  };
}

/** Every combination of one member per part, the first part varying fastest (so index 0 is all zeros). */
function product(parts: readonly (readonly unknown[])[]): unknown[][] {
  const total = parts.reduce((n, p) => n * p.length, 1);
  return Array.from({ length: total }, (_, index) => {
    let rest = index;
    return parts.map((p) => {
      const x = p[rest % p.length];
      rest = Math.floor(rest / p.length);
      return x;
    });
  });
}

function paren(text: string): string {
  return /\s/.test(text) && !/^[[{<(]/.test(text) ? `(${text})` : text;
}

function byJson(a: unknown, b: unknown): number {
  const x = JSON.stringify(a);
  const y = JSON.stringify(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** base^n, or Infinity beyond what enumeration could ever reach. */
function power(base: number, n: number): number {
  const p = base ** n;
  return Number.isFinite(p) && p <= Number.MAX_SAFE_INTEGER ? p : Infinity;
}

function times(a: number, b: number): number {
  return power(a * b, 1);
}

/** TLA+ `SUBSET S`: the finite subsets of S (all of them when S is finite); a value is an Immutable Set. */
export function setOf<T>(elem: Domain<T>): Domain<ISet<T>> {
  const e = typeOf(elem as Domain<unknown>);
  const text = `SUBSET ${paren(elem.text)}`;
  const size = power(2, e.size);
  return domainOf(text, {
    size,
    zero: ISet(),
    has: (v) => ISet.isSet(v) && (v as ISet<unknown>).every(e.has),
    whyNot: (v, p) => {
      if (!ISet.isSet(v)) return `${p} = ${showValue(v)} is not a set (an Immutable Set)`;
      for (const x of v as ISet<unknown>) {
        const why = e.whyNot(x, `an element of ${p}`);
        if (why !== undefined) return why;
      }
      return undefined;
    },
    members: lister(text, size, () => {
      const xs = e.members();
      return Array.from({ length: 2 ** xs.length }, (_, bits) => ISet(xs.filter((_, j) => (bits >>> j) & 1)));
    }),
    itf: (v) => ({ '#set': (v as ISet<unknown>).toArray().map(e.itf).sort(byJson) }),
  }, undefined, e);
}

/** TLA+ `[D -> R]`: functions from the (enumerable) domain D into R; a value is an Immutable Map. */
export function fnOf<K, V>(dom: Domain<K>, range: Domain<V>): Domain<IMap<K, V>> {
  const d = typeOf(dom as Domain<unknown>);
  const r = typeOf(range as Domain<unknown>);
  const text = `[${dom.text} -> ${range.text}]`;
  let keys: readonly unknown[];
  try {
    keys = d.members();
  } catch (e) {
    if (!(e instanceof ModelFault)) throw e;
    throw modelError('IL116', `the function domain ${text}: ${e.message}`, { hint: 'a function variable needs a finite domain D in [D -> R]: v.int(lo, hi), v.enum(...), or a set of those' });
  }
  const size = power(r.size, keys.length);
  const keySet = ISet(keys);
  return domainOf(text, {
    size,
    zero: IMap(keys.map((k) => [k, r.zero] as [unknown, unknown])),
    has: (v) => IMap.isMap(v) && (v as IMap<unknown, unknown>).size === keys.length && keys.every((k) => (v as IMap<unknown, unknown>).has(k) && r.has((v as IMap<unknown, unknown>).get(k))),
    whyNot: (v, p) => {
      if (!IMap.isMap(v)) return `${p} = ${showValue(v)} is not a function (an Immutable Map)`;
      const m = v as IMap<unknown, unknown>;
      for (const k of keys) {
        if (!m.has(k)) return `${p} has no value at ${showValue(k)} (DOMAIN must be ${dom.text})`;
        const why = r.whyNot(m.get(k), `${p}[${showValue(k)}]`);
        if (why !== undefined) return why;
      }
      const extra = m.keySeq().find((k) => !keySet.has(k));
      return extra === undefined ? undefined : `${p}[${showValue(extra)}] is defined, but ${showValue(extra)} is not in ${dom.text}`;
    },
    members: lister(text, size, () => product(keys.map(() => r.members())).map((vals) => IMap(keys.map((k, i) => [k, vals[i]] as [unknown, unknown])))),
    itf: (v) => ({ '#map': keys.map((k) => [d.itf(k), r.itf((v as IMap<unknown, unknown>).get(k))]).sort(byJson) }),
  }, {
    types: keys.map(() => r),
    shaped: (v) => IMap.isMap(v) && (v as IMap<unknown, unknown>).size === keys.length,
    part: (v, i) => (v as IMap<unknown, unknown>).get(keys[i]),
    compose: (vals) => IMap(keys.map((k, i) => [k, vals[i]] as [unknown, unknown])),
    indexOf: keyIndex(keys),
  });
}

type DomainValue<D> = D extends Domain<infer T> ? T : never;

/** TLA+ `[a: A, b: B]`: records with exactly these fields; a value is an Immutable Map from field name. */
export function recOf<S extends Record<string, Domain<any>>>(shape: S): Domain<IMap<keyof S & string, DomainValue<S[keyof S]>>> {
  const names = Object.keys(shape);
  const types = names.map((k) => typeOf(shape[k]!));
  const text = `[${names.map((k) => `${k}: ${shape[k]!.text}`).join(', ')}]`;
  const size = types.reduce((n, t) => times(n, t.size), 1);
  return domainOf(text, {
    size,
    zero: IMap(names.map((k, i) => [k, types[i]!.zero] as [string, unknown])),
    has: (v) => IMap.isMap(v) && (v as IMap<unknown, unknown>).size === names.length && names.every((k, i) => (v as IMap<unknown, unknown>).has(k) && types[i]!.has((v as IMap<unknown, unknown>).get(k))),
    whyNot: (v, p) => {
      if (!IMap.isMap(v)) return `${p} = ${showValue(v)} is not a record (an Immutable Map from field names, made by rec({...}))`;
      const m = v as IMap<unknown, unknown>;
      for (let i = 0; i < names.length; i++) {
        if (!m.has(names[i])) return `${p} has no field ${names[i]} (a record in ${text})`;
        const why = types[i]!.whyNot(m.get(names[i]), `${p}.${names[i]}`);
        if (why !== undefined) return why;
      }
      const extra = m.keySeq().find((k) => typeof k !== 'string' || !(k in shape));
      return extra === undefined ? undefined : `${p} has a field ${showValue(extra)}, which ${text} does not have`;
    },
    members: lister(text, size, () => product(types.map((t) => t.members())).map((vals) => IMap(names.map((k, i) => [k, vals[i]] as [string, unknown])))),
    itf: (v) => {
      const out: Record<string, unknown> = {};
      [...names].sort().forEach((k) => (out[k] = types[names.indexOf(k)]!.itf((v as IMap<string, unknown>).get(k))));
      return out;
    },
  }, {
    types,
    shaped: (v) => IMap.isMap(v) && (v as IMap<unknown, unknown>).size === names.length,
    part: (v, i) => (v as IMap<unknown, unknown>).get(names[i]),
    compose: (vals) => IMap(names.map((k, i) => [k, vals[i]] as [string, unknown])),
    indexOf: keyIndex(names),
  }) as never;
}

/** TLA+ `Seq(S)`: sequences of S, of length at most `maxLen` when given (else unbounded, interned); a value is an Immutable List. */
export function seqOf<T>(elem: Domain<T>, maxLen?: number): Domain<List<T>> {
  if (maxLen !== undefined && (!Number.isInteger(maxLen) || maxLen < 0)) throw modelError('IL106', `Seq bound ${maxLen} is not a non-negative integer`, { hint: 'v.seqOf(D, maxLen) with an integer maxLen >= 0, or v.seqOf(D) for unbounded' });
  const e = typeOf(elem as Domain<unknown>);
  const text = maxLen === undefined ? `Seq(${elem.text})` : `Seq(${elem.text}) of length <= ${maxLen}`;
  let size = maxLen === undefined ? Infinity : 0;
  for (let k = 0; maxLen !== undefined && k <= maxLen && size !== Infinity; k++) size = power(size + power(e.size, k), 1);
  return domainOf(text, {
    size,
    zero: List(),
    has: (v) => List.isList(v) && (maxLen === undefined || (v as List<unknown>).size <= maxLen) && (v as List<unknown>).every(e.has),
    whyNot: (v, p) => {
      if (!List.isList(v)) return `${p} = ${showValue(v)} is not a sequence (an Immutable List)`;
      const l = v as List<unknown>;
      if (maxLen !== undefined && l.size > maxLen) return `${p} has length ${l.size}, more than ${maxLen}`;
      for (let i = 0; i < l.size; i++) {
        const why = e.whyNot(l.get(i), `${p}[${i + 1}]`);
        if (why !== undefined) return why;
      }
      return undefined;
    },
    members: lister(text, size, () => {
      const out: unknown[] = [];
      for (let k = 0; k <= maxLen!; k++) for (const items of product(Array.from({ length: k }, () => e.members()))) out.push(List(items));
      return out;
    }),
    itf: (v) => (v as List<unknown>).toArray().map(e.itf),
  });
}

/** TLA+ `A \X B \X …`: tuples with one component from each domain; a value is an Immutable List. */
export function tupleOf<const D extends readonly Domain<any>[]>(...parts: D): Domain<List<DomainValue<D[number]>>> {
  const types = parts.map((d) => typeOf(d));
  const text = parts.length === 0 ? '{<<>>}' : parts.map((d) => paren(d.text)).join(' \\X ');
  const size = types.reduce((n, t) => times(n, t.size), 1);
  return domainOf(text, {
    size,
    zero: List(types.map((t) => t.zero)),
    has: (v) => List.isList(v) && (v as List<unknown>).size === types.length && types.every((t, i) => t.has((v as List<unknown>).get(i))),
    whyNot: (v, p) => {
      if (!List.isList(v) || (v as List<unknown>).size !== parts.length) return `${p} = ${showValue(v)} is not a tuple of ${parts.length} (an Immutable List)`;
      for (let i = 0; i < types.length; i++) {
        const why = types[i]!.whyNot((v as List<unknown>).get(i), `${p}[${i + 1}]`);
        if (why !== undefined) return why;
      }
      return undefined;
    },
    members: lister(text, size, () => product(types.map((t) => t.members())).map((xs) => List(xs))),
    itf: (v) => ({ '#tup': (v as List<unknown>).toArray().map((x, i) => types[i]!.itf(x)) }),
  }, {
    types,
    shaped: (v) => List.isList(v) && (v as List<unknown>).size === types.length,
    part: (v, i) => (v as List<unknown>).get(i),
    compose: (vals) => List(vals),
    indexOf: (x) => (typeof x === 'number' && Number.isInteger(x) && x >= 1 && x <= types.length ? x - 1 : -1),
  }) as never;
}

function unbounded(text: string, min: number): Domain<number> {
  return domainOf(text, {
    size: Infinity,
    zero: 0,
    has: (v) => typeof v === 'number' && Number.isSafeInteger(v) && v >= min,
    whyNot: (v, p) => {
      if (typeof v !== 'number' || !Number.isInteger(v)) return `${p} = ${showValue(v)} is not an integer`;
      if (!Number.isSafeInteger(v)) return `${p} = ${v} is beyond the integers a number holds exactly (-(2^53-1)..2^53-1)`;
      return v < min ? `${p} = ${v} is not in ${text}` : undefined;
    },
    members: () => {
      throw notEnumerable(text, Infinity);
    },
    itf: (v) => toItfValue(v),
  });
}

/** TLA+ `Int`: every integer a number holds exactly, interned; TypeOK can then bound it as an invariant. */
export function ints(): Domain<number> {
  return unbounded('Int', -Number.MAX_SAFE_INTEGER);
}

/** TLA+ `Nat`: the non-negative integers, interned. */
export function nats(): Domain<number> {
  return unbounded('Nat', 0);
}
