/**
 * Initial states. A model gives them as effects on the all-defaults state
 * (one closure per state), or as TLA+ writes them: a product of variable
 * domains filtered by a predicate (`Init == x \in S /\ y \in T /\ P(x, y)`).
 *
 * The product form is enumerated once when the model is built, with one
 * reused buffer: a candidate is a number in mixed radix (one digit per
 * variable element, the first one slowest, as TLC enumerates the conjuncts
 * left to right), and only the numbers of the candidates that satisfy the
 * predicate are kept, 4 bytes each. An initial state is rebuilt from its
 * number when the engine needs it, so 655,200 initial states take 2.6 MB and
 * no closure each.
 */
import { decodeCode } from './domain';
import { InterleaveError, modelError } from './errors';
import { Field } from './layout';
import type { Effect, Guard } from './model';
import { AssertionSignal, ModelFault, REJECTED, StateView } from './view';
import { userFrame } from './frames';

/** The initial states of a built model, produced on demand. */
export interface InitStates {
  readonly length: number;
  /** Writes initial state k into `out`. */
  write(k: number, out: Uint32Array): void;
  /** A fresh copy of initial state k. */
  get(k: number): Uint32Array;
}

/**
 * What an initial-state product ranges over: a variable (every element of an
 * array) over its declared domain, a variable over the given values, or one
 * element of an array over the given values.
 */
export type InitRange = Field<any> | readonly [Field<any>, readonly unknown[]] | readonly [Field<any>, number, readonly unknown[]];

/** `Init == x \in S /\ y \in T /\ ... /\ P`: see `initProduct`. */
export interface InitProduct {
  readonly kind: 'product';
  readonly over: readonly InitRange[];
  /** Sets the other variables (`z = 0`, `w = f(x)`), after the ranged ones are written. */
  readonly assign?: Effect;
  /** The predicate P; a candidate that fails it is no initial state. Default: all candidates. */
  readonly where?: Guard;
}

/**
 * Initial states as the product of variable domains, filtered by a predicate
 * (TLA+ `Init == x \in S /\ y \in T /\ P(x, y)`), enumerated without one
 * closure per state. Variables not in `over` keep their defaults unless
 * `assign` sets them.
 *
 * ```ts
 * init: initProduct({ over: [x, [y, [1, 2, 3]], [pc, 0, ['start']]], where: (s) => s.get(x) !== s.get(y) })
 * ```
 */
export function initProduct(spec: { over: readonly InitRange[]; assign?: Effect; where?: Guard }): InitProduct {
  return { kind: 'product', ...spec };
}

/** The product's candidate count above which building is refused: 2^32 candidates would take hours. */
export const MAX_INIT_CANDIDATES = 2 ** 32;

/** Initial states given as closures, each run once on the all-defaults state. */
export function closureInits(model: string, inits: readonly Effect[], createView: () => StateView, base: StateView): InitStates {
  const states = inits.map((init, k) => {
    const s = createView();
    s.buf.set(base.buf);
    s.pre = base;
    try {
      init(s);
    } catch (e) {
      throw initFault(model, `initial state ${k}`, e, 'fix the init function');
    }
    return s.buf;
  });
  return {
    length: states.length,
    write: (k, out) => out.set(states[k]!),
    get: (k) => states[k]!.slice(),
  };
}

interface Slot {
  readonly field: Field<unknown>;
  readonly index: number;
  readonly values: readonly unknown[];
}

/** Enumerates an initial-state product once, keeping the numbers of the candidates that satisfy its predicate. */
export function productInits(model: string, spec: InitProduct, fields: readonly Field<unknown>[], createView: () => StateView, base: StateView): InitStates {
  const slots = slotsOf(model, spec.over, fields);
  let total = 1;
  for (const s of slots) total *= s.values.length;
  if (total > MAX_INIT_CANDIDATES) {
    throw modelError('IL109', `model '${model}': the initial-state product has ${total} candidates, more than ${MAX_INIT_CANDIDATES}`, {
      hint: 'range over smaller sets: give the values a variable really starts with ([x, [0, 1]]) instead of its whole domain',
    });
  }
  const view = createView();
  view.pre = base;
  const digits = new Int32Array(slots.length);
  /** Writes candidate `digits` into the view: defaults, the ranged elements, then `assign`. */
  const fill = () => {
    view.buf.set(base.buf);
    for (let k = 0; k < slots.length; k++) {
      const s = slots[k]!;
      const v = s.values[digits[k]!];
      if (s.field.isArray) view.set(s.field as never, s.index as never, v as never);
      else view.set(s.field as never, v as never);
    }
    if (spec.assign) spec.assign(view);
  };
  const candidateText = () => slots.map((s, k) => `${s.field.isArray ? `${s.field.name}[${s.index}]` : s.field.name}=${JSON.stringify(s.values[digits[k]!]) ?? String(s.values[digits[k]!])}`).join(', ');

  let accepted = new Uint32Array(1024);
  let count = 0;
  for (let c = 0; c < total; c++) {
    let ok: boolean;
    try {
      fill();
      ok = spec.where ? spec.where(view) : true;
    } catch (e) {
      throw initFault(model, `initial candidate ${candidateText()}`, e, 'fix initProduct: its values, assign or where');
    }
    if (ok) {
      if (count === accepted.length) {
        const grown = new Uint32Array(accepted.length * 2);
        grown.set(accepted);
        accepted = grown;
      }
      accepted[count++] = c;
    }
    // The next candidate: the last slot counts fastest.
    for (let k = slots.length - 1; k >= 0; k--) {
      if (++digits[k]! < slots[k]!.values.length) break;
      digits[k] = 0;
    }
  }
  accepted = accepted.slice(0, count);

  const write = (k: number, out: Uint32Array) => {
    let c = accepted[k]!;
    for (let j = slots.length - 1; j >= 0; j--) {
      const n = slots[j]!.values.length;
      digits[j] = c % n;
      c = Math.floor(c / n);
    }
    fill();
    out.set(view.buf);
  };
  return {
    length: count,
    write,
    get: (k) => {
      const out = new Uint32Array(view.buf.length);
      write(k, out);
      return out;
    },
  };
}

/** One slot per variable element the product ranges over, each with its list of values. */
function slotsOf(model: string, over: readonly InitRange[], fields: readonly Field<unknown>[]): Slot[] {
  const bad = (why: string) => modelError('IL109', `model '${model}': initProduct: ${why}`, { hint: 'over: [x, [y, [1, 2]], [arr, 0, [true]]]: a variable, a variable with its values, or an array element with its values' });
  const known = new Set(fields);
  const slots: Slot[] = [];
  const seen = new Set<string>();
  const add = (field: Field<unknown>, index: number, values: readonly unknown[]) => {
    const key = `${field.name}[${index}]`;
    if (seen.has(key)) throw bad(`${field.isArray ? key : field.name} is ranged over twice`);
    seen.add(key);
    slots.push({ field, index, values });
  };
  for (const r of over) {
    const field = (Array.isArray(r) ? r[0] : r) as Field<unknown>;
    if (!(field instanceof Field) || !known.has(field)) throw bad(`${describe(r)} is not a variable of this model (a record or sequence ranges field by field: rec.a, seq.items)`);
    if (Array.isArray(r) && r.length === 3) {
      const [, i, values] = r as readonly [Field<unknown>, number, readonly unknown[]];
      if (!field.isArray || !Number.isInteger(i) || i < 0 || i >= field.length) throw bad(`${field.name}[${String(i)}] is no element of ${field.isArray ? `an array of ${field.length}` : 'a scalar'}`);
      if (!Array.isArray(values)) throw bad(`the values of ${field.name}[${i}] are not an array`);
      add(field, i, values);
      continue;
    }
    let values: readonly unknown[];
    if (Array.isArray(r)) {
      if (r.length !== 2 || !Array.isArray(r[1])) throw bad(`[${field.name}, ...] needs a list of values`);
      values = r[1] as readonly unknown[];
    } else {
      if (field.kind === 3) throw bad(`value variable '${field.name}' has no enumerable domain; give its values: [${field.name}, [v1, v2]]`);
      values = Array.from({ length: field.size }, (_, c) => decodeCode(field.domain, c));
    }
    for (let i = 0; i < field.length; i++) add(field, i, values);
  }
  return slots;
}

function describe(r: unknown): string {
  if (Array.isArray(r)) return `[${r.map((x) => (x instanceof Field ? x.name : typeof x)).join(', ')}]`;
  return r instanceof Field ? r.name : typeof r;
}

function initFault(model: string, what: string, e: unknown, hint: string): InterleaveError {
  if (e instanceof InterleaveError) return e;
  if (e instanceof AssertionSignal) {
    return modelError('IL101', `model '${model}': ${what} failed assertion '${e.name}'${e.detail ? ` (${e.detail})` : ''}`, {
      hint: 'assertions belong in actions; state a property of the initial states as an invariant',
    });
  }
  if (e instanceof ModelFault) return modelError(e.code, `model '${model}': ${what}: ${e.message}`, { hint });
  if (e === REJECTED) return modelError('IL101', `model '${model}': ${what} called reject()`, { hint: 'reject() belongs in actions; leave out initial states with initProduct and a where predicate' });
  const msg = typeof e === 'object' && e !== null && typeof (e as Error).message === 'string' ? (e as Error).message : String(e);
  return modelError('IL101', `model '${model}': ${what} threw: ${msg}${userFrame(e)}`, { hint });
}
