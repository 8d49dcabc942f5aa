/**
 * Liveness under fairness, checked on the behaviour graph (behavior.ts) after
 * exploration. For each property the negation is a "region" the behaviour
 * must enter and then never leave:
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
 * The lasso: the shortest stem to a state of a fair component (the store's
 * breadth-first parent links up to where the region is entered, then a
 * breadth-first search inside the region), then a cycle inside that component
 * that takes every action fairness demands, or "stutters forever" where
 * nothing fair is enabled. Pure analysis: it neither explores nor replays
 * (path.ts replays).
 */
import type { BehaviorGraph } from './behavior';
import type { BuiltFairness, LivenessKind } from './model';
import { forEachComponent, SccScratch } from './scc';

/** One liveness property as the analysis sees it: predicate columns in the graph. */
export interface LivenessQuery {
  readonly kind: LivenessKind;
  /** Column of P in `graph.predicates`. */
  readonly p: number;
  /** Column of Q (leadsTo only). */
  readonly q?: number;
}

/** Whether a state lies in a property's region, from its P and Q. */
export function inRegionOf(kind: LivenessKind, p: boolean, q: boolean): boolean {
  switch (kind) {
    case 'eventually':
    case 'alwaysEventually':
      return !p;
    case 'eventuallyAlways':
      return true;
    case 'leadsTo':
      return !q;
  }
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
  /** The store's parent link (a state's parent has a smaller index; -1 for an initial state) and the action that reached it. */
  readonly parentOf: (v: number) => number;
  readonly actionOf: (v: number) => number;
  /** Work arrays over n states, shared by every property of the check (see `createLivenessScratch`). */
  readonly scratch: LivenessScratch;
}

/** The work arrays of one check's liveness analysis: 25 bytes per state, allocated once. */
export interface LivenessScratch {
  readonly scc: SccScratch;
  /** Fair component id + 1 per state (0: none); reset per property. */
  readonly mark: Int32Array;
}

/** Finds a fair counterexample to the property, or undefined when it holds on the graph. */
export function findLasso(input: LivenessInput, query: LivenessQuery): Lasso | undefined {
  const { graph, n, inits } = input;
  const P = graph.predicates[query.p]!;
  const Q = query.q !== undefined ? graph.predicates[query.q]! : undefined;
  const inRegion = (v: number) => inRegionOf(query.kind, P.get(v), Q !== undefined && Q.get(v));
  let roots: Iterable<number>;
  switch (query.kind) {
    case 'eventually':
    case 'eventuallyAlways':
      roots = inits;
      break;
    case 'alwaysEventually':
      roots = rangeIter(n);
      break;
    case 'leadsTo':
      roots = filterIter(n, (v) => P.get(v) && !Q!.get(v));
      break;
  }
  const accept = query.kind === 'eventuallyAlways' ? (v: number) => !P.get(v) : undefined;

  const fair = new FairComponents(input, accept);
  fair.search(inRegion, roots);
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

/** The fair components of one property, marked in `scratch.mark`, with the cycle construction inside one. */
class FairComponents {
  private readonly mark: Int32Array;
  /** Per fairness condition, which actions belong to it. */
  private readonly inFair: Uint8Array[];
  private fairCount = 0;
  /** A tag for "in the component being considered", never a fair id. */
  private static readonly CONSIDERING = -1;

  constructor(
    private readonly input: LivenessInput,
    private readonly accept: ((v: number) => boolean) | undefined,
  ) {
    this.mark = input.scratch.mark;
    this.mark.fill(0);
    this.inFair = input.fairness.map((f) => {
      const m = new Uint8Array(input.actionCount);
      for (const a of f.actions) m[a] = 1;
      return m;
    });
  }

  get count(): number {
    return this.fairCount;
  }
  /** The fair component v belongs to, or -1. */
  of(v: number): number {
    return this.mark[v]! - 1;
  }

  /**
   * Decomposes the region reachable from the roots and marks every fair
   * component. Components that fail a strong condition are pruned and
   * decomposed again after the pass (a search must not start inside another).
   */
  search(inside: (v: number) => boolean, roots: Iterable<number>): void {
    const { graph, scratch } = this.input;
    const pending: Int32Array[] = [];
    forEachComponent(graph, scratch.scc, inside, roots, (c) => this.consider(c, pending));
    while (pending.length > 0) {
      const rest = pending.pop()!;
      const keep = new Set(rest);
      forEachComponent(graph, scratch.scc, (v) => keep.has(v), rest, (c) => this.consider(c, pending));
    }
  }

  /** Checks one component; marks it fair, drops it, or queues what strong fairness leaves of it. */
  private consider(c: Int32Array, pending: Int32Array[]): void {
    const { graph, fairness } = this.input;
    if (this.accept && !c.some(this.accept)) return;
    const mark = this.mark;
    for (const v of c) mark[v] = FairComponents.CONSIDERING;
    const internal = (e: number) => mark[graph.target(e)] === FairComponents.CONSIDERING;
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
    if (!fairOk || prune !== undefined) {
      for (const v of c) mark[v] = 0;
      if (fairOk) {
        const en = graph.enabled[prune!]!;
        const rest = c.filter((v) => !en.get(v));
        if (rest.length > 0) pending.push(rest);
      }
      return;
    }
    const fid = ++this.fairCount;
    for (const v of c) mark[v] = fid;
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
    const { graph, fairness, scratch } = this.input;
    const fid = this.mark[t]!;
    const inside = (v: number) => this.mark[v] === fid;
    const enabledAt = (v: number) => fairness.some((_, j) => graph.enabled[j]!.get(v));
    if (!enabledAt(t) && (!this.accept || this.accept(t))) return 'stutter';

    // The component's members: everything reachable from t inside it.
    const members = reachable(graph, scratch.scc, t, inside);
    type Goal = { state?: (v: number) => boolean; edge?: Uint8Array };
    const goals: Goal[] = [];
    fairness.forEach((f, j) => {
      const en = graph.enabled[j]!;
      let all = true;
      let some = false;
      for (const v of members) {
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
      const seg = pathInside(graph, scratch.scc, cur, inside, g.state, g.edge);
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
    if (cur !== t || cycle.length === 0) cycle.push(...pathInside(graph, scratch.scc, cur, inside, (v) => v === t, undefined));
    return cycle;
  }
}

/** The states reachable from `from` inside a subgraph (breadth-first, in the scratch's free arrays). */
function reachable(graph: BehaviorGraph, s: SccScratch, from: number, inside: (v: number) => boolean): Int32Array {
  const seen = s.onStack; // all 0 between component searches
  const queue = s.stack;
  let head = 0;
  let tail = 0;
  queue[tail++] = from;
  seen[from] = 1;
  while (head < tail) {
    const u = queue[head++]!;
    const first = graph.first(u);
    for (let e = first; e < first + graph.degree(u); e++) {
      const w = graph.target(e);
      if (seen[w] || !inside(w)) continue;
      seen[w] = 1;
      queue[tail++] = w;
    }
  }
  const out = queue.slice(0, tail);
  for (const v of out) seen[v] = 0;
  return out;
}

/**
 * Shortest path inside `inside` from `from` (not counting `from` itself as a
 * goal) to a state where `goal` holds, or through an edge whose action is
 * marked in `edge`. Returns the steps after `from`. Uses the scratch's free
 * arrays: onStack as "seen", pathV as the predecessor, pathE as the action,
 * stack as the queue.
 */
function pathInside(graph: BehaviorGraph, s: SccScratch, from: number, inside: (v: number) => boolean, goal: ((v: number) => boolean) | undefined, edge: Uint8Array | undefined): LassoStep[] {
  const prev = s.pathV;
  const via = s.pathE;
  const queue = s.stack;
  let head = 0;
  let tail = 0;
  queue[tail++] = from;
  prev[from] = -1;
  let end = -1;
  let endEdge = -1;
  s.onStack[from] = 1;
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
      if (s.onStack[w]) continue;
      s.onStack[w] = 1;
      prev[w] = u;
      via[w] = graph.action(e);
      queue[tail++] = w;
      if (goal && goal(w)) {
        end = w;
        break search;
      }
    }
  }
  const steps: LassoStep[] = [];
  if (end >= 0) {
    for (let v = end; v !== from; v = prev[v]!) steps.push({ state: v, action: via[v]! });
    steps.reverse();
    if (endEdge >= 0) steps.push({ state: graph.target(endEdge), action: graph.action(endEdge) });
  }
  for (let k = 0; k < tail; k++) s.onStack[queue[k]!] = 0;
  if (end < 0) throw new Error('liveness: no path inside a strongly connected component (internal error)');
  return steps;
}

/** The store's path from an initial state to v, as lasso steps. */
function chainTo(input: LivenessInput, v: number): LassoStep[] {
  const out: LassoStep[] = [];
  for (let u = v; u >= 0; u = input.parentOf(u)) out.push({ state: u, action: input.parentOf(u) < 0 ? -1 : input.actionOf(u) });
  return out.reverse();
}

/**
 * The shortest stem: to a state of a fair component, through the states the
 * property's negation allows. For []<>P and <>[]P the stem is free, so it is
 * the store's parent chain to the least deep fair state. For <>P the search
 * runs inside the region from the initial states; for P ~> Q from every
 * P∧¬Q state, each entering at its own depth (the parent chain before it).
 */
function shortestStem(input: LivenessInput, query: LivenessQuery, inRegion: (v: number) => boolean, target: (v: number) => boolean): LassoStep[] {
  const { graph, n, inits, scratch } = input;
  // The depth of every state (initial states 1), from the parent links, in the
  // component search's low-link array, which is free once the search is done.
  const depth = scratch.scc.low;
  for (let v = 0; v < n; v++) {
    const p = input.parentOf(v);
    depth[v] = p < 0 ? 1 : depth[p]! + 1;
  }
  if (query.kind === 'alwaysEventually' || query.kind === 'eventuallyAlways') {
    let best = -1;
    for (let v = 0; v < n; v++) if (target(v) && (best < 0 || depth[v]! < depth[best]!)) best = v;
    return chainTo(input, best);
  }
  // Sources by depth: the initial states in the region (<>P), or every P∧¬Q state (P ~> Q).
  const P = graph.predicates[query.p]!;
  const Q = query.q !== undefined ? graph.predicates[query.q]! : undefined;
  const sources: number[] = [];
  if (query.kind === 'eventually') {
    for (const s of inits) if (inRegion(s)) sources.push(s);
  } else {
    for (let v = 0; v < n; v++) if (P.get(v) && !Q!.get(v)) sources.push(v);
  }
  sources.sort((a, b) => depth[a]! - depth[b]! || a - b);
  // Breadth-first inside the region, level by level; a source joins at the level of its depth.
  const s = scratch.scc;
  const prev = s.pathV;
  const via = s.pathE;
  const queue = s.stack;
  const seen = s.onStack;
  let head = 0;
  let tail = 0;
  let next = 0;
  let goal = -1;
  let level = sources.length > 0 ? depth[sources[0]!]! : 0;
  const join = (v: number) => {
    if (seen[v]) return;
    seen[v] = 1;
    prev[v] = -1;
    queue[tail++] = v;
    if (target(v) && goal < 0) goal = v;
  };
  while (goal < 0 && (head < tail || next < sources.length)) {
    while (next < sources.length && depth[sources[next]!]! <= level) join(sources[next++]!);
    if (goal >= 0) break;
    const levelEnd = tail;
    while (head < levelEnd && goal < 0) {
      const u = queue[head++]!;
      const first = graph.first(u);
      for (let e = first; e < first + graph.degree(u) && goal < 0; e++) {
        const w = graph.target(e);
        if (seen[w] || !inRegion(w)) continue;
        seen[w] = 1;
        prev[w] = u;
        via[w] = graph.action(e);
        queue[tail++] = w;
        if (target(w)) goal = w;
      }
    }
    level++;
  }
  for (let k = 0; k < tail; k++) seen[queue[k]!] = 0;
  if (goal < 0) throw new Error('liveness: no stem to a fair component (internal error)');
  const inside: LassoStep[] = [];
  let v = goal;
  for (; prev[v] !== -1; v = prev[v]!) inside.push({ state: v, action: via[v]! });
  return [...chainTo(input, v), ...inside.reverse()];
}

/** The work arrays for a graph of n states. */
export function createLivenessScratch(n: number, scc: SccScratch): LivenessScratch {
  return { scc, mark: new Int32Array(n) };
}
