/**
 * Values and states as short text for pictures and tables: TLA+-like value
 * notation, whole-state lines, and what a step changed. Pure functions over
 * decoded (Immutable) states; nothing here prints or writes.
 */
import { is, isImmutable, List, Map as IMap, Set as ISet } from 'immutable';
import type { DecodedState } from '../model';

/** A value in TLA+-like notation: lists <<a, b>>, records/maps [k |-> v], sets {a, b}, TRUE/FALSE. */
export function showValue(v: unknown): string {
  if (v === true) return 'TRUE';
  if (v === false) return 'FALSE';
  if (v === null || v === undefined) return 'null';
  if (List.isList(v)) return `<<${(v as List<unknown>).map(showValue).join(', ')}>>`;
  if (IMap.isMap(v)) return `[${(v as IMap<unknown, unknown>).entrySeq().map(([k, x]) => `${showValue(k)} |-> ${showValue(x)}`).join(', ')}]`;
  if (ISet.isSet(v)) return `{${(v as ISet<unknown>).map(showValue).toArray().sort().join(', ')}}`;
  if (isImmutable(v)) return String(v);
  if (typeof v === 'string') return v;
  return JSON.stringify(v) ?? String(v);
}

/** The variable names of a decoded state, in declaration order. */
export function varNames(s: DecodedState): string[] {
  return Object.keys(s.toObject());
}

/** Every variable as `name = value`. */
export function stateLines(s: DecodedState): string[] {
  return varNames(s).map((k) => `${k} = ${showValue(s.get(k))}`);
}

/** One change a step made: the variable path (`pc[0]`, `rec.f`), the value before and after (undefined: removed). */
export interface StateChange {
  readonly path: string;
  readonly before: unknown;
  readonly after: unknown;
}

/** What changed from `prev` to `next`, per element for lists and per key for maps, in declaration order. */
export function stateChanges(prev: DecodedState, next: DecodedState): StateChange[] {
  const out: StateChange[] = [];
  for (const name of varNames(next)) {
    const a = prev.get(name);
    const b = next.get(name);
    if (is(a, b)) continue;
    if (List.isList(a) && List.isList(b) && a.size === b.size) {
      (b as List<unknown>).forEach((x, i) => {
        const y = (a as List<unknown>).get(i);
        if (is(x, y)) return;
        if (IMap.isMap(x) && IMap.isMap(y)) {
          (x as IMap<unknown, unknown>).forEach((xv, k) => {
            const yv = (y as IMap<unknown, unknown>).get(k);
            if (!is(xv, yv)) out.push({ path: `${name}[${i}].${showValue(k)}`, before: yv, after: xv });
          });
        } else out.push({ path: `${name}[${i}]`, before: y, after: x });
      });
    } else if (IMap.isMap(a) && IMap.isMap(b)) {
      (b as IMap<unknown, unknown>).forEach((x, k) => {
        const y = (a as IMap<unknown, unknown>).get(k);
        if (!is(x, y)) out.push({ path: `${name}.${showValue(k)}`, before: y, after: x });
      });
      (a as IMap<unknown, unknown>).forEach((x, k) => {
        if (!(b as IMap<unknown, unknown>).has(k)) out.push({ path: `${name}.${showValue(k)}`, before: x, after: undefined });
      });
    } else {
      out.push({ path: name, before: a, after: b });
    }
  }
  return out;
}

/** What changed from `prev` to `next`, as `var[i] := value` items (pictures). */
export function changedLines(prev: DecodedState, next: DecodedState): string[] {
  return stateChanges(prev, next).map((c) => (c.after === undefined ? `${c.path} removed` : `${c.path} := ${showValue(c.after)}`));
}

/** Whether two decoded states hold equal values (also across separately built copies of a model). */
export function sameState(a: DecodedState, b: DecodedState): boolean {
  const names = varNames(a);
  return names.length === varNames(b).length && names.every((k) => is(a.get(k), b.get(k)));
}
