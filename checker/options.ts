/**
 * Check options and their defaults, resolved in one place (no environment
 * variables, no globals). `resolveOptions` validates and fills every default;
 * the engine only ever sees `ResolvedOptions`.
 */
import { availableParallelism } from 'node:os';
import { usageError } from './errors';
import type { BuiltModel } from './model';
import type { WorkerSource } from './parallel';

export type Strategy = 'bfs' | 'dfs';
export const STRATEGIES: readonly Strategy[] = ['bfs', 'dfs'];

/** Progress snapshot handed to a reporter about once a second. */
export interface Progress {
  readonly seconds: number;
  readonly statesGenerated: number;
  readonly distinctStates: number;
  readonly queue: number;
  readonly depth: number;
  readonly statesPerSecond: number;
  /** Bytes held by the store, the frontier and the liveness graph. */
  readonly memoryBytes: number;
}

/** Receives progress while the engine runs; the engine never prints. */
export interface Reporter {
  progress?(p: Progress): void;
}

export interface CheckOptions {
  /** Invariants to check (default: all of the model's). */
  readonly invariants?: readonly string[];
  /**
   * Properties to check: invariants, action properties and liveness
   * properties by name (default: all of them). Assertions are always checked;
   * deadlock follows `deadlock`.
   */
  readonly properties?: readonly string[];
  /** Check liveness properties (default true); false gives a safety-only run. */
  readonly liveness?: boolean;
  /** Check for deadlock (default: the model's `checkDeadlock`, else true). */
  readonly deadlock?: boolean;
  /** Keep exploring after violations, so every property gets its verdict (default false). */
  readonly continue?: boolean;
  readonly strategy?: Strategy;
  /** Stop after this many distinct states (verdict `incomplete`). */
  readonly maxStates?: number;
  /** Do not expand states at this depth (initial states are depth 1). */
  readonly maxDepth?: number;
  /** Stop after this many seconds. */
  readonly timeLimit?: number;
  /** Stop (verdict `incomplete`, bound `max-memory`) when the store, frontier and liveness graph would hold more bytes than this. */
  readonly maxMemory?: number;
  /** Store whole states instead of fingerprints (no collisions; more memory). */
  readonly exact?: boolean;
  /**
   * Re-run every action a second time on the first `determinism` expanded
   * states (default 1000; Infinity: every state; 0: never) and compare the
   * two successors: a model that reads a clock, Math.random or state kept
   * outside its variables is reported (IL103) instead of giving a wrong `ok`.
   */
  readonly determinism?: number;
  /**
   * Symmetry reduction when the model declares interchangeable processes
   * (symmetry.ts). Default: on unless liveness is checked (then off); true with liveness is refused (IL011); false: off.
   */
  readonly symmetry?: boolean;
  /**
   * Worker threads for breadth-first exploration (parallel.ts): 1 (the
   * default) is the sequential engine; N > 1 needs `workerSource` and is
   * refused with DFS (IL015); 'auto' is the number of cores where workers
   * apply and 1 where they do not.
   */
  readonly workers?: number | 'auto';
  /** How worker threads rebuild the model (the CLI passes cli/worker-model.ts). */
  readonly workerSource?: WorkerSource;
  /** Levels with fewer states are expanded in the coordinating thread alone (default 2048; tests use 1). */
  readonly parallelLevel?: number;
  /**
   * For tests of the workers: every level from `parallelLevel` on waits for the workers to start, and the
   * coordinating thread leaves the expansion of every other level to them, so that even models whose
   * levels are one chunk (which the coordinating thread would take before a worker wakes) reach a worker.
   */
  readonly workersEveryLevel?: boolean;
  readonly reporter?: Reporter;
  /** Interrupts the run (SIGINT); the result is `incomplete`. */
  readonly signal?: AbortSignal;
  /** Milliseconds between progress reports (default 1000). */
  readonly progressInterval?: number;
}

export interface ResolvedOptions {
  readonly invariants: readonly string[];
  readonly actionProperties: readonly string[];
  readonly liveness: readonly string[];
  /** Names of the model's fairness conditions (for the result). */
  readonly fairness: readonly string[];
  readonly deadlock: boolean;
  readonly continue: boolean;
  readonly strategy: Strategy;
  readonly maxStates: number;
  readonly maxDepth: number;
  readonly timeLimit: number;
  readonly maxMemory: number;
  readonly exact: boolean;
  readonly determinism: number;
  /** The symmetry applied, as text for the result (`processes: permutations of 3`), or undefined. */
  readonly symmetry: string | undefined;
  readonly workers: number;
  readonly workerSource: WorkerSource | undefined;
  readonly parallelLevel: number;
  readonly workersEveryLevel: boolean;
  readonly reporter: Reporter;
  readonly signal: AbortSignal | undefined;
  readonly progressInterval: number;
}

/** Levels with fewer states are expanded in the coordinating thread: a worker's messages would cost more than they save. */
export const DEFAULT_PARALLEL_LEVEL = 2048;

/** The most worker threads accepted. */
export const MAX_WORKERS = 256;

/** A number of worker threads from 1 to MAX_WORKERS, or 'auto' (the cores); anything else is IL014. */
export function workerCount(asked: number | 'auto'): number {
  if (asked !== 'auto' && !(typeof asked === 'number' && Number.isInteger(asked) && asked >= 1 && asked <= MAX_WORKERS)) {
    throw usageError('IL014', `--workers ${String(asked)} is not a whole number of worker threads from 1 to ${MAX_WORKERS}`, { hint: `--workers ${availableParallelism()} (this machine's cores), or --workers 1 for the sequential engine` });
  }
  return asked === 'auto' ? availableParallelism() : asked;
}

/** Resolves --workers: a count, or 'auto' (the cores, where workers apply); refuses what workers cannot do yet. */
function resolveWorkers(o: CheckOptions, strategy: Strategy): number {
  const asked = o.workers ?? 1;
  const workers = workerCount(asked);
  if (workers === 1) return 1;
  const blocker =
    strategy === 'dfs'
        ? '--strategy dfs is sequential by nature; workers explore breadth-first'
        : o.workerSource === undefined
          ? 'the workers have no way to rebuild the model (check() needs a workerSource)'
          : undefined;
  if (blocker === undefined) return workers;
  if (asked === 'auto') return 1;
  throw usageError('IL015', `--workers ${workers} cannot be used here: ${blocker}`, { hint: '--workers 1' });
}

function positive(name: string, v: number | undefined, flag: string): number {
  if (v === undefined) return Infinity;
  if (!(typeof v === 'number' && v > 0 && (Number.isInteger(v) || name === 'timeLimit'))) {
    throw usageError('IL006', `${flag} ${String(v)} is not a positive ${name === 'timeLimit' ? 'number' : 'integer'}`, { hint: `${flag} 100000` });
  }
  return v;
}

/** Fills every default and validates names against the model. */
export function resolveOptions(model: BuiltModel, o: CheckOptions = {}): ResolvedOptions {
  const known = model.invariants.map((i) => i.name);
  const knownAction = model.actionProperties.map((p) => p.name);
  const knownLive = model.liveness.map((p) => p.name);
  let selected: Set<string> | undefined;
  if (o.properties !== undefined) {
    const selectable = [...known, ...knownAction, ...knownLive];
    selected = new Set();
    for (const name of o.properties) {
      if (!selectable.includes(name)) {
        const other = model.properties.find((p) => p.name === name);
        throw usageError('IL004', `model '${model.name}' has no property '${name}' to select${other ? ` ('${name}' is ${other.kind === 'deadlock' ? 'the deadlock check: use --deadlock / --no-deadlock' : `an ${other.kind}, always checked`})` : ''}`, {
          hint: `interleave list ${model.name}`,
          alternatives: selectable.length > 0 ? selectable : ['(this model has no invariants, action properties or liveness properties)'],
        });
      }
      selected.add(name);
    }
  }
  const fromSelected = (names: readonly string[]) => (selected ? names.filter((n) => selected!.has(n)) : [...names]);
  const invariants = o.invariants === undefined ? fromSelected(known) : [...new Set([...(selected ? fromSelected(known) : []), ...o.invariants])];
  for (const name of invariants) {
    if (!known.includes(name)) {
      const isOther = model.properties.some((p) => p.name === name);
      throw usageError('IL004', `model '${model.name}' has no invariant '${name}'${isOther ? ` ('${name}' is an ${model.properties.find((p) => p.name === name)!.kind}, always checked)` : ''}`, {
        hint: `interleave list ${model.name}`,
        alternatives: known.length > 0 ? known : ['(this model has no invariants)'],
      });
    }
  }
  const strategy = o.strategy ?? 'bfs';
  if (!STRATEGIES.includes(strategy)) {
    throw usageError('IL006', `unknown strategy '${String(strategy)}'`, { alternatives: STRATEGIES });
  }
  const liveness = o.liveness === false ? [] : fromSelected(knownLive);
  let symmetry: string | undefined;
  const sym = model.symmetry?.[0];
  if (o.symmetry === true && !sym) {
    throw usageError('IL011', `model '${model.name}' declares no symmetry, so --symmetry has nothing to reduce`, { hint: 'drop --symmetry; a model declares interchangeable processes with symmetry: [...] (docs/writing-models.md)' });
  }
  if (model.viewMask && liveness.length > 0) {
    throw usageError('IL012', `model '${model.name}' declares a view (TLC VIEW), which cannot be combined with liveness checking (${liveness.join(', ')}): a cycle among states with equal views need not be a cycle of the model`, {
      hint: '--no-liveness (safety only, with the view), or --property to select only safety properties',
    });
  }
  if (sym && o.symmetry !== false) {
    if (liveness.length > 0 && o.symmetry === true) {
      throw usageError('IL011', `symmetry reduction cannot be combined with liveness checking (${liveness.join(', ')}): a fair cycle among orbits need not be a fair cycle of the model`, {
        hint: '--no-liveness (safety only, with symmetry) or --no-symmetry (liveness, without it)',
      });
    }
    // With liveness checked by default, symmetry is simply not applied (the result's options.symmetry says whether it was).
    if (liveness.length === 0) symmetry = `${sym.name}: ${sym.group === 'rotations' ? 'rotations' : 'permutations'} of ${sym.size}`;
  }
  return {
    invariants,
    actionProperties: fromSelected(knownAction),
    liveness,
    fairness: model.fairness.map((f) => f.name),
    deadlock: o.deadlock ?? model.checkDeadlock,
    continue: o.continue ?? false,
    strategy,
    maxStates: positive('maxStates', o.maxStates, '--max-states'),
    maxDepth: positive('maxDepth', o.maxDepth, '--max-depth'),
    timeLimit: positive('timeLimit', o.timeLimit, '--time-limit'),
    maxMemory: positive('maxMemory', o.maxMemory, '--max-memory'),
    exact: o.exact ?? false,
    determinism: o.determinism ?? 1000,
    symmetry,
    workers: resolveWorkers(o, strategy),
    workerSource: o.workerSource,
    parallelLevel: o.parallelLevel ?? DEFAULT_PARALLEL_LEVEL,
    workersEveryLevel: o.workersEveryLevel ?? false,
    reporter: o.reporter ?? {},
    signal: o.signal,
    progressInterval: o.progressInterval ?? 1000,
  };
}
