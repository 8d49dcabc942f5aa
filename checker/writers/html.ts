/**
 * report.html: one self-contained page — the verdict, every property's
 * status, per counterexample the swimlanes and wait-for SVGs inline, the
 * cycle in words and the step table, the state graph, statistics, the files
 * written and the command that reproduces the run. What a person opens first.
 *
 * Pure: strings in, one string out; no external CSS, scripts, fonts or
 * images, no timestamps or absolute paths. Every text is HTML-escaped; SVGs
 * are inlined as Graphviz wrote them (minus the XML prolog).
 */
import type { CheckResult } from '../result';
import { ExplainedTrace, loopText } from './explain';
import { stateLines } from './values';

/** One counterexample for the report. */
export interface HtmlTrace {
  readonly trace: ExplainedTrace;
  readonly traceSvg?: string;
  readonly waitforSvg?: string;
  /** Files written for this trace, relative to the report. */
  readonly files: readonly string[];
}

export interface HtmlReportInput {
  readonly result: CheckResult;
  readonly traces: readonly HtmlTrace[];
  /** The state graph SVG, or why there is none. */
  readonly graph?: { readonly svg?: string; readonly note?: string };
  /** The command that reproduces the run. */
  readonly command: string;
  /** Every file written, relative to the report. */
  readonly files: readonly string[];
  /** e.g. `interleave 0.1.0`. */
  readonly tool: string;
}

/** Escapes text for HTML content and attribute values. */
export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/**
 * The SVG element alone, for inlining: drops the XML prolog, DOCTYPE and
 * leading comments, and prefixes its element ids so that several SVGs on one
 * page keep ids unique (Graphviz names every picture's nodes node1, node2…).
 */
export function inlineSvg(svg: string, idPrefix = ''): string {
  const at = svg.indexOf('<svg');
  if (at < 0) return '';
  const body = svg.slice(at).trimEnd();
  return idPrefix ? body.replace(/ id="/g, ` id="${idPrefix}-`) : body;
}

/** The verdict in one line, e.g. `violation — deadlock (exit 11)`. */
export function verdictText(r: CheckResult): string {
  switch (r.verdict) {
    case 'ok':
      return `ok — every checked property holds (exit ${r.exitCode})`;
    case 'violation':
      return `violation — ${r.properties.filter((p) => p.status === 'violated').map((p) => p.name).join(', ')} (exit ${r.exitCode})`;
    case 'incomplete':
      return `incomplete — stopped by ${r.bound?.kind ?? 'a bound'}; nothing is proven beyond the states seen (exit ${r.exitCode})`;
    case 'no-violation-found':
      return `no violation found in ${r.simulation?.tracesRun ?? 0} random traces (seed ${r.simulation?.seed ?? 0}); a simulation proves nothing (exit ${r.exitCode})`;
    case 'model-error':
      return `model error (exit ${r.exitCode})`;
    case 'usage-error':
      return `usage error (exit ${r.exitCode})`;
  }
}

/** A fragment id for a property. */
export function anchor(name: string): string {
  return `property-${name.replace(/[^A-Za-z0-9_-]/g, '_')}`;
}

const CSS = `
body{font-family:Helvetica,Arial,sans-serif;margin:2em auto;max-width:75em;padding:0 1em;color:#222}
h1{font-size:1.5em;margin-bottom:.2em} h2{font-size:1.2em;margin-top:2em;border-bottom:1px solid #ccc}
.verdict{font-size:1.2em;font-weight:bold;padding:.5em .8em;border-radius:4px;display:inline-block}
.v-ok{background:#E8F5E9;color:#1B5E20}.v-violation{background:#FFEBEE;color:#B71C1C}
.v-incomplete,.v-no-violation-found{background:#FFF8E1;color:#8D6E00}.v-model-error,.v-usage-error{background:#ECEFF1;color:#37474F}
table{border-collapse:collapse;margin:.6em 0}td,th{border:1px solid #ddd;padding:.25em .5em;text-align:left;vertical-align:top}
th{background:#f5f5f5}.violated{color:#B71C1C;font-weight:bold}.holds{color:#1B5E20}.unknown{color:#8D6E00}
.failed td{background:#FFEBEE}.cycle-step td{background:#E3F2FD}.lasso{background:#E3F2FD;padding:.5em .8em;border-left:4px solid #1565C0}.mono,td.state{font-family:Menlo,Consolas,monospace;font-size:.85em;white-space:pre-wrap}
figure{margin:1em 0;overflow-x:auto}figure svg{max-width:100%;height:auto}figcaption{font-size:.9em;color:#555}.cycle{background:#FFEBEE;padding:.5em .8em;border-left:4px solid #C62828}
code{background:#f5f5f5;padding:.1em .3em}
`;

function stepTable(t: ExplainedTrace): string {
  const rows = t.steps.map((s) => {
    const after = s.index === 0 ? stateLines(s.state) : s.after;
    const fail = s.failed ? `<br><strong>assertion ${escapeHtml(s.failed.assertion)} failed</strong>${s.failed.expression ? `: ${escapeHtml(s.failed.expression)}` : ''}${s.failed.detail ? ` — ${escapeHtml(s.failed.detail)}` : ''}` : '';
    const inCycle = t.loop !== undefined && !t.stutter && s.index > t.loop;
    const mark = s.index === t.loop ? (t.stutter ? '<br><strong>stutters forever here</strong>' : '<br><em>the cycle starts here</em>') : inCycle && s.index === t.steps.length - 1 ? `<br><strong>back to state ${t.loop}: the cycle repeats forever</strong>` : '';
    return `<tr${s.failed ? ' class="failed"' : inCycle ? ' class="cycle-step"' : ''}><td>${s.index}</td><td>${escapeHtml(s.lane)}</td><td>${escapeHtml(s.action)}${fail}</td><td class="mono">${escapeHtml(s.source ?? '')}</td><td class="mono">${escapeHtml(s.frames ?? '')}</td><td class="state">${escapeHtml(after.join('\n'))}${mark}</td></tr>`;
  });
  return `<table class="steps"><thead><tr><th>#</th><th>lane</th><th>action</th><th>source</th><th>frames</th><th>state after the step</th></tr></thead><tbody>\n${rows.join('\n')}\n</tbody></table>`;
}

/** The whole report page. Deterministic. */
export function toHtmlReport(i: HtmlReportInput): string {
  const r = i.result;
  const knobs = Object.entries(r.model.knobs).map(([k, v]) => `${k}=${String(v)}`).join(' ');
  const out: string[] = [];
  out.push('<!DOCTYPE html>', '<html lang="en">', '<head>', '<meta charset="utf-8">', `<title>${escapeHtml(`interleave: ${r.model.name} — ${r.verdict}`)}</title>`, `<style>${CSS}</style>`, '</head>', '<body>');
  out.push(`<h1>${escapeHtml(r.model.name)}</h1>`);
  out.push(`<p>${r.model.preset ? `preset <code>${escapeHtml(r.model.preset)}</code> ` : ''}${knobs ? `knobs <code>${escapeHtml(knobs)}</code>` : 'no knobs'}</p>`);
  out.push(`<p class="verdict v-${r.verdict}">verdict: ${escapeHtml(verdictText(r))}</p>`);
  if (r.error) out.push(`<p class="cycle">error ${escapeHtml(r.error.code)}: ${escapeHtml(r.error.message)}${r.error.hint ? `<br>try: ${escapeHtml(r.error.hint)}` : ''}</p>`);
  out.push('<h2>Properties</h2>', '<table><thead><tr><th>property</th><th>kind</th><th>status</th><th>meaning</th></tr></thead><tbody>');
  for (const p of r.properties) {
    const status = p.status === 'violated' ? `<a href="#${anchor(p.name)}">violated</a> (${p.counterexample!.length} step${p.counterexample!.length === 1 ? '' : 's'})` : p.status === 'unknown' ? `unknown${p.reason ? ` — ${escapeHtml(p.reason)}` : ''}` : 'holds';
    out.push(`<tr><td>${escapeHtml(p.name)}</td><td>${escapeHtml(p.kind)}</td><td class="${p.status}">${status}</td><td>${escapeHtml(p.doc ?? '')}</td></tr>`);
  }
  out.push('</tbody></table>');
  for (const t of i.traces) {
    const e = t.trace;
    out.push(`<section id="${anchor(e.property.name)}">`, `<h2>Counterexample: ${escapeHtml(e.property.name)} (${escapeHtml(e.property.kind)}), ${e.steps.length - 1} step${e.steps.length === 2 ? '' : 's'}</h2>`);
    out.push(`<p class="cycle">${escapeHtml(e.verdict)}</p>`);
    if (e.cycleText) out.push(`<p class="cycle"><strong>Wait-for:</strong> ${escapeHtml(e.cycleText)}</p>`);
    const lasso = loopText(e);
    if (lasso) out.push(`<p class="lasso"><strong>Lasso:</strong> ${escapeHtml(lasso)}. Steps of the cycle are shaded blue.</p>`);
    const key = anchor(e.property.name);
    if (t.traceSvg) out.push(`<figure class="trace">${inlineSvg(t.traceSvg, `${key}-trace`)}<figcaption>Swimlanes: one column per lane, one row per step.</figcaption></figure>`);
    if (t.waitforSvg) out.push(`<figure class="waitfor">${inlineSvg(t.waitforSvg, `${key}-waitfor`)}<figcaption>Who waits for whom in the last state; the cycle in red.</figcaption></figure>`);
    out.push(stepTable(e));
    if (t.files.length > 0) out.push(`<p>Files: ${t.files.map((f) => `<a href="${escapeHtml(f)}"><code>${escapeHtml(f)}</code></a>`).join(', ')}</p>`);
    out.push('</section>');
  }
  if (i.graph) {
    out.push('<h2>State graph</h2>');
    if (i.graph.svg) out.push(`<figure class="graph">${inlineSvg(i.graph.svg, 'graph')}</figure>`);
    if (i.graph.note) out.push(`<p>${escapeHtml(i.graph.note)}</p>`);
  }
  const s = r.stats;
  out.push('<h2>Statistics</h2>', '<table><tbody>');
  const rows: [string, string][] = [
    ['distinct states', String(s.distinctStates)],
    ['states generated', String(s.statesGenerated)],
    ['depth', String(s.depth)],
    ['fingerprints', `${s.fingerprint}, collision probability ${s.collisionProbability.toExponential(1)}`],
    ['strategy', r.options.strategy],
    ...(r.options.liveness.length > 0 ? [['fairness', r.options.fairness.length > 0 ? r.options.fairness.join(', ') : 'none: any behaviour may stop anywhere'] as [string, string]] : []),
  ];
  for (const [k, v] of rows) out.push(`<tr><th>${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`);
  out.push('</tbody></table>');
  out.push('<h2>Files</h2>', `<ul>${i.files.map((f) => `<li><a href="${escapeHtml(f)}"><code>${escapeHtml(f)}</code></a></li>`).join('')}</ul>`);
  out.push(`<p>Reproduce: <code>${escapeHtml(i.command)}</code></p>`);
  out.push(`<p><small>Written by ${escapeHtml(i.tool)}. result.json holds the same verdict as data (schema in docs/result-schema.md).</small></p>`);
  out.push('</body>', '</html>');
  return out.join('\n') + '\n';
}
