/**
 * Expansion of a chunk of one BFS level, for parallel exploration (parallel.ts):
 * everything the sequential loop (explorer.ts) does to a state that does not
 * need the store — guards, effects, the determinism re-run, action
 * properties, constraints, assertions, invariants of each candidate successor,
 * the terminal predicate — written as a stream of records in the order the
 * sequential loop meets them. The coordinator replays the stream against the
 * one store, in level order, so counts, parents and the first violation found
 * are the sequential engine's, whatever the number of workers.
 *
 * The same state expanded twice gives the same records (the coordinator
 * compares a probe state expanded by two workers to detect impure models),
 * except that candidates already in the shared seen table may be shortened to
 * DUP records: the table only ever holds states stored before this chunk in
 * level order, so a DUP is a duplicate in the sequential run too.
 */
import { InterleaveError, modelError } from './errors';
import { choicesIn, wrapFault } from './explorer';
import { stateKey } from './identity';
import { fingerprint, fp } from './fingerprint';
import type { BuiltModel } from './model';
import type { ResolvedOptions } from './options';
import { nondeterminism } from './path';
import { nonZero, SLOT } from './shared-store';
import { Symmetry } from './symmetry';
import type { Fresh } from './value-ids';
import { AssertionSignal, REJECTED, StateView } from './view';

/** Record tags (first word of each record). */
export const Rec = {
  /**
   * [tag, action, (choice, label,) faultBase, propFail…, propThrow…, invFail…, invThrow…, hi, lo, state W, key W (exact)];
   * the faults of the throw bits are faultBase, faultBase + 1, … in bit order, properties first. The step of
   * a choice action (chooseFrom) has two more words after its action: the choice's number in the state's
   * list of choices, and its label (in `strings`); every record of such a step below has them too.
   */
  step: 1,
  /** [tag, action, (choice, label,) faultBase, propFail…, propThrow…, invFail…, invThrow…]: the successor is outside the constraints */
  outside: 2,
  /** [tag, action, (choice, label,) faultBase, propFail…, propThrow…]: the successor is already stored */
  dup: 3,
  /** [tag, action, (choice, label,) assertion string]: the step fails an assertion */
  assert: 4,
  /** [tag, fault]: the model threw; the coordinator raises it when it gets here */
  fault: 5,
  /** [tag, flags]: the state's actions are done; flags: 1 no action enabled, 2 terminal */
  end: 6,
} as const;

/** What a worker must know of the resolved options to expand states. */
// `continue`: violations do not stop the run (the shared-table levels keep them as events, level.ts).
export interface ExpandConfig extends Pick<ResolvedOptions, 'invariants' | 'actionProperties' | 'determinism' | 'exact' | 'continue' | 'deadlock'> {
  readonly symmetry: boolean;
  /**
   * Liveness is checked: the coordinator builds the behaviour graph, so every
   * successor comes as a step record with its fingerprint and words (no DUP
   * shortcuts), and the step and outside records of a step that changes the
   * state carry CHANGED in their tag (a fairness condition's action counts as
   * enabled only with a successor other than the state itself).
   */
  readonly graph: boolean;
}

/** Tag bit of a step or outside record whose successor differs from its state (with `graph`). */
export const CHANGED = 8;

/**
 * Tag bit of a step record whose successor may hold provisional ids of
 * interned values (intern.ts): its fingerprint is the worker's own, so the
 * coordinator maps the ids to its own and fingerprints the state again.
 */
export const PROVISIONAL_IDS = 16;

/** A model error carried between threads. */
export interface FaultInfo {
  readonly code: string;
  readonly kind: 'usage' | 'model';
  readonly message: string;
  readonly hint?: string;
  readonly alternatives?: readonly string[];
}

export function toFault(e: InterleaveError): FaultInfo {
  return { code: e.code, kind: e.kind, message: e.message, ...(e.hint ? { hint: e.hint } : {}), ...(e.alternatives ? { alternatives: e.alternatives } : {}) };
}

export function fromFault(f: FaultInfo): InterleaveError {
  return new InterleaveError(f.code, f.kind, f.message, { hint: f.hint, alternatives: f.alternatives });
}

/** The records of one chunk, with the strings and faults they point to. */
export interface Expansion {
  readonly records: Uint32Array;
  readonly strings: string[];
  readonly faults: FaultInfo[];
  /**
   * From a worker: the provisional ids of interned values (intern.ts) that
   * the chunk used, in the order first used, and the values written out.
   */
  readonly fresh?: Fresh;
}

/** Words of the failed/threw masks for `n` properties. */
export function maskWords(n: number): number {
  return (n + 31) >>> 5;
}

/** A growable word buffer. */
class Words {
  data = new Uint32Array(1 << 12);
  length = 0;
  reserve(n: number): void {
    if (this.length + n <= this.data.length) return;
    let cap = this.data.length * 2;
    while (cap < this.length + n) cap *= 2;
    const d = new Uint32Array(cap);
    d.set(this.data.subarray(0, this.length));
    this.data = d;
  }
  push(w: number): void {
    this.reserve(1);
    this.data[this.length++] = w;
  }
}

export type Expander = (states: Uint32Array, count: number, seen: Uint32Array | undefined, fullFirst: boolean) => Expansion;

/**
 * Builds the expander of a model. `states` holds `count` entries of
 * [store index, W words]; `seen` is the shared fingerprint table
 * (shared-store.ts) or undefined; with `fullFirst` the first state is
 * expanded without consulting it, so that two expansions of it compare equal.
 */
export function createExpander(model: BuiltModel, config: ExpandConfig): Expander {
  const W = model.layout.words;
  const actions = model.actions;
  const A = actions.length;
  const invs = model.invariants.filter((i) => config.invariants.includes(i.name));
  const props = model.actionProperties.filter((p) => config.actionProperties.includes(p.name));
  const constraint = model.constraint;
  const actionConstraint = model.actionConstraint;
  const terminal = model.terminal;
  const sym = config.symmetry ? new Symmetry(model.symmetry!, W) : undefined;
  // A state's identity: its view (TLC VIEW) and its orbit's least member under symmetry, as in explorer.ts.
  const keyOf = stateKey(model.viewMask, sym) ?? ((b: Uint32Array) => b);
  const choosers = actions.map((a) => a.choices !== undefined);
  const interner = model.interner;
  const iw = maskWords(invs.length);
  const pw = maskWords(props.length);
  const cur = model.createView();
  const next = model.createView();
  const again = model.createView();
  // Effects read the state before the step through s.pre, as in the sequential engine.
  next.pre = cur;
  again.pre = cur;
  const propFail = new Uint32Array(pw);
  const propThrow = new Uint32Array(pw);
  const invFail = new Uint32Array(iw);
  const invThrow = new Uint32Array(iw);

  // Candidates already sent in this chunk (generation-stamped, so never cleared): a repeat is a duplicate
  // in the sequential run too, because the coordinator stores the first one before it meets the repeat.
  let localMask = (1 << 12) - 1;
  let localFps = new Uint32Array(2 * (localMask + 1));
  let localGen = new Uint32Array(localMask + 1);
  let gen = 0;
  let localCount = 0;
  const growLocal = () => {
    const oldFps = localFps;
    const oldGen = localGen;
    localMask = localMask * 2 + 1;
    localFps = new Uint32Array(2 * (localMask + 1));
    localGen = new Uint32Array(localMask + 1);
    for (let k = 0; k < oldGen.length; k++) {
      if (oldGen[k] !== gen) continue;
      let slot = oldFps[2 * k + 1]! & localMask;
      while (localGen[slot] === gen) slot = (slot + 1) & localMask;
      localGen[slot] = gen;
      localFps[2 * slot] = oldFps[2 * k]!;
      localFps[2 * slot + 1] = oldFps[2 * k + 1]!;
    }
  };
  /** Adds (hi, lo) to this chunk's candidates; true if it was already there. */
  const sentBefore = (hi: number, lo: number): boolean => {
    let slot = lo & localMask;
    while (localGen[slot] === gen) {
      if (localFps[2 * slot] === hi && localFps[2 * slot + 1] === lo) return true;
      slot = (slot + 1) & localMask;
    }
    localGen[slot] = gen;
    localFps[2 * slot] = hi;
    localFps[2 * slot + 1] = lo;
    if (++localCount * 2 > localMask) growLocal();
    return false;
  };

  return (states, count, seen, fullFirst) => {
    const out = new Words();
    const strings: string[] = [];
    const faults: FaultInfo[] = [];
    gen = (gen + 1) >>> 0;
    if (gen === 0) {
      localGen.fill(0);
      gen = 1;
    }
    localCount = 0;
    // The step of a choice action carries its choice and label (an index into `strings`, one per label and chunk).
    const labels = new Map<string, number>();
    let chosen = false;
    let choice = 0;
    let label = 0;
    /** The label of a step of action a: its name, or the label of the choice at hand. */
    const stepName = (a: number) => (chosen ? strings[label]! : actions[a]!.name);
    const fault = (e: InterleaveError) => {
      out.push(Rec.fault);
      out.push(faults.push(toFault(e)) - 1);
    };
    /** Writes a record's header and masks, reserving `extra` more words; returns where those go. */
    const header = (tag: number, a: number, faultBase: number, withInvariants: boolean, extra: number): number => {
      out.reserve(5 + 2 * pw + 2 * iw + extra);
      const d = out.data;
      let p = out.length;
      d[p++] = tag;
      d[p++] = a;
      if (chosen) {
        d[p++] = choice;
        d[p++] = label;
      }
      d[p++] = faultBase;
      for (let k = 0; k < pw; k++) d[p++] = propFail[k]!;
      for (let k = 0; k < pw; k++) d[p++] = propThrow[k]!;
      if (withInvariants) {
        for (let k = 0; k < iw; k++) d[p++] = invFail[k]!;
        for (let k = 0; k < iw; k++) d[p++] = invThrow[k]!;
      }
      out.length = p + extra;
      return p;
    };
    // The shared table's slots are [lo, hi, key] with both fingerprint words made non-zero (shared-store.ts).
    const mask = seen ? seen.length / SLOT - 1 : 0;
    const isSeen = (hi: number, lo: number): boolean => {
      hi = nonZero(hi);
      lo = nonZero(lo);
      let slot = lo & mask;
      for (;;) {
        const l = seen![SLOT * slot]!;
        if (l === 0) return false;
        if (l === lo && seen![SLOT * slot + 1] === hi) return true;
        slot = (slot + 1) & mask;
      }
    };
    /** Evaluates every selected invariant on `view`; a throw is kept as a fault the coordinator raises only if the sequential run would evaluate it. */
    const evalInvariants = (view: StateView) => {
      invFail.fill(0);
      invThrow.fill(0);
      for (let k = 0; k < invs.length; k++) {
        try {
          if (!invs[k]!.check(view)) invFail[k >>> 5]! |= 1 << (k & 31);
        } catch (e) {
          invThrow[k >>> 5]! |= 1 << (k & 31);
          faults.push(toFault(wrapFault(model, e, `invariant '${invs[k]!.name}'`, view.buf, 'IL104')));
        }
      }
    };
    const sameWords = (x: Uint32Array, y: Uint32Array) => {
      for (let k = 0; k < W; k++) if (x[k] !== y[k]) return false;
      return true;
    };

    states: for (let s = 0; s < count; s++) {
      const base = s * (W + 1);
      const idx = states[base]!;
      for (let k = 0; k < W; k++) cur.buf[k] = states[base + 1 + k]!;
      const filter = seen !== undefined && !(fullFirst && s === 0);
      // Sequential expansion number of this state: BFS expands states in store order.
      const checkTwice = idx + 1 < config.determinism;
      let enabled = 0;
      for (let a = 0; a < A; a++) {
        chosen = false;
        let on: boolean;
        try {
          on = actions[a]!.guard(cur);
        } catch (e) {
          fault(wrapFault(model, e, `the guard of action '${actions[a]!.name}'`, cur.buf, 'IL101'));
          break states;
        }
        if (!on) continue;
        // A choice action (chooseFrom) takes one step per choice, computed from this state.
        chosen = choosers[a]!;
        let list: readonly unknown[] | undefined;
        if (chosen) {
          try {
            list = choicesIn(model, a, cur);
          } catch (e) {
            fault(e as InterleaveError);
            break states;
          }
        }
        const choices = list === undefined ? 1 : list.length;
        for (choice = 0; choice < choices; choice++) {
          if (list !== undefined) {
            actions[a]!.current!.value = list[choice];
            const name = actions[a]!.labelOf!(list[choice]);
            label = labels.get(name) ?? -1;
            if (label < 0) {
              label = strings.push(name) - 1;
              labels.set(name, label);
            }
          }
          for (let k = 0; k < W; k++) next.buf[k] = cur.buf[k]!;
          // A state to expand holds the coordinator's ids only: the successor has provisional ones if the effect wrote one.
          const answers = interner.provisionalAnswers;
          try {
            actions[a]!.effect(next);
          } catch (e) {
            // A rejected step has no successor, and its action is not enabled here (TLC), as in the sequential engine.
            if (e === REJECTED) continue;
            enabled++;
            if (e instanceof AssertionSignal) {
              out.push(Rec.assert);
              out.push(a);
              if (chosen) {
                out.push(choice);
                out.push(label);
              }
              out.push(strings.push(e.name) - 1);
              continue;
            }
            fault(wrapFault(model, e, `action '${stepName(a)}'`, cur.buf, 'IL101'));
            break states;
          }
          enabled++;
          const provisional = interner.provisionalAnswers !== answers ? PROVISIONAL_IDS : 0;
          if (checkTwice) {
            for (let k = 0; k < W; k++) again.buf[k] = cur.buf[k]!;
            let ok = true;
            try {
              ok = actions[a]!.guard(again);
              if (ok) actions[a]!.effect(again);
            } catch {
              ok = false;
            }
            if (!ok || !sameWords(again.buf, next.buf)) {
              fault(nondeterminism(model, stepName(a), cur.buf, 'run twice on the same state, it gave two different successors (checked on the first expanded states; --determinism all checks every state)'));
              break states;
            }
          }
          const faultBase = faults.length;
          propFail.fill(0);
          propThrow.fill(0);
          if (props.length > 0 && !sameWords(cur.buf, next.buf)) {
            for (let k = 0; k < props.length; k++) {
              try {
                if (!props[k]!.check(cur, next, stepName(a))) propFail[k >>> 5]! |= 1 << (k & 31);
              } catch (e) {
                propThrow[k >>> 5]! |= 1 << (k & 31);
                faults.push(toFault(wrapFault(model, e, `action property '${props[k]!.name}' on a step of '${stepName(a)}'`, cur.buf, 'IL104')));
              }
            }
          }
          let inside = true;
          try {
            if (constraint && !constraint(next)) inside = false;
            else if (actionConstraint && !actionConstraint(cur, next, stepName(a))) inside = false;
          } catch (e) {
            fault(wrapFault(model, e, 'the state or action constraint', next.buf, 'IL104'));
            break states;
          }
          const changed = config.graph && !sameWords(cur.buf, next.buf) ? CHANGED : 0;
          if (!inside) {
            evalInvariants(next);
            header(Rec.outside | changed, a, faultBase, true, 0);
            continue;
          }
          const key = keyOf(next.buf);
          fingerprint(key, W);
          const hi = fp.hi;
          const lo = fp.lo;
          // A state with provisional ids is in no table; within the chunk its ids are consistent, so a repeat is one.
          if (!config.graph && ((filter && provisional === 0 && isSeen(hi, lo)) || (!config.exact && sentBefore(hi, lo)))) {
            header(Rec.dup, a, faultBase, false, 0);
            continue;
          }
          evalInvariants(next);
          let p = header(Rec.step | changed | provisional, a, faultBase, true, 2 + (config.exact ? 2 * W : W));
          const d = out.data;
          d[p++] = hi;
          d[p++] = lo;
          for (let k = 0; k < W; k++) d[p++] = next.buf[k]!;
          if (config.exact) for (let k = 0; k < W; k++) d[p++] = key[k]!;
        }
      }
      let flags = 0;
      if (enabled === 0) {
        flags |= 1;
        if (terminal) {
          try {
            if (terminal(cur)) flags |= 2;
          } catch (e) {
            fault(wrapFault(model, e, 'the terminal predicate', cur.buf, 'IL101'));
            break;
          }
        }
      }
      out.push(Rec.end);
      out.push(flags);
    }
    return { records: out.data.slice(0, out.length), strings, faults };
  };
}

/** The model error for a state that two workers expanded differently. */
export function impureModel(model: BuiltModel, state: string): InterleaveError {
  return modelError('IL119', `model '${model.name}' is not pure: the same state, expanded in two workers, gave different successors or verdicts. State: ${state}`, {
    hint: 'guards, effects and properties must depend on the state alone: no module-level mutable variables, Math.random, clocks or I/O; run with --workers 1 --determinism all to find the action',
  });
}
