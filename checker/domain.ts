/**
 * Finite domains of state variables and their codes.
 *
 * A domain maps each value to a small non-negative integer code that fits in
 * `width` bits; code 0 is the domain's default (false, the low bound, the first
 * enum value). `value` domains hold Immutable.js values by their interned id;
 * `finite` domains (small TLA+ value domains, types.ts) hold the index of the
 * value in their list of members; `packed` ones (functions, records, tuples
 * of small parts) hold their parts' codes as the digits of one number.
 * Domains are plain data; the layout (layout.ts) decides where codes live.
 */
import { argumentError, requireInt, requireNames } from './args';

export type DomainKind = 'bool' | 'int' | 'enum' | 'value' | 'finite' | 'packed';

/**
 * What a TLA+ value domain (types.ts: sets, functions, records, sequences,
 * tuples, unbounded integers) knows about its members. Plain `bool`, `int`
 * and `enum` domains have none; types.ts derives the same for them.
 */
export interface ValueType {
  /** Number of members; Infinity when unbounded (Int, Seq(S) without a bound, sets of those). */
  readonly size: number;
  /** The default member (code 0 of a packed domain, the initial value of an interned one). */
  readonly zero: unknown;
  /** Whether `v` is a member (the fast check every write of an interned value makes once). */
  has(v: unknown): boolean;
  /** Why `v` is not a member, as text naming the offending part (`path` names the whole), or undefined. */
  whyNot(v: unknown, path: string): string | undefined;
  /** Every member, in a fixed order; throws IL116 when there are infinitely or too many. */
  members(): readonly unknown[];
  /** The code of a member of a packed (`finite` or `packed`) domain, -1 for a non-member. */
  codeOf(v: unknown): number;
  /** The member a code of a `packed` domain stands for. */
  decode?(code: number): unknown;
  /** The ITF form of a member, by this type (an empty set is `#set`, a tuple `#tup`, whatever the contents). */
  itf(v: unknown): unknown;
}

export interface Domain<T> {
  readonly kind: DomainKind;
  /** Number of codes (for `value`: 2^31, ids are assigned as values appear). */
  readonly size: number;
  /** Bits one code takes in the packed state. */
  readonly width: number;
  /** Lowest integer for `int`; 0 otherwise. */
  readonly lo: number;
  /** Enum values by code; empty otherwise. */
  readonly values: readonly T[];
  /** Enum value -> code. */
  readonly codes: ReadonlyMap<T, number>;
  /** Human description, e.g. `0..3` or `{think, eat}`. */
  readonly text: string;
  /** For TLA+ value domains (types.ts): membership, enumeration and ITF form. */
  readonly type?: ValueType;
  /** Phantom marker so that Domain<'a'> and Domain<number> differ. */
  readonly __type?: T;
}

/** Bits needed for codes 0..size-1. */
export function widthFor(size: number): number {
  let w = 0;
  while (2 ** w < size) w++;
  return w;
}

/** TRUE / FALSE, code 0 = false. */
export function boolDomain(): Domain<boolean> {
  return { kind: 'bool', size: 2, width: 1, lo: 0, values: [false, true], codes: new Map([[false, 0], [true, 1]]), text: 'BOOLEAN' };
}

/** The integers lo..hi inclusive, code 0 = lo. */
export function intDomain(lo: number, hi: number): Domain<number> {
  requireInt('v.int(lo, hi)', 'lo', lo);
  requireInt('v.int(lo, hi)', 'hi', hi);
  if (hi < lo) throw argumentError('v.int(lo, hi)', 'hi', hi, `at least lo (${lo}): ${lo}..${hi} is empty`, `v.int(${hi}, ${lo})`);
  const size = hi - lo + 1;
  if (size > 2 ** 31) throw argumentError('v.int(lo, hi)', 'the range', `${lo}..${hi}`, 'at most 2^31 values', 'narrow the range, or use a value variable');
  return { kind: 'int', size, width: widthFor(size), lo, values: [], codes: new Map(), text: `${lo}..${hi}` };
}

/** A closed set of names (strings), code 0 = the first one. */
export function enumDomain<const V extends string>(...values: V[]): Domain<V> {
  // Checked at run time too: a model file runs without a type check, and v.enum(['a', 'b']) (an array where the
  // names are arguments) would otherwise make the array itself the only value.
  const call = 'v.enum(...names)';
  if (values.length === 1 && Array.isArray(values[0])) {
    const names = values[0] as unknown[];
    throw argumentError(call, 'the list of names', names, 'given as arguments, not in an array', `pass the names as arguments: v.enum(${names.map((x) => JSON.stringify(x)).join(', ')}), or v.enum(...names)`);
  }
  requireNames(call, 'the list of names', values, { min: 1 });
  const codes = new Map<V, number>(values.map((v, i) => [v, i]));
  return { kind: 'enum', size: values.length, width: widthFor(values.length), lo: 0, values, codes, text: `{${values.join(', ')}}` };
}

/** Any Immutable.js value or primitive, stored as an interned id. */
export function valueDomain<T>(): Domain<T> {
  return { kind: 'value', size: 2 ** 31, width: 31, lo: 0, values: [], codes: new Map(), text: 'value' };
}

/** The value a code stands for (not for `value` domains: see Interner). */
export function decodeCode<T>(d: Domain<T>, code: number): T {
  switch (d.kind) {
    case 'bool':
      return (code !== 0) as unknown as T;
    case 'int':
      return (code + d.lo) as unknown as T;
    case 'enum':
    case 'finite':
      return d.values[code] as T;
    case 'packed':
      return d.type!.decode!(code) as T;
    case 'value':
      throw new Error('decodeCode: value domains decode through the interner');
  }
}
