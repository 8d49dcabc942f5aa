/**
 * A counterexample read through the model's explain hooks: the lanes in
 * display order, per step the lane that took it, the frames it ran in and the
 * facts that matter after it, the failure, and at a deadlock the wait-for
 * edges and their cycle. This is the one place the writers call the hooks;
 * DOT, HTML and tables all render an `ExplainedTrace`.
 *
 * Pure: no I/O. A hook that throws is a model error (IL207), never ignored.
 * Without hooks: lanes come from the actions, the facts after a step are the
 * variables it changed, and there is no wait-for graph.
 */
import { InterleaveError, modelError } from '../errors';
import type { BuiltModel, DecodedState, PropertyKind, WaitFor } from '../model';
import type { Counterexample, PropertyResult } from '../result';
import { changedLines, stateLines } from './values';

/** Lane of steps whose action declares none, when other actions do. */
export const NO_LANE = '(no lane)';
/** The single lane of a model whose actions declare no lanes. */
export const ONE_LANE = 'steps';

export interface ExplainedStep {
  /** 0 for the initial state. */
  readonly index: number;
  readonly action: string;
  /** The lane that took the step ('' for the initial state). */
  readonly lane: string;
  readonly source?: string;
  /** The acting lane's frames when it took the step (outermost first), e.g. `blk_pwrite > aio_poll`. */
  readonly frames?: string;
  /** The facts after the step: explain.summary, else the changed variables (all variables at step 0). */
  readonly after: readonly string[];
  readonly failed?: { readonly assertion: string; readonly expression?: string; readonly detail?: string };
  readonly state: DecodedState;
}

export interface ExplainedTrace {
  readonly model: string;
  readonly property: { readonly name: string; readonly kind: PropertyKind; readonly doc?: string };
  readonly lanes: readonly string[];
  readonly steps: readonly ExplainedStep[];
  /** One sentence: what is wrong in the last state. */
  readonly verdict: string;
  /** At a deadlock, when the model has explain.waits: who waits on what. */
  readonly waits?: readonly WaitFor[];
  /** The wait-for edges that form a cycle (empty if none). */
  readonly cycle?: readonly WaitFor[];
  /** The cycle (or the blocked threads) in words. */
  readonly cycleText?: string;
  /** Liveness lassos: the step the cycle returns to (the last step goes back to it), as in `Counterexample.loop`. */
  readonly loop?: number;
  /** The lasso ends by stuttering in its last state for ever. */
  readonly stutter?: boolean;
}

/** One line on where a lasso's cycle closes: "back to state 7" or "stutters forever here". */
export function loopText(t: { readonly loop?: number; readonly stutter?: boolean; readonly steps: readonly unknown[] }): string | undefined {
  if (t.loop === undefined) return undefined;
  if (t.stutter) return `stutters forever in the state after step ${t.steps.length - 1}`;
  return `back to the state after step ${t.loop}: the cycle of steps ${t.loop + 1}..${t.steps.length - 1} repeats forever`;
}

function hook<T>(model: BuiltModel, name: string, step: number, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof InterleaveError) throw e;
    throw modelError('IL207', `model '${model.name}': explain.${name} threw on the state after step ${step}: ${(e as Error).message}`, {
      hint: 'explain hooks must be pure functions of a decoded state that do not throw',
    });
  }
}

/** The model's lanes in display order: explain.lanes, else the actions' lanes in order of first appearance. */
export function getLanes(model: BuiltModel): string[] {
  const out: string[] = [...(model.explain?.lanes ?? [])];
  for (const a of model.actions) if (a.lane !== undefined && !out.includes(a.lane)) out.push(a.lane);
  return out;
}

/** Reads a counterexample of property `p` through the model's explain hooks. */
export function explainTrace(model: BuiltModel, p: PropertyResult, cx: Counterexample = p.counterexample!): ExplainedTrace {
  const ex = model.explain;
  const lanes = getLanes(model);
  const single = lanes.length === 0;
  if (single) lanes.push(ONE_LANE);
  const steps: ExplainedStep[] = cx.steps.map((s, n) => {
    const lane = n === 0 ? '' : single ? ONE_LANE : (s.lane ?? NO_LANE);
    if (n > 0 && !lanes.includes(lane)) lanes.push(lane);
    const prev = n > 0 ? cx.steps[n - 1]!.state : undefined;
    let frames: string | undefined;
    if (ex?.frames && prev) frames = hook(model, 'frames', n - 1, () => ex.frames!(prev))[lane];
    const after = ex?.summary ? [...hook(model, 'summary', n, () => ex.summary!(s.state))] : prev ? changedLines(prev, s.state) : stateLines(s.state);
    const expression = s.failed ? model.assertions.find((a) => a.name === s.failed!.assertion)?.doc : undefined;
    return {
      index: n,
      action: s.action,
      lane,
      ...(s.source !== undefined ? { source: s.source } : {}),
      ...(frames ? { frames } : {}),
      after,
      ...(s.failed ? { failed: { assertion: s.failed.assertion, ...(expression ? { expression } : {}), ...(s.failed.detail !== undefined ? { detail: s.failed.detail } : {}) } } : {}),
      state: s.state,
    };
  });
  const last = steps[steps.length - 1]!;
  const property = { name: p.name, kind: p.kind, ...(p.doc !== undefined ? { doc: p.doc } : {}) };
  const lasso = cx.loop !== undefined ? { loop: cx.loop, ...(cx.stutter ? { stutter: true } : {}) } : {};
  let verdict: string;
  switch (p.kind) {
    case 'action':
      verdict = `action property ${p.name} is false on step ${last.index} (${last.action})${p.doc ? `: ${p.doc}` : ''}`;
      break;
    case 'liveness':
      verdict = `liveness ${p.name} is violated: ${loopText({ ...lasso, steps })}${p.doc ? ` (${p.doc})` : ''}`;
      break;
    case 'assertion':
      verdict = `assertion ${p.name} fails in step ${last.index} (${last.action})${last.failed?.expression ? `: ${last.failed.expression}` : ''}${last.failed?.detail ? ` — ${last.failed.detail}` : ''}`;
      break;
    case 'invariant':
      verdict = `invariant ${p.name} is false after step ${last.index}${p.doc ? `: ${p.doc}` : ''}`;
      break;
    case 'deadlock':
      verdict = `deadlock after step ${last.index}: no action is enabled${p.doc ? ` (${p.doc})` : ''}`;
      break;
  }
  if (p.kind !== 'deadlock' || !ex?.waits) return { model: model.name, property, lanes, steps, verdict, ...lasso };
  const waits = hook(model, 'waits', last.index, () => ex.waits!(last.state, steps.map((s) => s.state)));
  const cycle = findWaitCycle(waits);
  return { model: model.name, property, lanes, steps, verdict, waits, cycle, cycleText: describeWaits(waits, cycle) };
}

/**
 * The first cycle in the wait-for relation (thread -> holder), searching
 * threads in the order they appear in `waits`; the edges of the cycle in
 * order, or [] if there is none. Deterministic.
 */
export function findWaitCycle(waits: readonly WaitFor[]): WaitFor[] {
  const byThread = new Map<string, WaitFor[]>();
  const order: string[] = [];
  for (const w of waits) {
    if (!byThread.has(w.thread)) {
      byThread.set(w.thread, []);
      order.push(w.thread);
    }
    byThread.get(w.thread)!.push(w);
  }
  const done = new Set<string>();
  for (const start of order) {
    const stack: WaitFor[] = [];
    const onStack = new Set<string>();
    const visit = (t: string): WaitFor[] | undefined => {
      if (done.has(t)) return undefined;
      onStack.add(t);
      for (const w of byThread.get(t) ?? []) {
        if (w.holder === undefined) continue;
        stack.push(w);
        if (onStack.has(w.holder)) {
          const from = stack.findIndex((x) => x.thread === w.holder);
          return stack.slice(from);
        }
        const found = visit(w.holder);
        if (found) return found;
        stack.pop();
      }
      onStack.delete(t);
      done.add(t);
      return undefined;
    };
    const c = visit(start);
    if (c) return c;
  }
  return [];
}

/** The blocked threads and the cycle in words, e.g. `A waits for S, which only B can release; … Nobody can move: A → B → A.` */
export function describeWaits(waits: readonly WaitFor[], cycle: readonly WaitFor[]): string {
  const parts = waits.map((w) => `${w.thread} waits for ${w.on}${w.source ? ` (at ${w.source})` : ''}, ${w.holder !== undefined ? `which only ${w.holder} can release` : 'which nobody can release'}`);
  if (parts.length === 0) return 'No thread reports what it waits for.';
  const text = parts.join('; ') + '.';
  if (cycle.length === 0) return `${text} There is no wait-for cycle.`;
  return `${text} Nobody can move: ${[...cycle.map((w) => w.thread), cycle[0]!.thread].join(' → ')}.`;
}
