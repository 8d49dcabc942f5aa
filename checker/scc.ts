/**
 * Strongly connected components of a subgraph, by Tarjan's algorithm
 * (R. Tarjan, "Depth-first search and linear graph algorithms", SIAM J.
 * Computing 1(2), 1972), written without recursion: the depth-first path is
 * kept in typed arrays, so a component of millions of states cannot overflow
 * the stack. Linear in the states and edges visited.
 *
 * The subgraph is given by a membership test over state indices; only states
 * reachable from the given roots inside the subgraph are visited. It knows
 * nothing about properties or fairness (liveness.ts).
 */

/** Outgoing edges of a graph over state indices 0..n-1. */
export interface Successors {
  /** First edge of v. */
  first(v: number): number;
  degree(v: number): number;
  target(e: number): number;
}

/**
 * Finds components; holds its work arrays (21 bytes per state of the graph)
 * so that repeated runs on parts of one graph (strong fairness prunes and
 * recomputes) allocate nothing new.
 */
export class SccFinder {
  private readonly index: Int32Array;
  private readonly low: Int32Array;
  private readonly onStack: Uint8Array;
  private readonly stack: Int32Array;
  private readonly pathV: Int32Array;
  private readonly pathE: Int32Array;

  constructor(
    private readonly graph: Successors,
    n: number,
  ) {
    this.index = new Int32Array(n).fill(-1);
    this.low = new Int32Array(n);
    this.onStack = new Uint8Array(n);
    this.stack = new Int32Array(n);
    this.pathV = new Int32Array(n);
    this.pathE = new Int32Array(n);
  }

  /**
   * The strongly connected components of the subgraph `inside` reachable from
   * `roots` inside it, in Tarjan's order (reverse topological), each a sorted
   * copy of its members.
   */
  components(inside: (v: number) => boolean, roots: Iterable<number>): Int32Array[] {
    const { graph, index, low, onStack, stack, pathV, pathE } = this;
    const out: Int32Array[] = [];
    let sp = 0;
    let counter = 0;
    for (const root of roots) {
      if (index[root] !== -1 || !inside(root)) continue;
      index[root] = low[root] = counter++;
      stack[sp++] = root;
      onStack[root] = 1;
      pathV[0] = root;
      pathE[0] = 0;
      let depth = 1;
      while (depth > 0) {
        const v = pathV[depth - 1]!;
        const k = pathE[depth - 1]!;
        if (k < graph.degree(v)) {
          pathE[depth - 1] = k + 1;
          const w = graph.target(graph.first(v) + k);
          if (!inside(w)) continue;
          if (index[w] === -1) {
            index[w] = low[w] = counter++;
            stack[sp++] = w;
            onStack[w] = 1;
            pathV[depth] = w;
            pathE[depth] = 0;
            depth++;
          } else if (onStack[w] && index[w]! < low[v]!) {
            low[v] = index[w]!;
          }
          continue;
        }
        // v is done: pop it from the path, and close its component if it is a root.
        depth--;
        if (depth > 0) {
          const u = pathV[depth - 1]!;
          if (low[v]! < low[u]!) low[u] = low[v]!;
        }
        if (low[v] === index[v]) {
          let top = sp;
          do {
            top--;
            onStack[stack[top]!] = 0;
          } while (stack[top] !== v);
          out.push(stack.slice(top, sp).sort());
          sp = top;
        }
      }
    }
    for (const c of out) for (const v of c) index[v] = -1;
    return out;
  }
}
