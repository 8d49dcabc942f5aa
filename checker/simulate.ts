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
 * (seed, k) (random.ts), never Math.random. A walk (sim-walk.ts) yields a
 * record that is folded into the run's totals in trace order, here or, with
 * `workers: N`, from worker threads (sim-parallel.ts), with the same result. A simulation that finds nothing
 * proves nothing: its verdict is `no-violation-found` (exit 5), never `ok`.
 * Liveness is not checked (a finite random walk cannot show a fair cycle).
 */
import { InterleaveError, usageError } from './errors';
import { coverage, modelInfo, outcome } from './explorer';
import { collisionProbability, FINGERPRINT_POLICY } from './fingerprint';
import type { BuiltModel } from './model';
import { resolveOptions, workerCount } from './options';
import type { WorkerSource } from './parallel';
import { actionWithSuccessor, nondeterminism, selectChoice, stateText } from './path';
import type { BoundKind, CheckResult, Counterexample, PropertyResult, Step } from './result';
import { SIM_ON_MAIN, simulateOnWorkers } from './sim-parallel';
import { Found, SimSettings, SimTotals, TraceRecord, TraceWalker } from './sim-walk';
import { AssertionSignal, REJECTED } from './view';

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
  /**
   * Worker threads walking traces in parallel (sim-parallel.ts): 1 (the
   * default) walks them here; N > 1 needs `workerSource` (IL015). The result
   * is the same for any number of workers. 'auto' is the number of cores,
   * or 1 where workers cannot run.
   */
  readonly workers?: number | 'auto';
  /** How worker threads rebuild the model (the CLI passes cli/worker-model.ts). */
  readonly workerSource?: WorkerSource;
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
  const workers = simWorkers(options);
  const progressInterval = options.progressInterval ?? 1000;

  const started = performance.now();
  const settings: SimSettings = { invariants: opts.invariants, actionProperties: opts.actionProperties, deadlock: opts.deadlock, continue: opts.continue, seed, depth: D };
  const walker = new TraceWalker(model, settings);
  const totals = new SimTotals(model, settings);
  let bound: { kind: BoundKind; limit?: number } | undefined;

  const deadline = opts.timeLimit === Infinity ? Infinity : started + opts.timeLimit * 1000;
  let lastYield = started;
  let lastProgress = started;
  /** Checks the bounds, reports progress and lets signals in; true when a bound stops the run. */
  const pause = async (): Promise<boolean> => {
    const now = performance.now();
    if (now >= deadline) bound = { kind: 'time-limit', limit: opts.timeLimit };
    if (options.signal?.aborted) bound = { kind: 'interrupted' };
    if (now - lastProgress >= progressInterval && options.onProgress) {
      lastProgress = now;
      const seconds = (now - started) / 1000;
      options.onProgress({ seconds, traces: totals.tracesRun, statesGenerated: totals.generated, distinctStates: totals.store.size, statesPerSecond: totals.generated / seconds });
    }
    if (now - lastYield >= 50) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      lastYield = performance.now();
      if (options.signal?.aborted) bound = { kind: 'interrupted' };
    }
    return bound !== undefined;
  };
  /** Walks trace t here and folds it into the totals (a walk cut by a model error too, then the error goes on). */
  const runHere = async (t: number): Promise<void> => {
    let rec: TraceRecord;
    try {
      rec = await walker.walk(t, starts, totals.isFound, pause);
    } catch (e) {
      totals.add(walker.rec, true);
      throw e;
    }
    totals.add(rec);
  };
  const starts: number[] = [];

  try {
    // Every initial state is checked once; walks start from those inside the constraint.
    for (let k = 0; k < model.initStates.length && !totals.stop; k++) {
      totals.generated++;
      const { inside, found } = walker.checkInitial(k, totals.isFound);
      totals.addFound(found);
      if (inside) starts.push(k);
    }
    if (starts.length > 0 && !totals.stop) {
      if (workers > 1 && K > SIM_ON_MAIN) {
        await simulateOnWorkers({ model, settings, starts, traces: K, workers, source: options.workerSource!, totals, runHere, pause });
      } else {
        for (let t = 0; t < K && !totals.stop && bound === undefined; t++) {
          await runHere(t);
          if (!bound) await pause();
        }
      }
    }
  } catch (e) {
    return failed(model, opts, options, e, started, { seed, depth: D, traces: K, tracesRun: totals.tracesRun, longestTrace: totals.longest }, totals);
  }

  const { tracesRun, found } = totals;
  const info: SimulationInfo = { seed, depth: D, traces: K, tracesRun, longestTrace: totals.longest };
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
    return failed(model, opts, options, e, started, info, totals);
  }
  const { verdict, exitCode } = outcome(found, bound !== undefined, 'no-violation-found');
  return {
    verdict,
    exitCode,
    model: modelInfo(model),
    options: simOptions(opts, options, D),
    properties,
    stats: simStats(started, totals),
    coverage: coverage(model, totals.fired, totals.produced, totals.choiceCounts),
    ...(verdict === 'incomplete' && bound ? { bound } : {}),
    warnings: [],
    simulation: info,
  };
}

/**
 * Resolves `workers`: 1 (the default) walks here; N > 1 needs a workerSource
 * (IL015). Interned values get the coordinator's ids as the records are
 * folded (sim-parallel.ts, value-ids.ts).
 */
function simWorkers(o: SimulateOptions): number {
  const n = workerCount(o.workers ?? 1);
  if (n === 1) return n;
  const blocker = o.workerSource === undefined ? 'the workers have no way to rebuild the model (simulate() needs a workerSource)' : undefined;
  if (blocker && o.workers === 'auto') return 1;
  if (blocker) throw usageError('IL015', `--workers ${n} cannot be used here: ${blocker}`, { hint: '--workers 1' });
  return n;
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

function simStats(started: number, totals: SimTotals): CheckResult['stats'] {
  const { store, generated, transitions, longest, terminalStates } = totals;
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
  totals: SimTotals,
): CheckResult {
  if (!(e instanceof InterleaveError)) throw e;
  const err = e;
  return {
    verdict: err.kind === 'usage' ? 'usage-error' : 'model-error',
    exitCode: err.exitCode,
    model: modelInfo(model),
    options: simOptions(opts, o, info.depth),
    properties: model.properties.map((p) => ({ name: p.name, kind: p.kind, status: 'unknown' as const, reason: 'the run stopped on a model error' })),
    stats: simStats(started, totals),
    coverage: coverage(model, totals.fired, totals.produced),
    warnings: [],
    error: { code: err.code, message: err.message, ...(err.hint ? { hint: err.hint } : {}), ...(err.alternatives ? { alternatives: err.alternatives } : {}) },
    simulation: info,
  };
}
