/**
 * Counterexample paths, rebuilt after exploration from the store's parent
 * links and replayed from the initial state. Replay re-runs each action and
 * checks that every state it reproduces is in the seen set and matches the
 * 16-bit fingerprint check stored for that step's state, and the caller
 * checks that the last state really violates the property; so a
 * non-deterministic model is caught here (IL103) instead of producing a trace
 * that is not real (a 1 in 65536 chance per step that a wrong state with a
 * known fingerprint slips through).
 */
import { modelError } from './errors';
import { fingerprint, fp } from './fingerprint';
import type { ActionDef, BuiltModel } from './model';
import type { Lasso } from './liveness';
import type { Counterexample, Step } from './result';
import { fingerprintCheck, NO_PARENT, Store } from './store';
import { AssertionSignal, REJECTED, StateView } from './view';

/** Compact one-line text of a packed state, for error messages. */
export function stateText(model: BuiltModel, buf: Uint32Array): string {
  return JSON.stringify(model.decode(buf).toJS());
}

/** Store indices from the initial state to `idx`, inclusive. */
export function chainTo(store: Store, idx: number): number[] {
  const chain: number[] = [];
  for (let i = idx; i !== NO_PARENT; i = store.parentOf(i)) chain.push(i);
  return chain.reverse();
}

function initLabel(model: BuiltModel, k: number): string {
  return model.initStates.length === 1 ? 'Init' : `Init(${k})`;
}

/**
 * Replays the path to state `idx` and, for an assertion violation, the failing
 * action `failAction` from it. Returns the counterexample with decoded states.
 */
export function replayPath(model: BuiltModel, store: Store, idx: number, fail?: { action: number; assertion?: string; choice?: number }, key?: (buf: Uint32Array) => Uint32Array): { counterexample: Counterexample; last: Uint32Array; before: Uint32Array | undefined } {
  const chain = chainTo(store, idx);
  const words = model.layout.words;
  const view = model.createView();
  view.pre = model.createView();
  const root = chain[0]!;
  const k = writeRoot(model, store, root, view.buf, key);
  const steps: Step[] = [{ action: initLabel(model, k), state: model.decode(view.buf) }];
  for (let n = 1; n < chain.length; n++) {
    const i = chain[n]!;
    const a = model.actions[store.actionOf(i)]!;
    const before = view.buf.slice();
    const label = runAction(model, view, a, { store, idx: i, key });
    checkMember(model, store, i, view.buf, words, label, before, key);
    steps.push({ action: label, lane: a.lane, source: a.source, state: model.decode(view.buf) });
  }
  if (fail && fail.assertion === undefined) {
    // One more step, to a state that is not stored (outside a constraint) or whose step breaks an action property.
    const a = model.actions[fail.action]!;
    const before = view.buf.slice();
    const label = runAction(model, view, a, { choice: fail.choice ?? 0 });
    steps.push({ action: label, lane: a.lane, source: a.source, state: model.decode(view.buf) });
    return { counterexample: { length: steps.length - 1, steps }, last: view.buf, before };
  }
  if (fail) {
    const a = model.actions[fail.action]!;
    const before = view.buf.slice();
    view.pre.buf.set(before);
    const label = selectChoice(model, a, view.pre, fail.choice ?? 0);
    let signal: AssertionSignal | undefined;
    try {
      if (!a.guard(view.pre)) throw new Error('guard is false');
      a.effect(view);
    } catch (e) {
      if (e instanceof AssertionSignal) signal = e;
      else throw nondeterminism(model, label, before, e === REJECTED ? 'it rejected its successor on replay' : `it threw: ${(e as Error).message}`);
    }
    if (!signal || signal.name !== fail.assertion) {
      throw nondeterminism(model, label, before, `replaying it did not fail assertion '${fail.assertion}' again`);
    }
    steps.push({ action: label, lane: a.lane, source: a.source, state: model.decode(view.buf), failed: { assertion: signal.name, detail: signal.detail } });
    return { counterexample: { length: steps.length - 1, steps }, last: view.buf, before };
  }
  return { counterexample: { length: steps.length - 1, steps }, last: view.buf, before: undefined };
}

/**
 * Replays a lasso (liveness.ts): the steps from an initial state through the
 * cycle, each checked against the store as in `replayPath`; the last step must
 * return to the state at `loop` (unless the lasso ends by stuttering).
 */
export function replayLasso(model: BuiltModel, store: Store, lasso: Lasso, key?: (buf: Uint32Array) => Uint32Array): Counterexample {
  const words = model.layout.words;
  const view = model.createView();
  view.pre = model.createView();
  const root = lasso.steps[0]!.state;
  const k = writeRoot(model, store, root, view.buf, key);
  const steps: Step[] = [{ action: initLabel(model, k), state: model.decode(view.buf) }];
  let loopState: Uint32Array | undefined = lasso.loop === 0 ? view.buf.slice() : undefined;
  for (let n = 1; n < lasso.steps.length; n++) {
    const { state, action } = lasso.steps[n]!;
    const a = model.actions[action]!;
    const before = view.buf.slice();
    const label = runAction(model, view, a, { store, idx: state, key });
    checkMember(model, store, state, view.buf, words, label, before, key);
    steps.push({ action: label, lane: a.lane, source: a.source, state: model.decode(view.buf) });
    if (n === lasso.loop) loopState = view.buf.slice();
  }
  if (!lasso.stutter) {
    const same = loopState !== undefined && loopState.every((w, i) => w === view.buf[i]);
    if (!same) throw nondeterminism(model, steps[steps.length - 1]!.action, view.buf, 'replaying the cycle of a liveness counterexample did not return to where it started');
  }
  return { length: steps.length - 1, steps, loop: lasso.loop, stutter: lasso.stutter };
}

/**
 * How replay picks the choice of a choice action (`chooseFrom`): the one
 * exploration recorded, or the first whose successor is the stored state
 * `idx` (the store keeps the action, not the choice; TLC rebuilds traces the
 * same way, by generating successors until one has the stored fingerprint).
 */
type Pick = { readonly choice: number } | { readonly store: Store; readonly idx: number; readonly key?: (buf: Uint32Array) => Uint32Array };

/**
 * Runs action a as one step from the state `view` holds; `view.pre` (a view
 * of its own) gets that state first. Returns the step's label.
 */
function runAction(model: BuiltModel, view: StateView, a: ActionDef, pick: Pick): string {
  const before = view.pre.buf;
  before.set(view.buf);
  if (!a.choices) {
    runOnce(model, view, a, a.name, before);
    return a.name;
  }
  if ('choice' in pick) {
    const label = selectChoice(model, a, view.pre, pick.choice);
    runOnce(model, view, a, label, before);
    return label;
  }
  const list = choicesOn(model, a, view.pre);
  for (let c = 0; c < list.length; c++) {
    a.current!.value = list[c];
    view.buf.set(before);
    try {
      if (!a.guard(view.pre)) continue;
      a.effect(view);
    } catch {
      continue;
    }
    if (isMember(pick.store, pick.idx, view.buf, model.layout.words, pick.key)) return a.labelOf!(list[c]);
  }
  throw nondeterminism(model, a.name, before, `none of its ${list.length} choices, recomputed on replay, gives the state exploration reached`);
}

/** Sets choice number `choice` of a choice action in state `pre` and returns the step's label; a plain action's label is its name. */
export function selectChoice(model: BuiltModel, a: ActionDef, pre: StateView, choice: number): string {
  if (!a.choices) return a.name;
  const list = choicesOn(model, a, pre);
  if (choice >= list.length) throw nondeterminism(model, a.name, pre.buf, `it has ${list.length} choices on replay, not the ${choice + 1} exploration saw`);
  a.current!.value = list[choice];
  return a.labelOf!(list[choice]);
}

function choicesOn(model: BuiltModel, a: ActionDef, pre: StateView): readonly unknown[] {
  try {
    const list = a.choices!(pre);
    if (Array.isArray(list)) return list;
  } catch {
    // reported below
  }
  throw nondeterminism(model, a.name, pre.buf, 'its choices could not be recomputed on replay');
}

function runOnce(model: BuiltModel, view: StateView, a: ActionDef, name: string, before: Uint32Array): void {
  let ok: boolean;
  try {
    ok = a.guard(view.pre);
    if (ok) a.effect(view);
  } catch (e) {
    if (e === REJECTED) throw nondeterminism(model, name, before, 'it rejected its successor on replay');
    throw nondeterminism(model, name, before, `it threw on replay: ${e instanceof AssertionSignal ? `assertion ${e.name}` : (e as Error).message}`);
  }
  if (!ok) throw nondeterminism(model, name, before, 'its guard is false on replay');
}

/**
 * The first action with a successor from `state`: its guard holds and its
 * effect does not reject (an assertion failure is a successor too, the error
 * state). Confirms a deadlock on replay.
 */
export function actionWithSuccessor(model: BuiltModel, state: Uint32Array): ActionDef | undefined {
  const pre = model.createView();
  pre.buf.set(state);
  const post = model.createView();
  post.pre = pre;
  for (const a of model.actions) {
    if (!a.guard(pre)) continue;
    const list = a.choices ? a.choices(pre) : [undefined];
    for (const x of list) {
      if (a.current) a.current.value = x;
      post.buf.set(state);
      try {
        a.effect(post);
      } catch (e) {
        if (e === REJECTED) continue;
      }
      return a;
    }
  }
  return undefined;
}

/**
 * Writes the initial state that the root `root` of a path was stored from
 * into `out` and returns its number. The store keeps that number in 16 bits,
 * so with more than 65536 initial states the numbers k, k + 65536, … are
 * tried until one is the stored state.
 */
function writeRoot(model: BuiltModel, store: Store, root: number, out: Uint32Array, key?: (buf: Uint32Array) => Uint32Array): number {
  const first = store.actionOf(root);
  for (let k = first; k < model.initStates.length; k += 0x10000) {
    model.initStates.write(k, out);
    if (isMember(store, root, out, model.layout.words, key)) return k;
  }
  model.initStates.write(first, out);
  throw nondeterminism(model, initLabel(model, first), out, 'rebuilding it gave a state that exploration never reached');
}

/** With symmetry, `key` gives the canonical form the store holds (the path itself stays unpermuted). */
function isMember(store: Store, idx: number, state: Uint32Array, words: number, key?: (buf: Uint32Array) => Uint32Array): boolean {
  const buf = key ? key(state) : state;
  fingerprint(buf, words);
  return fingerprintCheck(fp.hi) === store.checkOf(idx) && store.has(fp.hi, fp.lo, buf);
}

function checkMember(model: BuiltModel, store: Store, idx: number, state: Uint32Array, words: number, action: string, before: Uint32Array | undefined, key?: (buf: Uint32Array) => Uint32Array): void {
  if (!isMember(store, idx, state, words, key)) throw nondeterminism(model, action, before ?? state, 'replaying it gave a successor that exploration never reached');
}

/** The error for a path whose replay does not show what exploration saw. */
export function nondeterminism(model: BuiltModel, action: string, before: Uint32Array, why: string) {
  return modelError('IL103', `model '${model.name}': action '${action}' is not deterministic: ${why}. State before the action: ${stateText(model, before)}`, {
    hint: 'an action must compute its successor from the state alone: no Math.random, clock, I/O or state kept outside the model variables',
  });
}
