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
import { modelError } from './errors';

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
  if (!Number.isInteger(lo) || !Number.isInteger(hi) || hi < lo) {
    throw modelError('IL106', `int domain ${lo}..${hi} is not a non-empty integer range`, { hint: 'declare int(lo, hi) with integers lo <= hi' });
  }
  const size = hi - lo + 1;
  if (size > 2 ** 31) {
    throw modelError('IL106', `int domain ${lo}..${hi} has more than 2^31 values`, { hint: 'narrow the range, or use a value variable' });
  }
  return { kind: 'int', size, width: widthFor(size), lo, values: [], codes: new Map(), text: `${lo}..${hi}` };
}

/** A closed set of names (strings), code 0 = the first one. */
export function enumDomain<const V extends string>(...values: V[]): Domain<V> {
  if (values.length === 0) throw modelError('IL106', 'enum domain with no values', { hint: 'list at least one value' });
  // Checked at run time too: a model file runs without a type check, and v.enum(['a', 'b']) (an array where the
  // names are arguments) would otherwise make the array itself the only value.
  const bad = values.find((v) => typeof v !== 'string');
  if (bad !== undefined) {
    throw modelError('IL106', `enum domain value ${Array.isArray(bad) ? `[${(bad as unknown[]).map((x) => JSON.stringify(x)).join(', ')}] (an array)` : `${String(bad)} (a ${typeof bad})`} is not a string`, {
      hint: Array.isArray(bad) ? `pass the names as arguments: v.enum(${(bad as unknown[]).map((x) => JSON.stringify(x)).join(', ')}), or v.enum(...names)` : "enum values are names: v.enum('idle', 'busy')",
    });
  }
  const codes = new Map<V, number>();
  values.forEach((v, i) => {
    if (codes.has(v)) throw modelError('IL106', `enum domain lists '${v}' twice`, { hint: 'remove the duplicate' });
    codes.set(v, i);
  });
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
