/**
 * Regression specs: a model, a knob preset, scenarios, and the expected
 * status of every property in every scenario — checked like a test suite.
 * `runSpec` checks each scenario (with --continue, so every property gets a
 * verdict) and compares; it also fails a scenario whose named steps never
 * fired, so that no verdict is vacuous. Generic: nothing here knows QEMU.
 * A usage error in a scenario's knobs (unknown knob, bad value) is thrown,
 * not turned into a row; a model error becomes a failing `(model)` row.
 */
import { BuiltModel, buildModel, KnobSpecs, ModelDefinition, resolveKnobs } from './model';
import { check } from './explorer';
import { InterleaveError, usageError } from './errors';
import type { CheckResult, PropertyStatus } from './result';

export interface SpecScenario {
  /** Short name, unique in the spec, e.g. `snapshot-vcpu`. */
  readonly name: string;
  /** Knob settings on top of the spec's preset. */
  readonly knobs: Readonly<Record<string, number | boolean | string>>;
  /** Expected status of every property of the model. */
  readonly expect: Readonly<Record<string, 'holds' | 'violated'>>;
  /** Optional expected counterexample lengths (number of steps). */
  readonly length?: Readonly<Record<string, number>>;
  /** Steps that must fire: each string must match (be contained in) the label or source of an action that fired. */
  readonly mustFire?: readonly string[];
}

export interface Spec {
  /** The upstream commit hash, or the list message id of an unmerged posting, or a counterfactual's name. */
  readonly commit: string;
  readonly title: string;
  readonly date: string;
  readonly link: string;
  /** Two or three sentences: what changed, what went wrong or was fixed. */
  readonly story: string;
  readonly model: string;
  /** The knob preset the scenarios start from (for a QEMU commit, the commit's preset); none for models without presets. */
  readonly preset?: string;
  readonly scenarios: readonly SpecScenario[];
}

/** Identity with type checking, for spec files. */
export function defineSpec(spec: Spec): Spec {
  return spec;
}

export interface SpecRow {
  readonly spec: string;
  readonly scenario: string;
  readonly property: string;
  readonly expected: string;
  /** A property's status; `fired` / `not fired` for a must-fire step; `error` when the run failed. */
  readonly actual: PropertyStatus | 'error' | 'fired' | 'not fired';
  readonly expectedLength?: number;
  readonly actualLength?: number;
  readonly ok: boolean;
  readonly distinctStates: number;
  readonly depth: number;
  readonly seconds: number;
  /** Why the row failed, when it did. */
  readonly problem?: string;
}

export interface ScenarioRun {
  readonly scenario: SpecScenario;
  /** The model as built for this scenario (for writers: lanes, explain hooks). */
  readonly model: BuiltModel;
  readonly result: CheckResult;
  readonly rows: readonly SpecRow[];
}

/** Checks every scenario of a spec against its model; returns one row per property (plus coverage rows). */
export async function runSpec(id: string, spec: Spec, def: ModelDefinition<KnobSpecs>, signal?: AbortSignal): Promise<ScenarioRun[]> {
  const runs: ScenarioRun[] = [];
  const names = spec.scenarios.map((s) => s.name);
  const twice = names.find((n, i) => names.indexOf(n) !== i);
  if (twice !== undefined) throw usageError('IL009', `spec '${id}' has two scenarios named '${twice}'`, { hint: 'give every scenario of a spec its own name (it names the result folder)' });
  for (const sc of spec.scenarios) {
    let knobs;
    let model;
    try {
      knobs = resolveKnobs(def, { preset: spec.preset, set: sc.knobs });
      model = buildModel(def, knobs, spec.preset);
    } catch (e) {
      if (e instanceof InterleaveError) throw new InterleaveError(e.code, e.kind, `scenario '${sc.name}': ${e.message}`, { hint: e.hint, alternatives: e.alternatives });
      throw e;
    }
    if (signal?.aborted) break; // interrupted: the scenarios run so far are the result
    const result = await check(model, { continue: true, signal });
    const base = { spec: id, scenario: sc.name, distinctStates: result.stats.distinctStates, depth: result.stats.depth, seconds: result.stats.seconds };
    const rows: SpecRow[] = [];
    if (result.error) {
      rows.push({ ...base, property: '(model)', expected: 'no error', actual: 'error', ok: false, problem: `${result.error.code}: ${result.error.message}` });
    }
    const known = new Set(result.properties.map((p) => p.name));
    for (const name of Object.keys(sc.expect)) {
      if (!known.has(name)) rows.push({ ...base, property: name, expected: sc.expect[name]!, actual: 'error', ok: false, problem: `the model has no property '${name}' (it has: ${[...known].join(', ')})` });
    }
    for (const p of result.properties) {
      const expected = sc.expect[p.name];
      const expectedLength = sc.length?.[p.name];
      const actualLength = p.counterexample?.length;
      let problem: string | undefined;
      if (expected === undefined) problem = `the spec gives no expectation for property '${p.name}'`;
      else if (p.status !== expected) problem = `expected ${expected}, got ${p.status}`;
      else if (expectedLength !== undefined && actualLength !== expectedLength) problem = `expected a counterexample of ${expectedLength} steps, got ${actualLength ?? 'none'}`;
      rows.push({ ...base, property: p.name, expected: expected ?? '(none)', actual: result.error ? 'error' : p.status, ...(expectedLength !== undefined ? { expectedLength } : {}), ...(actualLength !== undefined ? { actualLength } : {}), ok: problem === undefined && !result.error, ...(problem ? { problem } : {}) });
    }
    for (const step of sc.mustFire ?? []) {
      const fired = result.coverage.some((c) => c.fired > 0 && (c.action.includes(step) || (c.source ?? '').includes(step)));
      const exists = result.coverage.some((c) => c.action.includes(step) || (c.source ?? '').includes(step));
      rows.push({
        ...base,
        property: `fires: ${step}`,
        expected: 'fired',
        actual: fired ? 'fired' : 'not fired',
        ok: fired,
        ...(fired ? {} : { problem: exists ? `no step matching '${step}' ever fired: the verdicts of this scenario may be vacuous` : `no step of the model matches '${step}'` }),
      });
    }
    runs.push({ scenario: sc, model, result, rows });
  }
  return runs;
}

/** Quotes a command-line word for a POSIX shell when it needs it (a space, `$`, a quote…). */
export function toShellWord(w: string): string {
  return /^[A-Za-z0-9_./:=@%+,-]+$/.test(w) ? w : `'${w.replace(/'/g, `'\\''`)}'`;
}

/** The `interleave check` command that reproduces one scenario of a spec, every property checked (`--continue`). */
export function toReproduceCommand(spec: Spec, scenario: SpecScenario): string {
  const sets = Object.entries(scenario.knobs).map(([k, v]) => ` --set ${toShellWord(`${k}=${String(v)}`)}`);
  const preset = spec.preset !== undefined ? ` --preset ${toShellWord(spec.preset)}` : '';
  return `npx interleave check ${toShellWord(spec.model)}${preset}${sets.join('')} --continue`;
}

/**
 * The failing rows of one spec as text: per scenario, each mismatch as
 * expected against actual, then the command that reproduces the scenario.
 * Empty when every row passed.
 */
export function toMismatchReport(spec: Spec, runs: readonly ScenarioRun[]): string {
  const out: string[] = [];
  for (const run of runs) {
    const bad = run.rows.filter((r) => !r.ok);
    if (bad.length === 0) continue;
    out.push(`${bad[0]!.spec} / ${run.scenario.name}:`);
    for (const r of bad) {
      const expected = r.expected + (r.expectedLength !== undefined ? ` (${r.expectedLength} steps)` : '');
      const actual = r.actual + (r.actualLength !== undefined ? ` (${r.actualLength} steps)` : '');
      const plain = r.problem === undefined || r.problem === `expected ${r.expected}, got ${r.actual}`;
      out.push(`  ${r.property}: expected ${expected}, actual ${actual}${plain ? '' : ` — ${r.problem}`}`);
    }
    out.push(`  reproduce: ${toReproduceCommand(spec, run.scenario)}`);
  }
  return out.join('\n');
}
