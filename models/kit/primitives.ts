/**
 * Synchronisation primitives for kit threads: mutex with owner, counting
 * semaphore (single or one per slot), bottom-half queue of an AioContext and
 * GSource queue of a GMainContext.
 *
 * Each primitive declares its own small variables and offers guards (blocked
 * while false) and effects. Blocking is never an effect: a waiting thread is a
 * thread whose step guard (`canLock`, `canWait`) is false.
 *
 * Invariants: a mutex has at most one owner by construction; a semaphore's
 * count stays in 0..max (exceeding max is a domain error, so choose max from
 * the model's bounds); queues hold each pending item kind at most once
 * (one-shot bottom halves and GSources of distinct identities), so they are
 * sets, and which pending item runs first is a nondeterministic choice of the
 * dispatcher — an over-approximation of glib's and aio_bh_poll's orders.
 */
import type { Arr, DecodedState, Scalar, StateView, Vars } from '../../checker';
import { protocolMisuse, undeclared } from './misuse';
import type { StepDef, Thread } from './threads';
import { requireInt, requireNames, requireOneOf } from '../../checker';

/** What a blocking step builder takes: the step's label and source, and what follows the primitive's own effect. */
export interface BlockingStep {
  readonly at: string;
  readonly source: string;
  /** Where control goes after the step (unless `run` transfers it). */
  readonly next?: string;
  /** Runs after the primitive's effect (lock taken, count decremented). */
  readonly run?: (s: StateView) => void;
  /** Action suffix, as StepDef `name`. */
  readonly name?: string;
  /** `strong`: a fair primitive (the step is strongly fair); default: as fair as the thread. */
  readonly fair?: 'strong';
}

/**
 * The StepDef of a blocking step: the user's label, source and control flow,
 * the primitive's guard, wait-for edge and effect, then the user's `run`.
 */
function blockingStep(step: BlockingStep, when: (s: StateView) => boolean, waitsFor: NonNullable<StepDef['waitsFor']>, effect: (s: StateView) => void): StepDef {
  const run = step.run;
  return {
    at: step.at,
    source: step.source,
    ...(step.name !== undefined ? { name: step.name } : {}),
    ...(step.next !== undefined ? { next: step.next } : {}),
    ...(step.fair ? { fair: step.fair } : {}),
    when,
    waitsFor,
    run: (s) => {
      effect(s);
      if (run) run(s);
    },
  };
}

/** Whether a thread is alive (started, not finished) in a decoded state. */
function aliveIn(state: DecodedState, thread: string): boolean {
  const pc = state.get(`pc_${thread}`) as string | undefined;
  return pc !== undefined && pc !== 'unborn' && pc !== 'done';
}

const NOBODY = 'none';

/** A mutex whose state is its owner (a thread name) or `none`. */
export class Mutex {
  readonly owner: Scalar<string>;

  /** Declares variable `name` with domain none | thread names. */
  constructor(v: Vars, name: string, threads: readonly string[], initialOwner?: string) {
    requireNames('new Mutex(v, name, threads)', 'threads', threads, { reserved: [NOBODY] });
    if (initialOwner !== undefined) requireOneOf('new Mutex(v, name, threads, initialOwner)', 'initialOwner', initialOwner, [NOBODY, ...threads]);
    this.owner = v.scalar(name, v.oneOf(NOBODY, ...threads));
    this.initialOwner = initialOwner;
  }

  readonly initialOwner: string | undefined;

  /** Sets the initial owner (call from init). */
  init(s: StateView): void {
    if (this.initialOwner !== undefined) s.set(this.owner, this.initialOwner);
  }

  isFree(s: StateView): boolean {
    return s.code(this.owner) === 0;
  }

  holds(s: StateView, t: Thread): boolean {
    return s.get(this.owner) === t.name;
  }

  /**
   * The guard of a lock step: free, or held by the caller (so that a lock
   * step that asserts "not already held" can fire and fail).
   */
  canLock(s: StateView, t: Thread): boolean {
    return this.isFree(s) || this.holds(s, t);
  }

  /** Takes the mutex; `doubleLock` names the assertion raised if t already holds it. */
  lock(s: StateView, t: Thread, doubleLock: string, detail?: string): void {
    s.assert(!this.holds(s, t), doubleLock, detail ?? `${t.name} locks ${this.owner.name}, which it already holds`);
    if (!this.isFree(s)) throw protocolMisuse(`${t.name} locks ${this.owner.name} held by ${s.get(this.owner)}`, 'guard the step with canLock(), or build it with lockStep()');
    s.set(this.owner, t.name);
  }

  /** The owner in a decoded state (`none` when free). */
  ownerIn(state: DecodedState): string {
    return state.get(this.owner.name) as string;
  }

  /**
   * A step's `waitsFor` for a lock step: the thread waits on `resource`
   * (default: the variable's name) held by its owner, while someone holds it.
   */
  waitsFor(resource = this.owner.name): (state: DecodedState) => { on: string; holder: string } | undefined {
    return (state) => {
      const o = this.ownerIn(state);
      return o === NOBODY ? undefined : { on: resource, holder: o };
    };
  }

  /**
   * A lock step (`qemu_mutex_lock`): blocked while another thread holds the
   * mutex, and it says so by itself in wait-for graphs (`waitsFor`).
   * `doubleLock` names the assertion for a thread locking it twice.
   */
  lockStep(t: Thread, step: BlockingStep, doubleLock = 'doubleLock'): StepDef {
    return blockingStep(step, (s) => this.canLock(s, t), this.waitsFor(), (s) => this.lock(s, t, doubleLock));
  }

  /** Releases the mutex; `notOwner` names the assertion raised if t does not hold it. */
  unlock(s: StateView, t: Thread, notOwner: string, detail?: string): void {
    s.assert(this.holds(s, t), notOwner, detail ?? `${t.name} unlocks ${this.owner.name}, held by ${s.get(this.owner)}`);
    s.set(this.owner, NOBODY);
  }
}

/** A counting semaphore 0..max. */
export class Semaphore {
  readonly count: Scalar<number>;
  private readonly posters: readonly string[];

  /** `posters`: the threads that post it, so a wait-for graph can say who a waiter waits for. */
  constructor(v: Vars, name: string, max: number, opts: { readonly posters?: readonly string[] } = {}) {
    requireInt('new Semaphore(v, name, max)', 'max', max, 1);
    if (opts.posters !== undefined) requireNames('new Semaphore(v, name, max, { posters })', 'posters', opts.posters);
    this.count = v.scalar(name, v.int(0, max));
    this.posters = opts.posters ?? [];
  }

  /**
   * A wait step (`qemu_sem_wait`): blocked while the count is 0, and it says
   * so by itself in wait-for graphs, naming the first live poster (or nobody).
   */
  waitStep(step: BlockingStep): StepDef {
    const waitsFor = (state: DecodedState) => {
      if ((state.get(this.count.name) as number) > 0) return undefined;
      const holder = this.posters.find((p) => aliveIn(state, p));
      return { on: this.count.name, ...(holder !== undefined ? { holder } : {}) };
    };
    return blockingStep(step, (s) => this.canWait(s), waitsFor, (s) => this.wait(s));
  }


  value(s: StateView): number {
    return s.get(this.count);
  }
  /** qemu_sem_post. */
  post(s: StateView): void {
    s.set(this.count, s.get(this.count) + 1);
  }
  /** The guard of qemu_sem_wait. */
  canWait(s: StateView): boolean {
    return s.code(this.count) > 0;
  }
  /** qemu_sem_wait, once its guard holds. */
  wait(s: StateView): void {
    s.set(this.count, s.get(this.count) - 1);
  }
  /** `waitsFor` of a step blocked in qemu_sem_wait: on the semaphore, owed by `poster` if known. */
  waitsFor(poster?: string): (state: DecodedState) => { on: string; holder?: string } | undefined {
    const name = this.count.name;
    return (state) => ((state.get(name) as number) > 0 ? undefined : { on: name, ...(poster !== undefined ? { holder: poster } : {}) });
  }
}

/** n counting semaphores 0..max, one per slot (e.g. `p->sem` per multifd channel). */
export class Semaphores {
  readonly count: Arr<number>;

  constructor(v: Vars, name: string, n: number, max: number) {
    requireInt('new Semaphores(v, name, n, max)', 'n', n, 1);
    requireInt('new Semaphores(v, name, n, max)', 'max', max, 1);
    this.count = v.array(name, n, v.int(0, max));
  }

  value(s: StateView, i: number): number {
    return s.get(this.count, i);
  }
  post(s: StateView, i: number): void {
    s.set(this.count, i, s.get(this.count, i) + 1);
  }
  canWait(s: StateView, i: number): boolean {
    return s.code(this.count, i) > 0;
  }
  wait(s: StateView, i: number): void {
    s.set(this.count, i, s.get(this.count, i) - 1);
  }
}

/**
 * Pending one-shot bottom halves of one AioContext, one flag per BH kind
 * (aio_bh_schedule_oneshot adds, aio_bh_poll takes). Any thread polling the
 * context may take one; the taker runs it as a frame on its own stack.
 */
export class BhQueue {
  readonly pending: Arr<boolean>;
  private readonly index: ReadonlyMap<string, number>;

  constructor(v: Vars, name: string, readonly kinds: readonly string[]) {
    requireNames('new BhQueue(v, name, kinds)', 'kinds', kinds);
    this.pending = v.array(name, kinds.length, v.bool());
    this.index = new Map(kinds.map((k, i) => [k, i]));
  }

  private idx(kind: string): number {
    const i = this.index.get(kind);
    if (i === undefined) throw undeclared(`bottom half '${kind}' is not one of ${this.pending.name}'s (${this.kinds.join(', ') || 'none'})`, `add '${kind}' to the context's bhs, or schedule one of ${this.kinds.join(', ') || '(none declared)'}`);
    return i;
  }
  /** aio_bh_schedule_oneshot. */
  schedule(s: StateView, kind: string): void {
    s.set(this.pending, this.idx(kind), true);
  }
  isPending(s: StateView, kind: string): boolean {
    return s.code(this.pending, this.idx(kind)) !== 0;
  }
  any(s: StateView): boolean {
    for (let i = 0; i < this.kinds.length; i++) if (s.code(this.pending, i) !== 0) return true;
    return false;
  }
  /** Removes a pending BH before running it. */
  take(s: StateView, kind: string): void {
    s.set(this.pending, this.idx(kind), false);
  }
}

/**
 * Pending GSources of the default GMainContext, one slot per source identity
 * (e.g. per multifd channel), each `none` or one of `kinds`. Only the main
 * loop dispatches them.
 */
export class GSourceQueue {
  readonly slot: Arr<string>;

  constructor(v: Vars, name: string, n: number, readonly kinds: readonly string[]) {
    requireInt('new GSourceQueue(v, name, n, kinds)', 'n', n, 1);
    requireNames('new GSourceQueue(v, name, n, kinds)', 'kinds', kinds, { min: 1, reserved: [NOBODY] });
    this.slot = v.array(name, n, v.oneOf(NOBODY, ...kinds));
  }

  /** g_source_attach: slot i gets a source of this kind (it must be empty). */
  attach(s: StateView, i: number, kind: string): void {
    if (s.code(this.slot, i) !== 0) throw protocolMisuse(`${this.slot.name}[${i}] already holds ${s.get(this.slot, i)}`, 'guard the step so a source is attached only to a free slot');
    s.set(this.slot, i, kind);
  }
  isPending(s: StateView, i: number, kind: string): boolean {
    return s.get(this.slot, i) === kind;
  }
  any(s: StateView): boolean {
    for (let i = 0; i < this.slot.length; i++) if (s.code(this.slot, i) !== 0) return true;
    return false;
  }
  /** Removes the source of slot i before dispatching it. */
  take(s: StateView, i: number): void {
    s.set(this.slot, i, NOBODY);
  }
}
