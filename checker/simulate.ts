/**
 * Random simulation (TLC's -simulate): for models too big to exhaust, walk
 * K random behaviours of at most D steps from the initial states. At every
 * state of a walk all its successors are generated and checked (invariants on
 * each successor, assertions and action properties on each step, deadlock on
 * a state without an enabled action), then one successor is picked uniformly
 * at random and the walk goes on from it. A violation comes back as a
 * counterexample like check's, replayed from its initial state; it is a real
 * behaviour but not a shortest one.
 *
 * Walks are reproducible: trace k uses its own generator seeded by
 * (seed, k) (random.ts), never Math.random. A simulation that finds nothing
 * proves nothing: its verdict is `no-violation-found` (exit 5), never `ok`.
 * Liveness is not checked (a finite random walk cannot show a fair cycle).
 */
import { InterleaveError, modelError, usageError } from './errors';
import { coverage, modelInfo, outcome, withinConstraints, wrapFault } from './explorer';
import { collisionProbability, fingerprint, FINGERPRINT_POLICY, fp } from './fingerprint';
import type { BuiltModel, PropertyKind } from './model';
import { resolveOptions } from './options';
import { actionWithSuccessor, nondeterminism, selectChoice, stateText } from './path';
import { Random } from './random';
import { stateKey } from './identity';
import type { BoundKind, CheckResult, Counterexample, PropertyResult, Step } from './result';
import { FingerprintStore, NO_PARENT } from './store';
import { AssertionSignal, REJECTED, StateView } from './view';

export const DEFAULT_SIM_DEPTH = 100;
export const DEFAULT_SIM_TRACES = 1000;

/** Progress of a simulation, about once a second. */
export interface SimulationProgress {
  readonly seconds: number;
  readonly traces: number;
  readonly statesGenerated: number;
  readonly distinctStates: number;
  readonly statesPerSecond: number;
}

export interface SimulateOptions {
  /** Invariants to check (default: all). */
  readonly invariants?: readonly string[];
  /** Invariants and action properties to check by name (default: all; liveness properties are never checked here). */
  readonly properties?: readonly string[];
  readonly deadlock?: boolean;
  /** Keep walking after a violation, so every property can be caught. */
  readonly continue?: boolean;
  /** The seed (a non-negative integer, default 0). */
  readonly seed?: number;
  /** Steps per walk at most (default 100). */
  readonly depth?: number;
  /** Number of walks (default 1000). */
  readonly traces?: number;
  readonly timeLimit?: number;
  readonly signal?: AbortSignal;
  readonly onProgress?: (p: SimulationProgress) => void;
  readonly progressInterval?: number;
}

/** What a simulation did, in the result (`CheckResult.simulation`). */
export interface SimulationInfo {
  readonly seed: number;
  /** The step bound of a walk. */
  readonly depth: number;
  /** Walks asked for. */
  readonly traces: number;
  /** Walks run (fewer when a violation or a bound stopped the run). */
  readonly tracesRun: number;
  /** Steps of the longest walk. */
  readonly longestTrace: number;
}

interface Found {
  readonly kind: PropertyKind;
  readonly init: number;
  /** The actions of the walk up to the state where the violation is seen. */
  readonly actions: readonly number[];
  /** The packed states of the walk (actions.length + 1 of them). */
  readonly states: Uint32Array;
  /** Per step, the choice of a choice action (`chooseFrom`); 0 for a plain action. */
  readonly choices: readonly number[];
  /** One more step from the last state: an assertion, an action property, or an invariant broken by a successor. */
  readonly extra?: number;
  readonly extraChoice?: number;
  readonly assertion?: string;
}

function whole(name: string, v: number | undefined, flag: string, def: number, min: number): number {
  if (v === undefined) return def;
  if (!(typeof v === 'number' && Number.isSafeInteger(v) && v >= min)) {
    throw usageError('IL006', `${flag} ${String(v)} is not ${min === 0 ? 'a non-negative' : 'a positive'} integer`, { hint: `${flag} ${def}` });
  }
  return v;
}

/** Runs the simulation; usage errors (bad names, bad numbers) are thrown, model errors come back in the result. */
export async function simulate(model: BuiltModel, options: SimulateOptions = {}): Promise<CheckResult> {
  const opts = resolveOptions(model, {
    invariants: options.invariants,
    properties: options.properties?.filter((n) => !model.liveness.some((l) => l.name === n)),
    liveness: false,
    deadlock: options.deadlock,
    continue: options.continue,
    timeLimit: options.timeLimit,
  });
  const seed = whole('seed', options.seed, '--seed', 0, 0);
  const D = whole('depth', options.depth, '--depth', DEFAULT_SIM_DEPTH, 1);
  const K = whole('traces', options.traces, '--traces', DEFAULT_SIM_TRACES, 1);
  const progressInterval = options.progressInterval ?? 1000;

  const started = performance.now();
  const W = model.layout.words;
  const actions = model.actions;
  const A = actions.length;
  const selected = model.invariants.filter((i) => opts.invariants.includes(i.name));
  const actionProps = model.actionProperties.filter((p) => opts.actionProperties.includes(p.name));
  const constraint = model.constraint;
  const actionConstraint = model.actionConstraint;

  const store = new FingerprintStore(1 << 16, false);
  // Distinct states are counted by the model's VIEW when it has one (identity.ts).
  const key = stateKey(model.viewMask, undefined) ?? ((b: Uint32Array) => b);
  const cur = model.createView();
  const next = model.createView();
  next.pre = cur;
  // The successor as a state of its own (its pre is itself), for invariants, constraints and properties.
  const succ = model.createView();
  succ.buf = next.buf;
  // The successors of the current state; choice actions can make more than one per action, so these grow.
  let cand = new Uint32Array(Math.max(1, A) * W);
  let candAction = new Int32Array(Math.max(1, A));
  let candChoice = new Int32Array(Math.max(1, A));
  const walkChoices: number[] = [];
  /** Per candidate of a choice action, its label (for coverage when it is picked). */
  const candLabel: string[] = [];
  /** Per choice action, fired and distinct counts per choice label, in order of first appearance (coverage). */
  const choiceCounts = actions.map((a) => (a.choices ? new Map<string, [number, number]>() : undefined));
  const countChoice = (label: string, a: number, distinct: boolean) => {
    const counts = choiceCounts[a]!;
    const entry = counts.get(label);
    if (entry) entry[distinct ? 1 : 0]++;
    else counts.set(label, [distinct ? 0 : 1, distinct ? 1 : 0]);
  };
  /** The label of a step of action a; for a choice action, of the choice it is running. */
  const stepName = (a: number) => {
    const act = actions[a]!;
    return act.choices ? act.labelOf!(act.current!.value) : act.name;
  };
  const walk = new Uint32Array((D + 1) * W);
  const walkActions: number[] = [];
  const found = new Map<string, Found>();
  const fired = new Float64Array(A);
  const produced = new Float64Array(A);
  let generated = 0;
  let transitions = 0;
  let terminalStates = 0;
  let longest = 0;
  let tracesRun = 0;
  let stop = false;
  let bound: { kind: BoundKind; limit?: number } | undefined;
  let init = 0;

  const record = (name: string, kind: PropertyKind, steps: number, extra?: number, assertion?: string, extraChoice?: number) => {
    if (found.has(name)) return;
    found.set(name, {
      kind,
      init,
      actions: walkActions.slice(0, steps),
      choices: walkChoices.slice(0, steps),
      states: walk.slice(0, (steps + 1) * W),
      ...(extra !== undefined ? { extra, extraChoice } : {}),
      ...(assertion !== undefined ? { assertion } : {}),
    });
    if (!opts.continue) stop = true;
  };
  const invariantsHold = (view: StateView, steps: number, via?: number, choice?: number) => {
    for (const inv of selected) {
      if (found.has(inv.name)) continue;
      let ok: boolean;
      try {
        ok = inv.check(view);
      } catch (e) {
        throw wrapFault(model, e, `invariant '${inv.name}'`, view.buf, 'IL104');
      }
      if (!ok) record(inv.name, 'invariant', steps, via, undefined, choice);
    }
  };
  const inModel = withinConstraints(model, stepName);
  const same = (x: Uint32Array, y: Uint32Array) => {
    for (let k = 0; k < W; k++) if (x[k] !== y[k]) return false;
    return true;
  };

  const deadline = opts.timeLimit === Infinity ? Infinity : started + opts.timeLimit * 1000;
  let lastYield = started;
  let lastProgress = started;
  const pause = async () => {
    const now = performance.now();
    if (now >= deadline) bound = { kind: 'time-limit', limit: opts.timeLimit };
    if (options.signal?.aborted) bound = { kind: 'interrupted' };
    if (now - lastProgress >= progressInterval && options.onProgress) {
      lastProgress = now;
      const seconds = (now - started) / 1000;
      options.onProgress({ seconds, traces: tracesRun, statesGenerated: generated, distinctStates: store.size, statesPerSecond: generated / seconds });
    }
    if (now - lastYield >= 50) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      lastYield = performance.now();
      if (options.signal?.aborted) bound = { kind: 'interrupted' };
    }
  };

  try {
    // Every initial state is checked once; walks start from those inside the constraint.
    const starts: number[] = [];
    for (let k = 0; k < model.initStates.length && !stop; k++) {
      generated++;
      init = k;
      model.initStates.write(k, next.buf);
      walk.set(next.buf, 0);
      invariantsHold(succ, 0);
      for (const p of actionProps) {
        if (p.initially === undefined || found.has(p.name)) continue;
        let ok: boolean;
        try {
          ok = p.initially(succ);
        } catch (e) {
          throw wrapFault(model, e, `the condition on initial states of '${p.name}'`, next.buf, 'IL104');
        }
        if (!ok) record(p.name, 'action', 0);
      }
      if (constraint === undefined || inModel(undefined, succ, -1)) starts.push(k);
    }
    for (let t = 0; t < K && starts.length > 0 && !stop && bound === undefined; t++) {
      const rng = new Random(seed, t);
      init = starts[rng.below(starts.length)]!;
      model.initStates.write(init, cur.buf);
      walkActions.length = 0;
      walkChoices.length = 0;
      let steps = 0;
      for (;;) {
        walk.set(cur.buf, steps * W);
        fingerprint(key(cur.buf), W);
        store.insert(fp.hi, fp.lo, NO_PARENT, 0);
        if (steps >= D) break;
        let enabled = 0;
        let n = 0;
        for (let a = 0; a < A && !stop; a++) {
          let on: boolean;
          try {
            on = actions[a]!.guard(cur);
          } catch (e) {
            throw wrapFault(model, e, `the guard of action '${actions[a]!.name}'`, cur.buf, 'IL101');
          }
          if (!on) continue;
          let list: readonly unknown[] | undefined;
          if (actions[a]!.choices) {
            try {
              list = actions[a]!.choices!(cur);
            } catch (e) {
              throw wrapFault(model, e, `the choices of action '${actions[a]!.name}'`, cur.buf, 'IL101');
            }
            if (!Array.isArray(list)) throw modelError('IL111', `model '${model.name}': the choices of action '${actions[a]!.name}' are not an array (got ${typeof list}). State: ${stateText(model, cur.buf)}`, { hint: 'chooseFrom(name, (s) => [...choices], effect): return an array, empty when there is no choice' });
          }
          const m = list === undefined ? 1 : list.length;
          for (let c = 0; c < m; c++) {
            if (list !== undefined) actions[a]!.current!.value = list[c];
            next.buf.set(cur.buf);
            try {
              actions[a]!.effect(next);
            } catch (e) {
              // A rejected step has no successor: not generated, and the action is not enabled here (TLC).
              if (e === REJECTED) continue;
              enabled++;
              generated++;
              transitions++;
              fired[a]++;
              if (list !== undefined) countChoice(stepName(a), a, false);
              if (e instanceof AssertionSignal) {
                record(e.name, 'assertion', steps, a, e.name, c);
                continue;
              }
              throw wrapFault(model, e, `action '${stepName(a)}'`, cur.buf, 'IL101');
            }
            enabled++;
            generated++;
            transitions++;
            fired[a]++;
            if (list !== undefined) countChoice(stepName(a), a, false);
            if (actionProps.length > 0 && !same(cur.buf, next.buf)) {
              for (const p of actionProps) {
                if (found.has(p.name)) continue;
                let ok: boolean;
                try {
                  ok = p.check(cur, succ, stepName(a));
                } catch (e) {
                  throw wrapFault(model, e, `action property '${p.name}' on a step of '${stepName(a)}'`, cur.buf, 'IL104');
                }
                if (!ok) record(p.name, 'action', steps, a, undefined, c);
              }
            }
            invariantsHold(succ, steps, a, c);
            if ((constraint !== undefined || actionConstraint !== undefined) && !inModel(cur, succ, a)) continue;
            if (n === candAction.length) {
              const grownCand = new Uint32Array(cand.length * 2);
              grownCand.set(cand);
              cand = grownCand;
              const grownAction = new Int32Array(n * 2);
              grownAction.set(candAction);
              candAction = grownAction;
              const grownChoice = new Int32Array(n * 2);
              grownChoice.set(candChoice);
              candChoice = grownChoice;
            }
            cand.set(next.buf, n * W);
            candChoice[n] = c;
            candLabel[n] = list !== undefined ? stepName(a) : '';
            candAction[n++] = a;
          }
        }
        if (stop) break;
        if (enabled === 0) {
          let isTerminal = false;
          if (model.terminal) {
            try {
              isTerminal = model.terminal(cur);
            } catch (e) {
              throw wrapFault(model, e, 'the terminal predicate', cur.buf, 'IL101');
            }
          }
          if (isTerminal) terminalStates++;
          else if (opts.deadlock) record('deadlock', 'deadlock', steps);
          break;
        }
        if (n === 0) break; // every successor is outside the constraint
        const pick = rng.below(n);
        cur.buf.set(cand.subarray(pick * W, (pick + 1) * W));
        walkActions.push(candAction[pick]!);
        walkChoices.push(candChoice[pick]!);
        steps++;
        fingerprint(key(cur.buf), W);
        if (!store.has(fp.hi, fp.lo)) {
          produced[candAction[pick]!]++;
          if (choiceCounts[candAction[pick]!]) countChoice(candLabel[pick]!, candAction[pick]!, true);
        }
        if ((steps & 511) === 0) {
          await pause();
          if (bound) break;
        }
      }
      tracesRun++;
      if (steps > longest) longest = steps;
      if (!bound) await pause();
    }
  } catch (e) {
    return failed(model, opts, options, e, started, { seed, depth: D, traces: K, tracesRun, longestTrace: longest }, store, generated, transitions, longest, terminalStates, fired, produced);
  }

  const info: SimulationInfo = { seed, depth: D, traces: K, tracesRun, longestTrace: longest };
  const properties: PropertyResult[] = [];
  try {
    for (const p of model.properties) {
      const base = { name: p.name, kind: p.kind, ...(p.form ? { form: p.form } : {}), ...(p.doc ? { doc: p.doc } : {}) };
      const f = found.get(p.name);
      if (f) properties.push({ ...base, status: 'violated', counterexample: replayWalk(model, f, p.name) });
      else if (p.kind === 'liveness') properties.push({ ...base, status: 'unknown', reason: 'not checked: simulation checks safety only (use check)' });
      else if (p.kind === 'invariant' && !opts.invariants.includes(p.name)) properties.push({ ...base, status: 'unknown', reason: 'not selected (--property)' });
      else if (p.kind === 'action' && !opts.actionProperties.includes(p.name)) properties.push({ ...base, status: 'unknown', reason: 'not selected (--property)' });
      else if (p.kind === 'deadlock' && !opts.deadlock) properties.push({ ...base, status: 'unknown', reason: 'not checked (--no-deadlock, or the model sets checkDeadlock: false)' });
      else properties.push({ ...base, status: 'unknown', reason: `no violation found in ${tracesRun} random trace${tracesRun === 1 ? '' : 's'} (a simulation proves nothing)` });
    }
  } catch (e) {
    return failed(model, opts, options, e, started, info, store, generated, transitions, longest, terminalStates, fired, produced);
  }
  const { verdict, exitCode } = outcome(found, bound !== undefined, 'no-violation-found');
  return {
    verdict,
    exitCode,
    model: modelInfo(model),
    options: simOptions(opts, options, D),
    properties,
    stats: simStats(started, store, generated, transitions, longest, terminalStates),
    coverage: coverage(model, fired, produced, choiceCounts),
    ...(verdict === 'incomplete' && bound ? { bound } : {}),
    warnings: [],
    simulation: info,
  };
}

/**
 * Replays a walk from its initial state, comparing every state with the one
 * the walk saw (a difference is a non-deterministic model, IL103), and builds
 * the counterexample; the last state (or step) is checked to violate `name`.
 */
function replayWalk(model: BuiltModel, f: Found, name: string): Counterexample {
  const W = model.layout.words;
  const view = model.createView();
  view.pre = model.createView();
  model.initStates.write(f.init, view.buf);
  const initLabel = model.initStates.length === 1 ? 'Init' : `Init(${f.init})`;
  const steps: Step[] = [{ action: initLabel, state: model.decode(view.buf) }];
  let label = '';
  /** Runs action a with choice `choice` from the state before; sets `label` to the step's label. */
  const run = (a: number, before: Uint32Array, choice: number): AssertionSignal | undefined => {
    const act = model.actions[a]!;
    view.pre.buf.set(before);
    label = selectChoice(model, act, view.pre, choice);
    try {
      if (!act.guard(view.pre)) throw nondeterminism(model, label, before, 'its guard is false on replay');
      act.effect(view);
    } catch (e) {
      if (e instanceof AssertionSignal) return e;
      if (e instanceof InterleaveError) throw e;
      if (e === REJECTED) throw nondeterminism(model, label, before, 'it rejected its successor on replay');
      throw nondeterminism(model, label, before, `it threw on replay: ${(e as Error).message}`);
    }
    return undefined;
  };
  for (let n = 0; n < f.actions.length; n++) {
    const a = f.actions[n]!;
    const act = model.actions[a]!;
    const before = view.buf.slice();
    const signal = run(a, before, f.choices[n]!);
    if (signal) throw nondeterminism(model, label, before, `it failed assertion '${signal.name}' on replay`);
    for (let k = 0; k < W; k++) {
      if (view.buf[k] !== f.states[(n + 1) * W + k]) throw nondeterminism(model, label, before, `replaying it gave a different successor than the walk saw (${stateText(model, view.buf)})`);
    }
    steps.push({ action: label, lane: act.lane, source: act.source, state: model.decode(view.buf) });
  }
  if (f.extra !== undefined) {
    const act = model.actions[f.extra]!;
    const before = view.buf.slice();
    const pre = model.createView();
    pre.buf.set(before);
    const signal = run(f.extra, before, f.extraChoice ?? 0);
    if (f.assertion !== undefined) {
      if (!signal || signal.name !== f.assertion) throw nondeterminism(model, label, before, `replaying it did not fail assertion '${f.assertion}' again`);
      steps.push({ action: label, lane: act.lane, source: act.source, state: model.decode(view.buf), failed: { assertion: signal.name, detail: signal.detail } });
      return { length: steps.length - 1, steps };
    }
    if (signal) throw nondeterminism(model, label, before, `it failed assertion '${signal.name}' on replay`);
    steps.push({ action: label, lane: act.lane, source: act.source, state: model.decode(view.buf) });
    if (f.kind === 'action') {
      const prop = model.actionProperties.find((p) => p.name === name)!;
      if (prop.check(pre, view, label)) throw nondeterminism(model, label, before, `the replayed step satisfies action property '${name}', which failed during simulation`);
    }
  }
  if (f.kind === 'invariant') {
    const inv = model.invariants.find((i) => i.name === name)!;
    if (inv.check(view)) throw nondeterminism(model, steps[steps.length - 1]!.action, view.buf, `the replayed state satisfies invariant '${name}', which failed during simulation`);
  } else if (f.kind === 'deadlock') {
    const on = actionWithSuccessor(model, view.buf);
    if (on) throw nondeterminism(model, steps[steps.length - 1]!.action, view.buf, `the replayed state enables '${on.name}', but had no enabled action during simulation`);
  }
  return { length: steps.length - 1, steps };
}

function simOptions(opts: ReturnType<typeof resolveOptions>, o: SimulateOptions, depth: number): CheckResult['options'] {
  return {
    strategy: 'simulate',
    deadlock: opts.deadlock,
    continue: opts.continue,
    invariants: [...opts.invariants],
    actionProperties: [...opts.actionProperties],
    liveness: [],
    fairness: [],
    maxDepth: depth,
    ...(o.timeLimit !== undefined ? { timeLimit: o.timeLimit } : {}),
    exact: false,
  };
}

function simStats(started: number, store: FingerprintStore, generated: number, transitions: number, longest: number, terminalStates: number): CheckResult['stats'] {
  const seconds = (performance.now() - started) / 1000;
  return {
    distinctStates: store.size,
    statesGenerated: generated,
    transitions,
    depth: longest + 1,
    seconds: Math.round(seconds * 1000) / 1000,
    statesPerSecond: seconds > 0 ? Math.round(generated / seconds) : 0,
    collisionProbability: collisionProbability(store.size, generated),
    fingerprint: FINGERPRINT_POLICY,
    storeBytes: store.bytes,
    bytesPerState: store.size > 0 ? Math.round((store.bytes / store.size) * 10) / 10 : 0,
    queuePeak: 0,
    terminalStates,
    edges: 0,
  };
}

function failed(
  model: BuiltModel,
  opts: ReturnType<typeof resolveOptions>,
  o: SimulateOptions,
  e: unknown,
  started: number,
  info: SimulationInfo,
  store: FingerprintStore,
  generated: number,
  transitions: number,
  longest: number,
  terminalStates: number,
  fired: Float64Array,
  produced: Float64Array,
): CheckResult {
  if (!(e instanceof InterleaveError)) throw e;
  const err = e;
  return {
    verdict: err.kind === 'usage' ? 'usage-error' : 'model-error',
    exitCode: err.exitCode,
    model: modelInfo(model),
    options: simOptions(opts, o, info.depth),
    properties: model.properties.map((p) => ({ name: p.name, kind: p.kind, status: 'unknown' as const, reason: 'the run stopped on a model error' })),
    stats: simStats(started, store, generated, transitions, longest, terminalStates),
    coverage: coverage(model, fired, produced),
    warnings: [],
    error: { code: err.code, message: err.message, ...(err.hint ? { hint: err.hint } : {}), ...(err.alternatives ? { alternatives: err.alternatives } : {}) },
    simulation: info,
  };
}
