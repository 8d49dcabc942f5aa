/**
 * Refinement (TLA+ `PROPERTY Abstract!Spec`, with `Abstract == INSTANCE A
 * WITH v <- e(...)`): a state mapping from this model to an abstract model,
 * whose initial condition must hold of every initial state and whose
 * next-state relation must allow every step, stuttering included
 * (`[][Next_A]_vars_A`). The abstract model is an ordinary model definition;
 * its initial states and actions are the abstract spec's `Init` and `Next`.
 *
 * The check is an action property (checker/model.ts) with a condition on
 * initial states: a step is allowed when its mapped pre- and post-states are
 * equal (stuttering) or when some abstract action, taken from the mapped
 * pre-state, gives exactly the mapped post-state. A violation is reported
 * like any action property, with the concrete counterexample. Liveness of
 * the abstract spec is not checked.
 */
import { InterleaveError, modelError } from './errors';
import type { AnyKnobValues, BuiltModel, ModelDefinition, StepPredicate, Guard } from './model';
import { ModelFault, REJECTED, StateView } from './view';

/** What a model declares in `refines`: the abstract model and the mapping. */
export interface RefinementDef {
  readonly kind: 'refinement';
  readonly abstract: ModelDefinition<any>;
  /** Knob settings of the abstract model (default: its defaults). */
  readonly knobs?: Readonly<Record<string, unknown>>;
  /**
   * The abstract state of concrete state `s`, by the abstract model's variable
   * names: every one of them, an array variable as an array, a record's
   * fields as `r.a`, a sequence as `q.len` and `q.items` (TLA+ `WITH v <- e`).
   */
  readonly map: (s: StateView) => Readonly<Record<string, unknown>>;
  readonly doc?: string;
}

/**
 * `refines: { Refines: refinement(AbstractModel, (s) => ({ x: s.get(x), pc: [...] })) }`: the abstract
 * state of each concrete state, by the abstract model's variable names.
 */
export function refinement(abstract: ModelDefinition<any>, map: (s: StateView) => Readonly<Record<string, unknown>>, opts: { knobs?: Readonly<Record<string, unknown>>; doc?: string } = {}): RefinementDef {
  return { kind: 'refinement', abstract, map, ...opts };
}

/** The compiled check: the step predicate and the condition on initial states. */
export interface CompiledRefinement {
  readonly check: StepPredicate;
  readonly initially: Guard;
}

/** Builds the abstract model and the two predicates over it. `build` is buildModel (passed in to avoid an import cycle). */
export function compileRefinement(model: string, name: string, def: RefinementDef, build: (def: ModelDefinition<any>, set: Readonly<Record<string, unknown>>) => BuiltModel): CompiledRefinement {
  if (!def || def.kind !== 'refinement' || typeof def.map !== 'function' || !def.abstract || typeof def.abstract.build !== 'function') {
    throw modelError('IL112', `model '${model}': refinement '${name}' is not refinement(AbstractModel, map)`, { hint: "refines: { Refines: refinement(Abstract, (s, a) => { a.set(ax, s.get(x)); }) }" });
  }
  let abs: BuiltModel;
  try {
    abs = build(def.abstract, def.knobs ?? {});
  } catch (e) {
    if (e instanceof InterleaveError) throw modelError('IL112', `model '${model}': refinement '${name}': the abstract model '${def.abstract.name}' does not build: ${e.message}`, { hint: e.hint ?? 'fix the abstract model or its knobs' });
    throw e;
  }
  const W = abs.layout.words;
  const inits = new Set<string>();
  const scratch = new Uint32Array(W);
  for (let k = 0; k < abs.initStates.length; k++) {
    abs.initStates.write(k, scratch);
    inits.add(scratch.join(','));
  }
  const pre = abs.createView();
  const post = abs.createView();
  const next = abs.createView();
  next.pre = pre;
  const fields = new Map(abs.layout.fields.map((f) => [f.name, f]));
  const names = [...fields.keys()];
  const mapInto = (s: StateView, out: StateView) => {
    const o = def.map(s);
    out.buf.fill(0);
    let set = 0;
    for (const [key, value] of Object.entries(o)) {
      const f = fields.get(key);
      if (!f) throw new ModelFault('IL112', `refinement '${name}': the mapping sets '${key}', which is no variable of the abstract model '${abs.name}' (its variables: ${names.join(', ')})`);
      set++;
      if (!f.isArray) {
        out.set(f as never, value as never);
        continue;
      }
      if (!Array.isArray(value) || value.length > f.length) throw new ModelFault('IL112', `refinement '${name}': the mapping gives ${key} ${JSON.stringify(value)}, not an array of at most ${f.length} elements`);
      value.forEach((v, i) => out.set(f as never, i as never, v as never));
    }
    if (set !== names.length) throw new ModelFault('IL112', `refinement '${name}': the mapping sets ${set} of the ${names.length} variables of the abstract model '${abs.name}' (${names.filter((n) => !(n in o)).join(', ')} missing)`);
  };
  const same = (x: Uint32Array, y: Uint32Array) => {
    for (let k = 0; k < W; k++) if (x[k] !== y[k]) return false;
    return true;
  };
  /** Whether some abstract action takes `pre` to `post`. */
  const allowed = (): boolean => {
    for (const a of abs.actions) {
      if (!a.guard(pre)) continue;
      const list = a.choices ? a.choices(pre) : [undefined];
      for (const x of list) {
        if (a.current) a.current.value = x;
        next.buf.set(pre.buf);
        try {
          a.effect(next);
        } catch (e) {
          if (e === REJECTED) continue;
          throw e;
        }
        if (same(next.buf, post.buf)) return true;
      }
    }
    return false;
  };
  return {
    initially: (s) => {
      mapInto(s, pre);
      return inits.has(pre.buf.join(','));
    },
    check: (s, t) => {
      mapInto(s, pre);
      mapInto(t, post);
      return same(pre.buf, post.buf) || allowed();
    },
  };
}
