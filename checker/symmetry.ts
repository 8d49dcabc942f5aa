/**
 * Symmetry reduction (TLA+ `SYMMETRY Permutations(S)`): a model declares a set
 * of interchangeable processes 0..size-1, the array variables indexed by a
 * process, and the variables whose values name a process. Renaming the
 * processes by a permutation π of the group moves element i of each indexed
 * array to π(i) and maps each process-naming value v (0 ≤ v < size) to π(v);
 * values outside 0..size-1 (a "nobody" sentinel) stay.
 *
 * The explorer stores and deduplicates states by their canonical form, the
 * least (word by word) of the state's images under the group, so the distinct
 * count is the number of orbits. It keeps and expands the state as it was
 * reached, not its canonical form: a parent link plus action then replays a
 * real, unpermuted path from an initial state, and counterexamples keep their
 * lengths (path.ts compares the canonical forms on replay).
 *
 * Sound only when the model really is symmetric: every action of process i
 * does to π(i) what π of it would, and every checked property is symmetric.
 * The engine cannot prove that; it is the model author's claim, as in TLC.
 * Liveness with symmetry is refused (IL011): fair
 * cycles in the quotient need not be fair cycles of the model (TLC's caveat).
 */
import { modelError } from './errors';
import type { Field } from './layout';

/** What a model declares: `symmetry: [{ name, size, group, indexed, values }]`. */
export interface SymmetryDef {
  /** For messages and the result, e.g. `processes`. */
  readonly name: string;
  /** The processes are 0..size-1. */
  readonly size: number;
  /**
   * `permutations` (any renaming; N! elements) or `rotations` (i ↦ i + r mod
   * size; for rings such as the dining philosophers, where a reflection would
   * swap left and right forks).
   */
  readonly group: 'permutations' | 'rotations';
  /** Array variables of length `size` indexed by a process. */
  readonly indexed: readonly Field<any>[];
  /** Int variables (scalars or arrays) whose values name a process. */
  readonly values?: readonly Field<any>[];
}

/** All permutations of 0..n-1 (n! of them), identity first. */
function permutations(n: number): number[][] {
  if (n === 0) return [[]];
  const out: number[][] = [];
  for (const p of permutations(n - 1)) {
    for (let k = p.length; k >= 0; k--) out.push([...p.slice(0, k), n - 1, ...p.slice(k)]);
  }
  return out;
}

function rotations(n: number): number[][] {
  return Array.from({ length: n }, (_, r) => Array.from({ length: n }, (_, i) => (i + r) % n));
}

/** The most group elements accepted (8! = 40320; canonicalising costs one image per element). */
export const MAX_GROUP = 40320;

/** Canonicalises packed states under a declared symmetry group. */
export class Symmetry {
  /** The group elements, flattened: element g maps process i to perms[g * size + i]. */
  private readonly perms: Int32Array;
  private readonly count: number;
  private readonly words: number;
  private readonly moves: { word: Int32Array; shift: Int32Array; mask: number; lo: number; length: number; indexed: boolean; valued: boolean; size: number }[];
  private readonly img: Uint32Array;
  private readonly best: Uint32Array;
  readonly name: string;
  readonly groupSize: number;

  constructor(defs: readonly SymmetryDef[], words: number) {
    if (defs.length !== 1) throw modelError('IL106', `symmetry: exactly one set of interchangeable processes is supported (got ${defs.length})`, { hint: 'declare one symmetry set' });
    const d = defs[0]!;
    const n = d.size;
    if (!(Number.isInteger(n) && n >= 1)) throw modelError('IL106', `symmetry ${d.name}: size ${String(n)} is not a positive integer`);
    if (d.group !== 'rotations' && n > 8) throw modelError('IL106', `symmetry ${d.name}: ${n}! permutations are too many to canonicalise exactly (at most ${MAX_GROUP}, 8 processes)`, { hint: 'use --no-symmetry, or fewer processes' });
    const group = d.group === 'rotations' ? rotations(n) : permutations(n);
    this.name = d.name;
    this.count = group.length;
    this.groupSize = group.length;
    this.perms = Int32Array.from(group.flat());
    this.words = words;
    this.img = new Uint32Array(words);
    this.best = new Uint32Array(words);
    const valued = new Set(d.values ?? []);
    const fields = [...new Set([...d.indexed, ...(d.values ?? [])])];
    this.moves = fields.map((f) => {
      const indexed = d.indexed.includes(f);
      if (indexed && (!f.isArray || f.length !== n)) throw modelError('IL106', `symmetry ${d.name}: '${f.name}' is declared indexed by a process but is not an array of length ${n}`);
      if (valued.has(f) && f.kind !== 1) throw modelError('IL106', `symmetry ${d.name}: '${f.name}' is declared to hold process numbers but is not an int variable`);
      return { word: f.word, shift: f.shift, mask: f.mask, lo: f.lo, length: f.length, indexed, valued: valued.has(f), size: n };
    });
  }

  /** Writes the image of `src` under group element g into `dst` (a copy of src first). */
  image(src: Uint32Array, g: number, dst: Uint32Array): void {
    dst.set(src);
    const n = this.perms.length / this.count;
    const base = g * n;
    for (const m of this.moves) {
      // Clear the moved fields, then write each element at its image.
      for (let i = 0; i < m.length; i++) dst[m.word[i]!] = dst[m.word[i]!]! & ~(m.mask << m.shift[i]!);
      for (let i = 0; i < m.length; i++) {
        let code = (src[m.word[i]!]! >>> m.shift[i]!) & m.mask;
        if (m.valued) {
          const v = code + m.lo;
          if (v >= 0 && v < m.size) code = this.perms[base + v]! - m.lo;
        }
        const j = m.indexed ? this.perms[base + i]! : i;
        dst[m.word[j]!] = dst[m.word[j]!]! | (code << m.shift[j]!);
      }
    }
  }

  /** The orbit's least member (lexicographic on the words); returns a buffer reused by the next call. */
  canonical(src: Uint32Array): Uint32Array {
    const W = this.words;
    const best = this.best;
    best.set(src);
    const img = this.img;
    for (let g = 1; g < this.count; g++) {
      this.image(src, g, img);
      for (let k = 0; k < W; k++) {
        const a = img[k]!;
        const b = best[k]!;
        if (a !== b) {
          if (a < b) best.set(img);
          break;
        }
      }
    }
    return best;
  }
}
