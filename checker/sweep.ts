/**
 * A design-space sweep: check every combination of the named knobs' values
 * (the other knobs fixed by a preset and settings) and tabulate each
 * property's status per combination. Combinations in which every property
 * holds are marked safe. Generic over models.
 */
import { check } from './explorer';
import { usageError } from './errors';
import { AnyKnobValues, buildModel, KnobSpec, KnobSpecs, knobDomainText, ModelDefinition, resolveKnobs } from './model';
import type { PropertyStatus } from './result';

/** At most this many combinations per sweep (a guard against typos like an int knob 0..1000). */
export const MAX_COMBINATIONS = 4096;

export interface SweepAxis {
  readonly knob: string;
  readonly values: readonly (number | boolean | string)[];
}

export interface SweepRow {
  readonly knobs: AnyKnobValues;
  readonly verdict: string;
  readonly statuses: Readonly<Record<string, PropertyStatus>>;
  readonly lengths: Readonly<Record<string, number>>;
  readonly safe: boolean;
  readonly distinctStates: number;
  readonly seconds: number;
}

export interface SweepResult {
  readonly model: string;
  readonly preset?: string;
  readonly fixed: AnyKnobValues;
  readonly axes: readonly SweepAxis[];
  /** Every property of any row; a row's statuses lack those its knobs do not define. */
  readonly properties: readonly string[];
  readonly rows: readonly SweepRow[];
}

function allValues(name: string, k: KnobSpec): (number | boolean | string)[] {
  switch (k.kind) {
    case 'bool':
      return [false, true];
    case 'enum':
      return [...k.values];
    case 'int':
      if (k.max - k.min + 1 > 16) {
        throw usageError('IL008', `knob ${name} has ${k.max - k.min + 1} values (${knobDomainText(k)}); a sweep over all of them is too large`, { hint: `--knob ${name}=${k.min},${k.min + 1},${k.min + 2}` });
      }
      return Array.from({ length: k.max - k.min + 1 }, (_, i) => k.min + i);
  }
}

/**
 * Parses `--knob NAME` (every value of the knob) or `--knob NAME=v1,v2`
 * into axes, validating names and values against the model.
 */
export function resolveAxes(def: ModelDefinition<KnobSpecs>, items: readonly string[]): SweepAxis[] {
  const specs = def.knobs ?? {};
  const axes: SweepAxis[] = [];
  for (const item of items) {
    const eq = item.indexOf('=');
    const name = (eq < 0 ? item : item.slice(0, eq)).trim();
    const spec = specs[name];
    if (!spec) {
      throw usageError('IL002', `model '${def.name}' has no knob '${name}' (--knob)`, { hint: `interleave list ${def.name}`, alternatives: Object.keys(specs) });
    }
    if (axes.some((a) => a.knob === name)) throw usageError('IL008', `--knob ${name} is given twice`, { hint: 'name each knob once' });
    const values =
      eq < 0
        ? allValues(name, spec)
        : item
            .slice(eq + 1)
            .split(',')
            .map((raw) => resolveKnobs(def, { set: { [name]: raw.trim() } })[name]!);
    axes.push({ knob: name, values });
  }
  if (axes.length === 0) throw usageError('IL008', 'a sweep needs at least one --knob', { hint: '--knob NAME or --knob NAME=v1,v2', alternatives: Object.keys(specs) });
  const n = axes.reduce((p, a) => p * a.values.length, 1);
  if (n > MAX_COMBINATIONS) throw usageError('IL008', `the sweep has ${n} combinations, more than ${MAX_COMBINATIONS}`, { hint: 'sweep fewer knobs, or list values with --knob NAME=v1,v2' });
  return axes;
}

/** Every combination of the axes' values, first axis slowest. */
export function combinations(axes: readonly SweepAxis[]): Record<string, number | boolean | string>[] {
  let out: Record<string, number | boolean | string>[] = [{}];
  for (const a of axes) out = out.flatMap((c) => a.values.map((v) => ({ ...c, [a.knob]: v })));
  return out;
}

/** Runs the sweep: one full check (`--continue`) per combination. */
export async function runSweep(
  def: ModelDefinition<KnobSpecs>,
  opts: { axes: readonly SweepAxis[]; preset?: string; set?: Readonly<Record<string, string>>; onRow?: (row: SweepRow, index: number, total: number) => void; signal?: AbortSignal },
): Promise<SweepResult> {
  const combos = combinations(opts.axes);
  const rows: SweepRow[] = [];
  // Knobs can change the properties themselves (classic/filter has Starvation(i) per process): the columns are every property of any row, in order of first appearance.
  const properties: string[] = [];
  const fixed = resolveKnobs(def, { preset: opts.preset, set: opts.set });
  for (const combo of combos) {
    if (opts.signal?.aborted) break; // interrupted: the rows so far are the result (verdicts of unfinished runs are `incomplete`)
    const knobs = resolveKnobs(def, { preset: opts.preset, set: { ...(opts.set ?? {}), ...Object.fromEntries(Object.entries(combo).map(([k, v]) => [k, String(v)])) } });
    const r = await check(buildModel(def, knobs, opts.preset), { continue: true, signal: opts.signal });
    for (const p of r.properties) if (!properties.includes(p.name)) properties.push(p.name);
    const statuses = Object.fromEntries(r.properties.map((p) => [p.name, p.status]));
    const lengths = Object.fromEntries(r.properties.filter((p) => p.counterexample).map((p) => [p.name, p.counterexample!.length]));
    const row: SweepRow = { knobs: combo, verdict: r.verdict, statuses, lengths, safe: r.verdict === 'ok', distinctStates: r.stats.distinctStates, seconds: r.stats.seconds };
    rows.push(row);
    opts.onRow?.(row, rows.length, combos.length);
  }
  const axesKnobs = new Set(opts.axes.map((a) => a.knob));
  return {
    model: def.name,
    ...(opts.preset !== undefined ? { preset: opts.preset } : {}),
    fixed: Object.fromEntries(Object.entries(fixed).filter(([k]) => !axesKnobs.has(k))),
    axes: opts.axes,
    properties,
    rows,
  };
}
