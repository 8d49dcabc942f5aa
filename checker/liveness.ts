/**
 * Liveness under fairness, checked on the behaviour graph (behavior.ts) after
 * exploration. For each property the negation is a "bad region" the
 * behaviour must enter and then never leave:
 *
 *   <>P       ¬P from an initial state on          region ¬P, entered at an initial state
 *   []<>P     ¬P from some point on                region ¬P, entered anywhere
 *   <>[]P     ¬P again and again                   region: all states, the cycle must pass a ¬P state
 *   P ~> Q    a P∧¬Q state, then ¬Q for ever       region ¬Q, entered at a P∧¬Q state
 *
 * A counterexample is a fair cycle in the region reachable from the entry,
 * found with strongly connected components (scc.ts): a component C admits a
 * fair infinite path when every weakly fair action that is enabled in all of
 * C is taken on an edge inside C, and every strongly fair action enabled
 * somewhere in C is taken inside C; when a strong condition fails, the states
 * where its action is enabled are removed and the rest is decomposed again
 * (the Emerson–Lei / Streett procedure; see docs/adr/004-liveness.md).
 * Every state may stutter (TLA+), so a single state is a cycle too: with no
 * fairness, a behaviour may stop anywhere.
 *
 * The lasso: the shortest stem (breadth-first over the recorded graph) to a
 * state of a fair component, then a cycle inside that component that takes
 * every action fairness demands, or "stutters forever" where nothing fair is
 * enabled. Pure analysis: it neither explores nor replays (path.ts replays).
 */
import type { BehaviorGraph } from './behavior';
import type { BuiltFairness, LivenessKind } from './model';
import { SccFinder } from './scc';

/** One liveness property as the analysis sees it: predicate columns in the graph. */
export interface LivenessQuery {
  readonly kind: LivenessKind;
  /** Column of P in `graph.predicates`. */
  readonly p: number;
  /** Column of Q (leadsTo only). */
  readonly q?: number;
}

/** A step of a lasso: the state reached and the action that reached it (-1 for an initial state). */
export interface LassoStep {
  readonly state: number;
  readonly action: number;
}

/** A counterexample to a liveness property: `steps[loop]` is where the cycle starts; the last step returns there, or the last state stutters for ever. */
export interface Lasso {
  readonly steps: readonly LassoStep[];
  readonly loop: number;
  readonly stutter: boolean;
}

export interface LivenessInput {
  readonly graph: BehaviorGraph;
  /** Number of states (indices 0..n-1). */
  readonly n: number;
  /** Store indices of the initial states. */
  readonly inits: readonly number[];
  readonly fairness: readonly BuiltFairness[];
  /** Number of actions in the model. */
  readonly actionCount: number;
}

/** Finds a fair counterexample to the property, or undefined when it holds on the graph. */
export function findLasso(input: LivenessInput, query: LivenessQuery): Lasso | undefined {
  const { graph, n, inits } = input;
  const P = graph.predicates[query.p]!;
  const Q = query.q !== undefined ? graph.predicates[query.q]! : undefined;
  let inRegion: (v: number) => boolean;
  let roots: Iterable<number>;
  switch (query.kind) {
    case 'eventually':
      inRegion = (v) => !P.get(v);
      roots = inits;
      break;
    case 'alwaysEventually':
      inRegion = (v) => !P.get(v);
      roots = rangeIter(n);
      break;
    case 'eventuallyAlways':
      inRegion = () => true;
      roots = inits;
      break;
    case 'leadsTo':
      inRegion = (v) => !Q!.get(v);
      roots = filterIter(n, (v) => P.get(v) && !Q!.get(v));
      break;
  }
  const accept = query.kind === 'eventuallyAlways' ? (v: number) => !P.get(v) : undefined;

  const fair = new FairComponents(input, accept);
  const finder = new SccFinder(graph, n);
  for (const c of finder.components(inRegion, roots)) fair.consider(c, finder);
  if (fair.count === 0) return undefined;

  const stem = shortestStem(input, query, inRegion, (v) => fair.of(v) >= 0);
  const t = stem[stem.length - 1]!.state;
  const cycle = fair.cycleFrom(t);
  if (cycle === 'stutter') return { steps: stem, loop: stem.length - 1, stutter: true };
  return { steps: [...stem, ...cycle], loop: stem.length - 1, stutter: false };
}

function* rangeIter(n: number): Iterable<number> {
  for (let v = 0; v < n; v++) yield v;
}
function* filterIter(n: number, keep: (v: number) => boolean): Iterable<number> {
  for (let v = 0; v < n; v++) if (keep(v)) yield v;
}

/** The fair components found so far, with the cycle construction inside one. */
class FairComponents {
  /** Fair component id + 1 per state, 0 for none. */
  private readonly mark: Int32Array;
  private readonly members: Int32Array[] = [];
  /** Per fairness condition, which actions belong to it. */
  private readonly inFair: Uint8Array[];
  private readonly scratch: BfsScratch;

  constructor(
    private readonly input: LivenessInput,
    private readonly accept: ((v: number) => boolean) | undefined,
  ) {
    this.mark = new Int32Array(input.n);
    this.inFair = input.fairness.map((f) => {
      const m = new Uint8Array(input.actionCount);
      for (const a of f.actions) m[a] = 1;
      return m;
    });
    this.scratch = new BfsScratch(input.n);
  }

  get count(): number {
    return this.members.length;
  }
  /** The fair component v belongs to, or -1. */
  of(v: number): number {
    return this.mark[v]! - 1;
  }

  /** Checks a component; marks it (or the fair parts strong fairness leaves of it). */
  consider(c: Int32Array, finder: SccFinder): void {
    const { graph, fairness } = this.input;
    if (this.accept && !c.some(this.accept)) return;
    // Mark membership temporarily to find internal edges.
    const id = -(this.members.length + 1) - 1_000_000; // a temporary tag, never a real id
    for (const v of c) this.mark[v] = id;
    const internal = (e: number) => this.mark[graph.target(e)] === id;
    let prune: number | undefined;
    let fairOk = true;
    for (let j = 0; j < fairness.length && fairOk; j++) {
      const en = graph.enabled[j]!;
      let all = true;
      let some = false;
      for (const v of c) {
        if (en.get(v)) some = true;
        else all = false;
      }
      if (!some) continue;
      const strong = fairness[j]!.kind === 'strong';
      if (!strong && !all) continue;
      if (this.takes(c, j, internal)) continue;
      if (strong) {
        if (prune === undefined) prune = j;
      } else fairOk = false;
    }
    for (const v of c) this.mark[v] = 0;
    if (!fairOk) return;
    if (prune !== undefined) {
      const en = graph.enabled[prune]!;
      const keep = new Uint8Array(this.input.n);
      for (const v of c) if (!en.get(v)) keep[v] = 1;
      const rest = c.filter((v) => keep[v] === 1);
      for (const sub of finder.components((v) => keep[v] === 1, rest)) this.consider(sub, finder);
      return;
    }
    this.members.push(c);
    const fid = this.members.length;
    for (const v of c) this.mark[v] = fid;
  }

  /** Whether an edge inside the component takes an action of fairness condition j. */
  private takes(c: Int32Array, j: number, internal: (e: number) => boolean): boolean {
    const { graph } = this.input;
    const inF = this.inFair[j]!;
    for (const v of c) {
      const first = graph.first(v);
      const d = graph.degree(v);
      for (let e = first; e < first + d; e++) if (inF[graph.action(e)] && internal(e)) return true;
    }
    return false;
  }

  /**
   * A cycle from t back to t inside t's fair component that satisfies every
   * fairness condition (and passes an accepting state), or 'stutter' when t
   * may stutter for ever.
   */
  cycleFrom(t: number): LassoStep[] | 'stutter' {
    const { graph, fairness } = this.input;
    const fid = this.mark[t]!;
    const c = this.members[fid - 1]!;
    const inside = (v: number) => this.mark[v] === fid;
    const enabledAt = (v: number) => fairness.some((_, j) => graph.enabled[j]!.get(v));
    if (!enabledAt(t) && (!this.accept || this.accept(t))) return 'stutter';

    type Goal = { state?: (v: number) => boolean; edge?: Uint8Array };
    const goals: Goal[] = [];
    fairness.forEach((f, j) => {
      const en = graph.enabled[j]!;
      let all = true;
      let some = false;
      for (const v of c) {
        if (en.get(v)) some = true;
        else all = false;
      }
      if (!some) return;
      if (f.kind === 'weak' && !all) goals.push({ state: (v) => !en.get(v) });
      else goals.push({ edge: this.inFair[j]! });
    });
    if (this.accept) goals.push({ state: this.accept });

    const cycle: LassoStep[] = [];
    let cur = t;
    for (const g of goals) {
      if (g.state && g.state(cur)) continue;
      const seg = this.scratch.path(graph, cur, inside, g.state, g.edge);
      cycle.push(...seg);
      if (seg.length > 0) cur = seg[seg.length - 1]!.state;
    }
    if (cycle.length === 0) {
      // Every goal held at t without moving, yet something fair is enabled at
      // t: leave t by any edge inside the component, then come back.
      const first = graph.first(t);
      for (let e = first; e < first + graph.degree(t); e++) {
        if (inside(graph.target(e))) {
          cycle.push({ state: graph.target(e), action: graph.action(e) });
          cur = graph.target(e);
          break;
        }
      }
    }
    if (cur !== t || cycle.length === 0) cycle.push(...this.scratch.path(graph, cur, inside, (v) => v === t, undefined));
    return cycle;
  }
}

/** Breadth-first search inside a subgraph with reusable arrays. */
class BfsScratch {
  private readonly prev: Int32Array;
  private readonly via: Int32Array;
  private readonly queue: Int32Array;

  constructor(n: number) {
    this.prev = new Int32Array(n).fill(-2);
    this.via = new Int32Array(n);
    this.queue = new Int32Array(n);
  }

  /**
   * Shortest path inside `inside` from `from` (not counting `from` itself as
   * a goal) to a state where `goal` holds, or through an edge whose action is
   * marked in `edge`. Returns the steps after `from`.
   */
  path(graph: BehaviorGraph, from: number, inside: (v: number) => boolean, goal: ((v: number) => boolean) | undefined, edge: Uint8Array | undefined): LassoStep[] {
    const { prev, via, queue } = this;
    let head = 0;
    let tail = 0;
    const touched: number[] = [from];
    prev[from] = -1;
    queue[tail++] = from;
    let end = -1;
    let endEdge = -1;
    search: while (head < tail) {
      const u = queue[head++]!;
      const first = graph.first(u);
      const d = graph.degree(u);
      for (let e = first; e < first + d; e++) {
        const w = graph.target(e);
        if (!inside(w)) continue;
        if (edge && edge[graph.action(e)]) {
          end = u;
          endEdge = e;
          break search;
        }
        if (prev[w] !== -2) continue;
        prev[w] = u;
        via[w] = graph.action(e);
        touched.push(w);
        if (goal && goal(w)) {
          end = w;
          break search;
        }
        queue[tail++] = w;
      }
    }
    const steps: LassoStep[] = [];
    if (end >= 0) {
      for (let v = end; v !== from; v = prev[v]!) steps.push({ state: v, action: via[v]! });
      steps.reverse();
      if (endEdge >= 0) steps.push({ state: graph.target(endEdge), action: graph.action(endEdge) });
    }
    for (const v of touched) prev[v] = -2;
    if (end < 0) throw new Error('liveness: no path inside a strongly connected component (internal error)');
    return steps;
  }
}

/**
 * The shortest stem: breadth-first from the initial states to a state of a
 * fair component, through the states the property's negation allows. For
 * P ~> Q the search has two phases: anywhere until a P∧¬Q state, then only
 * ¬Q states.
 */
function shortestStem(input: LivenessInput, query: LivenessQuery, inRegion: (v: number) => boolean, target: (v: number) => boolean): LassoStep[] {
  const { graph, n, inits } = input;
  const P = graph.predicates[query.p]!;
  const Q = query.q !== undefined ? graph.predicates[query.q]! : undefined;
  // Node = state * 2 + phase; phase 1 is "inside the region for good".
  const prev = new Int32Array(2 * n).fill(-2);
  const via = new Int32Array(2 * n);
  const queue = new Int32Array(2 * n);
  let head = 0;
  let tail = 0;
  const startPhase = query.kind === 'eventually' ? 1 : 0;
  const trigger = (v: number) => (query.kind === 'leadsTo' ? P.get(v) && !Q!.get(v) : inRegion(v));
  const isGoal = (node: number) => (node & 1) === 1 && target(node >>> 1);
  let goal = -1;
  const visit = (node: number, from: number, action: number): boolean => {
    if (prev[node] !== -2) return false;
    prev[node] = from;
    via[node] = action;
    queue[tail++] = node;
    if (isGoal(node)) {
      goal = node;
      return true;
    }
    // Entering the region costs no step.
    if ((node & 1) === 0 && trigger(node >>> 1)) return visit(node | 1, node, -3);
    return false;
  };
  for (const s of inits) {
    if (startPhase === 1 && !inRegion(s)) continue;
    if (visit(s * 2 + startPhase, -1, -1)) break;
  }
  while (goal < 0 && head < tail) {
    const node = queue[head++]!;
    const u = node >>> 1;
    const phase = node & 1;
    const first = graph.first(u);
    for (let e = first; e < first + graph.degree(u); e++) {
      const w = graph.target(e);
      if (phase === 1 && !inRegion(w)) continue;
      if (visit(w * 2 + phase, node, graph.action(e))) break;
    }
  }
  if (goal < 0) throw new Error('liveness: no stem to a fair component (internal error)');
  const steps: LassoStep[] = [];
  for (let node = goal; node >= 0; node = prev[node]!) {
    if (via[node] === -3) continue; // the phase switch is not a step
    steps.push({ state: node >>> 1, action: via[node]! });
  }
  return steps.reverse();
}
