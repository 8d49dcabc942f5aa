/**
 * The explorer: the one loop behind BFS and DFS (they differ only in the
 * frontier). It expands states, stores fingerprints and parent links, checks
 * invariants on every new state, assertions on every step and deadlock on
 * every state without an enabled action, and records the first (with BFS: a
 * shortest) violation of each property. Counterexamples are rebuilt after the
 * loop (path.ts). The engine returns a `CheckResult`; it never prints or exits.
 *
 * Hot path: one reused view for the current state and one for the successor;
 * no object is allocated per state. The loop yields to the event loop every
 * ~50 ms so that SIGINT (an AbortSignal) and progress reports get through.
 */
import { ExitCode, InterleaveError, modelError, unreachable } from './errors';
import { collisionProbability, fingerprint, FINGERPRINT_POLICY, fp } from './fingerprint';
import { Frontier, Queue, Stack } from './frontier';
import type { BehaviorGraph } from './behavior';
import { liveGraph } from './live-graph';
import type { Lasso } from './liveness';
import { userFrame } from './frames';
import type { BuiltModel, PropertyKind } from './model';
import { CheckOptions, resolveOptions, ResolvedOptions } from './options';
import { exploreParallel } from './parallel';
import { actionWithSuccessor, nondeterminism, replayLasso, replayPath, stateText } from './path';
import type { CheckResult, CoverageEntry, PropertyResult, Stats, Verdict } from './result';
import { ExactStore, FingerprintStore, NO_PARENT, Store } from './store';
import { Symmetry } from './symmetry';
import { stateKey } from './identity';
import { Bound, Pace } from './pace';
import { AssertionSignal, ModelFault, REJECTED, StateView } from './view';

export interface Found {
  readonly kind: PropertyKind;
  /**
   * The stored state where the violation is seen; with `action`, the state
   * the offending step starts from (an assertion, an action property, or an
   * invariant broken by a successor outside the state constraint). -1 with
   * `init`: an initial state outside the constraint.
   */
  readonly state: number;
  readonly action?: number;
  readonly assertion?: string;
  readonly init?: number;
  readonly lasso?: Lasso;
  /** With a choice action (`chooseFrom`), which of its choices in that state. */
  readonly choice?: number;
}

/** Checks a built model; resolves options first (throws usage errors for bad options). */
export async function check(model: BuiltModel, options: CheckOptions = {}): Promise<CheckResult> {
  const opts = resolveOptions(model, options);
  return opts.workers > 1 ? exploreParallel(model, opts) : explore(model, opts);
}

async function explore(model: BuiltModel, opts: ResolvedOptions): Promise<CheckResult> {
  const started = performance.now();
  const W = model.layout.words;
  const actions = model.actions;
  const A = actions.length;
  const guards = actions.map((a) => a.guard);
  const effects = actions.map((a) => a.effect);
  const choosers = actions.map((a) => a.choices);
  /** Per choice action, fired and distinct counts per choice label, in order of first appearance (coverage). */
  const choiceCounts = actions.map((a) => (a.choices ? new Map<string, [number, number]>() : undefined));
  const selected = model.invariants.filter((i) => opts.invariants.includes(i.name));
  const invNames = selected.map((i) => i.name);
  const invChecks = selected.map((i) => i.check);
  const terminal = model.terminal;
  const actionProps = model.actionProperties.filter((p) => opts.actionProperties.includes(p.name));
  const constraint = model.constraint;
  const actionConstraint = model.actionConstraint;
  const constrained = constraint !== undefined || actionConstraint !== undefined;

  // Liveness: the behaviour graph, predicate columns, and per action the fairness conditions it belongs to.
  const live = liveGraph(model, opts);
  const graph = live?.graph;

  const store: Store = opts.exact ? new ExactStore(W) : new FingerprintStore(1 << 16, graph !== undefined);
  const frontier: Frontier = opts.strategy === 'dfs' ? new Stack(W) : new Queue(W);
  const cur = model.createView();
  const next = model.createView();
  next.pre = cur; // effects write next and read the state before the step through s.pre
  // The successor as a state of its own (its pre is itself), for invariants, constraints and properties.
  const succ = model.createView();
  succ.buf = next.buf;
  // Symmetry (symmetry.ts): states are stored by their orbit's least member, expanded as reached.
  // A VIEW (identity.ts) projects states before that.
  const sym = opts.symmetry ? new Symmetry(model.symmetry!, W) : undefined;
  const key = stateKey(model.viewMask, sym) ?? ((b: Uint32Array) => b);
  const depthBox = new Uint32Array(1);

  const found = new Map<string, Found>();
  const fired = new Float64Array(A);
  const produced = new Float64Array(A);
  let generated = 0;
  let transitions = 0;
  let maxDepth = 0;
  let terminalStates = 0;
  let bound: Bound | undefined;
  let stop = false;

  let curIdx = -1; // the store index of the state being expanded
  const heldBytes = () => store.bytes + frontier.bytes + (graph?.bytes ?? 0);
  const record = (name: string, f: Found) => {
    if (found.has(name)) return;
    found.set(name, f);
    if (!opts.continue) stop = true;
  };

  /** The label of a step of action a; for a choice action, of the choice it is running. */
  const stepName = (a: number) => {
    const act = actions[a]!;
    return act.choices ? act.labelOf!(act.current!.value) : act.name;
  };
  /** The choices of choice action a in the current state. */
  const choicesAt = (a: number): readonly unknown[] => choicesIn(model, a, cur);
  const countChoice = (a: number, distinct: boolean) => countChoiceStep(choiceCounts[a]!, stepName(a), distinct);

  /** Checks the invariants on a state: stored at `idx`, or reached by `via` (choice `choice`) from `idx`, or the unstored initial state `init`. */
  const checkInvariants = (view: StateView, idx: number, via?: number, init?: number, choice?: number) => {
    for (let k = 0; k < invChecks.length; k++) {
      const name = invNames[k]!;
      if (found.has(name)) continue;
      let ok: boolean;
      try {
        ok = invChecks[k]!(view);
      } catch (e) {
        throw wrapFault(model, e, `invariant '${name}'`, view.buf, 'IL104');
      }
      if (!ok) record(name, { kind: 'invariant', state: idx, ...(via !== undefined ? { action: via, choice } : {}), ...(init !== undefined ? { init } : {}) });
    }
  };
  const initialConditions = actionProps.filter((p) => p.initially !== undefined);
  const checkInitially = (view: StateView, init: number) => checkInitialConditions(model, initialConditions, view, init, found, record);
  const inModel = withinConstraints(model, stepName);
  // Determinism sampling: the first opts.determinism expansions run each effect twice.
  let expansions = 0;
  const again = model.createView();
  again.pre = cur;
  const sameWords = (x: Uint32Array, y: Uint32Array) => {
    for (let k = 0; k < W; k++) if (x[k] !== y[k]) return false;
    return true;
  };

  /** Runs action a's effect on the current state once more and compares it with the successor just computed. */
  const checkDeterministic = (a: number) => {
    for (let k = 0; k < W; k++) again.buf[k] = cur.buf[k]!;
    let ok = true;
    try {
      ok = guards[a]!(cur);
      if (ok) effects[a]!(again);
    } catch {
      ok = false;
    }
    if (!ok || !sameWords(again.buf, next.buf)) {
      throw nondeterminism(model, stepName(a), cur.buf, 'run twice on the same state, it gave two different successors (checked on the first expanded states; --determinism all checks every state)');
    }
  };
  /** Checks the action properties on the step cur -> next by action a, choice c (stuttering steps satisfy them). */
  const checkActionProperties = (a: number, c: number) => {
    if (sameWords(cur.buf, next.buf)) return;
    for (const p of actionProps) {
      if (found.has(p.name)) continue;
      let ok: boolean;
      try {
        ok = p.check(cur, succ, stepName(a));
      } catch (e) {
        throw wrapFault(model, e, `action property '${p.name}' on a step of '${stepName(a)}'`, cur.buf, 'IL104');
      }
      if (!ok) record(p.name, { kind: 'action', state: curIdx, action: a, choice: c });
    }
  };

  const pace = new Pace(opts, started, heldBytes);
  let sinceCheck = 0;

  try {
    // Initial states.
    for (let k = 0; k < model.initStates.length && !stop; k++) {
      model.initStates.write(k, next.buf);
      const init = next.buf;
      generated++;
      maxDepth = 1;
      if (initialConditions.length > 0) checkInitially(succ, k);
      if (constrained && !inModel(undefined, succ, -1)) {
        checkInvariants(succ, -1, undefined, k);
        continue;
      }
      const initKey = key(init);
      fingerprint(initKey, W);
      if (store.size >= opts.maxStates) {
        bound = { kind: 'max-states', limit: opts.maxStates };
        break;
      }
      const idx = store.insert(fp.hi, fp.lo, NO_PARENT, k, initKey);
      if (idx < 0) continue;
      live?.inits.push(idx);
      checkInvariants(succ, idx);
      live?.setPredicates(succ, idx);
      frontier.push(idx, 1, init);
    }
    while (frontier.size > 0 && !stop && bound === undefined) {
      const idx = frontier.pop(cur.buf, depthBox);
      curIdx = idx;
      const depth = depthBox[0]!;
      if (depth > maxDepth) maxDepth = depth;
      const atLimit = depth >= opts.maxDepth;
      let enabled = 0;
      expansions++;
      if (graph) graph.begin(idx);
      expand: for (let a = 0; a < A; a++) {
        let on: boolean;
        try {
          on = guards[a]!(cur);
        } catch (e) {
          throw wrapFault(model, e, `the guard of action '${actions[a]!.name}'`, cur.buf, 'IL101');
        }
        if (!on) continue;
        // A choice action (chooseFrom) takes one step per choice, computed from this state.
        const list = choosers[a] === undefined ? undefined : choicesAt(a);
        const n = list === undefined ? 1 : list.length;
        for (let c = 0; c < n; c++) {
          if (list !== undefined) actions[a]!.current!.value = list[c];
          const src = cur.buf;
          const dst = next.buf;
          for (let k = 0; k < W; k++) dst[k] = src[k]!;
          try {
            effects[a]!(next);
          } catch (e) {
            // A rejected step has no successor: not generated, and the action is not enabled here (TLC).
            if (e === REJECTED) continue;
            if (e instanceof AssertionSignal) {
              enabled++;
              generated++;
              transitions++;
              fired[a]++;
              // The step exists (the action is enabled); it leads to the error, not to a state.
              live?.enable(idx, a);
              if (list !== undefined) countChoice(a, false);
              record(e.name, { kind: 'assertion', state: idx, action: a, assertion: e.name, choice: c });
              if (stop) break expand;
              continue;
            }
            throw wrapFault(model, e, `action '${stepName(a)}'`, cur.buf, 'IL101');
          }
          enabled++;
          generated++;
          transitions++;
          fired[a]++;
          if (list !== undefined) countChoice(a, false);
          if (expansions < opts.determinism) checkDeterministic(a);
          if (live && live.fairOf[a]!.length > 0 && !sameWords(cur.buf, next.buf)) live.enable(idx, a);
          if (actionProps.length > 0) {
            checkActionProperties(a, c);
            if (stop) break expand;
          }
          if (constrained && !inModel(cur, succ, a)) {
            // TLC: generated and checked, never stored or expanded; still a successor for deadlock.
            if (invChecks.length > 0) {
              checkInvariants(succ, idx, a, undefined, c);
              if (stop) break expand;
            }
            continue;
          }
          const nextKey = key(next.buf);
          fingerprint(nextKey, W);
          if (atLimit) {
            const known = graph ? store.indexOf(fp.hi, fp.lo, nextKey) : store.has(fp.hi, fp.lo, nextKey) ? 0 : -1;
            if (known < 0) bound = { kind: 'max-depth', limit: opts.maxDepth };
            else if (graph) graph.edge(known, a);
            continue;
          }
          if (store.size >= opts.maxStates) {
            if (!store.has(fp.hi, fp.lo, nextKey)) {
              bound = { kind: 'max-states', limit: opts.maxStates };
              break expand;
            }
            if (graph) graph.edge(store.indexOf(fp.hi, fp.lo, nextKey), a);
            continue;
          }
          const nidx = store.insert(fp.hi, fp.lo, idx, a, nextKey);
          if (nidx < 0) {
            if (graph) graph.edge(store.found, a);
            continue;
          }
          if (graph) {
            live!.setPredicates(succ, nidx);
            graph.edge(nidx, a);
          }
          produced[a]++;
          if (list !== undefined) countChoice(a, true);
          if (invChecks.length > 0) {
            checkInvariants(succ, nidx);
            if (stop) break expand;
          }
          frontier.push(nidx, depth + 1, next.buf);
          if (depth + 1 > maxDepth) maxDepth = depth + 1;
        }
      }
      if (graph) graph.end();
      if (enabled === 0 && !stop) {
        let isTerminal = false;
        if (terminal) {
          try {
            isTerminal = terminal(cur);
          } catch (e) {
            throw wrapFault(model, e, 'the terminal predicate', cur.buf, 'IL101');
          }
        }
        if (isTerminal) terminalStates++;
        else if (opts.deadlock) record('deadlock', { kind: 'deadlock', state: idx });
      }
      if (++sinceCheck >= 512) {
        sinceCheck = 0;
        bound = pace.check(generated, store.size, frontier.size, maxDepth) ?? bound;
        bound = (await pace.pause()) ?? bound;
      }
    }
  } catch (e) {
    // Out of memory while growing the store, the frontier or the graph: a bound, not a crash.
    if (isAllocationFailure(e)) bound = { kind: 'max-memory', limit: opts.maxMemory === Infinity ? heldBytes() : opts.maxMemory };
    else return errorResult(model, opts, e, started, store, generated, transitions, maxDepth, frontier, terminalStates, fired, produced);
  }

  // Liveness: only on the whole graph, and only when no safety violation stopped the run.
  const warnings: string[] = [];
  const cut = bound !== undefined || stop;
  try {
    bound = live?.finish(store, cut, found, record, opts.maxMemory, heldBytes) ?? bound;
  } catch (e) {
    return errorResult(model, opts, e, started, store, generated, transitions, maxDepth, frontier, terminalStates, fired, produced);
  }
  if (live) warnings.push(...live.warnings(store.size, fired));

  // Analysis: rebuild and replay the counterexamples.
  const properties: PropertyResult[] = [];
  try {
    for (const p of model.properties) properties.push(propertyResult(model, opts, store, p, found.get(p.name), cut, bound !== undefined));
  } catch (e) {
    return errorResult(model, opts, e, started, store, generated, transitions, maxDepth, frontier, terminalStates, fired, produced);
  }

  const { verdict, exitCode } = outcome(found, bound !== undefined, 'ok');
  return {
    verdict,
    exitCode,
    model: modelInfo(model),
    options: optionInfo(opts),
    properties,
    stats: stats(started, store, generated, transitions, maxDepth, frontier, terminalStates, opts.exact, graph),
    coverage: coverage(model, fired, produced, choiceCounts),
    ...(verdict === 'incomplete' && bound ? { bound } : {}),
    warnings,
  };
}

/** Whether an error is V8 failing to allocate a typed array (memory exhausted, or past a ulimit). */
export function isAllocationFailure(e: unknown): boolean {
  return e instanceof RangeError && /allocation failed|Invalid typed array length|Array buffer allocation|out of memory/i.test(e.message);
}

/** The exit code of a violated property kind: 11 deadlock, 12 invariant or assertion, 13 action property or liveness (TLC's codes). */
/**
 * TLC's CONSTRAINT and ACTION_CONSTRAINT as one test: whether a successor
 * (`post`, reached from `pre` by step `a`, or an initial state when `pre` is
 * undefined) lies inside the model. A throw is the model's fault (IL104).
 */
export function withinConstraints(model: BuiltModel, stepName: (a: number) => string): (pre: StateView | undefined, post: StateView, a: number) => boolean {
  const { constraint, actionConstraint } = model;
  return (pre, post, a) => {
    try {
      if (constraint && !constraint(post)) return false;
      if (pre && actionConstraint && !actionConstraint(pre, post, stepName(a))) return false;
    } catch (e) {
      throw wrapFault(model, e, pre ? 'the state or action constraint' : 'the state constraint', post.buf, 'IL104');
    }
    return true;
  };
}

/**
 * The verdict and exit code of a run: the first violation found wins, then a
 * bound that cut the run short; otherwise `clean` (a check's `ok`, a
 * simulation's `no-violation-found`).
 */
export function outcome(found: ReadonlyMap<string, { readonly kind: PropertyKind }>, bounded: boolean, clean: 'ok' | 'no-violation-found'): { verdict: Verdict; exitCode: number } {
  const first = found.values().next().value;
  if (first) return { verdict: 'violation', exitCode: exitCodeOf(first.kind) };
  if (bounded) return { verdict: 'incomplete', exitCode: ExitCode.incomplete };
  return clean === 'ok' ? { verdict: 'ok', exitCode: ExitCode.ok } : { verdict: 'no-violation-found', exitCode: ExitCode.noViolationFound };
}

export function exitCodeOf(kind: PropertyKind): number {
  switch (kind) {
    case 'deadlock':
      return ExitCode.deadlock;
    case 'invariant':
    case 'assertion':
      return ExitCode.safety;
    case 'action':
    case 'liveness':
      return ExitCode.liveness;
    default:
      return unreachable(kind);
  }
}

export function propertyResult(model: BuiltModel, opts: ResolvedOptions, store: Store, p: BuiltModel['properties'][number], f: Found | undefined, cut: boolean, bounded: boolean): PropertyResult {
  const base = { name: p.name, kind: p.kind, ...(p.form ? { form: p.form } : {}), ...(p.doc ? { doc: p.doc } : {}) };
  if (f) {
    if (f.lasso) return { ...base, status: 'violated', counterexample: replayLasso(model, store, f.lasso, stateKey(model.viewMask, undefined)) };
    if (f.init !== undefined) {
      const view = model.createView();
      model.initStates.write(f.init, view.buf);
      confirmViolation(model, p, view.buf, 'Init', undefined, undefined);
      const action = model.initStates.length === 1 ? 'Init' : `Init(${f.init})`;
      return { ...base, status: 'violated', counterexample: { length: 0, steps: [{ action, state: model.decode(view.buf) }] } };
    }
    const sym = opts.symmetry ? new Symmetry(model.symmetry!, model.layout.words) : undefined;
    const { counterexample, last, before } = replayPath(model, store, f.state, f.action !== undefined ? { action: f.action, assertion: f.assertion, choice: f.choice } : undefined, stateKey(model.viewMask, sym));
    confirmViolation(model, p, last, counterexample.steps[counterexample.steps.length - 1]!.action, before, f.action);
    return { ...base, status: 'violated', counterexample };
  }
  if (p.kind === 'invariant' && !opts.invariants.includes(p.name)) return { ...base, status: 'unknown', reason: 'not selected (--property)' };
  if (p.kind === 'action' && !opts.actionProperties.includes(p.name)) return { ...base, status: 'unknown', reason: 'not selected (--property)' };
  if (p.kind === 'liveness' && !opts.liveness.includes(p.name)) return { ...base, status: 'unknown', reason: 'not checked (--no-liveness, or not selected by --property)' };
  if (p.kind === 'deadlock' && !opts.deadlock) return { ...base, status: 'unknown', reason: 'not checked (--no-deadlock, or the model sets checkDeadlock: false)' };
  if (p.kind === 'liveness' && cut && !bounded) return { ...base, status: 'unknown', reason: 'not checked: the run stopped at the first violation (use --continue to check liveness too)' };
  if (cut) return { ...base, status: 'unknown', reason: 'exploration stopped before the whole state space was seen' };
  return { ...base, status: 'holds' };
}

/**
 * Checks the conditions on initial states (a refinement's abstract Init) of
 * the selected action properties `conditions` on initial state number `init`,
 * recording each one violated and not found before.
 */
export function checkInitialConditions(model: BuiltModel, conditions: BuiltModel['actionProperties'], view: StateView, init: number, found: ReadonlyMap<string, Found>, record: (name: string, f: Found) => void): void {
  for (const p of conditions) {
    if (found.has(p.name)) continue;
    let ok: boolean;
    try {
      ok = p.initially!(view);
    } catch (e) {
      throw wrapFault(model, e, `the condition on initial states of '${p.name}'`, view.buf, 'IL104');
    }
    if (!ok) record(p.name, { kind: 'action', state: -1, init });
  }
}

/** The choices of choice action `a` (chooseFrom) in state `cur`; a throw or a result that is no array is a model error. */
export function choicesIn(model: BuiltModel, a: number, cur: StateView): readonly unknown[] {
  const act = model.actions[a]!;
  let list: readonly unknown[];
  try {
    list = act.choices!(cur);
  } catch (e) {
    throw wrapFault(model, e, `the choices of action '${act.name}'`, cur.buf, 'IL101');
  }
  if (!Array.isArray(list)) throw modelError('IL111', `model '${model.name}': the choices of action '${act.name}' are not an array (got ${typeof list}). State: ${stateText(model, cur.buf)}`, { hint: 'chooseFrom(name, (s) => [...choices], effect): return an array, empty when there is no choice' });
  return list;
}

/** Counts a step of a choice action under its label (coverage): fired, or distinct (a new state); labels keep the order they first appear in. */
export function countChoiceStep(counts: Map<string, [number, number]>, label: string, distinct: boolean): void {
  const entry = counts.get(label);
  if (entry) entry[distinct ? 1 : 0]++;
  else counts.set(label, [distinct ? 0 : 1, distinct ? 1 : 0]);
}

/** Checks that the replayed last state really violates the property (assertions are re-raised by replay itself). */
function confirmViolation(model: BuiltModel, p: BuiltModel['properties'][number], last: Uint32Array, lastAction: string, before: Uint32Array | undefined, action: number | undefined): void {
  const view = model.createView();
  view.buf.set(last);
  if (p.kind === 'action' && before === undefined) {
    // Violated in an initial state: its condition on initial states (a refinement's abstract Init).
    const prop = model.actionProperties.find((i) => i.name === p.name)!;
    if (prop.initially?.(view) !== false) throw nondeterminism(model, lastAction, last, `the initial state satisfies '${p.name}' on replay, which failed during exploration`);
  } else if (p.kind === 'action') {
    const pre = model.createView();
    pre.buf.set(before!);
    const prop = model.actionProperties.find((i) => i.name === p.name)!;
    if (prop.check(pre, view, lastAction)) throw nondeterminism(model, lastAction, before!, `the replayed step satisfies action property '${p.name}', which failed during exploration`);
  } else if (p.kind === 'invariant') {
    const inv = model.invariants.find((i) => i.name === p.name)!;
    if (inv.check(view)) throw nondeterminism(model, lastAction, last, `the replayed state satisfies invariant '${p.name}', which failed during exploration`);
  } else if (p.kind === 'deadlock') {
    const enabled = actionWithSuccessor(model, view.buf);
    if (enabled) throw nondeterminism(model, lastAction, last, `the replayed state enables '${enabled.name}', but had no enabled action during exploration`);
  }
}

export function wrapFault(model: BuiltModel, e: unknown, where: string, buf: Uint32Array, code: string): InterleaveError {
  if (e instanceof InterleaveError) return e;
  let state: string;
  try {
    state = stateText(model, buf);
  } catch {
    state = `[${Array.from(buf).join(', ')}]`;
  }
  if (e instanceof ModelFault) {
    return modelError(e.code, `model '${model.name}', ${where}: ${e.message}. State: ${state}`, {
      hint: e.hint ?? (e.code === 'IL102' ? 'widen the variable\'s domain, or guard the action so it cannot leave it' : 'fix the model'),
    });
  }
  if (e === REJECTED) {
    return modelError(code, `model '${model.name}': ${where} called reject(), which only an effect may call. State: ${state}`, {
      hint: 'a guard returns false instead; reject() drops a successor whose new values break a condition',
    });
  }
  const msg = typeof e === 'object' && e !== null && typeof (e as Error).message === 'string' ? (e as Error).message : String(e);
  return modelError(code, `model '${model.name}': ${where} threw: ${msg}${userFrame(e)}. State: ${state}`, {
    hint: 'fix the model; guards, effects and invariants must not throw (use s.assert(cond, name) for a modelled assertion)',
  });
}

export function modelInfo(model: BuiltModel): CheckResult['model'] {
  return { name: model.name, knobs: { ...model.knobs }, ...(model.preset !== undefined ? { preset: model.preset } : {}) };
}

export function optionInfo(o: ResolvedOptions): CheckResult['options'] {
  return {
    strategy: o.strategy,
    deadlock: o.deadlock,
    continue: o.continue,
    invariants: [...o.invariants],
    actionProperties: [...o.actionProperties],
    liveness: [...o.liveness],
    fairness: o.liveness.length > 0 ? o.fairness : [],
    ...(o.maxStates !== Infinity ? { maxStates: o.maxStates } : {}),
    ...(o.maxDepth !== Infinity ? { maxDepth: o.maxDepth } : {}),
    ...(o.timeLimit !== Infinity ? { timeLimit: o.timeLimit } : {}),
    // No maxMemory: its default depends on the machine, and result.json stays the same everywhere (a bound that was hit records it).
    exact: o.exact,
    ...(o.symmetry ? { symmetry: o.symmetry } : {}),
  };
}

export function stats(started: number, store: Store, generated: number, transitions: number, depth: number, frontier: Pick<Frontier, 'peak'>, terminalStates: number, exact: boolean, graph?: BehaviorGraph): Stats {
  const seconds = (performance.now() - started) / 1000;
  const distinct = store.size;
  return {
    distinctStates: distinct,
    statesGenerated: generated,
    transitions,
    depth,
    seconds: Math.round(seconds * 1000) / 1000,
    statesPerSecond: seconds > 0 ? Math.round(generated / seconds) : 0,
    collisionProbability: exact ? 0 : collisionProbability(distinct, generated),
    fingerprint: exact ? 'exact' : FINGERPRINT_POLICY,
    storeBytes: store.bytes + (graph?.bytes ?? 0),
    bytesPerState: distinct > 0 ? Math.round((store.bytes / distinct) * 10) / 10 : 0,
    queuePeak: frontier.peak,
    terminalStates,
    edges: graph?.edges ?? 0,
  };
}

/**
 * One entry per action; a choice action (`chooseFrom`) that took steps has
 * one entry per choice label instead, in order of first appearance, when
 * `choices` holds its counts.
 */
export function coverage(model: BuiltModel, fired: Float64Array, produced: Float64Array, choices?: readonly (ReadonlyMap<string, readonly [number, number]> | undefined)[]): CoverageEntry[] {
  return model.actions.flatMap((a, i) => {
    const meta = { ...(a.lane !== undefined ? { lane: a.lane } : {}), ...(a.source !== undefined ? { source: a.source } : {}) };
    const perChoice = choices?.[i];
    if (perChoice && perChoice.size > 0) return [...perChoice].map(([action, [f, d]]) => ({ action, ...meta, fired: f, distinct: d }));
    return [{ action: a.name, ...meta, fired: fired[i]!, distinct: produced[i]! }];
  });
}

export function errorResult(
  model: BuiltModel,
  opts: ResolvedOptions,
  e: unknown,
  started: number,
  store: Store,
  generated: number,
  transitions: number,
  depth: number,
  frontier: Pick<Frontier, 'peak'>,
  terminalStates: number,
  fired: Float64Array,
  produced: Float64Array,
): CheckResult {
  if (!(e instanceof InterleaveError)) throw e;
  return {
    verdict: e.kind === 'usage' ? 'usage-error' : 'model-error',
    exitCode: e.exitCode,
    model: modelInfo(model),
    options: optionInfo(opts),
    properties: model.properties.map((p) => ({ name: p.name, kind: p.kind, status: 'unknown' as const, reason: 'the run stopped on a model error' })),
    stats: stats(started, store, generated, transitions, depth, frontier, terminalStates, opts.exact),
    coverage: coverage(model, fired, produced),
    warnings: [],
    error: { code: e.code, message: e.message, ...(e.hint ? { hint: e.hint } : {}), ...(e.alternatives ? { alternatives: e.alternatives } : {}) },
  };
}
