/**
 * Coroutines for kit models (QEMU util/qemu-coroutine.c, util/async.c and
 * util/qemu-coroutine-lock.c at v8.1.0). A coroutine is declared like a
 * thread (its own lane and program counter) but its steps run only while
 * some thread has entered it; the entering thread is blocked in
 * qemu_coroutine_enter() until the coroutine yields or terminates.
 *
 * - `co.enter(s, t)`: qemu_aio_coroutine_enter(): `if (co->caller) { fprintf
 *   (stderr, "Co-routine re-entered recursively\n"); abort(); }`: the named
 *   assertion `coReentered`; entering a coroutine whose aio_co_schedule() is
 *   still pending aborts with "Co-routine was already scheduled" (since
 *   v2.11.0): the assertion `coEnterScheduled`; a first enter starts the
 *   coroutine;
 * - `co.yield(s)`: qemu_coroutine_yield(): `if (!to) { "Co-routine is
 *   yielding to no one" }`: the assertion `coYieldNoCaller` (only a running
 *   coroutine can yield; calling it elsewhere is this assertion);
 * - `co.schedule(s, t)`: aio_co_schedule(co->ctx, co): `if (scheduled)
 *   "aio_co_schedule: Co-routine was already scheduled"`: assertion
 *   `coAlreadyScheduled`; then the context's `co_schedule_bh_cb` BH is
 *   scheduled, and the polling thread enters the coroutine from it
 *   (`coScheduleBh`);
 * - aio_co_wake(co) / aio_co_enter(ctx, co): `coWakeSteps`: enter directly
 *   in ctx's home thread, else aio_co_schedule();
 * - `CoMutex`: qemu_co_mutex_lock()/unlock(): a coroutine that finds it
 *   taken queues itself and yields; unlock hands it to the first waiter and
 *   wakes it with aio_co_wake().
 *
 * - `CoQueue`: qemu_co_queue_wait()/next()/restart_all(): a FIFO of waiting
 *   coroutines, optionally releasing and retaking a CoMutex around the wait.
 *
 * Not here: co_queue_wakeup (aio_co_enter from inside a coroutine defers the
 * entry until the current one yields; models use aio_co_schedule instead),
 * coroutine pools, CoRwlock.
 */
import type { DecodedState, Scalar, Seq, StateView, Vars } from '../../checker';
import { argumentError, requireFunction, requireName, requireNames } from '../../checker';
import { DONE, protocolMisuse, UNBORN, undeclared, type ProcDef, type StepDef, type Thread, type ThreadKit, type WaitEdge } from '../kit';
import type { AioContext, BhHandler } from './aio';

const NOBODY = 'none';

/** What a coroutine is declared with. */
export interface CoroutineDef {
  readonly name: string;
  /** The function its frame shows, e.g. `nbd_trip`; default `name`. */
  readonly frame?: string;
  readonly entry: string;
  /** co->ctx: the context aio_co_wake() and aio_co_schedule() send it to. */
  readonly ctx: AioContext;
  /** The threads that may enter it. */
  readonly enterers: readonly string[];
  /** Its program; every step runs only while the coroutine is entered. */
  readonly steps: (co: Coroutine, t: Thread) => readonly StepDef[];
}

/** A coroutine: its program (a kit Thread), who runs it (co->caller), and co->scheduled. */
export class Coroutine {
  readonly thread: Thread;
  readonly caller: Scalar<string>;
  readonly scheduled: Scalar<boolean>;

  constructor(kit: ThreadKit, v: Vars, readonly def: CoroutineDef) {
    const call = 'new Coroutine(kit, v, def)';
    if (def === null || typeof def !== 'object') throw argumentError(call, 'def', def, 'a coroutine: { name, entry, ctx, enterers, steps }');
    requireName(call, 'def.name', def.name);
    requireNames(call, 'def.enterers', def.enterers, { min: 1, reserved: [NOBODY] });
    requireFunction(call, 'def.steps', def.steps);
    this.caller = v.scalar(`${def.name}_caller`, v.oneOf(NOBODY, ...def.enterers));
    this.scheduled = v.scalar(`${def.name}_scheduled`, v.bool());
    const running = (s: StateView) => s.code(this.caller) !== 0;
    this.thread = kit.declare({
      name: def.name,
      frame: def.frame ?? def.name,
      entry: def.entry,
      running: false,
      steps: (t) =>
        def.steps(this, t).map((st) => {
          const when = st.when;
          return { ...st, when: when ? (s: StateView) => running(s) && when(s) : running };
        }),
    });
  }

  get name(): string {
    return this.def.name;
  }
  get ctx(): AioContext {
    return this.def.ctx;
  }

  /** Whether some thread is running the coroutine (co->caller != NULL). */
  isRunning(s: StateView): boolean {
    return s.code(this.caller) !== 0;
  }
  /** qemu_coroutine_entered(co). */
  entered(s: StateView): boolean {
    return this.isRunning(s);
  }
  /** Whether it has terminated. */
  isDone(s: StateView): boolean {
    return this.thread.isAt(s, DONE);
  }

  /**
   * qemu_aio_coroutine_enter(ctx, co) by t; t must then wait at a label
   * guarded by `returnedTo`. Entering a coroutine that an aio_co_schedule()
   * still owes an entry is the assertion `coEnterScheduled` (QEMU checks
   * co->scheduled there from v2.11.0 on; co_schedule_bh_cb clears it before
   * entering).
   */
  enter(s: StateView, t: Thread): void {
    s.assert(!s.get(this.scheduled), 'coEnterScheduled', `${t.name} enters coroutine ${this.name}, which an aio_co_schedule() has already scheduled: "qemu_aio_coroutine_enter: Co-routine was already scheduled in 'aio_co_schedule'" (util/qemu-coroutine.c qemu_aio_coroutine_enter())`);
    s.assert(!this.isRunning(s), 'coReentered', `${t.name} enters coroutine ${this.name}, which ${s.get(this.caller)} is running: "Co-routine re-entered recursively" (util/qemu-coroutine.c qemu_aio_coroutine_enter())`);
    s.assert(!this.isDone(s), 'coReentered', `${t.name} enters coroutine ${this.name}, which has terminated (use after free in QEMU)`);
    if (this.thread.isAt(s, UNBORN)) this.thread.spawn(s);
    s.set(this.caller, t.name);
  }
  /** Guard of the step after an enter: the coroutine yielded or terminated (it no longer runs on t). */
  returnedTo(s: StateView, t: Thread): boolean {
    return s.get(this.caller) !== t.name;
  }
  /** `waitsFor` of the thread blocked in qemu_coroutine_enter() while the coroutine runs. */
  enterWaitsFor(t: Thread): (state: DecodedState) => WaitEdge {
    return (state) => (state.get(`${this.name}_caller`) === t.name ? { on: `qemu_coroutine_enter(${this.name})`, holder: this.name } : undefined);
  }

  /** qemu_coroutine_yield() inside the coroutine: back to whoever entered it; the step's `next` is where it resumes. */
  yield(s: StateView): void {
    s.assert(this.isRunning(s), 'coYieldNoCaller', `coroutine ${this.name} yields but nobody entered it: "Co-routine is yielding to no one" (util/qemu-coroutine.c qemu_coroutine_yield())`);
    s.set(this.caller, NOBODY);
  }
  /** The coroutine returns from its entry function (COROUTINE_TERMINATE). */
  terminate(s: StateView): void {
    s.set(this.caller, NOBODY);
    this.thread.finish(s);
  }

  /** aio_co_schedule(co->ctx, co) by t (util/async.c). */
  schedule(s: StateView, t: Thread): void {
    s.assert(!s.get(this.scheduled), 'coAlreadyScheduled', `${t.name} schedules coroutine ${this.name}, already scheduled: "aio_co_schedule: Co-routine was already scheduled in 'aio_co_schedule'" (util/async.c aio_co_schedule())`);
    s.set(this.scheduled, true);
    this.ctx.scheduleBh(s, t, 'co_schedule_bh_cb');
  }

  /** `waitsFor` of a coroutine step that waits to be woken (it is not running): on `aio_co_wake(<name>)`, owed by `waker`. */
  wakeWaitsFor(waker?: string): (state: DecodedState) => WaitEdge {
    return (state) => (state.get(`${this.name}_caller`) === NOBODY ? { on: `aio_co_wake(${this.name})`, ...(waker ? { holder: waker } : {}) } : undefined);
  }
}

/**
 * The `co_schedule_bh_cb` handler of a context for `aioPollProc` (util/async.c
 * co_schedule_bh_cb(): enter every scheduled coroutine of the context): a
 * procedure of the polling thread named `co_schedule_bh_cb_<ctx>`; add the
 * returned `proc` to the polling thread's procs and `handler` to its poll's bhs.
 */
export function coScheduleBh(ctx: AioContext, coroutines: readonly Coroutine[]): { proc: ProcDef; handler: BhHandler } {
  const name = `co_schedule_bh_cb_${ctx.name}`;
  const mine = coroutines.filter((c) => c.ctx === ctx);
  const proc: ProcDef = {
    name,
    frame: 'co_schedule_bh_cb',
    entry: `${name}.next`,
    steps: (t) => [
      ...mine.flatMap((co): StepDef[] => [
        {
          at: `${name}.next`,
          name: `${name}.enter_${co.name}`,
          source: `util/async.c co_schedule_bh_cb(): qemu_aio_coroutine_enter(ctx, ${co.name})`,
          when: (s) => s.get(co.scheduled),
          next: `${name}.wait_${co.name}`,
          run: (s) => {
            s.set(co.scheduled, false);
            co.enter(s, t);
          },
        },
        { at: `${name}.wait_${co.name}`, source: `util/async.c co_schedule_bh_cb(): ${co.name} yielded or terminated`, when: (s) => co.returnedTo(s, t), waitsFor: co.enterWaitsFor(t), next: `${name}.next` },
      ]),
      { at: `${name}.next`, name: `${name}.done`, source: 'util/async.c co_schedule_bh_cb(): no scheduled coroutine left', when: (s) => mine.every((co) => !s.get(co.scheduled)), run: (s) => t.ret(s) },
    ],
  };
  return { proc, handler: { source: 'util/async.c co_schedule_bh_cb()', proc: name } };
}

/**
 * aio_co_wake(co) (util/async.c v8.1.0: aio_co_enter(co->ctx, co)) as steps of
 * thread t at label `at`: in co->ctx's home thread it enters the coroutine and
 * waits at `<at>.entered` until it yields, elsewhere it calls aio_co_schedule();
 * then control goes to `next`.
 */
export function coWakeSteps(co: Coroutine, t: Thread, at: string, next: string, source: string): StepDef[] {
  const home = co.ctx.def.home === t.name;
  if (!home) return [{ at, source: `${source}: aio_co_wake() from outside ${co.ctx.name}'s home thread: aio_co_schedule()`, next, run: (s) => co.schedule(s, t) }];
  return [
    { at, source: `${source}: aio_co_wake() in ${co.ctx.name}'s home thread: qemu_aio_coroutine_enter()`, next: `${at}.entered`, run: (s) => co.enter(s, t) },
    { at: `${at}.entered`, source: `${source}: ${co.name} yielded or terminated`, when: (s) => co.returnedTo(s, t), waitsFor: co.enterWaitsFor(t), next },
  ];
}

/**
 * A CoMutex (util/qemu-coroutine-lock.c v8.1.0): an owner coroutine and the
 * waiters, each waiting to be handed the lock. `lockSteps` are the steps of
 * qemu_co_mutex_lock() in a coroutine; `unlock` hands the mutex to a waiter
 * and wakes it (aio_co_wake from the unlocking coroutine: aio_co_schedule,
 * as in QEMU when the waiter's context is another thread's; models keep it
 * simple and always schedule).
 */
export class CoMutex {
  readonly owner: Scalar<string>;
  /** Per coroutine that may lock: waiting for the hand-off. */
  private readonly waiting: Map<string, Scalar<boolean>>;

  private coroutines: readonly Coroutine[] = [];

  /**
   * Declares the mutex over the coroutines (by name) that may lock it; it is
   * made before them (their steps use it), and `bind` gives it the
   * coroutines once they exist.
   */
  constructor(v: Vars, readonly name: string, private readonly names: readonly string[]) {
    requireNames('new CoMutex(v, name, names)', 'names', names, { min: 1, reserved: [NOBODY] });
    this.owner = v.scalar(name, v.oneOf(NOBODY, ...names));
    this.waiting = new Map(names.map((n) => [n, v.scalar(`${name}_waits_${n}`, v.bool())]));
  }

  /** Gives the mutex its coroutines (in the order of the names it was declared with). */
  bind(coroutines: readonly Coroutine[]): void {
    const got = coroutines.map((c) => c.name).join(', ');
    if (got !== this.names.join(', ')) throw undeclared(`CoMutex ${this.name} was declared for ${this.names.join(', ')} but bound to ${got}`, 'bind it to the coroutines named in its declaration, in that order');
    this.coroutines = coroutines;
  }

  /**
   * qemu_co_mutex_lock() in coroutine co at label `at`: take it if free, else
   * queue and yield; resumed at `<at>.handed` once unlock handed it over.
   */
  lockSteps(co: Coroutine, at: string, next: string, source: string): StepDef[] {
    const w = this.waiting.get(co.name);
    if (!w) throw undeclared(`coroutine '${co.name}' locks CoMutex ${this.name}, declared for ${this.names.join(', ')} only`, `add '${co.name}' to the names given to new CoMutex(v, '${this.name}', …)`);
    return [
      {
        at,
        source: `${source}: qemu_co_mutex_lock()`,
        run: (s) => {
          s.assert(s.get(this.owner) !== co.name, 'coMutexRecursive', `coroutine ${co.name} locks ${this.name}, which it holds (CoMutex is not recursive)`);
          if (s.code(this.owner) === 0) {
            s.set(this.owner, co.name);
            co.thread.goto(s, next);
          } else {
            s.set(w, true);
            co.yield(s);
            co.thread.goto(s, `${at}.handed`);
          }
        },
      },
      { at: `${at}.handed`, source: `${source}: qemu_co_mutex_lock() resumes holding ${this.name}`, when: (s) => s.get(this.owner) === co.name, waitsFor: this.waitsFor(co), next },
    ];
  }

  /** qemu_co_mutex_unlock() in coroutine co by thread t: hand over to a waiter (the first declared) and aio_co_schedule() it. */
  unlock(s: StateView, co: Coroutine, t: Thread): void {
    s.assert(s.get(this.owner) === co.name, 'coMutexNotOwner', `coroutine ${co.name} unlocks ${this.name}, held by ${s.get(this.owner)}`);
    if (this.coroutines.length !== this.names.length) throw protocolMisuse(`CoMutex ${this.name} is unlocked before bind() gave it its coroutines`, 'call lock.bind([...coroutines]) after declaring them');
    for (const c of this.coroutines) {
      const w = this.waiting.get(c.name)!;
      if (s.get(w)) {
        s.set(w, false);
        s.set(this.owner, c.name);
        c.schedule(s, t);
        return;
      }
    }
    s.set(this.owner, NOBODY);
  }

  /** `waitsFor` of a coroutine queued on the mutex. */
  waitsFor(co: Coroutine): (state: DecodedState) => WaitEdge {
    return (state) => {
      const o = state.get(this.name) as string;
      return o !== co.name && o !== NOBODY ? { on: this.name, holder: o } : undefined;
    };
  }
}

/**
 * A CoQueue (util/qemu-coroutine-lock.c, read at commit 008a51bbb343):
 * qemu_co_queue_wait_impl() appends the coroutine to the queue, releases the
 * lock it was given, yields, and takes the lock again when it is entered;
 * qemu_co_queue_next() removes the first waiter and wakes it with
 * aio_co_wake(), qemu_co_queue_restart_all() wakes them all. The queue is
 * FIFO. Waking goes through aio_co_schedule() here (as `CoMutex.unlock`
 * does): a wake from inside a coroutine runs the woken one later, not at
 * once.
 */
export class CoQueue {
  /** The waiters in order, first to wake first. */
  readonly entries: Seq<string>;
  private coroutines: readonly Coroutine[] = [];

  /** Declares the queue over the coroutines (by name) that may wait on it; `bind` gives it the coroutines once they exist. */
  constructor(v: Vars, readonly name: string, private readonly names: readonly string[]) {
    this.entries = v.seq(name, names.length, v.oneOf(...names));
  }

  /** Gives the queue its coroutines (in the order of the names it was declared with). */
  bind(coroutines: readonly Coroutine[]): void {
    const got = coroutines.map((c) => c.name).join(', ');
    if (got !== this.names.join(', ')) throw undeclared(`CoQueue ${this.name} was declared for ${this.names.join(', ')} but bound to ${got}`, 'bind it to the coroutines named in its declaration, in that order');
    this.coroutines = coroutines;
  }

  /** Whether coroutine `co` is queued. */
  isWaiting(s: StateView, co: Coroutine): boolean {
    return s.includes(this.entries, co.name);
  }

  /**
   * qemu_co_queue_wait(queue, lock) in coroutine co at label `at`: queue,
   * release `lock` (a CoMutex, unlocked by thread `by`) if given, yield; once
   * woken and entered, take the lock again (if given) and go to `next`.
   */
  waitSteps(co: Coroutine, at: string, next: string, source: string, lock?: { readonly mutex: CoMutex; readonly by: Thread }): StepDef[] {
    if (!this.names.includes(co.name)) throw undeclared(`coroutine '${co.name}' waits on CoQueue ${this.name}, declared for ${this.names.join(', ')} only`, `add '${co.name}' to the names given to new CoQueue(v, '${this.name}', …)`);
    const woken = `${at}.woken`;
    const steps: StepDef[] = [
      {
        at,
        source: `${source}: qemu_co_queue_wait(): queue, ${lock ? `qemu_co_mutex_unlock(${lock.mutex.name}), ` : ''}qemu_coroutine_yield()`,
        next: woken,
        run: (s: StateView) => {
          s.push(this.entries, co.name);
          if (lock) lock.mutex.unlock(s, co, lock.by);
          co.yield(s);
        },
      },
      ...(lock
        ? lock.mutex.lockSteps(co, woken, next, `${source}: qemu_co_queue_wait() returns`)
        : [{ at: woken, source: `${source}: qemu_co_queue_wait() returns`, next }]),
    ];
    return steps.map((st) => (st.at === woken && st.waitsFor === undefined ? { ...st, waitsFor: this.waitsFor(co) } : st));
  }

  /** qemu_co_queue_next() by thread t: wake the first waiter (aio_co_schedule()); whether there was one. */
  next(s: StateView, t: Thread): boolean {
    return this.restart(s, t, true);
  }

  /** qemu_co_queue_restart_all() by thread t. */
  restartAll(s: StateView, t: Thread): void {
    this.restart(s, t, false);
  }

  private restart(s: StateView, t: Thread, single: boolean): boolean {
    if (this.coroutines.length !== this.names.length) throw protocolMisuse(`CoQueue ${this.name} wakes a waiter before bind() gave it its coroutines`, 'call queue.bind([...coroutines]) after declaring them');
    if (s.len(this.entries) === 0) return false;
    do {
      const name = s.removeAt(this.entries, 0);
      this.coroutines.find((c) => c.name === name)!.schedule(s, t);
    } while (!single && s.len(this.entries) > 0);
    return true;
  }

  /** `waitsFor` of a coroutine queued here: nobody owes the wake-up by name (any qemu_co_queue_next() would do). */
  waitsFor(co: Coroutine): (state: DecodedState) => WaitEdge {
    return (state) => ((state.get(this.name) as { includes(v: string): boolean }).includes(co.name) ? { on: `${this.name} (qemu_co_queue_wait)` } : undefined);
  }
}
