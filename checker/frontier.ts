/**
 * The frontier: states waiting to be expanded, each entry the state's index
 * in the store, its depth (initial states have depth 1) and its packed words.
 * BFS uses a FIFO ring buffer (shortest counterexamples), DFS a stack; the
 * explorer loop is the same for both. Entries live in one growable Uint32Array,
 * so queueing a state allocates nothing.
 */

export interface Frontier {
  readonly size: number;
  /** Peak number of entries held at once. */
  readonly peak: number;
  push(idx: number, depth: number, buf: Uint32Array): void;
  /** Copies the next entry's words into `out` and returns its store index; `depthOut[0]` gets its depth. */
  pop(out: Uint32Array, depthOut: Uint32Array): number;
  /** Bytes currently allocated. */
  readonly bytes: number;
}

/** FIFO ring buffer. */
export class Queue implements Frontier {
  private data: Uint32Array;
  private head = 0; // entry index of the next pop
  private count = 0;
  private capacity: number; // in entries
  private maxCount = 0;
  private readonly stride: number;

  constructor(private readonly words: number, initialEntries = 1024) {
    this.stride = words + 2;
    this.capacity = initialEntries;
    this.data = new Uint32Array(initialEntries * this.stride);
  }

  get size(): number {
    return this.count;
  }
  get peak(): number {
    return this.maxCount;
  }
  get bytes(): number {
    return this.data.byteLength;
  }

  push(idx: number, depth: number, buf: Uint32Array): void {
    if (this.count === this.capacity) this.grow();
    let tail = this.head + this.count;
    if (tail >= this.capacity) tail -= this.capacity;
    const base = tail * this.stride;
    const d = this.data;
    d[base] = idx;
    d[base + 1] = depth;
    for (let k = 0; k < this.words; k++) d[base + 2 + k] = buf[k]!;
    this.count++;
    if (this.count > this.maxCount) this.maxCount = this.count;
  }

  pop(out: Uint32Array, depthOut: Uint32Array): number {
    const base = this.head * this.stride;
    const d = this.data;
    for (let k = 0; k < this.words; k++) out[k] = d[base + 2 + k]!;
    depthOut[0] = d[base + 1]!;
    const idx = d[base]!;
    this.head++;
    if (this.head === this.capacity) this.head = 0;
    this.count--;
    return idx;
  }

  private grow(): void {
    const cap = this.capacity * 2;
    const data = new Uint32Array(cap * this.stride);
    // unroll the ring into the new buffer, oldest first
    const firstPart = Math.min(this.count, this.capacity - this.head);
    data.set(this.data.subarray(this.head * this.stride, (this.head + firstPart) * this.stride), 0);
    if (firstPart < this.count) data.set(this.data.subarray(0, (this.count - firstPart) * this.stride), firstPart * this.stride);
    this.data = data;
    this.head = 0;
    this.capacity = cap;
  }
}

/** LIFO stack (depth-first search). */
export class Stack implements Frontier {
  private data: Uint32Array;
  private count = 0;
  private maxCount = 0;
  private readonly stride: number;

  constructor(private readonly words: number, initialEntries = 1024) {
    this.stride = words + 2;
    this.data = new Uint32Array(initialEntries * this.stride);
  }

  get size(): number {
    return this.count;
  }
  get peak(): number {
    return this.maxCount;
  }
  get bytes(): number {
    return this.data.byteLength;
  }

  push(idx: number, depth: number, buf: Uint32Array): void {
    if ((this.count + 1) * this.stride > this.data.length) {
      const data = new Uint32Array(this.data.length * 2);
      data.set(this.data);
      this.data = data;
    }
    const base = this.count * this.stride;
    this.data[base] = idx;
    this.data[base + 1] = depth;
    for (let k = 0; k < this.words; k++) this.data[base + 2 + k] = buf[k]!;
    this.count++;
    if (this.count > this.maxCount) this.maxCount = this.count;
  }

  pop(out: Uint32Array, depthOut: Uint32Array): number {
    this.count--;
    const base = this.count * this.stride;
    for (let k = 0; k < this.words; k++) out[k] = this.data[base + 2 + k]!;
    depthOut[0] = this.data[base + 1]!;
    return this.data[base]!;
  }
}
