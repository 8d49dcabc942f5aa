/**
 * Counterexamples in the Informal Trace Format (ITF, Apalache ADR-015), the
 * trace format of Quint and Apalache, so existing ITF tools read them:
 * `{ "#meta", "vars", "states": [{ "#meta", var: value, … }] }`.
 *
 * Value encoding, by each variable's declared type (VarType), so a variable
 * has one ITF form in every state: integers `{"#bigint": "n"}` (always, as
 * Quint writes them); strings and booleans as JSON; arrays and sequences as
 * JSON arrays; record variables and Immutable Records as records (plain
 * objects, keys sorted); Immutable Maps in value variables as
 * `{"#map": [[k, v], …]}` whatever their keys; Sets as `{"#set": […]}`;
 * null and fractions as `{"#unserializable": "…"}` (their text). Set elements
 * and map entries are sorted by their JSON text, so output is deterministic.
 * `fromItfValue` reads every ITF form back (tuples as Lists).
 *
 * Per-state `#meta` carries the step: index, action, lane, source, and the
 * failed assertion on the last step of an assertion violation. No
 * timestamps, no paths. Pure: no I/O.
 */
import { List, Map as IMap, Record as IRecord, Set as ISet } from 'immutable';
import type { Layout, VarType } from '../layout';
import type { Counterexample, PropertyResult } from '../result';
import { varNames } from './values';

export const ITF_FORMAT_DESCRIPTION = 'https://apalache-mc.org/docs/adr/015adr-trace.html';

export type ItfValue = string | boolean | number | ItfValue[] | { readonly [k: string]: ItfValue };

export interface ItfState {
  readonly '#meta': { readonly index: number; readonly action: string; readonly lane?: string; readonly source?: string; readonly failed?: { assertion: string; detail?: string } };
  readonly [variable: string]: unknown;
}

export interface ItfTrace {
  readonly '#meta': Readonly<Record<string, unknown>>;
  /** Lassos: the index of the state that follows the last state (ITF's optional `loop`). */
  readonly loop?: number;
  readonly vars: readonly string[];
  readonly states: readonly ItfState[];
}

function byJson(a: ItfValue, b: ItfValue): number {
  const x = JSON.stringify(a);
  const y = JSON.stringify(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

const VALUE: VarType = { kind: 'value' };

/** An integer as ITF writes it; BigInt(v) gives the exact integer a double holds (String(2 ** 60) would print rounded digits). */
function itfInteger(v: number | bigint): ItfValue {
  return { '#bigint': BigInt(v).toString() };
}

/**
 * The ITF encoding of one decoded value of a variable of type `type` (from its
 * declaration, see VarType): a record variable is an ITF record in every
 * state, a Map in a value variable a `#map` in every state, even when it is
 * empty or its keys happen to be strings.
 */
export function toItfValue(v: unknown, type: VarType = VALUE): ItfValue {
  switch (type.kind) {
    case 'bool':
    case 'enum':
      return v as boolean | string;
    case 'int':
      return itfInteger(v as number);
    case 'list':
      return (v as List<unknown>).toArray().map((x) => toItfValue(x, type.item));
    case 'record': {
      const m = v as IMap<string, unknown>;
      return Object.fromEntries(Object.keys(type.fields).sort().map((k) => [k, toItfValue(m.get(k), type.fields[k])]));
    }
    case 'value':
      return valueToItf(v);
  }
}

/** A value variable's contents, encoded by what they are: the only place where the shape comes from the value. */
function valueToItf(v: unknown): ItfValue {
  if (typeof v === 'boolean' || typeof v === 'string') return v;
  if (typeof v === 'bigint' || (typeof v === 'number' && Number.isInteger(v))) return itfInteger(v);
  if (List.isList(v)) return (v as List<unknown>).toArray().map(valueToItf);
  // A Record's fields are declared by its class, so it is an ITF record; read back, it is a Map of those fields.
  if (IRecord.isRecord(v)) {
    const o = (v as IRecord<Record<string, unknown>>).toObject();
    return Object.fromEntries(Object.keys(o).sort().map((k) => [k, valueToItf(o[k])]));
  }
  if (IMap.isMap(v)) return { '#map': (v as IMap<unknown, unknown>).entrySeq().toArray().map(([k, x]) => [valueToItf(k), valueToItf(x)] as ItfValue).sort(byJson) };
  if (ISet.isSet(v)) return { '#set': (v as ISet<unknown>).toArray().map(valueToItf).sort(byJson) };
  // ITF has no null and no fractions: null and 0.5 are written as their text, which fromItfValue reads back.
  return { '#unserializable': String(v) };
}

/** The value an `#unserializable` text stands for: null and numbers come back as themselves, anything else as its text. */
function fromUnserializable(text: string): unknown {
  if (text === 'null') return null;
  const n = Number(text);
  return text !== '' && String(n) === text ? n : text;
}

/** Reads an ITF value back into the decoded form: Lists, Maps, Sets, numbers (BigInt beyond 2^53), null. */
export function fromItfValue(j: unknown): unknown {
  if (typeof j === 'boolean' || typeof j === 'string') return j;
  if (typeof j === 'number') return j;
  if (Array.isArray(j)) return List(j.map(fromItfValue));
  if (j !== null && typeof j === 'object') {
    const o = j as Record<string, unknown>;
    if (typeof o['#bigint'] === 'string') {
      const b = BigInt(o['#bigint']);
      // A number when a double holds it exactly (every integer a model can store), else the BigInt.
      return BigInt(Number(b)) === b ? Number(b) : b;
    }
    if (Array.isArray(o['#set'])) return ISet((o['#set'] as unknown[]).map(fromItfValue));
    if (Array.isArray(o['#tup'])) return List((o['#tup'] as unknown[]).map(fromItfValue));
    if (Array.isArray(o['#map'])) return IMap((o['#map'] as [unknown, unknown][]).map(([k, v]) => [fromItfValue(k), fromItfValue(v)] as [unknown, unknown]));
    if ('#unserializable' in o) return fromUnserializable(String(o['#unserializable']));
    return IMap(Object.keys(o).map((k) => [k, fromItfValue(o[k])] as [string, unknown]));
  }
  throw new TypeError(`not an ITF value: ${JSON.stringify(j)}`);
}

/**
 * The ITF trace of property `p`'s counterexample. `tool` names the writer (e.g.
 * `interleave 0.1.0`); the model's declarations give each variable's encoding,
 * and `typed` encodes the variables declared with a TLA+ value domain by that
 * domain (layout.ts `itfEncoders`).
 */
export function toItf(
  model: { readonly name: string; readonly layout: Pick<Layout, 'decls'> },
  p: PropertyResult,
  tool: string,
  cx: Counterexample = p.counterexample!,
  typed: Readonly<Record<string, (v: unknown) => unknown>> = {},
): ItfTrace {
  const modelName = model.name;
  const types = new Map(model.layout.decls.map((d) => [d.name, d.type]));
  const vars = varNames(cx.steps[0]!.state);
  return {
    '#meta': {
      format: 'ITF',
      'format-description': ITF_FORMAT_DESCRIPTION,
      source: modelName,
      description: `${tool}: counterexample to ${p.name} (${p.kind}, ${cx.length} step${cx.length === 1 ? '' : 's'})`,
      property: p.name,
      kind: p.kind,
      ...(cx.loop !== undefined ? { loop: cx.loop, stutter: cx.stutter === true } : {}),
    },
    // ITF's `loop`: the index of the state that follows the last one (the last state of a lasso repeats `steps[loop]`).
    ...(cx.loop !== undefined ? { loop: cx.stutter ? cx.steps.length - 1 : cx.loop + 1 } : {}),
    vars,
    states: cx.steps.map((s, index) => {
      const st: Record<string, unknown> = {
        '#meta': {
          index,
          action: s.action,
          ...(s.lane !== undefined ? { lane: s.lane } : {}),
          ...(s.source !== undefined ? { source: s.source } : {}),
          ...(s.failed ? { failed: { assertion: s.failed.assertion, ...(s.failed.detail !== undefined ? { detail: s.failed.detail } : {}) } } : {}),
        },
      };
      for (const v of vars) st[v] = typed[v] ? typed[v]!(s.state.get(v)) : toItfValue(s.state.get(v), types.get(v));
      return st as unknown as ItfState;
    }),
  };
}

/** Reads an ITF trace (parsed JSON): per state its meta and its variables decoded with `fromItfValue`. */
export function fromItf(trace: unknown): { vars: string[]; states: { meta: Record<string, unknown>; values: Record<string, unknown> }[] } {
  const t = trace as { vars?: unknown; states?: unknown };
  if (!t || !Array.isArray(t.vars) || !Array.isArray(t.states)) throw new TypeError('not an ITF trace: it needs "vars" and "states" arrays');
  const vars = t.vars.map(String);
  return {
    vars,
    states: (t.states as Record<string, unknown>[]).map((s, i) => {
      const values: Record<string, unknown> = {};
      for (const v of vars) {
        if (!(v in s)) throw new TypeError(`ITF state ${i} has no value for variable '${v}'`);
        values[v] = fromItfValue(s[v]);
      }
      return { meta: (s['#meta'] ?? {}) as Record<string, unknown>, values };
    }),
  };
}
