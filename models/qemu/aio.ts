/**
 * AioContexts for kit threads: several contexts (the main one and iothread
 * ones), each with its home thread, its bottom halves (named by their C
 * function), its EventNotifier and the `notify_me` handshake of aio_poll(),
 * so that a wake-up is lost exactly when QEMU's code lets it be lost.
 *
 * Grounding, QEMU v5.0.0 unless a comment names another version:
 * - util/async.c aio_notify(): `if (ctx->notify_me) event_notifier_set(&ctx->notifier)`:
 *   a notification sent while no poller has announced itself sets nothing;
 * - util/aio-posix.c aio_poll(): a blocking poll announces itself
 *   (`ctx->notify_me += 2`, a full barrier since commit 5710a3e09f9b), then
 *   checks for pending bottom halves (aio_compute_timeout()), then blocks in
 *   ppoll() on the notifier, then retracts notify_me, aio_notify_accept()
 *   (event_notifier_test_and_clear) and aio_bh_poll();
 * - util/async.c aio_bh_schedule_oneshot(), qemu_bh_schedule(): mark the BH
 *   scheduled, then aio_notify(ctx);
 * - util/async.c qemu_get_current_aio_context() (v8.1.0): the thread's own
 *   context if it has one (the home thread of a context), else the main
 *   context when the thread holds the BQL;
 * - include/block/aio-wait.h AIO_WAIT_WHILE() and util/aio-wait.c
 *   aio_wait_kick() (v8.1.0): a waiter outside the context's home thread
 *   polls the main context, so whoever ends the wait must kick it
 *   (`if (qatomic_read(&global_aio_wait.num_waiters)) aio_bh_schedule_oneshot(qemu_get_aio_context(), dummy_bh_cb)`).
 *
 * Abstractions: aio_bh_poll runs pending BHs until none is pending (QEMU runs
 * the ones scheduled while it runs in its next call; merging the two calls
 * adds no blocking point, as a BH scheduled meanwhile has also set the
 * notifier or is seen by the next check); the order in which pending BHs run
 * is a nondeterministic choice; fd handlers and timers are not modelled.
 */
import type { DecodedState, Scalar, StateView, Vars } from '../../checker';
import { argumentError, requireInt, requireName, requireNames, requireOneOf } from '../../checker';
import { BhQueue, undeclared, type ProcDef, type StepDef, type Thread, type WaitEdge } from '../kit';

const NOBODY = 'none';

/** An EventNotifier (util/event_notifier-posix.c): set, test-and-clear. */
export class EventNotifier {
  readonly flag: Scalar<boolean>;
  constructor(v: Vars, readonly name: string) {
    requireName('new EventNotifier(v, name)', 'name', name);
    this.flag = v.scalar(name, v.bool());
  }
  /** event_notifier_set. */
  set(s: StateView): void {
    s.set(this.flag, true);
  }
  isSet(s: StateView): boolean {
    return s.code(this.flag) !== 0;
  }
  /** event_notifier_test_and_clear: whether it was set. */
  testAndClear(s: StateView): boolean {
    const was = this.isSet(s);
    s.set(this.flag, false);
    return was;
  }
}

/** A context as the model declares it. */
export interface AioContextDef {
  /** The context's name in traces, e.g. `main` or `iothread0`. */
  readonly name: string;
  /** The thread that runs its event loop (its `my_aiocontext`). */
  readonly home: string;
  /** The functions of the bottom halves that may be scheduled on it, e.g. `thread_pool_completion_bh`. */
  readonly bhs: readonly string[];
  /** The most threads that may be inside a blocking aio_poll of it at once (default 1). */
  readonly pollers?: number;
}

/** One AioContext: its notifier, its notify_me count, its pending BHs. */
export class AioContext {
  readonly notifier: EventNotifier;
  /** Threads that announced a blocking poll (QEMU counts 2 per poller). */
  readonly notifyMe: Scalar<number>;
  readonly bh: BhQueue;
  /** The thread whose aio_notify() set nothing because notify_me was 0, until the notifier is next set or accepted. */
  readonly unheard: Scalar<string>;

  constructor(v: Vars, readonly def: AioContextDef, threads: readonly string[]) {
    const call = 'new AioContext(v, def, threads)';
    if (def === null || typeof def !== 'object') throw argumentError(call, 'def', def, 'a context: { name, home, bhs }');
    requireName(call, 'def.name', def.name);
    requireNames(call, 'threads', threads, { min: 1, reserved: [NOBODY] });
    requireOneOf(call, 'def.home', def.home, threads);
    requireNames(call, 'def.bhs', def.bhs);
    if (def.pollers !== undefined) requireInt(call, 'def.pollers', def.pollers, 1);
    this.notifier = new EventNotifier(v, `${def.name}_notifier`);
    this.notifyMe = v.scalar(`${def.name}_notify_me`, v.int(0, def.pollers ?? 1));
    this.bh = new BhQueue(v, `${def.name}_bh`, def.bhs);
    this.unheard = v.scalar(`${def.name}_unheard`, v.oneOf(NOBODY, ...threads));
  }

  get name(): string {
    return this.def.name;
  }

  /** aio_notify(ctx) by thread t: sets the notifier only if some poller has announced itself. */
  notify(s: StateView, t: Thread): void {
    if (s.get(this.notifyMe) > 0) {
      this.notifier.set(s);
      s.set(this.unheard, NOBODY);
    } else if (!this.notifier.isSet(s)) s.set(this.unheard, t.name);
  }

  /** aio_bh_schedule_oneshot(ctx, fn) / qemu_bh_schedule by thread t: the BH is pending, then aio_notify. */
  scheduleBh(s: StateView, t: Thread, fn: string): void {
    this.bh.schedule(s, fn);
    this.notify(s, t);
  }

  /** The store `notify_me += 2` of a blocking aio_poll. */
  announce(s: StateView): void {
    s.set(this.notifyMe, s.get(this.notifyMe) + 1);
  }
  /** The store `notify_me -= 2` after ppoll returns. */
  retract(s: StateView): void {
    s.set(this.notifyMe, s.get(this.notifyMe) - 1);
  }
  /** aio_notify_accept: event_notifier_test_and_clear of the context's notifier. */
  accept(s: StateView): void {
    this.notifier.testAndClear(s);
    s.set(this.unheard, NOBODY);
  }

  /**
   * `waitsFor` of a thread blocked in ppoll() on this context: it waits for a
   * notification; if an aio_notify() since the last accept found notify_me
   * == 0, that wake-up was lost, and the edge says whose it was, at which
   * step of the counterexample, and which BHs it was for.
   */
  waitsFor(): (state: DecodedState, history?: readonly DecodedState[]) => WaitEdge {
    const n = this.def.name;
    return (state, history) => {
      if (state.get(`${n}_notifier`)) return undefined;
      const lostBy = state.get(`${n}_unheard`) as string;
      const pending = this.def.bhs.filter((_, i) => (state.get(`${n}_bh`) as { get(i: number): boolean }).get(i));
      if (lostBy !== NOBODY) {
        const what = pending.length > 0 ? ` for ${pending.join(', ')}` : '';
        const step = lostAt(history, `${n}_unheard`, lostBy);
        return { on: `aio_notify(${n}): lost wake-up — ${lostBy}'s aio_notify()${what}${step !== undefined ? ` at step ${step}` : ''} read notify_me == 0 before this thread announced itself, so it set no EventNotifier` };
      }
      return { on: `aio_notify(${n})` };
    };
  }
}

/** The step after which `variable` last became `value` and stayed so to the end of `history`. */
function lostAt(history: readonly DecodedState[] | undefined, variable: string, value: string): number | undefined {
  if (history === undefined) return undefined;
  let i = history.length - 1;
  if (i < 0 || history[i]!.get(variable) !== value) return undefined;
  while (i > 0 && history[i - 1]!.get(variable) === value) i--;
  return i;
}

/** What a poll's dispatch does with one BH: call a procedure, or run an effect in place. */
export interface BhHandler {
  /** `file:line function()` of the BH function. */
  readonly source: string;
  /** A procedure of the polling thread to call (the BH's code as steps). */
  readonly proc?: string;
  /** Or an effect run at once (a BH with no blocking point). */
  readonly run?: (s: StateView, t: Thread) => void;
}

/** Options of an aio_poll procedure. */
export interface AioPollOptions {
  /** Procedure name and label prefix (default `poll_<ctx>`). */
  readonly name?: string;
  /** aio_poll(ctx, true) (default) or aio_poll(ctx, false). */
  readonly blocking?: boolean;
  /**
   * Whether the notify_me store is ordered before the BH check (a full
   * barrier, as since 5710a3e09f9b; default true). With false the CPU may
   * make the store visible only after the loads of the check (store-load
   * reordering, the aarch64 hang of QEMU 4.x): the model offers both orders.
   */
  readonly barrier?: boolean;
  /** The handler of each BH function of the context; every BH needs one. */
  readonly bhs: Readonly<Record<string, BhHandler>>;
}

/**
 * aio_poll(ctx, blocking) (util/aio-posix.c v5.0.0 aio_poll()) as a
 * procedure of the calling thread; it returns after one dispatch round.
 * Labels: `<p>.enter`, `<p>.check`, `<p>.wait` (blocked in ppoll),
 * `<p>.dispatch` (aio_bh_poll), and with `barrier: false` `<p>.publish_*`.
 * Calling it outside the context's home thread is the assertion `aioPollNotHome`
 * (util/aio-posix.c aio_poll(): `assert(in_aio_context_home_thread(ctx))`).
 */
export function aioPollProc(ctx: AioContext, o: AioPollOptions): ProcDef {
  const p = o.name ?? `poll_${ctx.name}`;
  const blocking = o.blocking ?? true;
  for (const fn of ctx.def.bhs) {
    const h = o.bhs[fn];
    if (!h || (h.proc === undefined && h.run === undefined)) throw undeclared(`aio_poll(${ctx.name}): bottom half '${fn}' has no handler`, `give bhs.${fn} = { source, proc | run }`);
  }
  for (const fn of Object.keys(o.bhs)) if (!ctx.def.bhs.includes(fn)) throw undeclared(`aio_poll(${ctx.name}): '${fn}' is not a bottom half of ${ctx.name} (its BHs: ${ctx.def.bhs.join(', ') || 'none'})`, `add '${fn}' to the context's bhs, or drop its handler`);
  const src = 'util/aio-posix.c aio_poll()';
  return {
    name: p,
    frame: 'aio_poll',
    entry: `${p}.enter`,
    steps: (t) => {
      const home = (s: StateView) => s.assert(t.name === ctx.def.home, 'aioPollNotHome', `aio_poll(${ctx.name}) in ${t.name}, not its home thread ${ctx.def.home} (util/aio-posix.c aio_poll(): assert(in_aio_context_home_thread(ctx)))`);
      const steps: StepDef[] = [];
      if (!blocking) {
        steps.push({ at: `${p}.enter`, source: `${src} (non-blocking): aio_bh_poll()`, next: `${p}.dispatch`, run: home });
      } else {
        steps.push({
          at: `${p}.enter`,
          source: `${src}: notify_me += 2; smp_mb()`,
          next: `${p}.check`,
          run: (s) => {
            home(s);
            ctx.announce(s);
          },
        });
        steps.push({
          at: `${p}.check`,
          source: `${src}: aio_compute_timeout() sees no pending BH, ppoll() blocks`,
          when: (s) => !ctx.bh.any(s),
          next: `${p}.wait`,
        });
        steps.push({
          at: `${p}.check`,
          name: `${p}.check_pending`,
          source: `${src}: aio_compute_timeout() sees a pending BH, timeout 0`,
          when: (s) => ctx.bh.any(s),
          next: `${p}.dispatch`,
          run: (s) => {
            ctx.retract(s);
            ctx.accept(s);
          },
        });
        if (o.barrier === false) {
          // The loads of the check may pass the store of notify_me: check first, publish after.
          steps.push({ at: `${p}.enter`, name: `${p}.check_early`, source: `${src}: aio_compute_timeout() runs before notify_me += 2 is visible (no barrier)`, when: (s) => !ctx.bh.any(s), next: `${p}.publish_block`, run: home });
          steps.push({ at: `${p}.publish_block`, source: `${src}: notify_me += 2 becomes visible, ppoll() blocks`, next: `${p}.wait`, run: (s) => ctx.announce(s) });
        }
        steps.push({
          at: `${p}.wait`,
          source: `${src}: ppoll() returns on the EventNotifier; notify_me -= 2; aio_notify_accept()`,
          when: (s) => ctx.notifier.isSet(s),
          next: `${p}.dispatch`,
          waitsFor: ctx.waitsFor(),
          run: (s) => {
            ctx.retract(s);
            ctx.accept(s);
          },
        });
      }
      for (const fn of ctx.def.bhs) {
        const h = o.bhs[fn]!;
        steps.push({
          at: `${p}.dispatch`,
          name: `${p}.${fn}`,
          source: h.source,
          when: (s) => ctx.bh.isPending(s, fn),
          run: (s) => {
            ctx.bh.take(s, fn);
            if (h.proc !== undefined) t.call(s, h.proc, `${p}.dispatch`);
            else {
              t.goto(s, `${p}.dispatch`);
              h.run!(s, t);
            }
          },
        });
      }
      steps.push({ at: `${p}.dispatch`, name: `${p}.return`, source: `${src}: aio_bh_poll() ran every pending BH; return`, when: (s) => !ctx.bh.any(s), run: (s) => t.ret(s) });
      return steps;
    },
  };
}

/** Options of `aioPollLoopSteps`. */
export interface AioPollLoopOptions {
  /** The loop's label. */
  readonly at: string;
  /** The aio_poll procedure the loop calls (from `aioPollProc`). */
  readonly poll: ProcDef;
  /** The exit condition: the loop polls while it is false. */
  readonly until: (s: StateView) => boolean;
  /** `file:line function()` of the loop, e.g. `iothread.c iothread_run(): while (!iothread->stopping) aio_poll(ctx, true)`. */
  readonly source: string;
  /** Name and source of the exit step (the thread finishes); the name defaults to `exit`. */
  readonly exit: { readonly name?: string; readonly source: string };
}

/**
 * `while (!until) aio_poll(ctx, true);` then the thread ends, as two steps of
 * thread t at label `at`: `<at>` named `poll` calls the poll procedure and
 * comes back to `at`; the exit step finishes the thread. The waiter side of
 * most lost wake-ups: an iothread's loop (iothread_run()), or a caller
 * polling until its request is done (BDRV_POLL_WHILE in blk_prw()).
 */
export function aioPollLoopSteps(t: Thread, o: AioPollLoopOptions): StepDef[] {
  return [
    { at: o.at, name: 'poll', source: o.source, when: (s) => !o.until(s), run: (s) => t.call(s, o.poll.name, o.at) },
    { at: o.at, name: o.exit.name ?? 'exit', source: o.exit.source, when: o.until, run: (s) => t.finish(s) },
  ];
}

/**
 * The contexts of a model, by name. Naming a context that was not declared
 * is an error at build time (`get`).
 */
export class AioContexts {
  private readonly byName: Map<string, AioContext>;

  constructor(v: Vars, defs: readonly AioContextDef[], threads: readonly string[]) {
    if (!Array.isArray(defs)) throw argumentError('new AioContexts(v, defs, threads)', 'defs', defs, 'an array of contexts: [{ name, home, bhs }]');
    this.byName = new Map();
    for (const d of defs) {
      if (this.byName.has(d.name)) throw undeclared(`AioContext '${d.name}' declared twice`, 'give each context its own name');
      if (!threads.includes(d.home)) throw undeclared(`AioContext '${d.name}': home thread '${d.home}' is not one of the threads (${threads.join(', ')})`, `name a declared thread as home, or add '${d.home}' to the threads`);
      this.byName.set(d.name, new AioContext(v, d, threads));
    }
  }

  /** The context named `name`; an unknown name throws at build time. */
  get(name: string): AioContext {
    const c = this.byName.get(name);
    if (!c) throw undeclared(`unknown AioContext '${name}' (declared: ${[...this.byName.keys()].join(', ')})`, `declare it in new AioContexts(v, [...]), or use one of ${[...this.byName.keys()].join(', ')}`);
    return c;
  }

  get all(): readonly AioContext[] {
    return [...this.byName.values()];
  }

  /** The context whose home thread t is, if any (its `my_aiocontext`). */
  homeOf(t: Thread): AioContext | undefined {
    return this.all.find((c) => c.def.home === t.name);
  }

  /**
   * qemu_get_current_aio_context() (util/async.c v8.1.0): t's own context,
   * else `main` when `holdsBql` says t holds the BQL, else undefined (NULL).
   */
  current(s: StateView, t: Thread, main: string, holdsBql?: (s: StateView, t: Thread) => boolean): AioContext | undefined {
    const own = this.homeOf(t);
    if (own) return own;
    return holdsBql && holdsBql(s, t) ? this.get(main) : undefined;
  }

  /** in_aio_context_home_thread(ctx) (include/block/aio-wait.h v8.1.0): ctx is t's current context (for main: or t holds the BQL). */
  inHomeThread(s: StateView, t: Thread, ctx: AioContext, main: string, holdsBql?: (s: StateView, t: Thread) => boolean): boolean {
    if (ctx.def.home === t.name) return true;
    return ctx.name === main && holdsBql !== undefined && holdsBql(s, t);
  }

  /** The pending BHs and notifier states, for a model's `summary`. */
  summary(state: DecodedState): string[] {
    return this.all.map((c) => {
      const n = c.name;
      const pending = c.def.bhs.filter((_, i) => (state.get(`${n}_bh`) as { get(i: number): boolean }).get(i));
      return `${n}: notify_me ${state.get(`${n}_notify_me`)}, notifier ${state.get(`${n}_notifier`) ? 'set' : 'clear'}, BHs ${pending.length > 0 ? pending.join(', ') : 'none'}`;
    });
  }
}

/**
 * global_aio_wait (util/aio-wait.c v8.1.0): the number of threads inside
 * AIO_WAIT_WHILE, and aio_wait_kick(), which schedules `dummy_bh_cb` on the
 * main context only if someone waits. The main context must list
 * `dummy_bh_cb` among its BHs.
 */
export class AioWait {
  readonly numWaiters: Scalar<number>;
  constructor(v: Vars, readonly main: AioContext, maxWaiters = 1) {
    if (!(main instanceof AioContext)) throw argumentError('new AioWait(v, main)', 'main', main, 'an AioContext');
    requireInt('new AioWait(v, main, maxWaiters)', 'maxWaiters', maxWaiters, 1);
    if (!main.def.bhs.includes('dummy_bh_cb')) throw undeclared(`AioWait: the main context '${main.name}' does not list 'dummy_bh_cb' among its bhs, and aio_wait_kick() schedules it`, `add 'dummy_bh_cb' to ${main.name}'s bhs`);
    this.numWaiters = v.scalar('num_waiters', v.int(0, maxWaiters));
  }
  /** aio_wait_kick() by t. */
  kick(s: StateView, t: Thread): void {
    if (s.get(this.numWaiters) > 0) this.main.scheduleBh(s, t, 'dummy_bh_cb');
  }
  enter(s: StateView): void {
    s.set(this.numWaiters, s.get(this.numWaiters) + 1);
  }
  leave(s: StateView): void {
    s.set(this.numWaiters, s.get(this.numWaiters) - 1);
  }
}

/** Options of an AIO_WAIT_WHILE procedure. */
export interface AioWaitWhileOptions {
  /** Procedure name and label prefix (default `aww`). */
  readonly name?: string;
  /** The loop condition (`cond` of the macro). */
  readonly cond: (s: StateView) => boolean;
  /** A short C rendering of cond for traces, e.g. `bs->in_flight > 0`. */
  readonly condText: string;
  /** The aio_poll procedure of the context polled: ctx's own in its home thread, else main's. */
  readonly pollProc: (t: Thread) => string;
  /**
   * The assertion of the version: v8.1.0 asserts, outside ctx's home thread,
   * that the caller's current context is the main one
   * (`assert(qemu_get_current_aio_context() == qemu_get_aio_context())`).
   */
  readonly inMain: (s: StateView, t: Thread) => boolean;
  /** `file:line` of the caller, for the step source. */
  readonly caller: string;
  /**
   * AIO_WAIT_WHILE of the versions with the AioContext lock (up to 8.1):
   * ctx's lock, which the caller holds and which is released around each
   * aio_poll() of the main context outside ctx's home thread, then taken
   * again (a blocking step with its wait-for edge). Omitted, the lock is
   * not modelled.
   */
  readonly lock?: AioContextLock;
  /** AIO_WAIT_WHILE_UNLOCKED (v8.0-8.1): the loop never drops the AioContext lock; named so in traces. Excludes `lock`. */
  readonly unlocked?: boolean;
}

/**
 * AIO_WAIT_WHILE(ctx, cond) / AIO_WAIT_WHILE_UNLOCKED(ctx, cond)
 * (include/block/aio-wait.h v8.1.0, AIO_WAIT_WHILE_INTERNAL(ctx, cond,
 * unlock)) as a procedure: num_waiters++, then `while (cond) aio_poll(...)`,
 * then num_waiters--. With `lock` (AIO_WAIT_WHILE, unlock = true) a caller
 * outside ctx's home thread releases ctx's AioContext lock before each poll
 * (`<p>.poll`) and takes it again after it (`<p>.relock`); with
 * `unlocked` (AIO_WAIT_WHILE_UNLOCKED) the loop keeps whatever locks the
 * caller holds.
 */
export function aioWaitWhileProc(wait: AioWait, o: AioWaitWhileOptions): ProcDef {
  const p = o.name ?? 'aww';
  const lock = o.lock;
  if (lock && o.unlocked) throw undeclared(`aioWaitWhileProc('${p}'): AIO_WAIT_WHILE_UNLOCKED drops no AioContext lock, so 'unlocked: true' and 'lock' exclude each other`, 'give lock for AIO_WAIT_WHILE, unlocked: true for AIO_WAIT_WHILE_UNLOCKED');
  const macro = o.unlocked ? 'AIO_WAIT_WHILE_UNLOCKED' : 'AIO_WAIT_WHILE';
  return {
    name: p,
    frame: macro,
    entry: `${p}.enter`,
    steps: (t) => [
      ...(lock && lock.ctx.def.home !== t.name
        ? [
            {
              at: `${p}.relock`,
              source: `include/block/aio-wait.h ${macro}(): aio_context_acquire(ctx) after aio_poll()`,
              when: (s: StateView) => lock.canAcquire(s, t),
              waitsFor: lock.waitsFor(),
              next: `${p}.loop`,
              run: (s: StateView) => lock.acquire(s, t),
            },
          ]
        : []),
      {
        at: `${p}.enter`,
        source: `include/block/aio-wait.h ${macro}(): num_waiters++ (${o.caller})`,
        next: `${p}.loop`,
        run: (s) => {
          s.assert(o.inMain(s, t), 'aioWaitNotMain', `${macro} in ${t.name}: outside the context's home thread, the current context must be the main one (include/block/aio-wait.h)`);
          wait.enter(s);
        },
      },
      lock && lock.ctx.def.home !== t.name
        ? {
            at: `${p}.loop`,
            name: `${p}.poll`,
            source: `include/block/aio-wait.h ${macro}(): while (${o.condText}) { aio_context_release(ctx); aio_poll()`,
            when: (s: StateView) => o.cond(s),
            run: (s: StateView) => {
              lock.release(s, t);
              t.call(s, o.pollProc(t), `${p}.relock`);
            },
          }
        : { at: `${p}.loop`, name: `${p}.poll`, source: `include/block/aio-wait.h ${macro}(): while (${o.condText}) aio_poll()`, when: (s: StateView) => o.cond(s), run: (s: StateView) => t.call(s, o.pollProc(t), `${p}.loop`) },
      {
        at: `${p}.loop`,
        name: `${p}.done`,
        source: `include/block/aio-wait.h ${macro}(): !(${o.condText}), num_waiters--`,
        when: (s) => !o.cond(s),
        run: (s) => {
          wait.leave(s);
          t.ret(s);
        },
      },
    ],
  };
}

/**
 * The AioContext lock of QEMU up to 8.1 (aio_context_acquire/release,
 * util/async.c v8.1.0: a recursive mutex; later versions removed it): an
 * owner and a depth. Models of later versions simply do not declare one (the
 * "era" is the model's knob).
 */
export class AioContextLock {
  readonly owner: Scalar<string>;
  readonly depth: Scalar<number>;
  constructor(v: Vars, readonly ctx: AioContext, threads: readonly string[], maxDepth = 2) {
    const call = 'new AioContextLock(v, ctx, threads, maxDepth)';
    if (!(ctx instanceof AioContext)) throw argumentError(call, 'ctx', ctx, 'an AioContext');
    requireNames(call, 'threads', threads, { min: 1, reserved: [NOBODY] });
    requireInt(call, 'maxDepth', maxDepth, 1);
    this.owner = v.scalar(`${ctx.name}_lock`, v.oneOf(NOBODY, ...threads));
    this.depth = v.scalar(`${ctx.name}_lock_depth`, v.int(0, maxDepth));
  }
  /** Guard of aio_context_acquire: free or already held by t (recursive). */
  canAcquire(s: StateView, t: Thread): boolean {
    const o = s.get(this.owner);
    return o === NOBODY || o === t.name;
  }
  acquire(s: StateView, t: Thread): void {
    s.set(this.owner, t.name);
    s.set(this.depth, s.get(this.depth) + 1);
  }
  /** aio_context_release; releasing a lock t does not hold is the assertion `aioContextNotOwner`. */
  release(s: StateView, t: Thread): void {
    s.assert(s.get(this.owner) === t.name, 'aioContextNotOwner', `${t.name} releases ${this.ctx.name}'s AioContext lock, held by ${s.get(this.owner)}`);
    const d = s.get(this.depth) - 1;
    s.set(this.depth, d);
    if (d === 0) s.set(this.owner, NOBODY);
  }
  holds(s: StateView, t: Thread): boolean {
    return s.get(this.owner) === t.name;
  }
  /** `waitsFor` of a step blocked in aio_context_acquire. */
  waitsFor(): (state: DecodedState) => WaitEdge {
    const n = this.owner.name;
    return (state) => {
      const o = state.get(n) as string;
      return o === NOBODY ? undefined : { on: `aio_context_acquire(${this.ctx.name})`, holder: o };
    };
  }
}
