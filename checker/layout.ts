/**
 * Variable declarations and the packed state layout.
 *
 * A model declares its variables through `Vars`; each declaration becomes one
 * or more `Field`s: a scalar or a fixed-length array of codes of one domain.
 * Fields are packed in declaration order into 32-bit words; no code straddles
 * two words. Accessors are resolved here, once, to word indices and shifts, so
 * reading or writing a state is a typed-array access with a shift and a mask.
 *
 * Invariants: a layout is immutable once built; the all-zero buffer is the
 * state where every variable holds its domain's default (code 0).
 */
import { List, Map as IMap, Set as ISet } from 'immutable';
import { boolDomain, decodeCode, Domain, enumDomain, intDomain, valueDomain, ValueType } from './domain';
import { argumentError, requireDomain, requireInt, requireName, requireNames } from './args';
import { modelError } from './errors';
import type { Interner } from './intern';
import { fnOf, ints, nats, recOf, seqOf, setOf, tupleOf } from './types';

export type FieldKind = 0 | 1 | 2 | 3 | 4 | 5; // bool | int | enum | value | finite | packed
const KIND: Record<Domain<unknown>['kind'], FieldKind> = { bool: 0, int: 1, enum: 2, value: 3, finite: 4, packed: 5 };

/** One packed field: a scalar (length 1) or an array of `length` codes. */
export class Field<T> {
  readonly kind: FieldKind;
  readonly mask: number;
  readonly lo: number;
  readonly size: number;
  readonly values: readonly T[];
  readonly codes: ReadonlyMap<T, number>;
  /** Word index of element i. */
  readonly word: Int32Array;
  /** Bit shift of element i inside its word. */
  readonly shift: Int32Array;
  /** For TLA+ value domains (types.ts): what writes are checked against. */
  readonly type: ValueType | undefined;
  /** Interned ids already found to be in `type` (a value variable checks each new value once). */
  readonly checked = new Set<number>();

  constructor(
    readonly name: string,
    readonly domain: Domain<T>,
    readonly length: number,
    readonly isArray: boolean,
  ) {
    this.kind = KIND[domain.kind];
    this.mask = domain.width === 0 ? 0 : domain.width >= 31 ? 0x7fffffff : (1 << domain.width) - 1;
    this.lo = domain.lo;
    this.size = domain.size;
    this.values = domain.values;
    this.codes = domain.codes;
    this.word = new Int32Array(length);
    this.shift = new Int32Array(length);
    this.type = domain.type;
  }
}

/** A scalar variable handle: `s.get(x)`, `s.set(x, v)`. */
export type Scalar<T> = Field<T> & { readonly isArray: false };
/** An array variable handle: `s.get(a, i)`, `s.set(a, i, v)`. */
export type Arr<T> = Field<T> & { readonly isArray: true };

/** A bounded sequence: a length and `maxLen` item slots (unused slots are 0). */
export interface Seq<T> {
  readonly name: string;
  readonly maxLen: number;
  readonly len: Scalar<number>;
  readonly items: Arr<T>;
}

type DomainValue<D> = D extends Domain<infer T> ? T : never;
export type RecordShape = Record<string, Domain<any>>;
export type RecordFields<S extends RecordShape> = { readonly [K in keyof S]: Scalar<DomainValue<S[K]>> };
export type RecordArrays<S extends RecordShape> = { readonly [K in keyof S]: Arr<DomainValue<S[K]>> };

/**
 * The shape of a variable's decoded value, known from its declaration alone,
 * so that a writer (ITF) encodes the variable the same way in every state:
 * an empty Map in a value variable must not turn into a record because it has
 * no keys yet. A new kind of declaration adds one case here and one in each
 * writer's switch.
 */
export type VarType =
  | { readonly kind: 'bool' | 'int' | 'enum' }
  /** Array and sequence variables: an Immutable List of `item`. */
  | { readonly kind: 'list'; readonly item: VarType }
  /** Record variables: an Immutable Map of exactly these fields. */
  | { readonly kind: 'record'; readonly fields: Readonly<Record<string, VarType>> }
  /** Value variables: any Immutable value, its shape known only from its contents. */
  | { readonly kind: 'value' };

/**
 * The type of one code of a domain. A TLA+ value domain (`finite`, `packed`:
 * types.ts) is a value here; its declaration's `itf` encoder writes it by the
 * declared TLA+ type.
 */
export function domainType(d: Domain<unknown>): VarType {
  return d.kind === 'finite' || d.kind === 'packed' ? { kind: 'value' } : { kind: d.kind };
}

function recordType(shape: RecordShape): VarType {
  return { kind: 'record', fields: Object.fromEntries(Object.keys(shape).map((k) => [k, domainType(shape[k]!)])) };
}

/** How one declared variable decodes into its public (Immutable) form. */
export interface VarDecl {
  readonly name: string;
  /** Type text for `list` and docs. */
  readonly text: string;
  readonly type: VarType;
  readonly decode: (read: FieldReader) => unknown;
  /** The ITF form of the decoded value by its declared TLA+ type; absent: by its contents. */
  readonly itf?: (value: unknown) => unknown;
}

/** What a decoder needs: read one element of a field. */
export type FieldReader = <T>(f: Field<T>, i: number) => T;

/** Declares variables; passed to a model's `build`. Each name is declared once. */
export class Vars {
  readonly fields: Field<unknown>[] = [];
  readonly decls: VarDecl[] = [];
  /** Initial values of interned elements: a zeroed slot (id 0, null) is no member of a typed domain. */
  readonly valueDefaults: { field: Field<unknown>; index: number; value: unknown }[] = [];
  private readonly names = new Set<string>();

  /** Domain: FALSE / TRUE. */
  bool(): Domain<boolean> {
    return boolDomain();
  }
  /** Domain: integers lo..hi. */
  int(lo: number, hi: number): Domain<number> {
    return intDomain(lo, hi);
  }
  /** Domain: one of the given names. */
  enum<const V extends string>(...values: V[]): Domain<V> {
    return enumDomain(...values);
  }
  /** Alias of `enum`, reads well in guards: `v.oneOf('think', 'eat')`. */
  oneOf<const V extends string>(...values: V[]): Domain<V> {
    return enumDomain(...values);
  }

  /**
   * Domain: a thread id, or 'none' (code 0, the default): the owner of a
   * mutex, the holder of the BQL. `v.threadId(['main', 'vcpu0'])`.
   */
  threadId<const V extends string>(threads: readonly V[]): Domain<'none' | V> {
    requireNames('v.threadId(threads)', 'threads', threads, { reserved: ['none'] });
    return enumDomain<'none' | V>('none', ...threads);
  }

  /** Domain: TLA+ `SUBSET S`, sets of members of S (Immutable Sets). */
  setOf<T>(elem: Domain<T>): Domain<ISet<T>> {
    return setOf(elem);
  }
  /** Domain: TLA+ `[D -> R]`, functions from the finite domain D into R (Immutable Maps). */
  fnOf<K, V>(dom: Domain<K>, range: Domain<V>): Domain<IMap<K, V>> {
    return fnOf(dom, range);
  }
  /** Domain: TLA+ `[a: A, b: B]`, records with exactly these fields (Immutable Maps from field name; build them with `rec`). */
  recOf<S extends RecordShape>(shape: S): ReturnType<typeof recOf<S>> {
    return recOf(shape);
  }
  /** Domain: TLA+ `Seq(S)`, sequences (Immutable Lists) of length at most maxLen, or unbounded without it. */
  seqOf<T>(elem: Domain<T>, maxLen?: number): Domain<List<T>> {
    return seqOf(elem, maxLen);
  }
  /** Domain: TLA+ `A \X B`, tuples (Immutable Lists) with one component from each domain. */
  tupleOf<const D extends readonly Domain<any>[]>(...parts: D): ReturnType<typeof tupleOf<D>> {
    return tupleOf(...parts);
  }
  /** Domain: TLA+ `Int`, every integer a number holds exactly (interned); bound it with a TypeOK invariant. */
  ints(): Domain<number> {
    return ints();
  }
  /** Domain: TLA+ `Nat` (interned). */
  nats(): Domain<number> {
    return nats();
  }

  /** A scalar variable. */
  scalar<T>(name: string, domain: Domain<T>): Scalar<T> {
    this.claim('v.scalar(name, domain)', name);
    requireDomain('v.scalar(name, domain)', 'domain', domain);
    const f = this.field(name, domain, 1, false) as Scalar<T>;
    const type = domain.type;
    this.decls.push({ name, text: domain.text, type: domainType(domain), decode: (read) => read(f, 0), ...(type ? { itf: type.itf } : {}) });
    return f;
  }

  /** An array variable of n elements, indexed 0..n-1 (TLA+: a function [0..n-1 -> D]). */
  array<T>(name: string, n: number, domain: Domain<T>): Arr<T> {
    this.claim('v.array(name, n, domain)', name);
    requireInt('v.array(name, n, domain)', 'n', n, 0);
    requireDomain('v.array(name, n, domain)', 'domain', domain);
    const f = this.field(name, domain, n, true) as Arr<T>;
    const type = domain.type;
    this.decls.push({
      name,
      text: `[0..${n - 1} -> ${domain.text}]`,
      type: { kind: 'list', item: domainType(domain) },
      decode: (read) => List(Array.from({ length: n }, (_, i) => read(f, i))),
      ...(type ? { itf: (l: unknown) => (l as List<unknown>).toArray().map(type.itf) } : {}),
    });
    return f;
  }

  /** A record variable: one scalar per field, decoded as a Map of field -> value. */
  record<S extends RecordShape>(name: string, shape: S): RecordFields<S> {
    this.claim('v.record(name, shape)', name);
    requireShape('v.record(name, shape)', shape);
    const out: Record<string, Field<unknown>> = {};
    for (const key of Object.keys(shape)) out[key] = this.field(`${name}.${key}`, shape[key]!, 1, false);
    this.decls.push({
      name,
      text: `[${Object.keys(shape).map((k) => `${k}: ${shape[k]!.text}`).join(', ')}]`,
      type: recordType(shape),
      decode: (read) => IMap(Object.keys(out).map((k) => [k, read(out[k]!, 0)] as [string, unknown])),
    });
    return out as unknown as RecordFields<S>;
  }

  /** An array of n records, stored as one array per field; decoded as a List of Maps. */
  records<S extends RecordShape>(name: string, n: number, shape: S): RecordArrays<S> {
    this.claim('v.records(name, n, shape)', name);
    requireInt('v.records(name, n, shape)', 'n', n, 0);
    requireShape('v.records(name, n, shape)', shape);
    const out: Record<string, Field<unknown>> = {};
    for (const key of Object.keys(shape)) out[key] = this.field(`${name}.${key}`, shape[key]!, n, true);
    this.decls.push({
      name,
      text: `[0..${n - 1} -> [${Object.keys(shape).map((k) => `${k}: ${shape[k]!.text}`).join(', ')}]]`,
      type: { kind: 'list', item: recordType(shape) },
      decode: (read) =>
        List(Array.from({ length: n }, (_, i) => IMap(Object.keys(out).map((k) => [k, read(out[k]!, i)] as [string, unknown])))),
    });
    return out as unknown as RecordArrays<S>;
  }

  /** A sequence of at most maxLen elements (TLA+: Seq(D) bounded), decoded as a List. */
  seq<T>(name: string, maxLen: number, domain: Domain<T>): Seq<T> {
    this.claim('v.seq(name, maxLen, domain)', name);
    requireInt('v.seq(name, maxLen, domain)', 'maxLen', maxLen, 0);
    requireDomain('v.seq(name, maxLen, domain)', 'domain', domain);
    const len = this.field(`${name}.len`, intDomain(0, maxLen), 1, false) as Scalar<number>;
    const items = this.field(`${name}.items`, domain, maxLen, true) as Arr<T>;
    this.decls.push({
      name,
      text: `Seq(${domain.text}) of length <= ${maxLen}`,
      type: { kind: 'list', item: domainType(domain) },
      decode: (read) => {
        const n = read(len, 0);
        return List(Array.from({ length: n }, (_, i) => read(items, i)));
      },
    });
    return { name, maxLen, len, items };
  }

  /** A variable holding any Immutable.js value (or primitive), interned. */
  value<T>(name: string, initial: T): Scalar<T> {
    this.claim('v.value(name, initial)', name);
    const f = this.field(name, valueDomain<T>(), 1, false) as Scalar<T>;
    this.valueDefaults.push({ field: f as Field<unknown>, index: 0, value: initial });
    this.decls.push({ name, text: 'value', type: { kind: 'value' }, decode: (read) => read(f, 0) });
    return f;
  }

  private claim(call: string, name: string): void {
    requireName(call, 'name', name);
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
      throw modelError('IL106', `variable name '${name}' is not an identifier`, { hint: 'use letters, digits and _' });
    }
    if (this.names.has(name)) throw modelError('IL106', `variable '${name}' is declared twice`, { hint: 'give each variable its own name' });
    this.names.add(name);
  }

  private field<T>(name: string, domain: Domain<T>, n: number, isArray: boolean): Field<T> {
    if (!Number.isInteger(n) || n < 0) throw modelError('IL106', `variable '${name}' has length ${n}`, { hint: 'use a non-negative integer length' });
    const f = new Field<T>(name, domain, n, isArray);
    this.fields.push(f as Field<unknown>);
    if (domain.kind === 'value' && domain.type) for (let i = 0; i < n; i++) this.valueDefaults.push({ field: f as Field<unknown>, index: i, value: domain.type.zero });
    return f;
  }
}

/** A record shape: an object of at least one field, each a domain, each named like a variable. */
function requireShape(call: string, shape: unknown): asserts shape is RecordShape {
  if (shape === null || typeof shape !== 'object' || Array.isArray(shape) || Object.keys(shape).length === 0) {
    throw argumentError(call, 'shape', shape, 'an object of at least one field', "{ count: v.int(0, 3), busy: v.bool() }");
  }
  for (const [key, d] of Object.entries(shape)) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) throw argumentError(call, 'a field name', key, 'an identifier (letters, digits and _)');
    requireDomain(call, `field '${key}'`, d);
  }
}

/** The packed layout: how many words a state takes and where each field lives. */
export interface Layout {
  readonly words: number;
  readonly fields: readonly Field<unknown>[];
  readonly decls: readonly VarDecl[];
}

/** Assigns word/shift positions to every field, in declaration order. */
export function createLayout(vars: Vars): Layout {
  let word = 0;
  let bit = 0;
  for (const f of vars.fields) {
    const width = f.domain.width;
    for (let i = 0; i < f.length; i++) {
      if (width === 0) {
        (f.word as Int32Array)[i] = 0;
        (f.shift as Int32Array)[i] = 0;
        continue;
      }
      if (bit + width > 32) {
        word++;
        bit = 0;
      }
      f.word[i] = word;
      f.shift[i] = bit;
      bit += width;
    }
  }
  const words = Math.max(1, bit === 0 ? word : word + 1);
  return { words, fields: vars.fields, decls: vars.decls };
}

/** Per variable declared with a TLA+ value domain, its ITF encoder (writers/itf.ts `toItf`). */
export function itfEncoders(layout: Layout): Record<string, (v: unknown) => unknown> {
  const out: Record<string, (v: unknown) => unknown> = {};
  for (const d of layout.decls) if (d.itf) out[d.name] = d.itf;
  return out;
}

/** Reads element i of f from a packed buffer, decoding values through the interner. */
export function readField<T>(buf: Uint32Array, interner: Interner, f: Field<T>, i: number): T {
  const code = (buf[f.word[i]!]! >>> f.shift[i]!) & f.mask;
  return f.kind === 3 ? (interner.valueOf(code) as T) : decodeCode(f.domain, code);
}
