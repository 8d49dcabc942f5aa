/**
 * What a search loop looks at every so often (explorer.ts, and parallel.ts
 * in its replayed and its shared-table levels): the time limit, the memory
 * bound and Ctrl-C, the progress line at its interval, and a pause now and
 * then so that a signal handler gets to run.
 */
import type { ResolvedOptions } from './options';
import type { BoundKind } from './result';

export type Bound = { kind: BoundKind; limit?: number };

/** How often, in milliseconds, a loop lets the event loop run (a SIGINT handler sets the abort signal there). */
const PAUSE_EVERY = 50;

export class Pace {
  private readonly deadline: number;
  private lastProgress: number;
  private lastPause: number;

  constructor(
    private readonly opts: Pick<ResolvedOptions, 'timeLimit' | 'maxMemory' | 'signal' | 'progressInterval' | 'reporter'>,
    private readonly started: number,
    private readonly heldBytes: () => number,
  ) {
    this.deadline = opts.timeLimit === Infinity ? Infinity : started + opts.timeLimit * 1000;
    this.lastProgress = this.lastPause = performance.now();
  }

  /** Whether the time limit has passed. */
  overTime(): boolean {
    return performance.now() >= this.deadline;
  }

  /**
   * The bound that applies now (Ctrl-C before the memory bound before the
   * time limit), or undefined; reports progress when its interval has passed.
   */
  check(statesGenerated: number, distinctStates: number, queue: number, depth: number): Bound | undefined {
    const { opts } = this;
    const now = performance.now();
    if (now - this.lastProgress >= opts.progressInterval && opts.reporter.progress) {
      this.lastProgress = now;
      const seconds = (now - this.started) / 1000;
      opts.reporter.progress({ seconds, statesGenerated, distinctStates, queue, depth, statesPerSecond: statesGenerated / seconds, memoryBytes: this.heldBytes() });
    }
    if (opts.signal?.aborted) return { kind: 'interrupted' };
    if (this.heldBytes() > opts.maxMemory) return { kind: 'max-memory', limit: opts.maxMemory };
    if (now >= this.deadline) return { kind: 'time-limit', limit: opts.timeLimit };
    return undefined;
  }

  /** After a pause when one is due (every PAUSE_EVERY ms): the interrupt bound if Ctrl-C came meanwhile. */
  async pause(): Promise<Bound | undefined> {
    if (performance.now() - this.lastPause < PAUSE_EVERY) return undefined;
    await new Promise<void>((resolve) => setImmediate(resolve));
    this.lastPause = performance.now();
    return this.opts.signal?.aborted ? { kind: 'interrupted' } : undefined;
  }
}
