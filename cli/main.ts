/**
 * The command-line entry: yargs parses and validates; each command module
 * runs the work and returns the exit code. Parsing only picks the job, so
 * help, version and usage errors are captured and printed through `Io`, and
 * tests run the whole CLI in-process with `runCli(argv, memoryIo())`.
 */
import { availableParallelism } from 'node:os';
import yargs from 'yargs';
import type { Argv } from 'yargs';
import { DEFAULT_GRAPH_LIMIT, DEFAULT_SIM_DEPTH, DEFAULT_SIM_TRACES, ExitCode, InterleaveError, STRATEGIES, Strategy, usageError } from '../checker';
import { CheckArgs, runCheck } from './check';
import { Io, processIo } from './io';
import { runList } from './list';
import { runRegress } from './regress';
import { runSweepCommand } from './sweep';
import { resolveOutputOptions } from './outputs';
import { runRender } from './render-command';
import { runSimulate, SimulateArgs } from './simulate';
import { VERSION } from './version';
import { parseSize } from './memory';

type Job = () => Promise<number>;

function asList(v: unknown): string[] {
  if (v === undefined) return [];
  return (Array.isArray(v) ? v : [v]).map(String);
}

/** Options shared by commands that explore a model. */
export function exploreOptions<T>(y: Argv<T>) {
  return y
    .option('set', { type: 'string', describe: 'set a knob: --set N=5 (repeatable)', requiresArg: true })
    .option('preset', { type: 'string', describe: 'start from a named knob preset (see `interleave list`)', requiresArg: true })
    .option('invariant', { type: 'string', describe: 'check only this invariant (repeatable; default: all)', requiresArg: true })
    .option('property', { type: 'string', describe: 'check only this invariant, action property or liveness property (repeatable; default: all)', requiresArg: true })
    .option('liveness', { type: 'boolean', default: true, describe: 'check liveness properties (--no-liveness: a safety-only run, no edges kept)' })
    .option('deadlock', { type: 'boolean', describe: "check for deadlock (default: the model's checkDeadlock, else on; --no-deadlock to skip)" })
    .option('continue', { type: 'boolean', default: false, describe: 'keep exploring after a violation, so every property gets a verdict' })
    .option('strategy', { choices: STRATEGIES as unknown as string[], default: 'bfs', describe: 'bfs gives shortest counterexamples' })
    .option('max-states', { type: 'number', describe: 'stop after N distinct states (verdict incomplete)', requiresArg: true })
    .option('max-depth', { type: 'number', describe: 'do not expand states deeper than N (initial states are depth 1)', requiresArg: true })
    .option('time-limit', { type: 'number', describe: 'stop after S seconds (verdict incomplete)', requiresArg: true })
    .option('determinism', { type: 'string', describe: 'run each action twice on the first N expanded states and compare (default 1000; all; off)', requiresArg: true })
    .option('max-memory', { type: 'string', describe: 'stop (verdict incomplete) before the store, queue and liveness graph pass SIZE (512M, 2G; default: a safe share of memory and of any ulimit or container limit)', requiresArg: true })
    .option('exact', { type: 'boolean', default: false, describe: 'store whole states instead of 64-bit fingerprints' })
    .option('symmetry', { type: 'boolean', describe: "reduce by the model's declared symmetry (default: on unless liveness is checked; --no-symmetry: off)" })
    .option('typecheck', { type: 'boolean', default: false, describe: 'type-check a model file with the TypeScript compiler first (yours, else the one beside interleave)' });
}

/** `--determinism all|off|N`. */
function parseDeterminism(text: string): number {
  if (text === 'all') return Infinity;
  if (text === 'off') return 0;
  if (/^\d+$/.test(text)) return Number(text);
  throw usageError('IL006', `--determinism ${JSON.stringify(text)} is not all, off or a number of states`, { alternatives: ['all', 'off', '1000'] });
}

/** `--workers N` or `--workers auto` (TLC's `-workers auto`): the engine checks the range and what it can run on workers. */
function parseWorkers(text: string): number | 'auto' {
  if (/^\d+$/.test(text.trim())) return Number(text);
  if (text.trim() === 'auto') return 'auto';
  throw usageError('IL014', `--workers ${JSON.stringify(text)} is not a whole number of worker threads, nor auto`, { hint: `--workers 2, --workers auto (this machine's ${availableParallelism()} cores), or --workers 1 for the sequential engine` });
}

/** The text given for `--flag` in argv (`--flag X` or `--flag=X`), as typed. */
function typedValue(argv: readonly string[], flag: string): string | undefined {
  for (let k = 0; k < argv.length; k++) {
    const w = argv[k]!;
    if (w === `--${flag}`) return argv[k + 1];
    if (w.startsWith(`--${flag}=`)) return w.slice(flag.length + 3);
  }
  return undefined;
}

/** Runs the CLI on `argv` (without `node` and the script); returns the exit code. */
export async function runCli(argv: readonly string[], io: Io = processIo()): Promise<number> {
  let job: Job | undefined;
  const parser = yargs()
    .scriptName('interleave')
    .usage('$0 <command> [options]\n\nAn explicit-state model checker: every interleaving, breadth-first, with shortest counterexamples.')
    .command(
      'check <model>',
      'explore a model: invariants, assertions, deadlock, action properties, liveness',
      (y) =>
        exploreOptions(y.positional('model', { type: 'string', describe: 'a built-in model (classic/philo) or a model file (./my-model.ts)' }))
          .option('json', { type: 'boolean', default: false, describe: 'print the result as one JSON object' })
          .option('out', { type: 'string', describe: 'write result.json, report.html and ITF traces into DIR', requiresArg: true })
          .option('dot', { type: 'boolean', default: false, describe: 'with --out: also write the pictures as DOT (trace.dot, waitfor.dot)' })
          .option('svg', { type: 'boolean', default: false, describe: 'with --out: also write the pictures as DOT and SVG' })
          .option('graph', { type: 'boolean', default: false, describe: 'with --out: draw the whole reachable state graph (graph.dot; graph.svg with --svg)' })
          .option('graph-limit', { type: 'number', describe: `refuse --graph above N states (default ${DEFAULT_GRAPH_LIMIT})`, requiresArg: true })
          .option('workers', { type: 'string', describe: 'worker threads for breadth-first exploration, or auto for one per core (default 1, the sequential engine: two workers are not yet 1.7× faster than one; auto falls back to 1 where workers cannot run; dfs runs on one)', requiresArg: true })
          .example('$0 check classic/philo --set N=5', 'find the dining philosophers deadlock')
          .example('$0 check classic/filter --set N=3 --invariant Mutex --no-deadlock', 'check mutual exclusion only')
          .example("$0 check classic/filter --set N=3 --property 'Starvation(0)'", 'check one liveness property under the model\'s fairness')
          .example('$0 check classic/locksem --out out/locksem --svg --graph', 'write report.html, traces and pictures'),
      (args) => {
        const a: CheckArgs = {
          model: String(args.model),
          set: asList(args.set),
          preset: args.preset,
          invariant: asList(args.invariant),
          property: asList(args.property),
          liveness: args.liveness,
          deadlock: args.deadlock,
          continue: args.continue,
          strategy: args.strategy as Strategy,
          maxStates: args['max-states'],
          maxDepth: args['max-depth'],
          timeLimit: args['time-limit'],
          maxMemoryText: args['max-memory'] !== undefined ? String(args['max-memory']) : undefined,
          determinismText: args.determinism !== undefined ? String(args.determinism) : undefined,
          exact: args.exact,
          symmetry: args.symmetry,
          typecheck: args.typecheck,
          json: args.json,
          out: args.out,
          dot: args.dot,
          svg: args.svg,
          graph: args.graph,
          graphLimit: args['graph-limit'],
          workersText: args.workers !== undefined ? String(args.workers) : undefined,
        };
        job = async () => {
          // Numeric flags are checked against the text the user typed, so an error echoes it (not NaN or Infinity).
          for (const [flag, value, integer] of [['max-states', a.maxStates, true], ['max-depth', a.maxDepth, true], ['time-limit', a.timeLimit, false], ['graph-limit', a.graphLimit, true]] as const) {
            if (value === undefined) continue;
            const typed = typedValue(argv, flag) ?? String(value);
            if (!(Number.isFinite(value) && value > 0 && (!integer || Number.isInteger(value))) || typed.trim() === '') {
              throw usageError(flag === 'graph-limit' ? 'IL205' : 'IL006', `--${flag} ${JSON.stringify(typed)} is not a positive ${integer ? 'integer' : 'number'}`, { hint: `--${flag} ${flag === 'time-limit' ? 60 : 1000}` });
            }
          }
          resolveOutputOptions(a); // flag errors (IL202, IL205) before the run, not after it
          const maxMemory = a.maxMemoryText !== undefined ? parseSize(a.maxMemoryText) : undefined;
          const determinism = a.determinismText !== undefined ? parseDeterminism(a.determinismText) : undefined;
          const workers = a.workersText !== undefined ? parseWorkers(a.workersText) : undefined;
          return runCheck({ ...a, ...(maxMemory !== undefined ? { maxMemory } : {}), ...(determinism !== undefined ? { determinism } : {}), ...(workers !== undefined ? { workers } : {}) }, io);
        };
      },
    )
    .command(
      'simulate <model>',
      'random walks from the initial states (for models too big to exhaust); safety properties only',
      (y) =>
        y
          .positional('model', { type: 'string', describe: 'a built-in model or a model file' })
          .option('set', { type: 'string', describe: 'set a knob: --set N=5 (repeatable)', requiresArg: true })
          .option('preset', { type: 'string', describe: 'start from a named knob preset', requiresArg: true })
          .option('invariant', { type: 'string', describe: 'check only this invariant (repeatable; default: all)', requiresArg: true })
          .option('property', { type: 'string', describe: 'check only this invariant or action property (repeatable; default: all)', requiresArg: true })
          .option('deadlock', { type: 'boolean', describe: "check for deadlock (default: the model's checkDeadlock, else on)" })
          .option('continue', { type: 'boolean', default: false, describe: 'keep walking after a violation' })
          .option('seed', { type: 'number', default: 0, describe: 'the random seed: the same seed gives the same walks', requiresArg: true })
          .option('depth', { type: 'number', default: DEFAULT_SIM_DEPTH, describe: 'steps per walk at most', requiresArg: true })
          .option('traces', { type: 'number', default: DEFAULT_SIM_TRACES, describe: 'number of walks', requiresArg: true })
          .option('time-limit', { type: 'number', describe: 'stop after S seconds (verdict incomplete)', requiresArg: true })
          .option('workers', { type: 'string', describe: 'worker threads walking traces in parallel, or auto for one per core (default 1); the same results for any number', requiresArg: true })
          .option('typecheck', { type: 'boolean', default: false, describe: 'type-check a model file with the TypeScript compiler first (yours, else the one beside interleave)' })
          .option('json', { type: 'boolean', default: false, describe: 'print the result as one JSON object' })
          .option('out', { type: 'string', describe: 'write result.json, report.html and ITF traces into DIR', requiresArg: true })
          .option('dot', { type: 'boolean', default: false, describe: 'with --out: also write the pictures as DOT' })
          .option('svg', { type: 'boolean', default: false, describe: 'with --out: also write the pictures as DOT and SVG' })
          .example('$0 simulate classic/philo --set N=8 --seed 1 --traces 100', 'find the deadlock by random walks')
          .example('$0 simulate classic/filter --set N=4 --traces 2000 --workers 2', 'walk on two threads: the same result as one')
          .epilog('Finding nothing is "no violation found in K traces" (exit 5), never ok: a simulation proves nothing.'),
      (args) => {
        const a: SimulateArgs = {
          model: String(args.model),
          set: asList(args.set),
          preset: args.preset,
          invariant: asList(args.invariant),
          property: asList(args.property),
          deadlock: args.deadlock,
          continue: args.continue,
          seed: args.seed,
          depth: args.depth,
          traces: args.traces,
          timeLimit: args['time-limit'],
          typecheck: args.typecheck,
          json: args.json,
          out: args.out,
          dot: args.dot,
          svg: args.svg,
          workersText: args.workers !== undefined ? String(args.workers) : undefined,
        };
        job = async () => {
          resolveOutputOptions(a);
          const workers = a.workersText !== undefined ? parseWorkers(a.workersText) : undefined;
          return runSimulate({ ...a, ...(workers !== undefined ? { workers } : {}) }, io);
        };
      },
    )
    .command(
      'list [model]',
      'list models with their knobs, presets and properties',
      (y) =>
        y
          .positional('model', { type: 'string', describe: 'show only this model' })
          .option('json', { type: 'boolean', default: false, describe: 'print JSON' }),
      (args) => {
        job = () => runList({ model: args.model, json: args.json }, io);
      },
    )
    .command(
      'render <file>',
      'render a DOT file to SVG (built-in Graphviz, WebAssembly)',
      (y) =>
        y
          .positional('file', { type: 'string', describe: 'the DOT file, e.g. out/locksem/trace.dot' })
          .option('o', { alias: 'output', type: 'string', describe: 'the SVG file (default: the DOT path with .svg)', requiresArg: true })
          .example('$0 render out/locksem/trace.dot -o trace.svg', 'render one picture'),
      (args) => {
        job = () => runRender({ file: String(args.file), ...(args.o !== undefined ? { output: String(args.o) } : {}) }, io);
      },
    )
    .command(
      'regress [specs..]',
      'run the regression specs (all of specs/ when none are named); exit 1 on any mismatch',
      (y) =>
        y
          .positional('specs', { type: 'string', array: true, describe: 'spec ids (or id prefixes, e.g. a short hash), spec files, or folders of spec files' })
          .option('json', { type: 'boolean', default: false, describe: 'print the summary as JSON' })
          .option('out', { type: 'string', describe: 'where to write summary.json, summary.md and each result (default out/regress; for your own spec files, out/regress beside their folder)', requiresArg: true })
          .option('dot', { type: 'boolean', default: false, describe: 'also write each scenario\'s report.html, ITF traces and DOT pictures' })
          .option('svg', { type: 'boolean', default: false, describe: 'as --dot, plus the SVGs' })
          .example('$0 regress', 'every spec')
          .example('$0 regress 930e239d11e2', 'one spec')
          .example('$0 regress ./my-specs/', 'every *.spec.ts in a folder of your own'),
      (args) => {
        job = () => runRegress({ specs: asList(args.specs), json: args.json, out: args.out, dot: args.dot, svg: args.svg }, io);
      },
    )
    .command(
      'sweep <model>',
      'check every combination of some knobs and print a verdict matrix',
      (y) =>
        y
          .positional('model', { type: 'string', describe: 'a built-in model or a model file' })
          .option('knob', { type: 'string', describe: 'a knob to sweep: NAME (all its values) or NAME=v1,v2 (repeatable)', requiresArg: true })
          .option('set', { type: 'string', describe: 'fix a knob: --set K=V (repeatable)', requiresArg: true })
          .option('preset', { type: 'string', describe: 'start from a named knob preset', requiresArg: true })
          .option('json', { type: 'boolean', default: false, describe: 'print the matrix as JSON' })
          .option('out', { type: 'string', describe: 'folder for <model>.md and <model>.json (default out/sweep)', requiresArg: true })
          .option('typecheck', { type: 'boolean', default: false, describe: 'type-check a model file with the TypeScript compiler first (yours, else the one beside interleave)' })
          .demandOption('knob', 'name at least one knob to sweep: --knob NAME')
          .example('$0 sweep classic/philo --knob N=2,3,4', 'one row per N'),
      (args) => {
        job = () => runSweepCommand({ model: String(args.model), typecheck: args.typecheck, knob: asList(args.knob), set: asList(args.set), preset: args.preset, json: args.json, out: args.out }, io);
      },
    )
    .demandCommand(1, 'name a command: check, simulate, list, render, regress or sweep (interleave --help)')
    .strict()
    .recommendCommands()
    .help()
    .alias('h', 'help')
    .version(VERSION)
    .epilog('Exit codes: 0 ok, 11 deadlock, 12 invariant or assertion violated, 13 liveness or action property violated, 1 regress mismatch, 2 usage error, 3 incomplete, 4 model error, 5 simulate found no violation (proves nothing). Docs: docs/cli.md')
    .wrap(Math.min(110, io.columns));

  let failed: Error | undefined;
  let output = '';
  await new Promise<void>((resolve) => {
    parser.parse([...argv], {}, (err, _parsed, out) => {
      failed = err ?? undefined;
      output = out ?? '';
      resolve();
    });
  });
  if (failed) {
    // The coded error first, then yargs' "did you mean", a usage line and where to look; not a screenful of help.
    const didYouMean = output.split('\n').filter((l) => /^Did you mean/.test(l.trim()));
    const command = argv.find((w) => !w.startsWith('-'));
    const known = ['check', 'simulate', 'list', 'render', 'regress', 'sweep'];
    io.err(
      [
        `error IL010: ${failed.message}`,
        ...didYouMean.map((l) => `  ${l.trim()}`),
        `  usage: interleave ${command && known.includes(command) ? `${command} --help` : '<check|simulate|list|render|regress|sweep> [options]; see interleave --help'}`,
      ].join('\n'),
    );
    return ExitCode.usage;
  }
  if (!job) {
    if (output) io.out(output);
    return ExitCode.ok;
  }
  try {
    return await job();
  } catch (e) {
    if (e instanceof InterleaveError) {
      io.err(e.toText());
      return e.exitCode;
    }
    io.err(`internal error: ${(e as Error).stack ?? String(e)}\nThis is a bug in interleave; please report it with the command above.`);
    return 70;
  }
}
