/**
 * The liveness side of a search, shared by the sequential engine
 * (explorer.ts) and the workers' coordinator (parallel.ts): the behaviour
 * graph, each state's predicate columns and regions, the fairness
 * conditions an action belongs to, and the analysis after the search (one
 * lasso per violated property, the warnings about vacuous properties and
 * idle fairness).
 */
import { BehaviorGraph } from './behavior';
import { isAllocationFailure, wrapFault, type Found } from './explorer';
import { createLivenessScratch, findLasso, inRegionOf, LivenessQuery } from './liveness';
import type { BuiltModel } from './model';
import type { ResolvedOptions } from './options';
import type { Bound } from './pace';
import { createSccScratch } from './scc';
import { NO_PARENT, Store } from './store';
import type { StateView } from './view';

export class LiveGraph {
  readonly graph: BehaviorGraph;
  /** Per action, the fairness conditions it belongs to. */
  readonly fairOf: number[][];
  /** The store indexes of the initial states. */
  readonly inits: number[] = [];
  private readonly live: BuiltModel['liveness'];
  private readonly predicates: ((s: StateView) => boolean)[] = [];
  private readonly predicateOwner: string[] = [];
  private readonly queries: LivenessQuery[];
  private readonly values: Uint8Array;

  constructor(
    private readonly model: BuiltModel,
    opts: ResolvedOptions,
  ) {
    this.live = model.liveness.filter((l) => opts.liveness.includes(l.name));
    this.queries = this.live.map((l) => {
      const p = this.predicates.push(l.p) - 1;
      this.predicateOwner.push(l.name);
      if (l.kind !== 'leadsTo') return { kind: l.kind, p };
      const q = this.predicates.push(l.q) - 1;
      this.predicateOwner.push(l.name);
      return { kind: l.kind, p, q };
    });
    this.graph = new BehaviorGraph(this.predicates.length, model.fairness.length, model.actions.length, this.live.length, opts.strategy === 'bfs');
    this.values = new Uint8Array(this.predicates.length);
    this.fairOf = model.actions.map(() => []);
    model.fairness.forEach((f, j) => f.actions.forEach((a) => this.fairOf[a]!.push(j)));
  }

  /** Records a new state's predicates and the regions it lies in (liveness.ts): an edge is kept when both ends share one. */
  setPredicates(view: StateView, idx: number): void {
    const { graph, predicates, values } = this;
    for (let k = 0; k < predicates.length; k++) {
      let on: boolean;
      try {
        on = predicates[k]!(view);
      } catch (e) {
        throw wrapFault(this.model, e, `a predicate of liveness property '${this.predicateOwner[k]}'`, view.buf, 'IL104');
      }
      values[k] = on ? 1 : 0;
      if (on) graph.predicates[k]!.set(idx, true);
    }
    let mask = 0;
    for (let k = 0; k < this.queries.length; k++) {
      const q = this.queries[k]!;
      if (inRegionOf(q.kind, values[q.p] === 1, q.q !== undefined && values[q.q] === 1)) mask |= k < 32 ? 1 << k : -1;
    }
    graph.setRegions(idx, mask);
  }

  /** Marks the fairness conditions of action a as enabled in state idx. */
  enable(idx: number, a: number): void {
    for (const j of this.fairOf[a]!) this.graph.enabled[j]!.set(idx, true);
  }

  /**
   * After the search: when it was complete (not `cut`), a lasso for each
   * violated property, handed to `record`. Out of memory in the analysis, the
   * liveness results found so far are dropped (they stay unknown, the safety
   * verdicts stand) and the max-memory bound is returned; other errors are
   * thrown.
   */
  finish(store: Store, cut: boolean, found: Map<string, Found>, record: (name: string, f: Found) => void, maxMemory: number, heldBytes: () => number): Bound | undefined {
    if (cut) return undefined;
    try {
      this.analyse(store, record);
    } catch (e) {
      if (!isAllocationFailure(e)) throw e;
      found.forEach((f, name) => f.kind === 'liveness' && found.delete(name));
      return { kind: 'max-memory', limit: maxMemory === Infinity ? heldBytes() : maxMemory };
    }
    return undefined;
  }

  private analyse(store: Store, record: (name: string, f: Found) => void): void {
    store.dropIndex();
    const parentOf = (v: number) => {
      const p = store.parentOf(v);
      return p === NO_PARENT ? -1 : p;
    };
    const scratch = createLivenessScratch(store.size, createSccScratch(store.size));
    const input = { graph: this.graph, n: store.size, inits: this.inits, fairness: this.model.fairness, actionCount: this.model.actions.length, parentOf, actionOf: (v: number) => store.actionOf(v), scratch };
    for (let k = 0; k < this.live.length; k++) {
      const lasso = findLasso(input, this.queries[k]!);
      if (lasso) record(this.live[k]!.name, { kind: 'liveness', state: lasso.steps[lasso.steps.length - 1]!.state, lasso });
    }
  }

  /** Fairness whose actions never fired, and leads-to properties whose left side never holds. */
  warnings(states: number, fired: Float64Array): string[] {
    const out: string[] = [];
    for (const f of this.model.fairness) {
      if (f.actions.every((a) => fired[a] === 0)) out.push(`fairness ${f.name}: its actions never fire, so it constrains nothing`);
    }
    for (let k = 0; k < this.live.length; k++) {
      const l = this.live[k]!;
      if (l.kind !== 'leadsTo') continue;
      let any = false;
      for (let v = 0; v < states && !any; v++) any = this.graph.predicates[this.queries[k]!.p]!.get(v);
      if (!any) out.push(`liveness ${l.name}: its left side never holds in a reachable state, so it holds vacuously`);
    }
    return out;
  }
}

/** The liveness recorder of a run, or undefined when it checks no liveness property. */
export function liveGraph(model: BuiltModel, opts: ResolvedOptions): LiveGraph | undefined {
  return model.liveness.some((l) => opts.liveness.includes(l.name)) ? new LiveGraph(model, opts) : undefined;
}
