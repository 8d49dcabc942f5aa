/**
 * Run-time checks of the arguments a model passes to the modelling API (the
 * domains, the declarations, `action`, the knobs, the kit and qemu
 * primitives). A model file is loaded without a type check, so a call that
 * TypeScript would reject still runs: `v.enum(['a', 'b'])` would make the
 * array the only value, `new Mutex(v, 'm', 'main')` would spread the string
 * into the threads m, a, i, n, and `v.int('0', 3)` would fail much later as
 * an internal error. Each check throws IL123 naming the call, the argument,
 * what it got, what it takes, and the line of the model that made the call.
 */
import * as path from 'node:path';
import type { Domain } from './domain';
import { modelError } from './errors';
import { userFrame } from './frames';

/** The library folders whose frames are skipped when naming the model's line: a kit call is the model's call. */
const LIBRARY = [path.resolve(__dirname, '..', 'models', 'kit'), path.resolve(__dirname, '..', 'models', 'qemu')];

/** A value as an error shows it: its text and its kind. */
export function describeValue(x: unknown): string {
  if (x === undefined) return 'nothing (undefined)';
  if (x === null) return 'null';
  if (Array.isArray(x)) return `[${x.map((y) => (typeof y === 'string' ? JSON.stringify(y) : String(y))).join(', ')}] (an array)`;
  if (typeof x === 'string') return `${JSON.stringify(x)} (a string)`;
  if (typeof x === 'function') return 'a function';
  if (typeof x === 'object') return 'an object';
  return `${String(x)} (a ${typeof x})`;
}

/** IL123: `call`'s argument `arg` got `got`, but takes `takes`. */
export function argumentError(call: string, arg: string, got: unknown, takes: string, hint?: string): Error {
  return modelError('IL123', `${call}: ${arg} is ${describeValue(got)}, but must be ${takes}${userFrame(new Error(), LIBRARY)}`, {
    hint: hint ?? `pass ${takes} as ${arg}`,
  });
}

/** A non-empty string: a variable, thread, label or action name. */
export function requireName(call: string, arg: string, x: unknown): asserts x is string {
  if (typeof x !== 'string' || x === '') throw argumentError(call, arg, x, 'a non-empty string');
}

/** An integer of at least `min`. */
export function requireInt(call: string, arg: string, x: unknown, min = Number.MIN_SAFE_INTEGER): asserts x is number {
  if (typeof x !== 'number' || !Number.isSafeInteger(x) || x < min) {
    throw argumentError(call, arg, x, min === Number.MIN_SAFE_INTEGER ? 'an integer' : `an integer of at least ${min}`);
  }
}

/**
 * An array of distinct non-empty strings, at least `min` of them, none of
 * them in `reserved` (e.g. 'none', which a thread-id domain adds itself).
 */
export function requireNames(call: string, arg: string, x: unknown, opts: { min?: number; reserved?: readonly string[] } = {}): asserts x is readonly string[] {
  const min = opts.min ?? 0;
  const takes = `an array of ${min > 0 ? `at least ${min} ` : ''}distinct names (strings)`;
  if (!Array.isArray(x)) {
    throw argumentError(call, arg, x, takes, typeof x === 'string' ? `put the names in an array: [${JSON.stringify(x)}]` : undefined);
  }
  if (x.length < min) throw argumentError(call, arg, x, takes);
  const seen = new Set<string>();
  for (const name of x as unknown[]) {
    if (typeof name !== 'string' || name === '') throw argumentError(call, `${arg} (each element)`, name, 'a non-empty string');
    if (seen.has(name)) throw argumentError(call, arg, x, takes, `remove the second '${name}'`);
    if (opts.reserved?.includes(name)) throw argumentError(call, arg, x, `${takes} other than ${opts.reserved.map((r) => `'${r}'`).join(', ')}`, `'${name}' is added by ${call} itself; leave it out`);
    seen.add(name);
  }
}

/** A name that is one of `names`. */
export function requireOneOf(call: string, arg: string, x: unknown, names: readonly string[]): asserts x is string {
  if (typeof x !== 'string' || !names.includes(x)) throw argumentError(call, arg, x, `one of ${names.map((n) => `'${n}'`).join(', ')}`);
}

/** A domain made by `v.bool()`, `v.int(lo, hi)`, `v.enum(...)`, `v.threadId([...])`. */
export function requireDomain(call: string, arg: string, x: unknown): asserts x is Domain<unknown> {
  const d = x as Partial<Domain<unknown>> | null;
  if (d === null || typeof d !== 'object' || !['bool', 'int', 'enum', 'value', 'finite', 'packed'].includes(d.kind as string) || typeof d.width !== 'number') {
    throw argumentError(call, arg, x, 'a domain', typeof x === 'function' ? 'call it: v.bool(), not v.bool' : "make one with v.bool(), v.int(lo, hi), v.enum('a', 'b'), v.threadId(['t1']) or a TLA+ domain (v.setOf(D), v.fnOf(D, R), v.ints(), …)");
  }
}

/** A function (a guard, an effect, a predicate). */
export function requireFunction(call: string, arg: string, x: unknown): asserts x is (...a: never[]) => unknown {
  if (typeof x !== 'function') throw argumentError(call, arg, x, 'a function', '(s) => … ; write an arrow function of the state');
}
