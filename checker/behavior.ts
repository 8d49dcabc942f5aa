/**
 * The behaviour graph that liveness checking reads: for every distinct state
 * its outgoing edges (successor index + action id), the truth of each
 * liveness predicate, and whether each fairness condition's action is
 * enabled there. The explorer fills it while it expands states (only when a
 * liveness property is checked); liveness.ts analyses it afterwards.
 *
 * Edges are kept in compressed sparse rows: a state's edges are contiguous,
 * written when the state is expanded. 5 or 6 bytes per edge (u32 target, u8
 * or u16 action) plus 6 bytes per state (u32 first edge, u16 count), in
 * fixed-size chunks so growth copies nothing. Only edges some property can
 * use are kept: each state carries a mask of the properties whose region
 * (liveness.ts) it lies in, and an edge is kept when both ends share a
 * region. Stuttering edges (a step back to the same state) are not kept:
 * every state may stutter in TLA+ anyway, and a step that changes nothing
 * never counts as taking an action (`<A>_vars`). Edges to states outside a
 * state constraint are not kept either (TLC's behaviour graph has only states
 * inside the model).
 * See docs/adr/004-liveness.md for why edges are stored, not re-generated.
 */

const BITS = 14;
const CHUNK = 1 << BITS;
const MASK = CHUNK - 1;

// The three column classes below are the same code over three typed-array
// types, on purpose: one generic class would make every access in the
// explorer's hot loop polymorphic over the array type.

/** A growable column of u32 in fixed-size chunks. */
export class U32Column {
  private readonly chunks: Uint32Array[] = [];
  length = 0;
  push(v: number): void {
    const o = this.length & MASK;
    if (o === 0) this.chunks.push(new Uint32Array(CHUNK));
    this.chunks[this.length >>> BITS]![o] = v;
    this.length++;
  }
  get(i: number): number {
    return this.chunks[i >>> BITS]![i & MASK]!;
  }
  set(i: number, v: number): void {
    while (i >= this.chunks.length * CHUNK) this.chunks.push(new Uint32Array(CHUNK));
    this.chunks[i >>> BITS]![i & MASK] = v;
    if (i >= this.length) this.length = i + 1;
  }
  get bytes(): number {
    return this.chunks.length * CHUNK * 4;
  }
}

/** A growable column of u16 in fixed-size chunks. */
export class U16Column {
  private readonly chunks: Uint16Array[] = [];
  length = 0;
  push(v: number): void {
    const o = this.length & MASK;
    if (o === 0) this.chunks.push(new Uint16Array(CHUNK));
    this.chunks[this.length >>> BITS]![o] = v;
    this.length++;
  }
  get(i: number): number {
    return this.chunks[i >>> BITS]![i & MASK]!;
  }
  set(i: number, v: number): void {
    while (i >= this.chunks.length * CHUNK) this.chunks.push(new Uint16Array(CHUNK));
    this.chunks[i >>> BITS]![i & MASK] = v;
    if (i >= this.length) this.length = i + 1;
  }
  get bytes(): number {
    return this.chunks.length * CHUNK * 2;
  }
}

/** A growable bit set over state indices, in chunks of 16K bits (2 KB). */
export class BitColumn {
  private readonly chunks: Uint32Array[] = [];
  set(i: number, on: boolean): void {
    const c = i >>> BITS;
    while (c >= this.chunks.length) this.chunks.push(new Uint32Array(CHUNK >>> 5));
    const w = (i & MASK) >>> 5;
    if (on) this.chunks[c]![w]! |= 1 << (i & 31);
    else this.chunks[c]![w]! &= ~(1 << (i & 31));
  }
  get(i: number): boolean {
    const c = this.chunks[i >>> BITS];
    return c !== undefined && (c[(i & MASK) >>> 5]! & (1 << (i & 31))) !== 0;
  }
  get bytes(): number {
    return this.chunks.length * (CHUNK >>> 3);
  }
}

/** A growable column of u8 in fixed-size chunks. */
export class U8Column {
  private readonly chunks: Uint8Array[] = [];
  length = 0;
  push(v: number): void {
    const o = this.length & MASK;
    if (o === 0) this.chunks.push(new Uint8Array(CHUNK));
    this.chunks[this.length >>> BITS]![o] = v;
    this.length++;
  }
  get(i: number): number {
    return this.chunks[i >>> BITS]![i & MASK]!;
  }
  set(i: number, v: number): void {
    while (i >= this.chunks.length * CHUNK) this.chunks.push(new Uint8Array(CHUNK));
    this.chunks[i >>> BITS]![i & MASK] = v;
    if (i >= this.length) this.length = i + 1;
  }
  get bytes(): number {
    return this.chunks.length * CHUNK;
  }
}

export class BehaviorGraph {
  private readonly start = new U32Column();
  /** Edge counts, only when states are not expanded in index order (DFS); else the next state's start ends a row. */
  private readonly count: U16Column | undefined;
  private readonly dst = new U32Column();
  private readonly act: U8Column | U16Column;
  /** Per state, the properties (bit k) whose region it lies in; edges are kept between states that share one. */
  private readonly regions: U8Column | U32Column;
  private currentRegions = 0;
  /** Per liveness predicate (see liveness.ts for the numbering), its truth per state. */
  readonly predicates: BitColumn[];
  /** Per fairness condition, whether its action is enabled (with a successor other than the state itself) per state. */
  readonly enabled: BitColumn[];
  /** States that have been expanded (their edges are complete). */
  expanded = 0;
  private current = -1;

  /**
   * `inOrder`: states are expanded in index order (breadth-first), so a row
   * ends where the next begins and no count is kept. `propertyCount` sizes the
   * region masks (u8 up to 8 properties).
   */
  constructor(predicateCount: number, fairnessCount: number, actionCount: number, propertyCount: number, inOrder: boolean) {
    this.act = actionCount <= 0xff ? new U8Column() : new U16Column();
    this.regions = propertyCount <= 8 ? new U8Column() : new U32Column();
    this.count = inOrder ? undefined : new U16Column();
    this.predicates = Array.from({ length: predicateCount }, () => new BitColumn());
    this.enabled = Array.from({ length: fairnessCount }, () => new BitColumn());
  }

  /** Records the region mask of a new state (before any edge to it). */
  setRegions(idx: number, mask: number): void {
    this.regions.set(idx, mask);
  }
  /** Starts the edge list of state `idx` (states are expanded one at a time). */
  begin(idx: number): void {
    this.current = idx;
    this.currentRegions = this.regions.get(idx);
    this.start.set(idx, this.dst.length);
  }
  /** Adds an edge from the state being expanded. Stuttering edges, and edges no property can use, are dropped. */
  edge(to: number, action: number): void {
    if (to === this.current || (this.currentRegions & this.regions.get(to)) === 0) return;
    this.dst.push(to);
    this.act.push(action);
  }
  /** Ends the edge list of the state being expanded. */
  end(): void {
    if (this.count) this.count.set(this.current, this.dst.length - this.start.get(this.current));
    else if (this.current !== this.expanded) throw new Error('BehaviorGraph: states expanded out of index order need inOrder=false');
    this.expanded++;
    this.current = -1;
  }

  /** First edge of state v. */
  first(v: number): number {
    return this.start.get(v);
  }
  /** Number of edges of state v (0 for a state never expanded). */
  degree(v: number): number {
    if (this.count) return v < this.count.length ? this.count.get(v) : 0;
    if (v >= this.expanded) return 0;
    return (v + 1 < this.expanded ? this.start.get(v + 1) : this.dst.length) - this.start.get(v);
  }
  target(e: number): number {
    return this.dst.get(e);
  }
  action(e: number): number {
    return this.act.get(e);
  }
  get edges(): number {
    return this.dst.length;
  }
  get bytes(): number {
    let b = this.start.bytes + (this.count?.bytes ?? 0) + this.dst.bytes + this.act.bytes + this.regions.bytes;
    for (const p of this.predicates) b += p.bytes;
    for (const p of this.enabled) b += p.bytes;
    return b;
  }
}
