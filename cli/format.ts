/**
 * Human-readable text for check results: the summary, the verdict per
 * property, each counterexample as a step table showing what every step
 * changed, coverage warnings, and the command that reproduces the run.
 * Pure functions from a CheckResult to strings; nothing here prints.
 */
import { showValue, stateChanges, stateLines } from '../checker';
import type { CheckResult, Counterexample, DecodedState, PropertyResult } from '../checker';

/** What changed from one state to the next, as `var[i]: old -> new` items (the terminal's step table). */
export function diffStates(prev: DecodedState, next: DecodedState): string[] {
  return stateChanges(prev, next).map((c) => (c.after === undefined ? `${c.path}: ${showValue(c.before)} -> (removed)` : `${c.path}: ${showValue(c.before)} -> ${showValue(c.after)}`));
}

function pad(s: string, n: number): string {
  return s.length >= n ? s : s + ' '.repeat(n - s.length);
}

/** A counterexample as a step table: #, lane, action, source, what changed. */
export function formatCounterexample(p: PropertyResult, cx: Counterexample, noActions = false): string {
  const lines: string[] = [];
  const withLane = cx.steps.some((s) => s.lane !== undefined);
  const numW = String(cx.steps.length).length;
  const laneW = withLane ? Math.max(4, ...cx.steps.map((s) => (s.lane ?? '').length)) : 0;
  const actW = Math.max(6, ...cx.steps.map((s) => s.action.length));
  const lasso = cx.loop === undefined ? '' : cx.stutter ? ', then stutters forever' : `, a lasso: steps ${cx.loop + 1}..${cx.length} repeat forever`;
  lines.push(`Counterexample for ${p.name} (${p.kind}), ${cx.length} step${cx.length === 1 ? '' : 's'}${lasso}:`);
  lines.push(`  ${pad('#', numW)}  ${withLane ? pad('lane', laneW) + '  ' : ''}${pad('action', actW)}  state after the step (changes)`);
  cx.steps.forEach((step, n) => {
    let changes: string[];
    if (n === 0) changes = stateLines(step.state);
    else changes = diffStates(cx.steps[n - 1]!.state, step.state);
    if (changes.length === 0) changes = ['(no change)'];
    const head = `  ${pad(String(n), numW)}  ${withLane ? pad(step.lane ?? '', laneW) + '  ' : ''}${pad(step.action, actW)}  `;
    const indent = ' '.repeat(head.length);
    lines.push(head + changes[0]);
    for (const c of changes.slice(1)) lines.push(indent + c);
    if (step.source) lines.push(`${indent}at ${step.source}`);
    if (step.failed) lines.push(`${indent}ASSERTION FAILED: ${step.failed.assertion}${step.failed.detail ? ` (${step.failed.detail})` : ''}`);
    if (cx.loop !== undefined && n === cx.loop && !cx.stutter) lines.push(`${indent}<- the cycle starts here`);
  });
  if (cx.loop !== undefined) lines.push(cx.stutter ? `  stutters forever here: nothing that fairness demands is enabled in this state` : `  back to state ${cx.loop}: the cycle repeats forever`);
  if (p.kind === 'action') lines.push(`  action property ${p.name} is false on the last step${p.doc ? ` (${p.doc})` : ''}`);
  if (p.kind === 'liveness') lines.push(`  liveness ${p.name}${p.form ? ` (${p.form})` : ''} fails on this behaviour${p.doc ? `: ${p.doc}` : ''}`);
  if (p.kind === 'deadlock') lines.push(`  no action is enabled in the last state${p.doc ? `: ${p.doc}` : ''}`);
  if (p.kind === 'deadlock' && cx.length === 0 && cx.steps.length === 1 && p.reason === undefined && noActions)
    lines.push('  hint: the model has no actions at all, so every behaviour stops in its initial state; add actions, or declare that state terminal (or checkDeadlock: false)');
  if (p.kind === 'invariant') lines.push(`  invariant ${p.name} is false in the last state${p.doc ? ` (${p.doc})` : ''}`);
  return lines.join('\n');
}

function statusText(p: PropertyResult): string {
  switch (p.status) {
    case 'holds':
      return 'holds';
    case 'violated':
      return `VIOLATED (counterexample of ${p.counterexample!.length} step${p.counterexample!.length === 1 ? '' : 's'})`;
    case 'unknown':
      return `unknown${p.reason ? ` — ${p.reason}` : ''}`;
  }
}

function fmtNum(n: number): string {
  return n.toLocaleString('en-US');
}

/** The whole human report of a check. `command` reproduces the run. */
export function formatCheck(r: CheckResult, command: string): string {
  const out: string[] = [];
  const knobs = Object.entries(r.model.knobs).map(([k, v]) => `${k}=${String(v)}`).join(' ');
  out.push(`Model ${r.model.name}${r.model.preset ? ` (preset ${r.model.preset})` : ''}${knobs ? `  ${knobs}` : ''}`);
  // A model error goes to stderr, like one found while building the model (cli/check.ts); here only the verdict says so.
  out.push('', 'Properties:');
  const nameW = Math.max(...r.properties.map((p) => p.name.length), 8);
  const kindW = 9; // 'assertion'
  for (const p of r.properties) out.push(`  ${pad(p.name, nameW)}  ${pad(p.kind, kindW)}  ${statusText(p)}`);
  for (const p of r.properties) if (p.counterexample) out.push('', formatCounterexample(p, p.counterexample, r.coverage.length === 0));
  const s = r.stats;
  out.push(
    '',
    `${fmtNum(s.distinctStates)} distinct states, ${fmtNum(s.statesGenerated)} generated, depth ${s.depth}, ${s.seconds.toFixed(2)} s (${fmtNum(s.statesPerSecond)} states/s)`,
    `fingerprints ${s.fingerprint}, collision probability ${s.collisionProbability.toExponential(1)}${s.edges > 0 ? `; ${fmtNum(s.edges)} edges kept for liveness` : ''}`,
  );
  if (r.simulation) {
    const m = r.simulation;
    out.push(`simulation: ${fmtNum(m.tracesRun)} of ${fmtNum(m.traces)} random traces run (seed ${m.seed}, at most ${m.depth} steps each, longest ${m.longestTrace}); counterexamples are real behaviours, not shortest ones`);
  }
  if (r.options.symmetry) out.push(`symmetry ${r.options.symmetry}: distinct states are orbits; counterexamples are real paths, unpermuted`);
  if (r.options.liveness.length > 0) out.push(`liveness checked under fairness: ${r.options.fairness.length > 0 ? r.options.fairness.join(', ') : 'none (any behaviour may stop, i.e. stutter, anywhere)'}`);
  for (const w of r.warnings ?? []) out.push('', `warning: ${w}`);
  const never = r.coverage.filter((c) => c.fired === 0);
  if (never.length > 0 && r.verdict !== 'model-error') {
    const complete = (r.verdict === 'ok' || (r.verdict === 'violation' && r.options.continue)) && !r.options.symmetry;
    out.push(
      '',
      `warning: ${never.length} action${never.length === 1 ? '' : 's'} never fired${complete ? '' : r.options.symmetry ? ' (with symmetry only one state of each orbit is expanded, so a renamed copy of them may be what fired)' : ' (the run stopped early; they may fire later)'}: ${never.map((c) => c.action).join(', ')}`,
      '  a step that never fires usually means the model does not do what its author thinks; a verdict that depends on it is vacuous',
    );
  }
  out.push('', verdictLine(r), `reproduce: ${command}`);
  return out.join('\n');
}

/** One line: the verdict and the exit code. */
export function verdictLine(r: CheckResult): string {
  switch (r.verdict) {
    case 'ok':
      return `verdict: ok — every checked property holds (exit ${r.exitCode})`;
    case 'violation': {
      const v = r.properties.filter((p) => p.status === 'violated').map((p) => p.name);
      return `verdict: violation — ${v.join(', ')} (exit ${r.exitCode})`;
    }
    case 'incomplete':
      if (r.bound?.kind === 'max-memory') {
        return `verdict: incomplete — stopped by max-memory (${Math.round((r.bound.limit ?? 0) / 2 ** 20)} MB held by the store, queue and liveness graph); nothing is proven beyond the states seen (exit ${r.exitCode})\n  try: smaller knobs, --no-liveness (no edges kept), or a larger --max-memory`;
      }
      return `verdict: incomplete — stopped by ${r.bound?.kind ?? 'a bound'}${r.bound?.limit !== undefined ? ` (${r.bound.limit})` : ''}; nothing is proven beyond the states seen (exit ${r.exitCode})`;
    case 'no-violation-found':
      return `verdict: no violation found in ${r.simulation?.tracesRun ?? 0} random traces of at most ${r.simulation?.depth ?? 0} steps (seed ${r.simulation?.seed ?? 0}); a simulation proves nothing (exit ${r.exitCode})`;
    case 'model-error':
      return `verdict: model error (exit ${r.exitCode})`;
    case 'usage-error':
      return `verdict: usage error (exit ${r.exitCode})`;
  }
}
