/**
 * The JSON form of a check result (what `--json` prints and `result.json`
 * holds): plain data, states as plain objects, a schema name and version.
 * Documented in docs/result-schema.md. Pure; writes nothing.
 */
import type { CheckResult, Counterexample } from './result';

export const RESULT_SCHEMA = 'interleave.check-result';
export const RESULT_SCHEMA_VERSION = 2;

export interface JsonStep {
  action: string;
  lane?: string;
  source?: string;
  state: Record<string, unknown>;
  failed?: { assertion: string; detail?: string };
}

function stepsToJson(cx: Counterexample): { length: number; loop?: number; stutter?: boolean; steps: JsonStep[] } {
  return {
    length: cx.length,
    ...(cx.loop !== undefined ? { loop: cx.loop, stutter: cx.stutter === true } : {}),
    steps: cx.steps.map((s) => ({
      action: s.action,
      ...(s.lane !== undefined ? { lane: s.lane } : {}),
      ...(s.source !== undefined ? { source: s.source } : {}),
      state: s.state.toJS() as Record<string, unknown>,
      ...(s.failed ? { failed: { assertion: s.failed.assertion, ...(s.failed.detail !== undefined ? { detail: s.failed.detail } : {}) } } : {}),
    })),
  };
}

/**
 * The result as JSON-ready data. `version` is the tool version. With
 * `timing: false` (files under --out) the run-dependent fields
 * `stats.seconds` and `stats.statesPerSecond` are left out, so the same model
 * and options give a byte-identical file.
 */
export function toJson(r: CheckResult, version: string, opts: { timing?: boolean } = {}) {
  const { seconds, statesPerSecond, ...untimed } = r.stats;
  const stats = opts.timing === false ? untimed : { ...untimed, seconds, statesPerSecond };
  return {
    schema: RESULT_SCHEMA,
    schemaVersion: RESULT_SCHEMA_VERSION,
    tool: { name: 'interleave', version },
    verdict: r.verdict,
    exitCode: r.exitCode,
    model: r.model.name,
    knobs: r.model.knobs,
    ...(r.model.preset !== undefined ? { preset: r.model.preset } : {}),
    options: r.options,
    properties: r.properties.map((p) => ({
      name: p.name,
      kind: p.kind,
      ...(p.form !== undefined ? { form: p.form } : {}),
      status: p.status,
      ...(p.doc !== undefined ? { doc: p.doc } : {}),
      ...(p.reason !== undefined ? { reason: p.reason } : {}),
      ...(p.counterexample ? { counterexample: stepsToJson(p.counterexample) } : {}),
    })),
    stats,
    coverage: r.coverage,
    ...(r.bound ? { bound: r.bound } : {}),
    ...(r.error ? { error: r.error } : {}),
    ...(r.simulation ? { simulation: r.simulation } : {}),
    warnings: r.warnings ?? [],
  };
}
