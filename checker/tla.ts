/**
 * TLA+ integer operators with TLA+'s meaning, for models translated from TLA+.
 * JavaScript's `%` and `Math.trunc(a / b)` round toward zero, so `-1 % 3` is
 * -1; TLA+'s `-1 % 3` is 2 and `-1 \div 3` is -1 (the Integers module's
 * definitions, which TLC implements). Below them: the operators on sets,
 * functions, records and sequences (the values of types.ts).
 */
import { is, isImmutable, List, Map as IMap, Set as ISet } from 'immutable';
import type { Domain } from './domain';
import { members, memberTag, typeOf } from './types';
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
  if (isDomain(S)) return typeOf(S as Domain<unknown>).has(x);
  return toSet(S, '\\in').has(x);
}

/** `S \cup T` */
export function union<T>(S: SetLike<T>, T: SetLike<T>): ISet<T> {
  return memoized('union', toSet(S, '\\cup'), toSet(T, '\\cup'), (a, b) => {
    // An operand that already holds the union is returned as it is: no new set to build, hash and look up.
    if (isSubset(b, a)) return a;
    if (isSubset(a, b)) return b;
    return a.union(b);
  });
}

/** Set operations and `\\subseteq` on two members of one listed domain at most this large are memoized (a size^2 table per operation). */
const MEMO_LIMIT = 256;

/**
 * `op(a, b)`, remembered when a and b are members of the same small listed
 * domain (types.ts MemberTable), and then returned as that domain's own
 * member when it is one, so that storing it needs no lookup either.
 */
function memoized<T, R>(name: string, a: ISet<T>, b: ISet<T>, op: (a: ISet<T>, b: ISet<T>) => R): R {
  const ta = memberTag(a);
  const tb = memberTag(b);
  if (ta === undefined || tb === undefined || ta.table !== tb.table || ta.table.values.length > MEMO_LIMIT) return op(a, b);
  const { table } = ta;
  let results = table.ops.get(name);
  if (!results) {
    results = new Array(table.values.length * table.values.length);
    table.ops.set(name, results);
  }
  const k = ta.code * table.values.length + tb.code;
  let r = results[k] as R | undefined;
  if (r === undefined) {
    r = op(a, b);
    const code = typeof r === 'object' ? table.codeOf(r) : -1;
    if (code >= 0) r = table.values[code] as R;
    results[k] = r;
  }
  return r;
}

function isSubset<T>(a: ISet<T>, b: ISet<T>): boolean {
  return a.size <= b.size && a.every((x) => b.has(x));
}

/** `S \cap T` */
export function intersect<T>(S: SetLike<T>, T: SetLike<T>): ISet<T> {
  return memoized('intersect', toSet(S, '\\cap'), toSet(T, '\\cap'), (a, b) => a.intersect(b));
}

/** `S \ T` */
export function setMinus<T>(S: SetLike<T>, T: SetLike<T>): ISet<T> {
  return memoized('minus', toSet(S, '\\'), toSet(T, '\\'), (a, b) => a.subtract(b));
}

/** `S \subseteq T` */
export function subseteq<T>(S: SetLike<T>, T: SetLike<T>): boolean {
  return memoized('subseteq', toSet(S, '\\subseteq'), toSet(T, '\\subseteq'), isSubset);
}

/** `Cardinality(S)` */
export function cardinality(S: SetLike<unknown>): number {
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
  return toSet(S, 'UNION').reduce((acc: ISet<T>, x) => {
    if (!ISet.isSet(x)) throw wrongKind('UNION', 'a set of sets', x);
    return union(acc, x); // memoized where the sets are members of one listed domain
  }, ISet<T>());
}

/** `{e(x) : x \in S}` */
export function setMap<T, U>(S: SetLike<T>, e: (x: T) => U): ISet<U> {
  return toSet(S, '{e : x \\in S}').map(e);
}

/** `{x \in S : p(x)}` */
export function setFilter<T>(S: SetLike<T>, p: (x: T) => boolean): ISet<T> {
  return toSet(S, '{x \\in S : p}').filter(p);
}

/** `\E x \in S : p(x)` */
export function exists<T>(S: SetLike<T>, p: (x: T) => boolean): boolean {
  return toSet(S, '\\E').some(p);
}

/** `\A x \in S : p(x)` */
export function forall<T>(S: SetLike<T>, p: (x: T) => boolean): boolean {
  return toSet(S, '\\A').every(p);
}

/** `[x \in S |-> e(x)]`: a function (Immutable Map) on S. */
export function fn<K, V>(S: SetLike<K>, e: (x: K) => V): IMap<K, V> {
  return IMap(toSet(S, '[x \\in S |-> e]').toArray().map((x) => [x, e(x)] as [K, V]));
}

/** `f[x]` for a function (Map), a record (Map) or a sequence or tuple (List, 1-based as in TLA+). */
export function apply<K, V>(f: IMap<K, V>, x: K): V;
export function apply<V>(f: List<V>, x: number): V;
export function apply(f: unknown, x: unknown): unknown {
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
  const value = (old: unknown) => (typeof y === 'function' ? (y as (o: unknown) => unknown)(old) : y);
  if (IMap.isMap(f)) {
    const old = (f as IMap<unknown, unknown>).get(x, NOT_SET);
    return old === NOT_SET ? f : (f as IMap<unknown, unknown>).set(x, value(old));
  }
  if (List.isList(f)) {
    const l = f as List<unknown>;
    return typeof x === 'number' && Number.isInteger(x) && x >= 1 && x <= l.size ? l.set(x - 1, value(l.get(x - 1))) : l;
  }
  throw wrongKind('EXCEPT', 'a function, record or sequence', f);
}

/** `[a |-> 1, b |-> 2]`: a record (an Immutable Map from field name). */
export function rec<R extends Record<string, unknown>>(fields: R): IMap<keyof R & string, R[keyof R]> {
  return IMap(Object.keys(fields).map((k) => [k, fields[k]] as [keyof R & string, R[keyof R]]));
}

/** `r.name`; IL115 when r has no such field. */
export function field<V>(r: IMap<string, V>, name: string): V {
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
