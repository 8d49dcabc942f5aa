/**
 * TLA+ definitions over the state (`available == Resources \ UNION {...}`)
 * evaluated once per state.
 *
 * A spec's actions often share one definition: SimpleAllocator's `available`
 * appears in every `Allocate(c, S)` guard, so a translation that writes it as
 * a plain function computes it once per (c, S) and state. `definition(e)`
 * returns the same function, remembering its last result with the state it
 * was computed in (the state's packed words, compared word by word: a few
 * integer comparisons against building a set of sets). It is exact as long
 * as `e` reads only the state it is given, as every part of a model must
 * (a model is pure: docs/writing-models.md).
 */
import type { Interner } from './intern';
import type { StateView } from './view';

export function definition<T>(compute: (s: StateView) => T): (s: StateView) => T {
  let words: Uint32Array | undefined;
  let interner: Interner | undefined;
  let value: T;
  return (s) => {
    const buf = s.buf;
    if (words !== undefined && interner === s.interner && words.length === buf.length) {
      let k = 0;
      while (k < buf.length && words[k] === buf[k]) k++;
      if (k === buf.length) return value;
    }
    const v = compute(s);
    // Remembered only once computed: a definition that throws is computed again, and throws again.
    if (words === undefined || words.length !== buf.length) words = new Uint32Array(buf.length);
    words.set(buf);
    interner = s.interner;
    value = v;
    return v;
  };
}
