/**
 * The public model interface: knobs, variables, actions, properties.
 *
 * A model is data plus pure functions: `build(knobs, vars)` declares
 * the variables and returns the initial states, the named actions (guard +
 * effect) and the named properties. `buildModel` turns a definition and knob
 * values into a `BuiltModel`, the flat form the engine explores: a list of
 * transitions, each one action (or one choice of a nondeterministic action).
 * No I/O, clock or randomness belongs in a model.
 */
import { argumentError, requireFunction, requireInt, requireName, requireNames, requireOneOf } from './args';
import type { SymmetryDef } from './symmetry';
import { Record as IRecord } from 'immutable';
import { InterleaveError, modelError, usageError } from './errors';
import { Interner } from './intern';
import { createLayout, Layout, readField, Vars } from './layout';
import { ModelFault, StateView } from './view';
import { closureInits, InitProduct, InitStates, productInits } from './init';
import { viewMask, ViewPart } from './identity';
import { compileRefinement, RefinementDef } from './refinement';
import { userFrame } from './frames';

// ---------------------------------------------------------------- knobs

export type KnobSpec =
  | { readonly kind: 'int'; readonly min: number; readonly max: number; readonly default: number; readonly doc?: string }
  | { readonly kind: 'bool'; readonly default: boolean; readonly doc?: string }
  | { readonly kind: 'enum'; readonly values: readonly string[]; readonly default: string; readonly doc?: string };

export type KnobSpecs = Record<string, KnobSpec>;
type KnobValue<S extends KnobSpec> = S extends { kind: 'int' } ? number : S extends { kind: 'bool' } ? boolean : S extends { kind: 'enum'; values: readonly (infer V)[] } ? V : never;
export type KnobValues<K extends KnobSpecs> = { readonly [N in keyof K]: KnobValue<K[N]> };
export type AnyKnobValues = Readonly<Record<string, number | boolean | string>>;

/** An integer knob min..max. */
export function intKnob(min: number, max: number, def: number, doc?: string): { kind: 'int'; min: number; max: number; default: number; doc?: string } {
  const call = 'intKnob(min, max, default)';
  requireInt(call, 'min', min);
  requireInt(call, 'max', max, min);
  requireInt(call, 'default', def, min);
  if (def > max) throw argumentError(call, 'default', def, `in ${min}..${max}`);
  return { kind: 'int', min, max, default: def, doc };
}
/** A boolean knob. */
export function boolKnob(def: boolean, doc?: string): { kind: 'bool'; default: boolean; doc?: string } {
  if (typeof def !== 'boolean') throw argumentError('boolKnob(default)', 'default', def, 'true or false');
  return { kind: 'bool', default: def, doc };
}
/** A knob taking one of the given names. */
export function enumKnob<const V extends string>(values: readonly V[], def: V, doc?: string): { kind: 'enum'; values: readonly V[]; default: V; doc?: string } {
  requireNames('enumKnob(values, default)', 'values', values, { min: 1 });
  requireOneOf('enumKnob(values, default)', 'default', def, values);
  return { kind: 'enum', values, default: def, doc };
}

/** Domain text of a knob, for `list` and errors. */
export function knobDomainText(k: KnobSpec): string {
  switch (k.kind) {
    case 'int':
      return `${k.min}..${k.max}`;
    case 'bool':
      return 'true|false';
    case 'enum':
      return k.values.join('|');
  }
}

// ---------------------------------------------------------------- actions and properties

export type Guard = (s: StateView) => boolean;
export type Effect = (s: StateView) => void;

/** Display data of a step: the thread (lane) that takes it and its source reference. */
export interface StepMeta {
  /** The lane (thread, process) the step belongs to, for swimlanes. */
  readonly lane?: string;
  /** Where the step comes from, e.g. `migration/savevm.c:1628 qemu_mutex_unlock_iothread()`. */
  readonly source?: string;
  /** Anything else a display layer wants (plain JSON data). */
  readonly data?: Readonly<Record<string, unknown>>;
}

export interface ActionDef extends StepMeta {
  /** The label shown in traces and coverage, unique in the model. */
  readonly name: string;
  /** The declared action this is a choice of (for `choose`); else the name. */
  readonly group: string;
  readonly guard: Guard;
  readonly effect: Effect;
  /**
   * A choice action (`chooseFrom`): the choices in the state at hand, one
   * step each. The engine puts the choice in `current` before it runs
   * `effect`, and labels the step `labelOf(choice)`.
   */
  readonly choices?: (s: StateView) => readonly unknown[];
  readonly current?: { value: unknown };
  readonly labelOf?: (x: unknown) => string;
}

const always: Guard = () => true;

/** A named action: enabled when `guard` holds, then `effect` writes the successor. */
export function action(name: string, guard: Guard | null, effect: Effect, meta: StepMeta = {}): ActionDef {
  requireName('action(name, guard, effect)', 'name', name);
  if (guard !== null) requireFunction('action(name, guard, effect)', 'guard (or null)', guard);
  requireFunction('action(name, guard, effect)', 'effect', effect);
  return { name, group: name, guard: guard ?? always, effect, ...meta };
}

/**
 * A nondeterministic action (TLA+ `\E x \in S : A(x)`): one transition per
 * choice, labelled `name(x)` unless `label` says otherwise.
 */
export function choose<X>(
  name: string,
  choices: readonly X[],
  guard: ((s: StateView, x: X) => boolean) | null,
  effect: (s: StateView, x: X) => void,
  meta: StepMeta & { label?: (x: X) => string; metaOf?: (x: X) => StepMeta } = {},
): ActionDef[] {
  const call = 'choose(name, choices, guard, effect)';
  requireName(call, 'name', name);
  if (!Array.isArray(choices)) throw argumentError(call, 'choices', choices, 'an array of the values to choose from');
  if (guard !== null) requireFunction(call, 'guard (or null)', guard);
  requireFunction(call, 'effect', effect);
  return choices.map((x) => ({
    name: meta.label ? meta.label(x) : `${name}(${String(x)})`,
    group: name,
    guard: guard ? (s: StateView) => guard(s, x) : always,
    effect: (s: StateView) => effect(s, x),
    lane: meta.lane,
    source: meta.source,
    data: meta.data,
    ...(meta.metaOf ? meta.metaOf(x) : {}),
  }));
}

/** One disjunct of an action (TLA+ `g /\ x' = e`): a guard and an effect, with a label for traces and coverage. */
export interface Disjunct extends StepMeta {
  /** Shown as `Name/label`; default the disjunct's position, 1-based. */
  readonly label?: string;
  readonly guard?: Guard | null;
  readonly effect: Effect;
}

/**
 * An action written as a disjunction (TLA+ `A == D1 \/ D2 \/ ...`), one
 * transition per disjunct. TLC generates one successor for every disjunct
 * that holds, even when two give the same state, and counts each in "states
 * generated" (Tool.getNextStates walks every disjunct; a disjunct under
 * `\E x \in S` once per x). So a translated action matches TLC's count
 * only as separate transitions, which this builds without splitting the
 * action by hand: disjunct k is labelled `name/label` (default `name/k`),
 * and every disjunct belongs to the group `name`, so `weakFair(name)` and
 * coverage see them as one action. A part may be an `action(...)` or a
 * `choose(...)` list: `\E x \in S : D1(x) \/ D2(x)` is
 * `disjuncts('A', [choose('D1', S, g1, e1), choose('D2', S, g2, e2)])`,
 * labelled `A/D1(x)`, `A/D2(x)`.
 */
export function disjuncts(name: string, parts: readonly (Disjunct | ActionDef | readonly ActionDef[])[], meta: StepMeta = {}): ActionDef[] {
  const out: ActionDef[] = [];
  parts.forEach((part, k) => {
    const defs: readonly (Disjunct | ActionDef)[] = Array.isArray(part) ? (part as readonly ActionDef[]) : [part as Disjunct | ActionDef];
    for (const d of defs) {
      if ('group' in d) {
        const inner = d.labelOf;
        out.push({ ...d, ...withoutUndefined({ lane: d.lane ?? meta.lane, source: d.source ?? meta.source, data: d.data ?? meta.data }), name: `${name}/${d.name}`, group: name, ...(inner ? { labelOf: (x: unknown) => `${name}/${inner(x)}` } : {}) });
        continue;
      }
      const own = d.label ?? String(k + 1);
      out.push({
        lane: meta.lane,
        source: meta.source,
        data: meta.data,
        ...withoutUndefined({ lane: d.lane, source: d.source, data: d.data }),
        name: `${name}/${own}`,
        group: name,
        guard: d.guard ?? always,
        effect: d.effect,
      });
    }
  });
  return out;
}

function withoutUndefined(meta: StepMeta): StepMeta {
  return Object.fromEntries(Object.entries(meta).filter(([, v]) => v !== undefined));
}

/**
 * A quantifier over a set that depends on the state (TLA+
 * `\E m \in msgs[self] : A(m)`): `choices` computes the set from the state
 * before the step, and the action makes one step per element, labelled
 * `name(m)` (or `label(m)`) in traces and coverage. No static superset and
 * guard are needed, and coverage lists only the choices that occur. One
 * action for fairness (`weakFair(name)`). An empty set: the action is not
 * enabled. The choices must be computed from the state alone, in a fixed
 * order (counterexamples are replayed by recomputing them).
 */
export function chooseFrom<X>(
  name: string,
  choices: (s: StateView) => readonly X[],
  effect: (s: StateView, x: X) => void,
  meta: StepMeta & { label?: (x: X) => string; guard?: Guard } = {},
): ActionDef {
  const current = { value: undefined as unknown };
  const label = meta.label;
  return {
    name,
    group: name,
    guard: meta.guard ?? always,
    effect: (s) => effect(s, current.value as X),
    choices,
    current,
    labelOf: label ? (x) => label(x as X) : (x) => `${name}(${String(x)})`,
    lane: meta.lane,
    source: meta.source,
    data: meta.data,
  };
}

export type Invariant = Guard | { readonly check: Guard; readonly doc?: string };

/**
 * A predicate over one step (TLA+ `[A]_vars`): the state before, the state
 * after, and the action's label. Stuttering steps (no variable changes) are
 * never checked, as in TLA+.
 */
export type StepPredicate = (pre: StateView, post: StateView, action: string) => boolean;
export type ActionProperty = StepPredicate | { readonly check: StepPredicate; readonly doc?: string };

/**
 * A liveness property over state predicates (TLA+ `<>P`, `[]<>P`, `<>[]P`,
 * `P ~> Q`). Checked over the whole reachable graph after exploration, under
 * the model's fairness conditions; see docs/liveness.md.
 */
export type LivenessDef =
  | { readonly kind: 'eventually'; readonly p: Guard; readonly doc?: string }
  | { readonly kind: 'alwaysEventually'; readonly p: Guard; readonly doc?: string }
  | { readonly kind: 'eventuallyAlways'; readonly p: Guard; readonly doc?: string }
  | { readonly kind: 'leadsTo'; readonly p: Guard; readonly q: Guard; readonly doc?: string };
export type LivenessKind = LivenessDef['kind'];

/** `<>P`: every behaviour reaches a state where P holds. */
export function eventually(p: Guard, doc?: string): LivenessDef {
  requireFunction('eventually(P)', 'P', p);
  return { kind: 'eventually', p, doc };
}
/** `[]<>P`: P holds again and again, forever. */
export function alwaysEventually(p: Guard, doc?: string): LivenessDef {
  requireFunction('alwaysEventually(P)', 'P', p);
  return { kind: 'alwaysEventually', p, doc };
}
/** `<>[]P`: from some point on, P holds for ever. */
export function eventuallyAlways(p: Guard, doc?: string): LivenessDef {
  requireFunction('eventuallyAlways(P)', 'P', p);
  return { kind: 'eventuallyAlways', p, doc };
}
/** `P ~> Q` (TLA+ leads-to, `[](P => <>Q)`): whenever P holds, Q holds then or later. */
export function leadsTo(p: Guard, q: Guard, doc?: string): LivenessDef {
  requireFunction('leadsTo(P, Q)', 'P', p);
  requireFunction('leadsTo(P, Q)', 'Q', q);
  return { kind: 'leadsTo', p, q, doc };
}

/**
 * What a fairness condition is about: an action's label, the name of a
 * `choose` group (all its choices as one action), or `{ lane }` (every step of
 * a thread as one action: "this thread keeps getting scheduled").
 */
export type FairTarget = string | { readonly lane: string };

/** A fairness condition: TLA+ `WF_vars(A)` (weak) or `SF_vars(A)` (strong), A the union of the targets. */
export interface FairnessDef {
  readonly kind: 'weak' | 'strong';
  readonly targets: readonly FairTarget[];
  /** Shown in results and warnings; default `WF(a, b)` / `SF(a, b)`. */
  readonly name?: string;
}

/** `WF_vars(A)`: if A stays enabled, A is eventually taken. A is the union of the targets. */
export function weakFair(...targets: FairTarget[]): FairnessDef {
  return { kind: 'weak', targets };
}
/** `SF_vars(A)`: if A is enabled again and again, A is eventually taken. */
export function strongFair(...targets: FairTarget[]): FairnessDef {
  return { kind: 'strong', targets };
}

/** What `build` returns. */
export interface ModelBody {
  /**
   * One initial state (an effect on the all-defaults state), several, or a
   * product of variable domains filtered by a predicate (`initProduct`, TLA+
   * `Init == x \in S /\ P(x)`).
   */
  readonly init: Effect | readonly Effect[] | InitProduct;
  readonly actions: readonly (ActionDef | readonly ActionDef[])[];
  /** Named state predicates that must hold in every reachable state. */
  readonly invariants?: Readonly<Record<string, Invariant>>;
  /** Named assertions that effects may raise with `s.assert(cond, name)`; value = description. */
  readonly assertions?: Readonly<Record<string, string>>;
  /** Named step predicates checked on every non-stuttering step (TLA+ `[][A]_vars`). */
  readonly actionProperties?: Readonly<Record<string, ActionProperty>>;
  /**
   * Named refinements (TLA+ `PROPERTY Abstract!Spec`): `refinement(Abstract, map)`.
   * Each is checked as an action property: the mapped initial states are
   * initial states of the abstract model, and every step maps to a step of
   * its actions or to a stutter. See refinement.ts.
   */
  readonly refines?: Readonly<Record<string, RefinementDef>>;
  /** Named liveness properties, checked under `fairness` after exploration. */
  readonly liveness?: Readonly<Record<string, LivenessDef>>;
  /** Fairness conditions (TLA+ `WF_vars`/`SF_vars`); none means any behaviour may stop (stutter) anywhere. */
  readonly fairness?: readonly FairnessDef[];
  /**
   * TLC's `CONSTRAINT`: a state outside it is generated and checked against the
   * invariants, but never stored or expanded. It still counts as a successor
   * for deadlock.
   */
  readonly constraint?: Guard;
  /** TLC's `ACTION_CONSTRAINT`: as `constraint`, over a step (pre, post, action label). */
  readonly actionConstraint?: StepPredicate;
  /** Interchangeable processes (TLA+ `SYMMETRY`), see symmetry.ts; `--no-symmetry` ignores it. */
  readonly symmetry?: readonly SymmetryDef[];
  /**
   * TLC's `VIEW`: the variables that decide state identity. Two states that
   * agree on them are one state (the first one reached is kept and expanded);
   * the others are auxiliary (history, display counters). See identity.ts.
   */
  readonly view?: readonly ViewPart[];
  /** Whether deadlock is checked by default (TLC's `CHECK_DEADLOCK`); the `--deadlock`/`--no-deadlock` flags override. Default true. */
  readonly checkDeadlock?: boolean;
  /** States with no enabled action that are a normal end, not a deadlock. */
  readonly terminal?: Guard;
  /** Doc of the deadlock property (what "stuck" means for this model). */
  readonly deadlockDoc?: string;
  /** Extra display data for writers (swimlanes etc.): plain JSON. */
  readonly display?: Readonly<Record<string, unknown>>;
  /** How to explain a counterexample in pictures (swimlanes, wait-for graphs). */
  readonly explain?: Explain;
}

/**
 * Optional hooks a model (or a kit such as models/kit) gives the writers so
 * that counterexamples read like the system: lanes per thread, the frames a
 * thread runs in, the state that matters, and at a deadlock who waits on
 * what. All are pure functions of a decoded state (`waits` may also read
 * the states that led to it).
 */
export interface Explain {
  /** Lanes (threads, processes) in display order; default: the actions' lanes in order of first appearance. */
  readonly lanes?: readonly string[];
  /** Per lane, the stack of frames it is in, outermost first, e.g. `blk_pwrite > aio_poll > snapshot_save_job_bh`. */
  readonly frames?: (state: DecodedState) => Readonly<Record<string, string>>;
  /** The few facts that matter after a step, one per line (BQL owner, semaphore counts, pending BHs). */
  readonly summary?: (state: DecodedState) => readonly string[];
  /**
   * Who waits on what, and who holds it or would post it; read at a
   * deadlock. `history`, when given, is the counterexample's states, the initial one
   * first and `state` last (index = step number), so that an edge can name
   * the step that caused it (a lost wake-up names the notification's step).
   */
  readonly waits?: (state: DecodedState, history?: readonly DecodedState[]) => readonly WaitFor[];
}

/** One edge of a wait-for graph: `thread` is blocked on resource `on`, which `holder` holds (or would post). */
export interface WaitFor {
  readonly thread: string;
  /** The resource, e.g. `BQL`, `channels_ready`. */
  readonly on: string;
  /** The thread holding it, or the one that would post/release it; absent if nobody can. */
  readonly holder?: string;
  /** Where the thread blocks, e.g. `migration/multifd.c:633 qemu_sem_wait()`. */
  readonly source?: string;
}

export interface PresetDef {
  readonly doc?: string;
  readonly knobs: AnyKnobValues;
}

/** A model definition, as a model file exports it. */
export interface ModelDefinition<K extends KnobSpecs = KnobSpecs> {
  readonly name: string;
  readonly description?: string;
  readonly knobs?: K;
  readonly presets?: Readonly<Record<string, PresetDef>>;
  /**
   * Knobs that follow from other knobs (e.g. a scenario knob that fixes the
   * environment knobs). Applied after presets and settings; results report
   * the derived values. Setting a derived knob explicitly to another value
   * is a usage error, never silently overridden.
   */
  readonly derive?: (knobs: KnobValues<K>) => Partial<KnobValues<K>>;
  readonly build: (knobs: KnobValues<K>, v: Vars) => ModelBody;
}

/** Identity with type inference; marks a model definition. */
export function defineModel<K extends KnobSpecs = {}>(def: ModelDefinition<K>): ModelDefinition<K> {
  return def;
}

export type PropertyKind = 'invariant' | 'assertion' | 'deadlock' | 'action' | 'liveness';

export interface PropertyInfo {
  readonly name: string;
  readonly kind: PropertyKind;
  readonly doc?: string;
  /** For liveness properties: which form (`eventually`, `leadsTo`, …). */
  readonly form?: LivenessKind;
}

/** A fairness condition resolved to the model's action ids. */
export interface BuiltFairness {
  readonly name: string;
  readonly kind: 'weak' | 'strong';
  /** Sorted action indices that make up A. */
  readonly actions: readonly number[];
}

/** The flat, engine-facing form of a model with its knobs fixed. */
export interface BuiltModel {
  readonly name: string;
  readonly knobs: AnyKnobValues;
  readonly preset: string | undefined;
  readonly layout: Layout;
  readonly interner: Interner;
  readonly actions: readonly ActionDef[];
  readonly invariants: readonly { readonly name: string; readonly check: Guard; readonly doc?: string }[];
  readonly assertions: readonly { readonly name: string; readonly doc: string }[];
  /** With `initially`, also a condition on every initial state (a refinement's abstract Init). */
  readonly actionProperties: readonly { readonly name: string; readonly check: StepPredicate; readonly doc?: string; readonly initially?: Guard }[];
  readonly liveness: readonly ({ readonly name: string } & LivenessDef)[];
  readonly fairness: readonly BuiltFairness[];
  readonly constraint: Guard | undefined;
  readonly actionConstraint: StepPredicate | undefined;
  readonly symmetry: readonly SymmetryDef[] | undefined;
  /** The word mask of the variables the model's VIEW keeps; undefined: whole states. */
  readonly viewMask: Uint32Array | undefined;
  /** The model's own default for deadlock checking. */
  readonly checkDeadlock: boolean;
  readonly terminal: Guard | undefined;
  readonly deadlockDoc: string | undefined;
  readonly display: Readonly<Record<string, unknown>> | undefined;
  readonly explain: Explain | undefined;
  /** The initial states, packed, produced on demand. */
  readonly initStates: InitStates;
  /** A view for reading/writing packed states of this model. */
  createView(): StateView;
  /** The public, decoded form of a packed state: an Immutable Record of variables. */
  decode(buf: Uint32Array): DecodedState;
  readonly properties: readonly PropertyInfo[];
}

export type DecodedState = IRecord<Record<string, unknown>> & Readonly<Record<string, unknown>>;

/**
 * Resolves knob values: defaults, then the preset, then explicit settings.
 * String settings (from the CLI) are parsed by the knob's kind.
 */
export function resolveKnobs<K extends KnobSpecs>(model: ModelDefinition<K>, opts: { preset?: string; set?: Readonly<Record<string, unknown>> } = {}): AnyKnobValues {
  const def = model as unknown as ModelDefinition<KnobSpecs>;
  const specs: KnobSpecs = def.knobs ?? {};
  const names = Object.keys(specs);
  const out: Record<string, number | boolean | string> = {};
  for (const n of names) out[n] = specs[n]!.default;
  const explicit = new Map<string, string>(); // knob -> where it was set
  const apply = (name: string, raw: unknown, origin: string) => {
    const spec = specs[name];
    if (!spec) {
      throw usageError('IL002', `model '${def.name}' has no knob '${name}' (${origin})`, {
        hint: `interleave list ${def.name}`,
        alternatives: names.length > 0 ? names.map((n) => `${n}=${knobDomainText(specs[n]!)}`) : ['(this model has no knobs)'],
      });
    }
    out[name] = parseKnob(def.name, name, spec, raw);
    explicit.set(name, origin);
  };
  if (opts.preset !== undefined) {
    const presets = def.presets ?? {};
    const p = presets[opts.preset];
    if (!p) {
      throw usageError('IL005', `model '${def.name}' has no preset '${opts.preset}'`, {
        hint: `interleave list ${def.name}`,
        alternatives: Object.keys(presets).length > 0 ? Object.keys(presets) : ['(this model has no presets)'],
      });
    }
    for (const [k, v] of Object.entries(p.knobs)) apply(k, v, `preset '${opts.preset}'`);
  }
  for (const [k, v] of Object.entries(opts.set ?? {})) apply(k, v, '--set');
  if (def.derive) {
    const derived = def.derive(out as KnobValues<KnobSpecs>) as Record<string, number | boolean | string>;
    for (const [name, value] of Object.entries(derived)) {
      if (!specs[name]) throw modelError('IL106', `model '${def.name}': derive() sets '${name}', which is not a knob`, { alternatives: names });
      const origin = explicit.get(name);
      if (origin !== undefined && out[name] !== value) {
        throw usageError('IL003', `knob ${name}=${String(out[name])} (${origin}) conflicts with ${name}=${String(value)}, which the model derives from its other knobs`, {
          hint: `drop the setting of ${name}, or change the knob it follows from (interleave list ${def.name})`,
        });
      }
      out[name] = value;
    }
  }
  return out;
}

function parseKnob(model: string, name: string, spec: KnobSpec, raw: unknown): number | boolean | string {
  const bad = (why: string) =>
    usageError('IL003', `knob ${name}=${String(raw)} of model '${model}' is invalid: ${why}`, {
      hint: `--set ${name}=<${knobDomainText(spec)}>`,
      alternatives: [knobDomainText(spec)],
    });
  switch (spec.kind) {
    case 'int': {
      const n = typeof raw === 'number' ? raw : typeof raw === 'string' && /^-?\d+$/.test(raw.trim()) ? Number(raw) : NaN;
      if (!Number.isInteger(n)) throw bad('not an integer');
      if (n < spec.min || n > spec.max) throw bad(`outside ${spec.min}..${spec.max}`);
      return n;
    }
    case 'bool': {
      if (raw === true || raw === 'true' || raw === '1' || raw === 1) return true;
      if (raw === false || raw === 'false' || raw === '0' || raw === 0) return false;
      throw bad('not a boolean');
    }
    case 'enum': {
      const s = String(raw);
      if (!spec.values.includes(s)) throw bad(`not one of ${spec.values.join(', ')}`);
      return s;
    }
  }
}

/** Builds the engine-facing model for the given knob values (already resolved). */
export function buildModel<K extends KnobSpecs>(model: ModelDefinition<K>, knobs: AnyKnobValues, preset?: string): BuiltModel {
  const def = model as unknown as ModelDefinition<KnobSpecs>;
  const vars = new Vars();
  let body: ModelBody;
  try {
    body = def.build(knobs as KnobValues<KnobSpecs>, vars);
  } catch (e) {
    if (e instanceof InterleaveError) throw e;
    if (e instanceof ModelFault) throw modelError(e.code, `model '${def.name}' failed to build: ${e.message}${userFrame(e)}`, { hint: e.hint ?? 'fix build() at that line' });
    throw modelError('IL106', `model '${def.name}' failed to build: ${(e as Error).message}${userFrame(e)}`, { hint: 'fix build() at that line' });
  }
  const layout = createLayout(vars);
  const interner = new Interner();

  const actions = body.actions.flat() as ActionDef[];
  const seen = new Set<string>();
  for (const a of actions) {
    if (seen.has(a.name)) throw modelError('IL106', `model '${def.name}' has two actions named '${a.name}'`, { hint: 'action labels must be unique' });
    seen.add(a.name);
  }
  if (actions.length >= 0xffff) throw modelError('IL106', `model '${def.name}' has ${actions.length} actions; at most 65534 are supported`);

  const invariants = Object.entries(body.invariants ?? {}).map(([name, inv]) =>
    typeof inv === 'function' ? { name, check: inv } : { name, check: inv.check, doc: inv.doc },
  );
  const assertions = Object.entries(body.assertions ?? {}).map(([name, doc]) => ({ name, doc }));
  const actionProperties: BuiltModel['actionProperties'] = [
    ...Object.entries(body.actionProperties ?? {}).map(([name, p]) => (typeof p === 'function' ? { name, check: p } : { name, check: p.check, doc: p.doc })),
    ...Object.entries(body.refines ?? {}).map(([name, r]) => ({
      name,
      ...compileRefinement(def.name, name, r, (abstract, set) => buildModel(abstract, resolveKnobs(abstract, { set }))),
      doc: r?.doc ?? `refines ${r?.abstract?.name ?? 'the abstract model'}: mapped initial states are its initial states, and every step is one of its steps or a stutter`,
    })),
  ];
  const liveness = Object.entries(body.liveness ?? {}).map(([name, l]) => {
    if (!l || !['eventually', 'alwaysEventually', 'eventuallyAlways', 'leadsTo'].includes(l.kind) || typeof l.p !== 'function' || (l.kind === 'leadsTo' && typeof l.q !== 'function')) {
      throw modelError('IL106', `model '${def.name}': liveness property '${name}' is not a liveness formula`, { hint: 'build it with eventually(P), alwaysEventually(P), eventuallyAlways(P) or leadsTo(P, Q)' });
    }
    return { name, ...l };
  });
  const fairness = (body.fairness ?? []).map((f, k) => resolveFairness(def.name, f, k, actions));
  const names = new Set<string>(['deadlock']);
  for (const p of [...invariants, ...assertions, ...actionProperties, ...liveness]) {
    if (names.has(p.name)) throw modelError('IL106', `model '${def.name}' names two properties '${p.name}'`, { hint: "property names are unique, and 'deadlock' is reserved" });
    names.add(p.name);
  }
  const assertionNames = new Set(assertions.map((a) => a.name));
  const createView = () => new StateView(layout.words, interner, assertionNames);

  // The all-defaults state: zero codes, value variables at their declared initial values.
  const base = createView();
  for (const { field, index, value } of vars.valueDefaults) {
    if (field.isArray) base.set(field as never, index, value as never);
    else base.set(field as never, value as never);
  }
  const initStates = isInitProduct(body.init)
    ? productInits(def.name, body.init, layout.fields, createView, base)
    : closureInits(def.name, Array.isArray(body.init) ? (body.init as readonly Effect[]) : [body.init as Effect], createView, base);

  const defaults: Record<string, unknown> = {};
  for (const d of layout.decls) defaults[d.name] = undefined;
  const StateRecord = IRecord(defaults, `${def.name} state`);
  const decode = (buf: Uint32Array): DecodedState => {
    const read = <T>(f: import('./layout').Field<T>, i: number) => readField(buf, interner, f, i);
    const values: Record<string, unknown> = {};
    for (const d of layout.decls) values[d.name] = d.decode(read);
    return StateRecord(values) as unknown as DecodedState;
  };

  const properties: PropertyInfo[] = [
    ...invariants.map((i) => ({ name: i.name, kind: 'invariant' as const, doc: i.doc })),
    ...assertions.map((a) => ({ name: a.name, kind: 'assertion' as const, doc: a.doc })),
    ...actionProperties.map((a) => ({ name: a.name, kind: 'action' as const, doc: a.doc })),
    ...liveness.map((l) => ({ name: l.name, kind: 'liveness' as const, doc: l.doc, form: l.kind })),
    { name: 'deadlock', kind: 'deadlock' as const, doc: body.deadlockDoc ?? 'a reachable state with no enabled action that is not terminal' },
  ];

  return {
    name: def.name,
    knobs,
    preset,
    layout,
    interner,
    actions,
    invariants,
    assertions,
    actionProperties,
    liveness,
    fairness,
    constraint: body.constraint,
    actionConstraint: body.actionConstraint,
    symmetry: body.symmetry && body.symmetry.length > 0 ? body.symmetry : undefined,
    viewMask: body.view !== undefined ? viewMask(def.name, body.view, layout.fields, layout.words) : undefined,
    checkDeadlock: body.checkDeadlock ?? true,
    terminal: body.terminal,
    deadlockDoc: body.deadlockDoc,
    display: body.display,
    explain: body.explain,
    initStates,
    createView,
    decode,
    properties,
  };
}

function isInitProduct(init: ModelBody['init']): init is InitProduct {
  return typeof init === 'object' && init !== null && !Array.isArray(init) && (init as InitProduct).kind === 'product';
}

function targetText(t: FairTarget): string {
  return typeof t === 'string' ? t : `lane ${t.lane}`;
}

/** Resolves a fairness condition's targets to action ids; an unknown target is a model error (IL108). */
function resolveFairness(model: string, f: FairnessDef, k: number, actions: readonly ActionDef[]): BuiltFairness {
  if (!f || (f.kind !== 'weak' && f.kind !== 'strong') || !Array.isArray(f.targets) || f.targets.length === 0) {
    throw modelError('IL108', `model '${model}': fairness condition ${k} is not weakFair(...) or strongFair(...) with at least one action`, { hint: "fairness: [weakFair('Enter'), strongFair({ lane: 'main' })]" });
  }
  const ids = new Set<number>();
  for (const t of f.targets) {
    const before = ids.size;
    const lane = typeof t === 'string' ? undefined : t?.lane;
    actions.forEach((a, i) => {
      if (lane !== undefined ? a.lane === lane : a.name === t || a.group === t) ids.add(i);
    });
    if (ids.size === before) {
      const lanes = [...new Set(actions.map((a) => a.lane).filter((l): l is string => l !== undefined))];
      const groups = [...new Set(actions.map((a) => a.group))];
      throw modelError('IL108', `model '${model}': fairness condition ${f.name ?? k} names ${lane !== undefined ? `lane '${lane}'` : `'${String(t)}'`}, which ${lane !== undefined ? 'no action runs in' : 'is no action or choose group'}`, {
        hint: 'name an action label, a choose() group or { lane: NAME }',
        alternatives: lane !== undefined ? lanes.map((l) => `{ lane: '${l}' }`) : groups.slice(0, 40),
      });
    }
  }
  const name = f.name ?? `${f.kind === 'weak' ? 'WF' : 'SF'}(${f.targets.map(targetText).join(', ')})`;
  return { name, kind: f.kind, actions: [...ids].sort((a, b) => a - b) };
}
