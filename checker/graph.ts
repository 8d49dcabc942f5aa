/**
 * The whole reachable state graph of a small model, for pictures
 * (graph.dot): every distinct state, every transition, which states are
 * initial, which are stuck (no enabled action, not terminal), which violate
 * an invariant, and which steps fail an assertion.
 *
 * Explore first, analyse second: a plain BFS over packed states (the
 * model's createView, guards, effects and the engine's fingerprint, whole
 * states compared so nothing merges) builds nodes and edges; only then are
 * states decoded and invariants and deadlock read. It refuses models above
 * `limit` states or 3 × `limit` transitions (IL201) rather than produce a
 * graph nobody can render.
 * This is not the checker: no properties are decided here, no bounds other
 * than the limit, no counterexamples; it never prints.
 */
import { modelError, usageError } from './errors';
import { fingerprint, fp } from './fingerprint';
import type { BuiltModel, DecodedState } from './model';
import type { Counterexample } from './result';
import { AssertionSignal, REJECTED } from './view';
import { sameState } from './writers/values';

/**
 * Default for --graph-limit. Graphviz (WebAssembly) lays out 80 states with
 * 270 transitions in about 5 s, 145 states with 500 transitions in about 90 s;
 * and a graph that size is no longer readable anyway.
 */
export const DEFAULT_GRAPH_LIMIT = 100;

/** Transitions allowed per allowed state: layout time grows with edges more than with nodes. */
export const GRAPH_EDGES_PER_STATE = 3;

export interface GraphNode {
  /** 0, 1, … in BFS discovery order. */
  readonly id: number;
  readonly state: DecodedState;
  /** Index of the initial state this is, if it is one. */
  readonly initial?: number;
  /** No enabled action and not terminal. */
  readonly deadlock: boolean;
  /** No enabled action, and the model declares the state terminal. */
  readonly terminal: boolean;
  /** Names of the invariants false in this state. */
  readonly violates: readonly string[];
}

export interface GraphEdge {
  readonly from: number;
  /** The successor; absent when the step fails an assertion. */
  readonly to?: number;
  readonly action: string;
  readonly lane?: string;
  /** The assertion the step fails. */
  readonly assertion?: string;
}

export interface StateGraph {
  readonly model: string;
  readonly nodes: readonly GraphNode[];
  /** In BFS order of `from`, then action order. */
  readonly edges: readonly GraphEdge[];
}

/** Explores the reachable state graph; throws IL201 when it has more than `limit` states or 3 × `limit` transitions. */
export function exploreGraph(model: BuiltModel, opts: { limit?: number; invariants?: readonly string[] } = {}): StateGraph {
  const limit = opts.limit ?? DEFAULT_GRAPH_LIMIT;
  const W = model.layout.words;
  const states: Uint32Array[] = [];
  const index = new Map<string, number[]>(); // fingerprint -> candidate ids (whole states compared)
  const raw: { from: number; to: number; action: number }[] = [];
  const initial = new Map<number, number>();
  const enabledCount: number[] = [];

  const tooBig = (what: string) =>
    usageError('IL201', `the state graph of '${model.name}' has more than ${what}, so graph.dot is not written (Graphviz could not lay it out in reasonable time, nor anyone read it)`, {
      hint: `raise the limit (--graph-limit ${limit * 4}) if you really want the picture, shrink the model's knobs, or drop --graph`,
    });
  const lookup = (buf: Uint32Array): number => {
    fingerprint(buf, W);
    const key = `${fp.hi}:${fp.lo}`;
    const ids = index.get(key);
    if (ids) for (const id of ids) if (sameWords(states[id]!, buf)) return id;
    if (states.length >= limit) throw tooBig(`${limit} states`);
    const id = states.length;
    states.push(buf.slice());
    if (ids) ids.push(id);
    else index.set(key, [id]);
    return id;
  };

  // Explore.
  for (let k = 0; k < model.initStates.length; k++) {
    const id = lookup(model.initStates.get(k));
    if (!initial.has(id)) initial.set(id, k);
  }
  const cur = model.createView();
  const next = model.createView();
  next.pre = cur;
  const failures: { from: number; action: number; assertion: string }[] = [];
  for (let id = 0; id < states.length; id++) {
    cur.buf.set(states[id]!);
    let enabled = 0;
    for (let a = 0; a < model.actions.length; a++) {
      const act = model.actions[a]!;
      let on: boolean;
      try {
        on = act.guard(cur);
      } catch (e) {
        throw fault(model, `the guard of '${act.name}'`, e);
      }
      if (!on) continue;
      let list: readonly unknown[] | undefined;
      try {
        list = act.choices ? act.choices(cur) : undefined;
      } catch (e) {
        throw fault(model, `the choices of '${act.name}'`, e);
      }
      for (let c = 0; c < (list === undefined ? 1 : list.length); c++) {
        if (list !== undefined) act.current!.value = list[c];
        next.buf.set(cur.buf);
        try {
          act.effect(next);
        } catch (e) {
          if (e === REJECTED) continue; // no successor: the action is not enabled here
          if (e instanceof AssertionSignal) {
            enabled++;
            failures.push({ from: id, action: a, assertion: e.name });
            continue;
          }
          throw fault(model, `action '${act.name}'`, e);
        }
        enabled++;
        raw.push({ from: id, to: lookup(next.buf), action: a });
      }
    }
    enabledCount.push(enabled);
    if (raw.length + failures.length > limit * GRAPH_EDGES_PER_STATE) throw tooBig(`${limit * GRAPH_EDGES_PER_STATE} transitions (3 per state of --graph-limit ${limit})`);
  }

  // Analyse.
  const invariants = model.invariants.filter((i) => !opts.invariants || opts.invariants.includes(i.name));
  const nodes: GraphNode[] = states.map((buf, id) => {
    cur.buf.set(buf);
    const stuck = enabledCount[id] === 0;
    const terminal = stuck && model.terminal !== undefined && model.terminal(cur);
    return {
      id,
      state: model.decode(buf),
      ...(initial.has(id) ? { initial: initial.get(id)! } : {}),
      deadlock: stuck && !terminal,
      terminal,
      violates: invariants.filter((i) => !i.check(cur)).map((i) => i.name),
    };
  });
  const edges: GraphEdge[] = [];
  let f = 0;
  let e = 0;
  // Merge transitions and assertion failures in (from, action) order.
  while (e < raw.length || f < failures.length) {
    const re = raw[e];
    const fe = failures[f];
    if (re && (!fe || re.from < fe.from || (re.from === fe.from && re.action < fe.action))) {
      const a = model.actions[re.action]!;
      edges.push({ from: re.from, to: re.to, action: a.name, ...(a.lane !== undefined ? { lane: a.lane } : {}) });
      e++;
    } else {
      const a = model.actions[fe!.action]!;
      edges.push({ from: fe!.from, action: a.name, ...(a.lane !== undefined ? { lane: a.lane } : {}), assertion: fe!.assertion });
      f++;
    }
  }
  return { model: model.name, nodes, edges };
}

function sameWords(a: Uint32Array, b: Uint32Array): boolean {
  for (let k = 0; k < a.length; k++) if (a[k] !== b[k]) return false;
  return true;
}

function fault(model: BuiltModel, where: string, e: unknown) {
  return modelError('IL101', `model '${model.name}': ${where} threw while exploring the state graph: ${e instanceof Error ? e.message : String(e)}`, {
    hint: 'fix the model; `interleave check` reports the same fault with the state',
  });
}

/**
 * The nodes and edges (indices into `graph.edges`) a counterexample walks:
 * its initial state, then per step the edge with that action. Undefined if
 * the path is not in the graph (it always is for a trace of the same model).
 */
export function findPath(graph: StateGraph, cx: Counterexample): { nodes: number[]; edges: number[] } | undefined {
  const first = cx.steps[0]!;
  const start = graph.nodes.find((n) => n.initial !== undefined && sameState(n.state, first.state));
  if (!start) return undefined;
  const nodes = [start.id];
  const edges: number[] = [];
  let at = start.id;
  for (let k = 1; k < cx.steps.length; k++) {
    const step = cx.steps[k]!;
    const ei = graph.edges.findIndex((x) => x.from === at && x.action === step.action && (step.failed ? x.assertion === step.failed.assertion : x.assertion === undefined));
    if (ei < 0) return undefined;
    edges.push(ei);
    const to = graph.edges[ei]!.to;
    if (to === undefined) break;
    nodes.push(to);
    at = to;
  }
  return { nodes, edges };
}
