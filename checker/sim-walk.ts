/**
 * One random walk of a simulation (simulate.ts), and the fold of walks into
 * the run's totals, shared by the sequential run and the worker threads of
 * `simulate --workers N` (sim-parallel.ts, sim-worker.ts).
 *
 * A walk (TraceWalker.walk) touches nothing of the run: trace t uses its own
 * generator (seed, t) and yields a TraceRecord: its counts, the fingerprint of
 * every state it visited with the action (and choice label) that reached it,
 * and the first violation of each property within the trace. The merge
 * (SimTotals.add) folds records strictly in trace order 0, 1, 2, …: it
 * inserts the fingerprints into the one store (a visited state not stored yet
 * counts as "distinct" for its action and choice), takes each property's
 * first violation in trace order, and with `continue: false` stops after the
 * first trace that found one. So the totals do not depend on which thread
 * walked which trace.
 *
 * The only thing a walk reads from the run is which properties are already
 * violated (`skip`): the sequential run skips their checks, as before; a
 * worker cannot know them and checks them all, which changes nothing unless
 * such a check throws. Then the worker reports the trace as faulted and the
 * coordinator walks it again itself, in its turn, with the run's knowledge.
 */
import { choicesIn, withinConstraints, wrapFault } from './explorer';
import { fingerprint, fp } from './fingerprint';
import type { BuiltModel, PropertyKind } from './model';
import { Random } from './random';
import { stateKey } from './identity';
import type { ResolvedOptions } from './options';
import { FingerprintStore, NO_PARENT } from './store';
import type { Fresh } from './value-ids';
import { AssertionSignal, REJECTED, StateView } from './view';

/** The settings of a simulation that decide its walks (what a worker is given). */
export interface SimSettings extends Pick<ResolvedOptions, 'invariants' | 'actionProperties' | 'deadlock' | 'continue'> {
  readonly seed: number;
  /** Steps per walk at most. */
  readonly depth: number;
}

/** A violation seen on a walk, replayed into a counterexample at the end (simulate.ts replayWalk). */
export interface Found {
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

/** What one walk did (structured-cloneable: workers post these). */
export interface TraceRecord {
  readonly t: number;
  init: number;
  /** Steps walked. */
  steps: number;
  generated: number;
  transitions: number;
  /** Per action, steps generated. */
  readonly fired: Float64Array;
  /** Choice labels (of `chooseFrom` actions) fired in this trace, in order of first appearance: action, label, count. */
  readonly labelAction: number[];
  readonly labelName: string[];
  readonly labelFired: number[];
  /** Fingerprints (hi, lo) of the visited states, the first steps + 1 of them (the arrays may be longer). */
  fps: Uint32Array;
  /** Per step, the action that reached the next state, and its label's entry above (-1 for a plain action). */
  via: Int32Array;
  viaLabel: Int32Array;
  /** The walk ended in a terminal state (the model's `terminal`). */
  terminal: boolean;
  /** The first violation of each property in this trace, in the order seen. */
  readonly found: [string, Found][];
  /** A worker's walk threw: the coordinator walks this trace again itself. */
  faulted?: boolean;
  /**
   * From a worker, when the walk met values without a coordinator id (interned
   * values, value-ids.ts): those provisional ids and values, and the visited
   * states (steps + 1 of them), whose ids and fingerprints the coordinator
   * makes its own before it folds the record.
   */
  fresh?: Fresh;
  words?: Uint32Array;
}

/** Walks traces of one model; one per thread. */
export class TraceWalker {
  private readonly W: number;
  private readonly A: number;
  private readonly selected;
  private readonly actionProps;
  private readonly key: (b: Uint32Array) => Uint32Array;
  private readonly cur: StateView;
  private readonly next: StateView;
  private readonly succ: StateView;
  private cand: Uint32Array;
  private candAction: Int32Array;
  private candChoice: Int32Array;
  /** Per candidate of a choice action, its label's entry in the record (for coverage when it is picked); -1 otherwise. */
  private readonly candLabel: number[] = [];
  /** The states of the walk in progress, one per step (steps + 1 of them). */
  readonly walkBuf: Uint32Array;
  private readonly walkActions: number[] = [];
  private readonly walkChoices: number[] = [];
  private readonly inModel;
  private fps: Uint32Array;
  private via: Int32Array;
  private viaLabel: Int32Array;
  /** The record being written: after a walk throws, what it did up to the throw. */
  rec!: TraceRecord;
  private local = new Map<string, Found>();
  private foundList: [string, Found][] = [];
  private skip: (name: string) => boolean = () => false;
  private stop = false;
  private init = 0;
  private labelIndex: (Map<string, number> | undefined)[] = [];

  constructor(private readonly model: BuiltModel, private readonly settings: SimSettings) {
    const W = (this.W = model.layout.words);
    this.A = model.actions.length;
    this.selected = model.invariants.filter((i) => settings.invariants.includes(i.name));
    this.actionProps = model.actionProperties.filter((p) => settings.actionProperties.includes(p.name));
    // Distinct states are counted by the model's VIEW when it has one (identity.ts).
    this.key = stateKey(model.viewMask, undefined) ?? ((b: Uint32Array) => b);
    this.cur = model.createView();
    this.next = model.createView();
    this.next.pre = this.cur;
    // The successor as a state of its own (its pre is itself), for invariants, constraints and properties.
    this.succ = model.createView();
    this.succ.buf = this.next.buf;
    // The successors of the current state; choice actions can make more than one per action, so these grow.
    const A = Math.max(1, this.A);
    this.cand = new Uint32Array(A * W);
    this.candAction = new Int32Array(A);
    this.candChoice = new Int32Array(A);
    this.walkBuf = new Uint32Array((settings.depth + 1) * W);
    // The trail of a walk grows with it: a large --depth costs memory only for walks that long.
    const trail = Math.min(settings.depth, 1024);
    this.fps = new Uint32Array(2 * (trail + 1));
    this.via = new Int32Array(trail);
    this.viaLabel = new Int32Array(trail);
    this.inModel = withinConstraints(model, (a) => this.stepName(a));
  }

  /** The label of a step of action a; for a choice action, of the choice it is running. */
  private stepName(a: number): string {
    const act = this.model.actions[a]!;
    return act.choices ? act.labelOf!(act.current!.value) : act.name;
  }

  private reset(init: number, skip: (name: string) => boolean): void {
    this.local = new Map();
    this.foundList = [];
    this.skip = skip;
    this.stop = false;
    this.init = init;
  }

  private begin(t: number, init: number, skip: (name: string) => boolean): TraceRecord {
    this.reset(init, skip);
    this.labelIndex = this.model.actions.map((a) => (a.choices ? new Map<string, number>() : undefined));
    this.rec = { t, init, steps: 0, generated: 0, transitions: 0, fired: new Float64Array(this.A), labelAction: [], labelName: [], labelFired: [], fps: this.fps, via: this.via, viaLabel: this.viaLabel, terminal: false, found: this.foundList };
    return this.rec;
  }

  /** Counts a fired step of a choice action under its label; returns the label's entry. */
  private countLabel(a: number): number {
    const label = this.stepName(a);
    const index = this.labelIndex[a]!;
    const r = this.rec;
    let k = index.get(label);
    if (k === undefined) {
      k = r.labelName.length;
      index.set(label, k);
      r.labelAction.push(a);
      r.labelName.push(label);
      r.labelFired.push(0);
    }
    r.labelFired[k]!++;
    return k;
  }

  private record(name: string, kind: PropertyKind, steps: number, extra?: number, assertion?: string, extraChoice?: number): void {
    if (this.local.has(name) || this.skip(name)) return;
    const f: Found = {
      kind,
      init: this.init,
      actions: this.walkActions.slice(0, steps),
      choices: this.walkChoices.slice(0, steps),
      states: this.walkBuf.slice(0, (steps + 1) * this.W),
      ...(extra !== undefined ? { extra, extraChoice } : {}),
      ...(assertion !== undefined ? { assertion } : {}),
    };
    this.local.set(name, f);
    this.foundList.push([name, f]);
    if (!this.settings.continue) this.stop = true;
  }

  private invariantsHold(view: StateView, steps: number, via?: number, choice?: number): void {
    for (const inv of this.selected) {
      if (this.local.has(inv.name) || this.skip(inv.name)) continue;
      let ok: boolean;
      try {
        ok = inv.check(view);
      } catch (e) {
        throw wrapFault(this.model, e, `invariant '${inv.name}'`, view.buf, 'IL104');
      }
      if (!ok) this.record(inv.name, 'invariant', steps, via, undefined, choice);
    }
  }

  /**
   * Checks initial state k (invariants, conditions on initial states); returns
   * its violations. Returns whether walks may start
   * from it (it is inside the state constraint).
   */
  checkInitial(k: number, skip: (name: string) => boolean): { inside: boolean; found: [string, Found][] } {
    const { model, next, succ } = this;
    this.reset(k, skip);
    model.initStates.write(k, next.buf);
    this.walkBuf.set(next.buf, 0);
    this.walkActions.length = 0;
    this.walkChoices.length = 0;
    this.invariantsHold(succ, 0);
    for (const p of this.actionProps) {
      if (p.initially === undefined || this.local.has(p.name) || this.skip(p.name)) continue;
      let ok: boolean;
      try {
        ok = p.initially(succ);
      } catch (e) {
        throw wrapFault(model, e, `the condition on initial states of '${p.name}'`, next.buf, 'IL104');
      }
      if (!ok) this.record(p.name, 'action', 0);
    }
    return { inside: model.constraint === undefined || this.inModel(undefined, succ, -1), found: this.foundList };
  }

  /**
   * Walks trace t from one of `starts`, skipping the checks of properties
   * `skip` says are violated already. `pause`, called every 512 steps, ends
   * the walk early when it returns true (a time limit, an interrupt). Throws
   * a model error as it meets it; `rec` then holds the walk so far.
   */
  async walk(t: number, starts: readonly number[], skip: (name: string) => boolean, pause: () => Promise<boolean>): Promise<TraceRecord> {
    this.start(t, starts, skip);
    while (this.advance()) if (await pause()) break;
    return this.rec;
  }

  /** The same walk without pauses (a worker's: its thread has nothing else to do). */
  walkThrough(t: number, starts: readonly number[], skip: (name: string) => boolean): TraceRecord {
    this.start(t, starts, skip);
    while (this.advance());
    return this.rec;
  }

  private rng = new Random(0);
  private steps = 0;

  private start(t: number, starts: readonly number[], skip: (name: string) => boolean): void {
    const { model, W, cur } = this;
    this.rng = new Random(this.settings.seed, t);
    const init = starts[this.rng.below(starts.length)]!;
    this.begin(t, init, skip);
    model.initStates.write(init, cur.buf);
    this.walkActions.length = 0;
    this.walkChoices.length = 0;
    fingerprint(this.key(cur.buf), W);
    this.fps[0] = fp.hi;
    this.fps[1] = fp.lo;
    this.steps = 0;
  }

  /** Walks on from step `this.steps`; returns true after every 512th step (the walk goes on), false at its end. */
  private advance(): boolean {
    const { model, W, A, cur, next, succ, settings, rng, rec } = this;
    const actions = model.actions;
    const D = settings.depth;
    const constrained = model.constraint !== undefined || model.actionConstraint !== undefined;
    let steps = this.steps;
    try {
      for (;;) {
        this.walkBuf.set(cur.buf, steps * W);
        if (steps >= D) break;
        let enabled = 0;
        let n = 0;
        for (let a = 0; a < A && !this.stop; a++) {
          const act = actions[a]!;
          let on: boolean;
          try {
            on = act.guard(cur);
          } catch (e) {
            throw wrapFault(model, e, `the guard of action '${act.name}'`, cur.buf, 'IL101');
          }
          if (!on) continue;
          const list = act.choices ? choicesIn(model, a, cur) : undefined;
          const m = list === undefined ? 1 : list.length;
          for (let c = 0; c < m; c++) {
            if (list !== undefined) act.current!.value = list[c];
            next.buf.set(cur.buf);
            let label = -1;
            try {
              act.effect(next);
            } catch (e) {
              // A rejected step has no successor: not generated, and the action is not enabled here (TLC).
              if (e === REJECTED) continue;
              enabled++;
              rec.generated++;
              rec.transitions++;
              rec.fired[a]++;
              if (list !== undefined) this.countLabel(a);
              if (e instanceof AssertionSignal) {
                this.record(e.name, 'assertion', steps, a, e.name, c);
                continue;
              }
              throw wrapFault(model, e, `action '${this.stepName(a)}'`, cur.buf, 'IL101');
            }
            enabled++;
            rec.generated++;
            rec.transitions++;
            rec.fired[a]++;
            if (list !== undefined) label = this.countLabel(a);
            if (this.actionProps.length > 0 && !this.same(cur.buf, next.buf)) {
              for (const p of this.actionProps) {
                if (this.local.has(p.name) || this.skip(p.name)) continue;
                let ok: boolean;
                try {
                  ok = p.check(cur, succ, this.stepName(a));
                } catch (e) {
                  throw wrapFault(model, e, `action property '${p.name}' on a step of '${this.stepName(a)}'`, cur.buf, 'IL104');
                }
                if (!ok) this.record(p.name, 'action', steps, a, undefined, c);
              }
            }
            this.invariantsHold(succ, steps, a, c);
            if (constrained && !this.inModel(cur, succ, a)) continue;
            if (n === this.candAction.length) this.grow(n);
            this.cand.set(next.buf, n * W);
            this.candChoice[n] = c;
            this.candLabel[n] = label;
            this.candAction[n++] = a;
          }
        }
        if (this.stop) break;
        if (enabled === 0) {
          let isTerminal = false;
          if (model.terminal) {
            try {
              isTerminal = model.terminal(cur);
            } catch (e) {
              throw wrapFault(model, e, 'the terminal predicate', cur.buf, 'IL101');
            }
          }
          if (isTerminal) rec.terminal = true;
          else if (settings.deadlock) this.record('deadlock', 'deadlock', steps);
          break;
        }
        if (n === 0) break; // every successor is outside the constraint
        const pick = rng.below(n);
        cur.buf.set(this.cand.subarray(pick * W, (pick + 1) * W));
        this.walkActions.push(this.candAction[pick]!);
        this.walkChoices.push(this.candChoice[pick]!);
        if (steps === this.via.length) this.growTrail();
        this.via[steps] = this.candAction[pick]!;
        this.viaLabel[steps] = this.candLabel[pick]!;
        steps++;
        rec.steps = steps;
        fingerprint(this.key(cur.buf), W);
        this.fps[2 * steps] = fp.hi;
        this.fps[2 * steps + 1] = fp.lo;
        if ((steps & 511) === 0) return true;
      }
    } finally {
      this.steps = steps;
      rec.steps = steps;
    }
    return false;
  }

  /** Doubles the trail (fingerprints, actions, labels) of the walk in progress. */
  private growTrail(): void {
    const n = Math.min(this.settings.depth, 2 * this.via.length);
    const fps = new Uint32Array(2 * (n + 1));
    fps.set(this.fps);
    const via = new Int32Array(n);
    via.set(this.via);
    const viaLabel = new Int32Array(n);
    viaLabel.set(this.viaLabel);
    this.fps = this.rec.fps = fps;
    this.via = this.rec.via = via;
    this.viaLabel = this.rec.viaLabel = viaLabel;
  }

  private same(x: Uint32Array, y: Uint32Array): boolean {
    for (let k = 0; k < this.W; k++) if (x[k] !== y[k]) return false;
    return true;
  }

  private grow(n: number): void {
    const grownCand = new Uint32Array(this.cand.length * 2);
    grownCand.set(this.cand);
    this.cand = grownCand;
    const grownAction = new Int32Array(n * 2);
    grownAction.set(this.candAction);
    this.candAction = grownAction;
    const grownChoice = new Int32Array(n * 2);
    grownChoice.set(this.candChoice);
    this.candChoice = grownChoice;
  }
}

/** The totals of a run, folded from trace records in trace order. */
export class SimTotals {
  readonly store = new FingerprintStore(1 << 16, false);
  readonly found = new Map<string, Found>();
  readonly fired: Float64Array;
  readonly produced: Float64Array;
  /** Per choice action, fired and distinct counts per choice label, in order of first appearance (coverage). */
  readonly choiceCounts: (Map<string, [number, number]> | undefined)[];
  generated = 0;
  transitions = 0;
  terminalStates = 0;
  longest = 0;
  tracesRun = 0;
  /** A violation ends the run (`continue: false`). */
  stop = false;

  constructor(model: BuiltModel, private readonly settings: Pick<SimSettings, 'continue'>) {
    this.fired = new Float64Array(model.actions.length);
    this.produced = new Float64Array(model.actions.length);
    this.choiceCounts = model.actions.map((a) => (a.choices ? new Map<string, [number, number]>() : undefined));
  }

  /** Whether a property is violated already (a walk skips its checks). */
  readonly isFound = (name: string): boolean => this.found.has(name);

  /** Takes violations in order: the first of each property is kept. */
  addFound(found: readonly [string, Found][]): void {
    for (const [name, f] of found) {
      if (this.found.has(name)) continue;
      this.found.set(name, f);
      if (!this.settings.continue) this.stop = true;
    }
  }

  /** Folds the next trace's record; `partial` is a walk cut by a model error (only its counts and states are kept, as the sequential run had them). */
  add(r: TraceRecord, partial = false): void {
    this.generated += r.generated;
    this.transitions += r.transitions;
    for (let a = 0; a < r.fired.length; a++) this.fired[a]! += r.fired[a]!;
    for (let k = 0; k < r.labelName.length; k++) {
      const counts = this.choiceCounts[r.labelAction[k]!]!;
      const entry = counts.get(r.labelName[k]!);
      if (entry) entry[0] += r.labelFired[k]!;
      else counts.set(r.labelName[k]!, [r.labelFired[k]!, 0]);
    }
    const store = this.store;
    const fps = r.fps;
    store.insert(fps[0]!, fps[1]!, NO_PARENT, 0);
    for (let s = 1; s <= r.steps; s++) {
      if (store.insert(fps[2 * s]!, fps[2 * s + 1]!, NO_PARENT, 0) < 0) continue;
      const a = r.via[s - 1]!;
      this.produced[a]++;
      const l = r.viaLabel[s - 1]!;
      if (l >= 0) this.choiceCounts[a]!.get(r.labelName[l]!)![1]++;
    }
    if (partial) return;
    if (r.terminal) this.terminalStates++;
    this.tracesRun++;
    if (r.steps > this.longest) this.longest = r.steps;
    this.addFound(r.found);
  }
}
