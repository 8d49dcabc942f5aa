/**
 * TLA+ integer operators with TLA+'s meaning, for models translated from TLA+.
 * JavaScript's `%` and `Math.trunc(a / b)` round toward zero, so `-1 % 3` is
 * -1; TLA+'s `-1 % 3` is 2 and `-1 \div 3` is -1 (the Integers module's
 * definitions, which TLC implements). Below them: the operators on sets,
 * functions, records and sequences (the values of types.ts).
 */
import { is, isImmutable, List, Map as IMap, Set as ISet } from 'immutable';
import type { Domain } from './domain';
import { DigitTable, fnTag, MemberTable, members, setTag, tag, typeOf } from './types';
import { ModelFault } from './view';
import { showValue } from './writers/values';

/**
 * TLA+ `a % b`: the remainder in 0..b-1, for a positive divisor `b`. TLC
 * rejects a divisor that is not positive, and so does this: it throws, and a
 * check reports that as IL101 naming the model, the action and the state.
 */
export function mod(a: number, b: number): number {
  if (!(b > 0) || !Number.isInteger(a) || !Number.isInteger(b)) {
    throw new RangeError(`mod(${a}, ${b}): TLA+ % needs integers and a positive divisor`);
  }
  const r = a % b;
  // -6 % 3 is -0 in JavaScript; TLA+ has one zero.
  return r < 0 ? r + b : r === 0 ? 0 : r;
}

/** TLA+ `a \div b`: the quotient rounded down, so that `a = b * div(a, b) + mod(a, b)`. */
export function div(a: number, b: number): number {
  if (!(b > 0) || !Number.isInteger(a) || !Number.isInteger(b)) {
    throw new RangeError(`div(${a}, ${b}): TLA+ \\div needs integers and a positive divisor`);
  }
  return Math.floor(a / b);
}

// ---------------------------------------------------------------- values
//
// TLA+'s set, function, record and sequence operators over the values of
// types.ts: Immutable Sets, Maps (functions and records) and Lists
// (sequences and tuples). Each returns a new value and never changes its
// arguments. A misuse throws a ModelFault, which a check reports with its
// code, the action and the state: IL114 for a function applied outside its
// domain (also Head or Tail of the empty sequence), IL115 for a record field
// that does not exist, IL116 for enumerating an infinite domain, IL117 for an
// operator given a value of the wrong kind (a number where a set belongs).

/** Where an operator takes a set: an Immutable Set, an array of members, or a finite domain. */
export type SetLike<T> = ISet<T> | readonly T[] | Domain<T>;

function wrongKind(op: string, expected: string, v: unknown): ModelFault {
  return new ModelFault('IL117', `${op} expects ${expected}, got ${showValue(v)}`, `pass ${expected}; build values with set(...), fn(...), rec({...}) and tuple(...)`);
}

function isDomain(v: unknown): v is Domain<unknown> {
  return typeof v === 'object' && v !== null && !isImmutable(v) && typeof (v as Domain<unknown>).kind === 'string' && typeof (v as Domain<unknown>).text === 'string';
}

/** The Immutable Set of each domain enumerated so far: a domain's members never change, so it is built once. */
const domainSets = new WeakMap<Domain<unknown>, ISet<unknown>>();

/** The Immutable Set a SetLike stands for (a domain is enumerated, once: IL116 when it is infinite). */
export function toSet<T>(S: SetLike<T>, op = 'a set operator'): ISet<T> {
  if (ISet.isSet(S)) return S as ISet<T>;
  if (Array.isArray(S)) return ISet(S as readonly T[]);
  if (isDomain(S)) {
    let all = domainSets.get(S as Domain<unknown>);
    if (all === undefined) {
      all = ISet(members(S as Domain<T>));
      domainSets.set(S as Domain<unknown>, all);
    }
    return all as ISet<T>;
  }
  throw wrongKind(op, 'a set', S);
}

/** `{a, b, c}` */
export function set<T>(...xs: T[]): ISet<T> {
  return ISet(xs);
}

/** `a..b`: the integers from a to b (empty when b < a). */
export function interval(a: number, b: number): ISet<number> {
  if (!Number.isInteger(a) || !Number.isInteger(b)) throw wrongKind('a..b', 'integers', !Number.isInteger(a) ? a : b);
  return ISet(Array.from({ length: Math.max(0, b - a + 1) }, (_, i) => a + i));
}

/** `x \in S` (S may also be a domain, finite or not: `isIn(n, v.nats())`). */
export function isIn<T>(x: T, S: SetLike<T>): boolean {
  const t = setTag(S);
  if (t !== undefined && t.table.bits !== undefined) {
    const c = t.table.bits.codeOf(x);
    return c >= 0 && ((t.code >>> c) & 1) === 1;
  }
  if (isDomain(S)) return typeOf(S as Domain<unknown>).has(x);
  return toSet(S, '\\in').has(x);
}

// Two members of one `SUBSET S` domain are bit masks (types.ts MemberTable.bits): `sameSubsets` finds the
// table and leaves the two codes here, and the operators below compute on them and return the table's own member.
let codeA = 0;
let codeB = 0;

/** The SUBSET table that holds both a and b, with their codes in codeA and codeB; undefined when there is none. */
function sameSubsets(a: unknown, b: unknown): MemberTable | undefined {
  const ta = setTag(a);
  const tb = setTag(b);
  if (ta !== undefined && tb !== undefined && ta.table === tb.table) {
    if (ta.table.bits === undefined) return undefined;
    codeA = ta.code;
    codeB = tb.code;
    return ta.table;
  }
  // One operand is not tagged by this table (a domain's own set, a set the model built, the empty set,
  // which every SUBSET table lists): it is looked up by value.
  if (ta !== undefined && ta.table.bits !== undefined) {
    const cb = codeIn(ta.table, b);
    if (cb >= 0) {
      codeA = ta.code;
      codeB = cb;
      return ta.table;
    }
  }
  if (tb !== undefined && tb.table.bits !== undefined) {
    const ca = codeIn(tb.table, a);
    if (ca >= 0) {
      codeA = ca;
      codeB = tb.code;
      return tb.table;
    }
  }
  return undefined;
}

function codeIn(table: MemberTable, S: unknown): number {
  const set = ISet.isSet(S) ? S : Array.isArray(S) || isDomain(S) ? toSet(S as SetLike<unknown>) : undefined;
  if (set === undefined) return -1;
  const code = table.codeOf(set);
  // An untagged set equal to a member (a domain's own set, built once) is tagged, so that it is found at once next time.
  if (code >= 0 && setTag(set) === undefined) tag(set, table, code);
  return code;
}

/** `S \cup T` */
export function union<T>(S: SetLike<T>, T: SetLike<T>): ISet<T> {
  const table = sameSubsets(S, T);
  if (table !== undefined) return table.valueAt(codeA | codeB) as ISet<T>;
  const a = toSet(S, '\\cup');
  const b = toSet(T, '\\cup');
  // An operand that already holds the union is returned as it is: no new set to build, hash and look up.
  if (isSubset(b, a)) return a;
  if (isSubset(a, b)) return b;
  return a.union(b);
}

function isSubset<T>(a: ISet<T>, b: ISet<T>): boolean {
  return a.size <= b.size && a.every((x) => b.has(x));
}

/** `S \cap T` */
export function intersect<T>(S: SetLike<T>, T: SetLike<T>): ISet<T> {
  const table = sameSubsets(S, T);
  if (table !== undefined) return table.valueAt(codeA & codeB) as ISet<T>;
  return toSet(S, '\\cap').intersect(toSet(T, '\\cap'));
}

/** `S \ T` */
export function setMinus<T>(S: SetLike<T>, T: SetLike<T>): ISet<T> {
  const table = sameSubsets(S, T);
  if (table !== undefined) return table.valueAt(codeA & ~codeB) as ISet<T>;
  return toSet(S, '\\').subtract(toSet(T, '\\'));
}

/** `S \subseteq T` */
export function subseteq<T>(S: SetLike<T>, T: SetLike<T>): boolean {
  const table = sameSubsets(S, T);
  if (table !== undefined) return (codeA & ~codeB) === 0;
  return isSubset(toSet(S, '\\subseteq'), toSet(T, '\\subseteq'));
}

/** `Cardinality(S)` */
export function cardinality(S: SetLike<unknown>): number {
  const t = setTag(S);
  if (t !== undefined && t.table.bits !== undefined) {
    let n = 0;
    for (let c = t.code; c !== 0; c &= c - 1) n++;
    return n;
  }
  return toSet(S, 'Cardinality').size;
}

/** `SUBSET S`: every subset of S (IL116 beyond 2^20 of them). */
export function subsets<T>(S: SetLike<T>): ISet<ISet<T>> {
  const xs = toSet(S, 'SUBSET').toArray();
  if (xs.length > 20) throw new ModelFault('IL116', `SUBSET of a set of ${xs.length} elements has 2^${xs.length} members, too many to enumerate`, 'enumerate a smaller set');
  return ISet(Array.from({ length: 2 ** xs.length }, (_, bits) => ISet(xs.filter((_, j) => (bits >>> j) & 1))));
}

/** `UNION S`: the union of a set of sets. */
export function unionAll<T>(S: SetLike<ISet<T>>): ISet<T> {
  // Members of one SUBSET domain: the union is the OR of their codes.
  const sets = (S as { [SETS]?: { readonly table: MemberTable; readonly mask: number } })[SETS];
  if (sets !== undefined) {
    let code = 0;
    for (let k = 0, m = sets.mask; m !== 0; k++, m >>>= 1) if (m & 1) code |= k;
    return sets.table.valueAt(code) as ISet<T>;
  }
  const xs = elements(S, 'UNION');
  const first = setTag(Array.isArray(xs) ? (xs as readonly unknown[])[0] : (xs as ISet<unknown>).first());
  if (first !== undefined && first.table.bits !== undefined) {
    const table = first.table;
    let code = 0;
    const all = (xs as { every(p: (x: unknown) => boolean): boolean }).every((x) => {
      const t = setTag(x);
      if (t === undefined || t.table !== table) return false;
      code |= t.code;
      return true;
    });
    if (all) return table.valueAt(code) as ISet<T>;
  }
  return toSet(S, 'UNION').reduce((acc: ISet<T>, x) => {
    if (!ISet.isSet(x)) throw wrongKind('UNION', 'a set of sets', x);
    return union(acc, x); // bit operations where the sets are members of one SUBSET domain
  }, ISet<T>());
}

/**
 * The elements of S to loop over, without building a set where S is a domain (its members), an array, or
 * a member of a `SUBSET` domain (its elements, listed once per member); else the Immutable Set.
 */
function elements<T>(S: SetLike<T>, op: string): readonly T[] | ISet<T> {
  if (Array.isArray(S)) return S as readonly T[];
  if (isDomain(S)) return members(S as Domain<T>);
  const t = setTag(S);
  if (t !== undefined && t.table.bits !== undefined) {
    const table = t.table;
    const all = (table.elements ??= new Array(table.values.length));
    return (all[t.code] ??= (table.values[t.code] as ISet<unknown>).toArray()) as readonly T[];
  }
  return toSet(S, op);
}

/** `{e(x) : x \in S}` */
export function setMap<T, U>(S: SetLike<T>, e: (x: T) => U): ISet<U> {
  const xs = elements(S, '{e : x \\in S}');
  if (!Array.isArray(xs)) return (xs as ISet<T>).map((x) => e(x));
  const ys = (xs as readonly T[]).map((x) => e(x));
  // Members of one small SUBSET domain: the set of them is found by the mask of their codes, built once.
  const first = setTag(ys[0]);
  if (first === undefined || first.table.bits === undefined || first.table.values.length > 30) return ISet(ys);
  const table = first.table;
  let mask = 0;
  for (let k = 0; k < ys.length; k++) {
    const t = setTag(ys[k]);
    if (t === undefined || t.table !== table) return ISet(ys);
    mask |= 1 << t.code;
  }
  const sets = (table.setsOf ??= new Map());
  let r = sets.get(mask) as ISet<U> | undefined;
  if (r === undefined) {
    r = ISet(ys);
    (r as { [SETS]?: { readonly table: MemberTable; readonly mask: number } })[SETS] = { table, mask };
    sets.set(mask, r);
  }
  return r;
}

/** On a set of members of one SUBSET domain built by setMap: the table and the mask of the members' codes. */
const SETS = Symbol('interleave.sets');

/** `{x \in S : p(x)}` */
export function setFilter<T>(S: SetLike<T>, p: (x: T) => boolean): ISet<T> {
  return toSet(S, '{x \\in S : p}').filter((x) => p(x));
}

/** `\E x \in S : p(x)` */
export function exists<T>(S: SetLike<T>, p: (x: T) => boolean): boolean {
  const xs = elements(S, '\\E');
  if (!Array.isArray(xs)) return (xs as ISet<T>).some((x) => p(x));
  for (let k = 0; k < xs.length; k++) if (p((xs as readonly T[])[k]!)) return true;
  return false;
}

/** `\A x \in S : p(x)` */
export function forall<T>(S: SetLike<T>, p: (x: T) => boolean): boolean {
  const xs = elements(S, '\\A');
  if (!Array.isArray(xs)) return (xs as ISet<T>).every((x) => p(x));
  for (let k = 0; k < xs.length; k++) if (!p((xs as readonly T[])[k]!)) return false;
  return true;
}

/** `[x \in S |-> e(x)]`: a function (Immutable Map) on S. */
export function fn<K, V>(S: SetLike<K>, e: (x: K) => V): IMap<K, V> {
  return IMap(toSet(S, '[x \\in S |-> e]').toArray().map((x) => [x, e(x)] as [K, V]));
}

/** `f[x]` for a function (Map), a record (Map) or a sequence or tuple (List, 1-based as in TLA+). */
export function apply<K, V>(f: IMap<K, V>, x: K): V;
export function apply<V>(f: List<V>, x: number): V;
export function apply(f: unknown, x: unknown): unknown {
  const t = fnTag(f);
  if (t !== undefined && t.table.digits !== undefined) {
    // A member of a function, record or tuple domain: f[x] is a digit of f's code.
    const i = t.table.digits.indexOf(x);
    if (i >= 0) return part(t.table, t.code, i);
  }
  if (IMap.isMap(f)) {
    const y = (f as IMap<unknown, unknown>).get(x, NOT_SET);
    if (y === NOT_SET) throw outsideDomain(`${showValue(f)}[${showValue(x)}]`, x, domain(f as IMap<unknown, unknown>));
    return y;
  }
  if (List.isList(f)) {
    const l = f as List<unknown>;
    if (typeof x !== 'number' || !Number.isInteger(x) || x < 1 || x > l.size) throw outsideDomain(`${showValue(f)}[${showValue(x)}]`, x, domain(l));
    return l.get(x - 1);
  }
  throw wrongKind('f[x]', 'a function, record or sequence', f);
}

/**
 * Part i of the member with this code: one look-up in a listed domain's table of parts (at most
 * PACK_LIMIT members times their parts), else the code's digit.
 */
function part(table: MemberTable, code: number, i: number): unknown {
  const d = table.digits!;
  const n = d.weights.length;
  if (table.values.length > 0) {
    const parts = (d.parts ??= table.values.flatMap((_, c) => d.members.map((m, k) => m[Math.floor(c / d.weights[k]!) % d.radix[k]!])));
    return parts[code * n + i];
  }
  return d.members[i]![digitOf(d, code, i)];
}

function digitOf(d: DigitTable, code: number, i: number): number {
  return d.shifts !== undefined ? (code >>> d.shifts[i]!) & d.masks![i]! : Math.floor(code / d.weights[i]!) % d.radix[i]!;
}

/** What `Map.get` returns for a missing key: no value a model can hold. */
const NOT_SET = Symbol('not set');

function outsideDomain(what: string, x: unknown, dom: ISet<unknown>): ModelFault {
  return new ModelFault('IL114', `${what}: ${showValue(x)} is not in the function's domain ${showValue(dom)}`, 'apply the function only inside DOMAIN f (guard the action with isIn(x, domain(f)))');
}

/** `DOMAIN f`: the keys of a function or the fields of a record (Map); 1..Len(s) for a sequence (List). */
export function domain(f: IMap<unknown, unknown> | List<unknown>): ISet<any> {
  if (IMap.isMap(f)) return (f as IMap<unknown, unknown>).keySeq().toSet();
  if (List.isList(f)) return interval(1, (f as List<unknown>).size);
  throw wrongKind('DOMAIN', 'a function, record or sequence', f);
}

/**
 * `[f EXCEPT ![x] = y]`, or `![x] = g(@)` when `y` is a function of the old
 * value. As in TLA+, an `x` outside DOMAIN f leaves f unchanged. Nest for
 * `![x][y]`: `except(f, x, (g) => except(g, y, v))`.
 */
export function except<K, V>(f: IMap<K, V>, x: K, y: V | ((old: V) => V)): IMap<K, V>;
export function except<V>(f: List<V>, x: number, y: V | ((old: V) => V)): List<V>;
export function except(f: unknown, x: unknown, y: unknown): unknown {
  const t = fnTag(f);
  if (t !== undefined && t.table.digits !== undefined) {
    // A member of a function, record or tuple domain: the result is the member whose code differs in x's digit.
    const d = t.table.digits;
    const i = d.indexOf(x);
    if (i >= 0) {
      const digit = digitOf(d, t.code, i);
      const old = d.members[i]![digit];
      const now = exceptValue(y, old);
      const c = now === old ? digit : d.types[i]!.codeOf(now);
      // A listed domain has the result already; a packed one builds it by one Map.set (cheaper than composing
      // it from all its parts) and tags it with its code. A new value outside the part's domain makes a Map
      // that is no member: writing it is then the usual IL113.
      if (c >= 0 && t.table.values.length > 0) return t.table.valueAt(t.code + (c - digit) * d.weights[i]!);
      const r = IMap.isMap(f) ? (f as IMap<unknown, unknown>).set(x, now) : (f as List<unknown>).set((x as number) - 1, now);
      if (c >= 0) tag(r, t.table, t.code + (c - digit) * d.weights[i]!);
      return r;
    }
  }
  if (IMap.isMap(f)) {
    const old = (f as IMap<unknown, unknown>).get(x, NOT_SET);
    return old === NOT_SET ? f : (f as IMap<unknown, unknown>).set(x, exceptValue(y, old));
  }
  if (List.isList(f)) {
    const l = f as List<unknown>;
    return typeof x === 'number' && Number.isInteger(x) && x >= 1 && x <= l.size ? l.set(x - 1, exceptValue(y, l.get(x - 1))) : l;
  }
  throw wrongKind('EXCEPT', 'a function, record or sequence', f);
}

/** The new value in `![x] = y`: y, or y(@) when y is a function of the old value. */
function exceptValue(y: unknown, old: unknown): unknown {
  return typeof y === 'function' ? (y as (o: unknown) => unknown)(old) : y;
}

/** `[a |-> 1, b |-> 2]`: a record (an Immutable Map from field name). */
export function rec<R extends Record<string, unknown>>(fields: R): IMap<keyof R & string, R[keyof R]> {
  return IMap(Object.keys(fields).map((k) => [k, fields[k]] as [keyof R & string, R[keyof R]]));
}

/** `r.name`; IL115 when r has no such field. */
export function field<V>(r: IMap<string, V>, name: string): V {
  const t = fnTag(r);
  if (t !== undefined && t.table.digits !== undefined) {
    const i = t.table.digits.indexOf(name);
    if (i >= 0) return part(t.table, t.code, i) as V;
  }
  if (!IMap.isMap(r)) throw wrongKind(`r.${name}`, 'a record', r);
  if (!r.has(name)) {
    throw new ModelFault('IL115', `${showValue(r)}.${name}: the record has no field ${name} (its fields: ${[...r.keys()].join(', ') || 'none'})`, 'use one of the record\'s fields, or add the field where the record is built');
  }
  return r.get(name)!;
}

/** `<<a, b, c>>`: a tuple or a sequence (an Immutable List; TLA+ does not tell them apart). */
export function tuple<T>(...xs: T[]): List<T> {
  return List(xs);
}

function asSeq(op: string, s: unknown): List<unknown> {
  if (!List.isList(s)) throw wrongKind(op, 'a sequence', s);
  return s as List<unknown>;
}

/** `Len(s)` */
export function len(s: List<unknown>): number {
  return asSeq('Len', s).size;
}

/** `Append(s, x)` */
export function append<T>(s: List<T>, x: T): List<T> {
  return asSeq('Append', s).push(x) as List<T>;
}

/** `s \o t` */
export function concat<T>(s: List<T>, t: List<T>): List<T> {
  return asSeq('\\o', s).concat(asSeq('\\o', t)) as List<T>;
}

/** `Head(s)`; IL114 for the empty sequence. */
export function head<T>(s: List<T>): T {
  if (asSeq('Head', s).size === 0) throw new ModelFault('IL114', 'Head(<<>>): the empty sequence has no head', 'guard the action with len(s) > 0');
  return s.get(0)!;
}

/** `Tail(s)`; IL114 for the empty sequence. */
export function tail<T>(s: List<T>): List<T> {
  if (asSeq('Tail', s).size === 0) throw new ModelFault('IL114', 'Tail(<<>>): the empty sequence has no tail', 'guard the action with len(s) > 0');
  return s.rest();
}

/** `SubSeq(s, m, n)`: elements m..n (1-based, inclusive); empty when n < m. */
export function subSeq<T>(s: List<T>, m: number, n: number): List<T> {
  const l = asSeq('SubSeq', s);
  if (n < m) return List();
  if (!Number.isInteger(m) || !Number.isInteger(n) || m < 1 || n > l.size) {
    throw new ModelFault('IL114', `SubSeq(${showValue(s)}, ${m}, ${n}): ${m}..${n} is not inside 1..${l.size}`, 'keep 1 <= m and n <= Len(s)');
  }
  return l.slice(m - 1, n) as List<T>;
}

/** `x = y` for values: structural equality (two sets with the same elements are equal), Immutable's `is`. */
export function equals(x: unknown, y: unknown): boolean {
  return is(x, y);
}
