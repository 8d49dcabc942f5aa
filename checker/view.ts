/**
 * The typed view a model's guards, effects and invariants see.
 *
 * One `StateView` is reused for every state: the engine points `buf` at the
 * packed words of the state at hand. Guards and invariants only read; effects
 * write to a scratch copy. Reads and writes go straight to the typed array
 * through the field's precomputed word and shift; writes check the domain so a
 * model can never leave it silently. No object is allocated per access.
 *
 * An effect writes the successor (TLA+'s primed variables); `s.pre` reads the
 * state the step starts from (the unprimed ones), however much the effect has
 * written already. See docs/adr/006-tla-semantics.md.
 */
import type { Arr, Field, Scalar, Seq } from './layout';
import type { Interner } from './intern';
import { showValue } from './writers/values';

/** Thrown by `assert` inside an effect; the engine turns it into a violation. */
export class AssertionSignal {
  name = '';
  detail: string | undefined = undefined;
}

/**
 * A fault of the model found while it runs (bad write, bad index, bad name),
 * or a misused modelling primitive (the thread kit's IL120/IL121), with what
 * to try instead.
 */
export class ModelFault extends Error {
  constructor(
    readonly code: string,
    message: string,
    /** What to try, when the code's usual hint does not fit. */
    readonly hint?: string,
  ) {
    super(message);
  }
}

/**
 * Thrown by `reject` inside an effect: the step has no successor (a TLA+
 * conjunct over primed variables is false). One shared instance, no stack.
 */
export class RejectSignal {}
export const REJECTED = new RejectSignal();

const signal = new AssertionSignal();

export class StateView {
  /** The packed state the view reads and writes. */
  buf: Uint32Array;
  /**
   * The state before the step (TLA+'s unprimed variables): inside an effect,
   * `s.pre.get(x)` is x as it was when the action started, while `s.get(x)`
   * sees the effect's own writes (x'). Outside an effect (guards, invariants)
   * it is the view itself. Only read it: the engine owns that state. In an
   * initial-state function it is the all-defaults state.
   */
  pre: StateView;

  constructor(
    words: number,
    readonly interner: Interner,
    private readonly assertionNames: ReadonlySet<string>,
  ) {
    this.buf = new Uint32Array(words);
    this.pre = this;
  }

  /** The value of a scalar, or of element i of an array. */
  get<T>(f: Scalar<T>): T;
  get<T>(f: Arr<T>, i: number): T;
  get<T>(f: Field<T>, i = 0): T {
    if (i >>> 0 !== i || i >= f.length) throw indexFault(f, i);
    const code = (this.buf[f.word[i]!]! >>> f.shift[i]!) & f.mask;
    switch (f.kind) {
      case 0:
        return (code !== 0) as unknown as T;
      case 1:
        return (code + f.lo) as unknown as T;
      case 2:
      case 4:
        return f.values[code] as T;
      case 5:
        return f.type!.decode!(code) as T;
      default:
        return this.interner.valueOf(code) as T;
    }
  }

  /** Sets a scalar, or element i of an array; the value must be in the domain. */
  set<T>(f: Scalar<T>, value: T): void;
  set<T>(f: Arr<T>, i: number, value: T): void;
  set<T>(f: Field<T>, a: unknown, b?: unknown): void {
    let i = 0;
    let value = a;
    if (f.isArray) {
      i = a as number;
      value = b;
      if (i >>> 0 !== i || i >= f.length) throw indexFault(f, i);
    }
    let code: number;
    switch (f.kind) {
      case 0:
        if (value === true) code = 1;
        else if (value === false) code = 0;
        else throw domainFault(f, i, value);
        break;
      case 1:
        code = (value as number) - f.lo;
        if (code >>> 0 !== code || code >= f.size) throw domainFault(f, i, value);
        break;
      case 2: {
        // small enums: a scan of the values beats hashing the string
        const values = f.values;
        let c = -1;
        if (values.length <= 8) {
          for (let k = 0; k < values.length; k++) {
            if (values[k] === value) {
              c = k;
              break;
            }
          }
        } else {
          c = f.codes.get(value as T) ?? -1;
        }
        if (c < 0) throw domainFault(f, i, value);
        code = c;
        break;
      }
      case 4:
      case 5:
        code = f.type!.codeOf(value);
        if (code < 0) throw typeFault(f, i, value);
        break;
      default:
        try {
          code = this.interner.idOf(value);
        } catch (e) {
          throw new ModelFault('IL107', `${f.name}: ${(e as Error).message}`);
        }
        if (f.type !== undefined && !f.checked.has(code)) {
          if (!f.type.has(value)) throw typeFault(f, i, value);
          f.checked.add(code);
        }
    }
    const w = f.word[i]!;
    const sh = f.shift[i]!;
    this.buf[w] = (this.buf[w]! & ~(f.mask << sh)) | (code << sh);
  }

  /** The raw code of a field element (0..size-1); for hot loops. */
  code(f: Field<unknown>, i = 0): number {
    return (this.buf[f.word[i]!]! >>> f.shift[i]!) & f.mask;
  }

  /** Length of a bounded sequence. */
  len(q: Seq<unknown>): number {
    return this.get(q.len);
  }

  /** Element i (0-based) of a sequence. */
  at<T>(q: Seq<T>, i: number): T {
    const n = this.get(q.len);
    if (i >>> 0 !== i || i >= n) throw new ModelFault('IL102', `${q.name}: index ${i} is outside the sequence of length ${n}`);
    return this.get(q.items, i);
  }

  /** Appends to a sequence; exceeding maxLen is a domain error. */
  push<T>(q: Seq<T>, value: T): void {
    const n = this.get(q.len);
    if (n >= q.maxLen) throw new ModelFault('IL102', `${q.name}: append to a full sequence (maxLen ${q.maxLen}); the model needs a larger bound or never drains it`);
    this.set(q.items, n, value);
    this.set(q.len, n + 1);
  }

  /** Removes and returns element i (default: the head). Later slots move down. */
  removeAt<T>(q: Seq<T>, i = 0): T {
    const n = this.get(q.len);
    if (i >>> 0 !== i || i >= n) throw new ModelFault('IL102', `${q.name}: remove at ${i} from a sequence of length ${n}`);
    const out = this.get(q.items, i);
    for (let k = i; k + 1 < n; k++) {
      const code = this.code(q.items, k + 1);
      this.writeCode(q.items, k, code);
    }
    this.writeCode(q.items, n - 1, 0);
    this.set(q.len, n - 1);
    return out;
  }

  /** Whether the sequence contains value. */
  includes<T>(q: Seq<T>, value: T): boolean {
    const n = this.get(q.len);
    for (let k = 0; k < n; k++) if (this.get(q.items, k) === value) return true;
    return false;
  }

  /**
   * An assertion inside an effect, like C's assert(): when `cond` is false the
   * step leads to an error state, reported as a violation of the property
   * `name` (declared in the model's `assertions`). The effect stops here.
   */
  assert(cond: boolean, name: string, detail?: string): void {
    if (cond) return;
    if (!this.assertionNames.has(name)) {
      throw new ModelFault('IL105', `assert() names '${name}', which the model does not declare in 'assertions' (declared: ${[...this.assertionNames].join(', ') || 'none'})`);
    }
    signal.name = name;
    signal.detail = detail;
    throw signal;
  }

  /**
   * Inside an effect: the step has no successor after all, as when a TLA+
   * action's condition on primed variables is false (`x' \in S /\ x' # y'`).
   * The action counts as not enabled in this state (for deadlock and
   * fairness), and nothing is generated, as in TLC. The effect stops here.
   */
  reject(): never {
    throw REJECTED;
  }

  private writeCode(f: Field<unknown>, i: number, code: number): void {
    const w = f.word[i]!;
    const sh = f.shift[i]!;
    this.buf[w] = (this.buf[w]! & ~(f.mask << sh)) | (code << sh);
  }
}

function indexFault(f: Field<unknown>, i: number): ModelFault {
  return new ModelFault('IL102', `${f.name}: index ${String(i)} is outside 0..${f.length - 1}`);
}

function elementName(f: Field<unknown>, i: number): string {
  return f.isArray ? `${f.name}[${i}]` : f.name;
}

/** A write outside a TLA+ value domain: what was written, the domain, and which part is not in it. */
function typeFault(f: Field<unknown>, i: number, value: unknown): ModelFault {
  const where = elementName(f, i);
  return new ModelFault('IL113', `${where} := ${showValue(value)} is outside its domain ${f.domain.text}: ${f.type!.whyNot(value, where) ?? 'not a member'}`, 'guard the action so the value stays in the domain, or declare a wider domain (v.ints() for integers without a bound, checked by a TypeOK invariant)');
}

function domainFault(f: Field<unknown>, i: number, value: unknown): ModelFault {
  const where = f.isArray ? `${f.name}[${i}]` : f.name;
  return new ModelFault('IL102', `${where} := ${JSON.stringify(value) ?? String(value)} is outside its domain ${f.domain.text}`);
}
