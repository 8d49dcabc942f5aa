/**
 * `interleave regress [specs..]`: runs regression specs (all of specs/ when
 * none are named), prints a table of spec, scenario, property, expected,
 * actual, states, depth and seconds with mismatches marked, ends with
 * `N passed, M failed`, and writes out/regress/summary.{json,md} plus each
 * scenario's result. Exit 0 when every row matches, 1 on any mismatch.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ExitCode, KnobSpecs, ModelDefinition, runSpec, Spec, SpecRow, toJson, usageError } from '../checker';
import type { Io } from './io';
import { loadModel } from './load';
import { VERSION } from './version';
import { writeFileAtomic } from './write';

export interface RegressArgs {
  specs?: string[];
  json?: boolean;
  out?: string;
}

export interface LoadedSpec {
  readonly id: string;
  readonly file: string;
  readonly spec: Spec;
}

/** The folder holding the built-in specs (specs/ in source, dist/specs when built). */
export function specsDir(): string {
  return path.resolve(__dirname, '..', 'specs');
}

/** Every built-in spec, sorted by id; a spec's id is its file name without `.spec.ts`. */
export function builtinSpecs(): LoadedSpec[] {
  const dir = specsDir();
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => /\.spec\.(ts|js)$/.test(f) && !f.endsWith('.d.ts'))
    .sort()
    .map((f) => loadSpecFile(path.join(dir, f)));
}

function loadSpecFile(file: string): LoadedSpec {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require(file) as { default?: Spec; spec?: Spec };
  const spec = mod.default ?? mod.spec;
  if (!spec || !Array.isArray(spec.scenarios)) {
    throw usageError('IL009', `spec file '${file}' exports no spec`, { hint: 'export default defineSpec({ commit, title, …, scenarios })' });
  }
  return { id: path.basename(file).replace(/\.spec\.(ts|js)$/, ''), file, spec };
}

/** Resolves spec names: ids (or id prefixes such as a short hash) of built-in specs, or spec file paths. */
export function resolveSpecs(names: readonly string[], cwd: string): LoadedSpec[] {
  const all = builtinSpecs();
  if (names.length === 0) {
    if (all.length === 0) throw usageError('IL009', 'no specs found in specs/', { hint: 'add a <hash>-<slug>.spec.ts file (docs/specs.md)' });
    return all;
  }
  const out: LoadedSpec[] = [];
  for (const name of names) {
    if (/\.spec\.(ts|js)$/.test(name) && fs.existsSync(path.resolve(cwd, name))) {
      out.push(loadSpecFile(path.resolve(cwd, name)));
      continue;
    }
    const hits = all.filter((s) => s.id === name || s.id.startsWith(`${name}-`) || s.id.startsWith(name));
    if (hits.length === 0) throw usageError('IL009', `no spec named '${name}'`, { hint: 'interleave regress (all specs)', alternatives: all.map((s) => s.id) });
    if (hits.length > 1 && !hits.some((h) => h.id === name)) throw usageError('IL009', `'${name}' names ${hits.length} specs`, { alternatives: hits.map((s) => s.id) });
    out.push(hits.find((h) => h.id === name) ?? hits[0]!);
  }
  return out;
}

function pad(s: string, n: number): string {
  return s.length >= n ? s : s + ' '.repeat(n - s.length);
}

/** The regress table as aligned text (✗ marks a mismatch). */
export function formatRows(rows: readonly SpecRow[]): string {
  const head = ['', 'spec', 'scenario', 'property', 'expected', 'actual', 'states', 'depth', 'seconds'];
  const cells = rows.map((r) => [
    r.ok ? ' ' : '✗',
    r.spec,
    r.scenario,
    r.property,
    r.expected + (r.expectedLength !== undefined ? ` (${r.expectedLength})` : ''),
    r.actual + (r.actualLength !== undefined ? ` (${r.actualLength})` : ''),
    r.distinctStates.toLocaleString('en-US'),
    String(r.depth),
    r.seconds.toFixed(2),
  ]);
  const w = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: string[]) => c.map((x, i) => pad(x, w[i]!)).join('  ').trimEnd();
  return [line(head), ...cells.map(line)].join('\n');
}

/** The summary as Markdown (out/regress/summary.md). */
export function toMarkdown(rows: readonly SpecRow[], passed: number, failed: number): string {
  const lines = ['# interleave regress', '', `${passed} passed, ${failed} failed`, '', '| | spec | scenario | property | expected | actual | states | depth | seconds |', '|---|---|---|---|---|---|---|---|---|'];
  for (const r of rows) {
    lines.push(`| ${r.ok ? '' : '✗'} | ${r.spec} | ${r.scenario} | ${r.property} | ${r.expected}${r.expectedLength !== undefined ? ` (${r.expectedLength})` : ''} | ${r.actual}${r.actualLength !== undefined ? ` (${r.actualLength})` : ''} | ${r.distinctStates} | ${r.depth} | ${r.seconds.toFixed(2)} |`);
  }
  const problems = rows.filter((r) => !r.ok);
  if (problems.length > 0) {
    lines.push('', '## Mismatches', '');
    for (const r of problems) lines.push(`- ${r.spec} / ${r.scenario} / ${r.property}: ${r.problem ?? 'mismatch'}`);
  }
  return lines.join('\n') + '\n';
}

/** Runs the command; returns the exit code. */
export async function runRegress(a: RegressArgs, io: Io, models: { load: (name: string) => Promise<ModelDefinition<KnobSpecs>> } = { load: (n) => loadModel(n, io.cwd) }): Promise<number> {
  const specs = resolveSpecs(a.specs ?? [], io.cwd);
  const outDir = path.resolve(io.cwd, a.out ?? 'out/regress');
  const rows: SpecRow[] = [];
  for (const s of specs) {
    const def = await models.load(s.spec.model);
    const runs = await runSpec(s.id, s.spec, def);
    for (const run of runs) {
      rows.push(...run.rows);
      writeFileAtomic(path.join(outDir, s.id, run.scenario.name, 'result.json'), JSON.stringify(toJson(run.result, VERSION), null, 2) + '\n');
      if (!a.json) {
        const bad = run.rows.filter((r) => !r.ok);
        io.err(`${bad.length === 0 ? 'ok  ' : 'FAIL'} ${s.id} / ${run.scenario.name} (${run.result.stats.distinctStates.toLocaleString('en-US')} states, ${run.result.stats.seconds.toFixed(2)} s)`);
      }
    }
  }
  const failed = rows.filter((r) => !r.ok).length;
  const passed = rows.length - failed;
  const summary = { tool: { name: 'interleave', version: VERSION }, passed, failed, specs: specs.map((s) => ({ id: s.id, commit: s.spec.commit, title: s.spec.title, date: s.spec.date, link: s.spec.link, preset: s.spec.preset })), rows };
  writeFileAtomic(path.join(outDir, 'summary.json'), JSON.stringify(summary, null, 2) + '\n');
  writeFileAtomic(path.join(outDir, 'summary.md'), toMarkdown(rows, passed, failed));
  if (a.json) io.out(JSON.stringify(summary, null, 2));
  else {
    io.out(formatRows(rows));
    const problems = rows.filter((r) => !r.ok);
    if (problems.length > 0) {
      io.out('\nMismatches:');
      for (const r of problems) io.out(`  ${r.spec} / ${r.scenario} / ${r.property}: ${r.problem ?? 'mismatch'}\n    reproduce: npx interleave check ${specs.find((s) => s.id === r.spec)!.spec.model} --preset ${specs.find((s) => s.id === r.spec)!.spec.preset}${scenarioSets(specs, r)} --continue`);
    }
    io.out(`\n${passed} passed, ${failed} failed`);
  }
  return failed > 0 ? ExitCode.regressMismatch : ExitCode.ok;
}

function scenarioSets(specs: readonly LoadedSpec[], r: SpecRow): string {
  const sc = specs.find((s) => s.id === r.spec)!.spec.scenarios.find((x) => x.name === r.scenario)!;
  return Object.entries(sc.knobs)
    .map(([k, v]) => ` --set ${k}=${String(v)}`)
    .join('');
}
