/**
 * The value a check returns: verdict, per-property results with their own
 * shortest counterexamples, statistics with TLC's meanings, and coverage.
 * Plain data plus decoded (Immutable) states; writers turn it into JSON, text,
 * DOT. The verdict is a union, never a boolean; `incomplete` is never `ok`.
 */
import type { DecodedState, PropertyKind } from './model';

/**
 * `no-violation-found`: a simulation (simulate.ts) walked every trace it was
 * asked for and saw no violation; unlike `ok` it proves nothing.
 */
export type Verdict = 'ok' | 'violation' | 'incomplete' | 'no-violation-found' | 'model-error' | 'usage-error';
export type PropertyStatus = 'holds' | 'violated' | 'unknown';
export type BoundKind = 'max-states' | 'max-depth' | 'time-limit' | 'max-memory' | 'interrupted';

/** One step of a counterexample: the action taken and the state after it. */
export interface Step {
  /** The action label; `Init` (or `Init(k)`) for the initial state. */
  readonly action: string;
  readonly lane?: string;
  readonly source?: string;
  readonly state: DecodedState;
  /** On the last step of an assertion violation: the assertion that failed. The state is the one the effect had written when it failed. */
  readonly failed?: { readonly assertion: string; readonly detail?: string };
}

export interface Counterexample {
  /** Number of actions (steps after the initial state). */
  readonly length: number;
  readonly steps: readonly Step[];
  /**
   * Liveness counterexamples are lassos: `steps[loop]` is where the cycle
   * starts. Unless `stutter`, the last step returns to the state of
   * `steps[loop]` and the cycle repeats for ever; with `stutter`, `loop` is the
   * last step and the behaviour stays in its state for ever.
   */
  readonly loop?: number;
  readonly stutter?: boolean;
}

export interface PropertyResult {
  readonly name: string;
  readonly kind: PropertyKind;
  readonly status: PropertyStatus;
  readonly doc?: string;
  /** For liveness properties: the form (`eventually`, `alwaysEventually`, `eventuallyAlways`, `leadsTo`). */
  readonly form?: string;
  /** Why the status is `unknown`. */
  readonly reason?: string;
  readonly counterexample?: Counterexample;
}

export interface CoverageEntry {
  readonly action: string;
  readonly lane?: string;
  readonly source?: string;
  /** Times the action was taken (successors generated, duplicates included). */
  readonly fired: number;
  /** Distinct states it reached first. */
  readonly distinct: number;
}

export interface Stats {
  readonly distinctStates: number;
  /** Initial states plus every successor generated, duplicates included (TLC). */
  readonly statesGenerated: number;
  /** Successors generated (edges explored), duplicates included. */
  readonly transitions: number;
  /** Number of BFS levels reached; the initial states are level 1 (TLC). */
  readonly depth: number;
  readonly seconds: number;
  readonly statesPerSecond: number;
  /** TLC's optimistic estimate distinct × (generated − distinct) / 2^64 (0 in exact mode). */
  readonly collisionProbability: number;
  readonly fingerprint: string;
  readonly storeBytes: number;
  readonly bytesPerState: number;
  readonly queuePeak: number;
  /** States with no enabled action that the model declares terminal. */
  readonly terminalStates: number;
  /** Edges kept for liveness (0 when no liveness property is checked). */
  readonly edges: number;
}

export interface ErrorInfo {
  readonly code: string;
  readonly message: string;
  readonly hint?: string;
  readonly alternatives?: readonly string[];
}

export interface CheckResult {
  readonly verdict: Verdict;
  readonly exitCode: number;
  readonly model: { readonly name: string; readonly knobs: Readonly<Record<string, unknown>>; readonly preset?: string };
  readonly options: {
    readonly strategy: string;
    readonly deadlock: boolean;
    readonly continue: boolean;
    readonly invariants: readonly string[];
    /** Action and liveness properties checked (all of the model's unless --property selected). */
    readonly actionProperties: readonly string[];
    readonly liveness: readonly string[];
    /** The fairness conditions liveness was checked under. */
    readonly fairness: readonly string[];
    readonly maxStates?: number;
    readonly maxDepth?: number;
    readonly timeLimit?: number;
    readonly maxMemory?: number;
    readonly exact: boolean;
    /** The symmetry the distinct count is reduced by (orbits), when one was applied. */
    readonly symmetry?: string;
  };
  readonly properties: readonly PropertyResult[];
  readonly stats: Stats;
  readonly coverage: readonly CoverageEntry[];
  /** The bound that stopped the run, when verdict is `incomplete`. */
  readonly bound?: { readonly kind: BoundKind; readonly limit?: number };
  readonly error?: ErrorInfo;
  /** Things that look wrong but do not change the verdict: a fairness condition whose actions never fire, a vacuous leads-to. */
  readonly warnings: readonly string[];
  /** For a simulation: the seed, the bounds and how many walks ran. */
  readonly simulation?: {
    readonly seed: number;
    readonly depth: number;
    readonly traces: number;
    readonly tracesRun: number;
    readonly longestTrace: number;
  };
}
