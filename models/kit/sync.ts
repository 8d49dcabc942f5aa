/**
 * More blocking primitives for kit threads, each with its wait-for edge built
 * in (`waitsFor`), so a deadlock counterexample of a model that uses them has
 * a wait-for graph without the model writing one:
 *
 * - `join(t)`: qemu_thread_join (util/qemu-thread-posix.c, QEMU v8.1.0,
 *   qemu_thread_join(): pthread_join) blocks until thread t has finished;
 * - `QemuCond`: qemu_cond_wait/signal/broadcast (util/qemu-thread-posix.c
 *   v8.1.0, qemu_cond_wait_impl(): pthread_cond_wait), waiting releases the
 *   mutex and wakes holding it again; spurious wake-ups are a constructor
 *   option, as POSIX allows them;
 * - `QemuEvent`: qemu_event_set/reset/wait (util/qemu-thread-posix.c v8.1.0,
 *   qemu_event_set(), qemu_event_wait()): a level-triggered flag.
 *
 * Blocking is a guard that is false, as everywhere in the kit: a blocked
 * thread is a thread whose step is disabled.
 */
import type { DecodedState, Scalar, StateView, Vars } from '../../checker';
import { Mutex } from './primitives';
import { protocolMisuse, undeclared } from './misuse';
import { DONE, UNBORN, type Thread } from './threads';
import { argumentError, requireNames } from '../../checker';

/** A wait-for edge as a step's `waitsFor` returns it. */
export type WaitEdge = { readonly on: string; readonly holder?: string } | undefined;

/** The guard of qemu_thread_join(t): t has finished. */
export function canJoin(s: StateView, t: Thread): boolean {
  return t.isAt(s, DONE);
}

/**
 * qemu_thread_join(t) once `canJoin` holds. Joining a slot that was never
 * started is the named assertion `joinUnstarted` (pthread_join of a thread
 * that does not exist is undefined behaviour in C).
 */
export function join(s: StateView, by: Thread, t: Thread): void {
  s.assert(!t.isAt(s, UNBORN), 'joinUnstarted', `${by.name} joins ${t.name}, which was never created (qemu_thread_join)`);
}

/** The guard of a join step: t has finished, or was never started (then `join` raises `joinUnstarted`). */
export function canJoinOrFail(s: StateView, t: Thread): boolean {
  return t.isAt(s, DONE) || t.isAt(s, UNBORN);
}

/** `waitsFor` of a step blocked in qemu_thread_join(t): on `join(t)`, held by t. */
export function joinWaitsFor(t: Thread): (state: DecodedState) => WaitEdge {
  return (state) => (state.get(`pc_${t.name}`) === DONE ? undefined : { on: `qemu_thread_join(${t.name})`, holder: t.name });
}

/**
 * A condition variable: the set of threads waiting on it (a bit per thread
 * that may wait) plus a pending-signal bit per waiter. `wait` is two steps of
 * the waiting thread: `enterWait` (release the mutex, become a waiter) and,
 * when signalled and the mutex is free, `wakeUp` (take the mutex back).
 */
export class QemuCond {
  /** Per thread that may wait: 0 not waiting, 1 waiting, 2 woken (signalled, must retake the mutex). */
  private readonly state: Scalar<number>[];
  private readonly index: ReadonlyMap<string, number>;

  /**
   * Declares variables `<name>_<thread>` for each thread that may wait. With
   * `spurious`, a waiter may wake up without a signal (POSIX allows it; code
   * must re-check its condition in a loop).
   */
  constructor(
    v: Vars,
    readonly name: string,
    readonly mutex: Mutex,
    waiters: readonly string[],
    readonly spurious = false,
  ) {
    requireNames('new QemuCond(v, name, mutex, waiters)', 'waiters', waiters, { min: 1 });
    if (!(mutex instanceof Mutex)) throw argumentError('new QemuCond(v, name, mutex, waiters)', 'mutex', mutex, 'a Mutex (new Mutex(v, name, threads))');
    this.state = waiters.map((w) => v.scalar(`${name}_${w}`, v.int(0, 2)));
    this.index = new Map(waiters.map((w, i) => [w, i]));
  }

  private slot(t: Thread): Scalar<number> {
    const i = this.index.get(t.name);
    if (i === undefined) throw this.notAWaiter(t);
    return this.state[i]!;
  }

  private notAWaiter(t: Thread) {
    return undeclared(`thread '${t.name}' waits on ${this.name} but is not one of its declared waiters (${[...this.index.keys()].join(', ')})`, `add '${t.name}' to the waiters given to new QemuCond(v, '${this.name}', …)`);
  }

  /** qemu_cond_wait, first half: asserts the caller holds the mutex (`condWaitUnlocked` otherwise), releases it, waits. */
  enterWait(s: StateView, t: Thread): void {
    s.assert(this.mutex.holds(s, t), 'condWaitUnlocked', `${t.name} waits on ${this.name} without holding ${this.mutex.owner.name} (qemu_cond_wait)`);
    this.mutex.unlock(s, t, 'condWaitUnlocked');
    s.set(this.slot(t), 1);
  }

  /** Guard of the second half: signalled (or spuriously, if allowed) and the mutex is free. */
  canWake(s: StateView, t: Thread): boolean {
    const st = s.get(this.slot(t));
    return (st === 2 || (st === 1 && this.spurious)) && this.mutex.isFree(s);
  }

  /** qemu_cond_wait, second half: retake the mutex and return. */
  wakeUp(s: StateView, t: Thread): void {
    s.set(this.slot(t), 0);
    this.mutex.lock(s, t, 'condWaitUnlocked');
  }

  /** qemu_cond_signal: wakes one waiter (the model tries each: a nondeterministic choice is up to the caller's steps), here the first. */
  signal(s: StateView): void {
    for (const v of this.state) {
      if (s.get(v) === 1) {
        s.set(v, 2);
        return;
      }
    }
  }

  /** qemu_cond_broadcast: wakes every waiter. */
  broadcast(s: StateView): void {
    for (const v of this.state) if (s.get(v) === 1) s.set(v, 2);
  }

  /** `waitsFor` of the wake-up step: waiting for a signal (nobody owes one), or for the mutex once signalled. */
  waitsFor(t: Thread): (state: DecodedState) => WaitEdge {
    if (!this.index.has(t.name)) throw this.notAWaiter(t);
    const name = `${this.name}_${t.name}`;
    return (state) => {
      const st = state.get(name) as number;
      if (st === 1) return { on: `${this.name} (qemu_cond_wait: no signal pending)` };
      if (st === 2) {
        const o = this.mutex.ownerIn(state);
        return o === 'none' ? undefined : { on: this.mutex.owner.name, holder: o };
      }
      return undefined;
    };
  }
}

/** A QemuEvent: set/reset/wait on one flag. */
export class QemuEvent {
  readonly flag: Scalar<boolean>;

  constructor(
    v: Vars,
    readonly name: string,
    /** Who sets it, for wait-for edges (optional). */
    readonly setter?: string,
  ) {
    this.flag = v.scalar(name, v.bool());
  }
  /** qemu_event_set. */
  set(s: StateView): void {
    s.set(this.flag, true);
  }
  /** qemu_event_reset. */
  reset(s: StateView): void {
    s.set(this.flag, false);
  }
  isSet(s: StateView): boolean {
    return s.code(this.flag) !== 0;
  }
  /** The guard of qemu_event_wait. */
  canWait(s: StateView): boolean {
    return this.isSet(s);
  }
  /** `waitsFor` of a step blocked in qemu_event_wait. */
  readonly waitsFor = (state: DecodedState): WaitEdge => (state.get(this.name) ? undefined : { on: `${this.name} (qemu_event_wait)`, ...(this.setter ? { holder: this.setter } : {}) });
}
