/**
 * State identity: what the store compares. By default a state is all its
 * words. A model's VIEW (TLC's `VIEW`, `ModelBody.view`) keeps only some
 * variables: two states that agree on them are one state, so auxiliary
 * variables (history, counters for display) do not multiply the state space.
 * The projection zeroes the other variables' bits with a word mask, into one
 * reused buffer. With symmetry, the projection is canonicalised after.
 *
 * The explorer keys the store with the projection but keeps and expands the
 * state as reached (all variables), so a path replayed from an initial state
 * gives back exactly the states exploration saw (see path.ts): traces stay
 * real paths. Which of the states with one projection is kept is the first
 * one reached, as in TLC.
 */
import { modelError } from './errors';
import { Field } from './layout';
import type { Seq } from './layout';
import { Symmetry } from './symmetry';

/** What a VIEW may list: a variable handle (scalar, array), a sequence, or a record's field handles. */
export type ViewPart = Field<any> | Seq<any> | Readonly<Record<string, Field<any>>>;

/** The word mask of the variables a VIEW keeps. Anything that is no variable of the model is IL110. */
export function viewMask(model: string, parts: readonly ViewPart[], fields: readonly Field<unknown>[], words: number): Uint32Array {
  const known = new Set(fields);
  const bad = (why: string) => modelError('IL110', `model '${model}': view: ${why}`, { hint: 'view lists the variables that decide state identity (TLC VIEW): view: [x, y], the handles v.scalar/v.array/v.seq/v.record returned' });
  if (!Array.isArray(parts) || parts.length === 0) throw bad('it lists no variable; leave view out to compare whole states');
  const mask = new Uint32Array(words);
  const keep = (f: unknown, what: string) => {
    if (!(f instanceof Field) || !known.has(f)) throw bad(`${what} is not a variable of this model`);
    for (let i = 0; i < f.length; i++) mask[f.word[i]!]! |= (f.mask << f.shift[i]!) >>> 0;
  };
  parts.forEach((p, k) => {
    if (p instanceof Field) keep(p, p.name);
    else if (p && typeof p === 'object' && 'len' in p && 'items' in p) {
      keep(p.len, `${p.name}.len`);
      keep(p.items, `${p.name}.items`);
    } else if (p && typeof p === 'object') for (const [name, f] of Object.entries(p)) keep(f, name);
    else keep(p, `entry ${k}`);
  });
  return mask;
}

/** The key the store holds a state under (VIEW projection, then symmetry), or undefined for the whole state. */
export function stateKey(mask: Uint32Array | undefined, sym: Symmetry | undefined): ((b: Uint32Array) => Uint32Array) | undefined {
  if (!mask) return sym ? (b) => sym.canonical(b) : undefined;
  const out = new Uint32Array(mask.length);
  const project = (b: Uint32Array) => {
    for (let k = 0; k < out.length; k++) out[k] = b[k]! & mask[k]!;
    return out;
  };
  return sym ? (b) => sym.canonical(project(b)) : project;
}
