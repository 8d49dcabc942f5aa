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

/** Work arrays over n states, shared by the component search and the path searches of one check. */
export interface SccScratch {
  /** Tarjan's index and low-link; an index below `base` means "not visited in this run". */
  readonly index: Int32Array;
  base: number;
  readonly low: Int32Array;
  readonly onStack: Uint8Array;
  /** Free between runs: the path searches of liveness.ts use them too. */
  readonly stack: Int32Array;
  readonly pathV: Int32Array;
  /** Edge cursor of the depth-first path (a degree is below 2^16: actions are). */
  readonly pathE: Uint16Array;
}

/** Allocates the work arrays for a graph of n states (19 bytes per state). */
export function createSccScratch(n: number): SccScratch {
  return {
    index: new Int32Array(n).fill(-1),
    base: 0,
    low: new Int32Array(n),
    onStack: new Uint8Array(n),
    stack: new Int32Array(n),
    pathV: new Int32Array(n),
    pathE: new Uint16Array(n),
  };
}

/**
 * Calls `onComponent(members)` for every strongly connected component of the
 * subgraph `inside` reachable from `roots` inside it, in Tarjan's order
 * (reverse topological). `members` is a view into the work arrays, valid only
 * during the call, which must not start another search with the same scratch.
 */
export function forEachComponent(graph: Successors, scratch: SccScratch, inside: (v: number) => boolean, roots: Iterable<number>, onComponent: (members: Int32Array) => void): void {
  const { index, low, onStack, stack, pathV, pathE } = scratch;
  const base = scratch.base;
  let sp = 0;
  let counter = base;
  try {
    for (const root of roots) {
      if (index[root]! >= base || !inside(root)) continue;
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
          if (index[w]! < base) {
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
          onComponent(stack.subarray(top, sp));
          sp = top;
        }
      }
    }
  } finally {
    // The next run starts above every index handed out here, so nothing needs resetting.
    scratch.base = counter;
  }
}
