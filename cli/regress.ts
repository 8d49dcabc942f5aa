/**
 * `interleave regress [specs..]`: runs regression specs (all of specs/ when
 * none are named), prints a table of spec, scenario, property, expected,
 * actual, states, depth and seconds with mismatches marked, ends with
 * `N passed, M failed`, and writes out/regress/summary.{json,md} plus each
 * scenario's result. Exit 0 when every row matches, 1 on any mismatch, 4
 * when a model failed (threw) in some scenario, 2 on usage errors (unknown
 * spec, bad knob in a scenario). Built-in specs are loaded with `require`
 * (specs/ under ts-jest, dist/specs when built: rebuild after adding one);
 * a spec named by file path is loaded with jiti, so it needs no build.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_GRAPH_LIMIT, ExitCode, InterleaveError, KnobSpecs, ModelDefinition, runSpec, Spec, SpecRow, toJson, toMismatchReport, toReproduceCommand, usageError } from '../checker';
import type { ScenarioRun } from '../checker';
import type { Io } from './io';
import { createOutputs, refuseEmptyOut, writeOutputs } from './outputs';
import { loadModel } from './load';
import { VERSION } from './version';
import { createUserLoader } from './aliases';
import { checkAgainst } from './schema';
import { onStopSignals } from './check';
import { toWriteError, writeFileAtomic } from './write';

export interface RegressArgs {
  specs?: string[];
  json?: boolean;
  out?: string;
  /** Also write each scenario's pictures (DOT), report.html and ITF traces. */
  dot?: boolean;
  /** As dot, plus SVGs. */
  svg?: boolean;
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

function toLoadedSpec(file: string, mod: { default?: Spec; spec?: Spec }): LoadedSpec {
  const spec = mod.default ?? mod.spec;
  if (!spec || !Array.isArray(spec.scenarios)) {
    throw usageError('IL009', `spec file '${file}' exports no spec`, { hint: 'export default defineSpec({ commit, title, …, scenarios })' });
  }
  if (spec.scenarios.length === 0) {
    throw usageError('IL009', `spec file '${file}' has no scenarios, so it would pass without checking anything`, { hint: "add a scenario: { name, knobs, expect: { <property>: 'holds' | 'violated' } }" });
  }
  const problems = checkAgainst('spec', JSON.parse(JSON.stringify(spec)));
  if (problems.length > 0) {
    throw usageError('IL009', `spec file '${file}' does not match the spec schema: ${problems.slice(0, 5).join('; ')}`, {
      hint: 'see docs/specs.md (schema/spec.schema.json); a status is holds or violated',
    });
  }
  return { id: path.basename(file).replace(/\.spec\.(ts|js)$/, ''), file, spec };
}

function loadSpecFile(file: string): LoadedSpec {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return toLoadedSpec(file, require(file) as { default?: Spec; spec?: Spec });
}

/** Loads a spec file the user named (TypeScript or JavaScript, anywhere) with jiti; `interleave` resolves to the engine. */
async function importSpecFile(file: string, ref: string): Promise<LoadedSpec> {
  const jiti = createUserLoader();
  let mod: { default?: Spec; spec?: Spec };
  try {
    mod = (await jiti.import(file)) as { default?: Spec; spec?: Spec };
  } catch (e) {
    throw usageError('IL009', `spec file '${ref}' failed to load: ${(e as Error).message}`, { hint: 'run it through `npx tsc --noEmit` to see type or syntax errors' });
  }
  return toLoadedSpec(file, mod);
}

/** Resolves spec names: ids (or id prefixes such as a short hash) of built-in specs, or spec file paths. */
export async function resolveSpecs(names: readonly string[], cwd: string): Promise<LoadedSpec[]> {
  const all = builtinSpecs();
  if (names.length === 0) {
    if (all.length === 0) throw usageError('IL009', 'no specs found in specs/', { hint: 'add a <hash>-<slug>.spec.ts file (docs/specs.md)' });
    return all;
  }
  const out: LoadedSpec[] = [];
  for (const name of names) {
    const asPath = path.resolve(cwd, name);
    if (!/\.(ts|js)$/.test(name) && fs.existsSync(asPath) && fs.statSync(asPath).isDirectory()) {
      // A folder of the user's specs: every *.spec.ts / *.spec.js in it, by name.
      const files = fs.readdirSync(asPath).filter((f) => /\.spec\.(ts|js)$/.test(f) && !f.endsWith('.d.ts')).sort();
      if (files.length === 0) throw usageError('IL009', `folder '${name}' holds no *.spec.ts or *.spec.js file`, { hint: 'name spec files <id>.spec.ts (docs/specs.md)' });
      for (const f of files) out.push(await importSpecFile(path.join(asPath, f), path.join(name, f)));
      continue;
    }
    if (/\.(ts|js)$/.test(name)) {
      const file = path.resolve(cwd, name);
      if (!fs.existsSync(file)) throw usageError('IL009', `spec file '${name}' does not exist (looked at ${file})`, { hint: 'built-in specs are named by id, without a path', alternatives: all.map((s) => s.id) });
      out.push(await importSpecFile(file, name));
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
export function toMarkdown(rows: readonly SpecRow[], passed: number, failed: number, reports: readonly string[] = []): string {
  const lines = ['# interleave regress', '', `${passed} passed, ${failed} failed`, '', '| | spec | scenario | property | expected | actual | states | depth | seconds |', '|---|---|---|---|---|---|---|---|---|'];
  for (const r of rows) {
    lines.push(`| ${r.ok ? '' : '✗'} | ${r.spec} | ${r.scenario} | ${r.property} | ${r.expected}${r.expectedLength !== undefined ? ` (${r.expectedLength})` : ''} | ${r.actual}${r.actualLength !== undefined ? ` (${r.actualLength})` : ''} | ${r.distinctStates} | ${r.depth} | ${r.seconds.toFixed(2)} |`);
  }
  const problems = rows.filter((r) => !r.ok);
  if (problems.length > 0) {
    lines.push('', '## Mismatches', '');
    for (const r of problems) lines.push(`- ${r.spec} / ${r.scenario} / ${r.property}: ${r.problem ?? 'mismatch'}`);
    if (reports.length > 0) lines.push('', '```', ...reports, '```');
  }
  return lines.join('\n') + '\n';
}

/** Runs the command; returns the exit code. */
export async function runRegress(a: RegressArgs, io: Io, models?: { load: (name: string, from: string) => Promise<ModelDefinition<KnobSpecs>> }): Promise<number> {
  const started = Date.now();
  refuseEmptyOut(a.out);
  const specs = await resolveSpecs(a.specs ?? [], io.cwd);
  const builtin = specsDir();
  const isUser = (s: LoadedSpec) => path.dirname(s.file) !== builtin;
  // A user's spec names its model by built-in name or by a path relative to the spec file.
  const load = models?.load ?? ((name: string, from: string) => loadModel(name, from));
  // The results of a user's specs go next to them (never into this package's out/), unless --out says otherwise.
  const userDirs = [...new Set(specs.filter(isUser).map((s) => path.dirname(s.file)))];
  const outDir = a.out !== undefined ? path.resolve(io.cwd, a.out) : userDirs.length > 0 && specs.every(isUser) ? path.join(userDirs[0]!, 'out', 'regress') : path.resolve(io.cwd, 'out/regress');
  const rows: SpecRow[] = [];
  const reports: string[] = [];
  let modelFailed = false;
  // The first output that cannot be written stops the writing, not the run: the table is printed, then the error (IL208).
  let writeError: InterleaveError | undefined;
  const write = (file: string, work: () => void) => {
    if (writeError) return;
    try {
      work();
    } catch (e) {
      writeError = toWriteError(e, file);
    }
  };
  const ac = new AbortController();
  const stopSignals = onStopSignals(ac);
  try {
    for (const s of specs) {
      if (ac.signal.aborted) break;
      const where = (e: unknown) => {
        if (!(e instanceof InterleaveError)) return e;
        return new InterleaveError(e.code, e.kind, `spec '${s.id}' (${path.relative(io.cwd, s.file) || s.file}): ${e.message}`, { hint: e.hint, alternatives: e.alternatives });
      };
      let def: ModelDefinition<KnobSpecs>;
      let runs: ScenarioRun[];
      try {
        def = await load(s.spec.model, isUser(s) ? path.dirname(s.file) : io.cwd);
        runs = await runSpec(s.id, s.spec, def, ac.signal);
      } catch (e) {
        throw where(e);
      }
      const report = toMismatchReport(s.spec, runs);
      if (report) reports.push(report);
      for (const run of runs) {
        if (run.result.error) modelFailed = true;
        rows.push(...run.rows);
        const scenarioDir = path.join(outDir, s.id, run.scenario.name);
        if (a.dot || a.svg) {
          const outputs = await createOutputs(run.result, run.model, { dir: scenarioDir, dot: true, svg: a.svg ?? false, graph: false, graphLimit: DEFAULT_GRAPH_LIMIT }, toReproduceCommand(s.spec, run.scenario));
          write(scenarioDir, () => writeOutputs(outputs, scenarioDir, io.cwd));
        } else {
          const file = path.join(scenarioDir, 'result.json');
          write(file, () => writeFileAtomic(file, JSON.stringify(toJson(run.result, VERSION, { timing: false }), null, 2) + '\n'));
        }
        if (!a.json) {
          const bad = run.rows.filter((r) => !r.ok);
          io.err(`${bad.length === 0 ? 'ok  ' : 'FAIL'} ${s.id} / ${run.scenario.name} (${run.result.stats.distinctStates.toLocaleString('en-US')} states, ${run.result.stats.seconds.toFixed(2)} s)`);
        }
      }
    }
  } finally {
    stopSignals();
  }
  const failed = rows.filter((r) => !r.ok).length;
  const passed = rows.length - failed;
  const seconds = (Date.now() - started) / 1000;
  // An interrupted run proves nothing about the scenarios it did not finish, whatever its rows say.
  const verdict = ac.signal.aborted ? 'incomplete' : modelFailed ? 'model-error' : failed > 0 ? 'mismatch' : 'ok';
  const exitCode = { incomplete: ExitCode.incomplete, 'model-error': ExitCode.modelError, mismatch: ExitCode.regressMismatch, ok: ExitCode.ok }[verdict];
  const summary = { tool: { name: 'interleave', version: VERSION }, verdict, exitCode, passed, failed, seconds, specs: specs.map((s) => ({ id: s.id, commit: s.spec.commit, title: s.spec.title, date: s.spec.date, link: s.spec.link, story: s.spec.story, model: s.spec.model, preset: s.spec.preset })), rows };
  write(path.join(outDir, 'summary.json'), () => writeFileAtomic(path.join(outDir, 'summary.json'), JSON.stringify(summary, null, 2) + '\n'));
  write(path.join(outDir, 'summary.md'), () => writeFileAtomic(path.join(outDir, 'summary.md'), toMarkdown(rows, passed, failed, reports)));
  if (a.json) io.out(JSON.stringify(summary, null, 2));
  else {
    io.out(formatRows(rows));
    if (reports.length > 0) io.out(`\nMismatches:\n${reports.join('\n')}`);
    io.err(`${specs.length} specs, ${new Set(rows.map((r) => `${r.spec}/${r.scenario}`)).size} scenarios in ${seconds.toFixed(1)} s`);
    io.out(`\n${passed} passed, ${failed} failed`);
  }
  if (verdict === 'incomplete') io.err('interrupted: the table and summary hold the scenarios run so far (a scenario cut short shows unknown); verdict incomplete');
  if (writeError) {
    io.err(`output files not written: ${writeError.toText()}`);
    return writeError.exitCode;
  }
  return exitCode;
}
