/**
 * QEMU primitives on top of the thread kit: the BQL, the current AioContext
 * and home-thread tests, AIO_WAIT_WHILE, aio_poll()/aio_bh_poll() as a
 * procedure of the polling thread, generated coroutine wrappers
 * (bdrv_poll_co), qio_task_run_in_thread workers, the TLS handshake worker,
 * and the multifd send threads with their semaphores.
 *
 * Grounding (QEMU v8.1.0 unless a step's source says otherwise; see
 * docs/models/qemu-grounding.md): softmmu/cpus.c:483-513 (BQL),
 * util/async.c:738-749 (qemu_get_current_aio_context), include/block/aio-wait.h
 * :81-158, util/aio-posix.c:602-722, block/block-gen.h:38-44, io/task.c:107-176,
 * io/channel-tls.c:158-210, migration/multifd.c:583-954.
 *
 * What is left out: the AioContext lock (8.x), iothread AioContexts (only the
 * main context exists), CO_RESUME bottom halves (see `coWrapperProc`), error
 * paths of channel creation, and the data the send threads move.
 *
 * Assertion names raised here: I1 (AIO_WAIT_WHILE), I2 (aio_poll home
 * thread), I3b (BQL double lock), I3c (BQL unlock by non-owner).
 */
import type { DecodedState, StateView, Vars } from '../../checker';
import { requireInt, requireNames, requireOneOf } from '../../checker';
import { GSourceQueue, Mutex, Semaphore, Semaphores, type BhQueue, type ProcDef, type StepDef, type Thread } from '../kit';

/** The big QEMU lock, `qemu_global_mutex`. Its owner is the only state: `iothread_locked` is derived from it. */
export class Bql {
  private readonly mutex: Mutex;

  /** Declares variable `bql` over the threads that may ever take it. */
  constructor(v: Vars, threads: readonly string[], initialOwner: string) {
    requireNames('new Bql(v, threads, initialOwner)', 'threads', threads, { min: 1, reserved: ['none'] });
    requireOneOf('new Bql(v, threads, initialOwner)', 'initialOwner', initialOwner, ['none', ...threads]);
    this.mutex = new Mutex(v, 'bql', threads, initialOwner);
  }

  init(s: StateView): void {
    this.mutex.init(s);
  }
  /** qemu_mutex_iothread_locked() in thread t (softmmu/cpus.c:483-488: a thread-local flag). */
  locked(s: StateView, t: Thread): boolean {
    return this.mutex.holds(s, t);
  }
  isFree(s: StateView): boolean {
    return this.mutex.isFree(s);
  }
  /** Guard of a lock step: free, or held by t (then the lock's assertion fails). */
  canLock(s: StateView, t: Thread): boolean {
    return this.mutex.canLock(s, t);
  }
  /** qemu_mutex_lock_iothread(): `g_assert(!qemu_mutex_iothread_locked())` (softmmu/cpus.c:503), then take it. */
  lock(s: StateView, t: Thread): void {
    this.mutex.lock(s, t, 'I3b', `${t.name} takes the BQL it already holds (softmmu/cpus.c:503)`);
  }
  /**
   * The BQL taken back when qemu_cond_wait(cond, &qemu_global_mutex) returns
   * (e.g. pause_all_vcpus): not qemu_mutex_lock_iothread, but the caller had
   * released it, so the I3b check cannot fail.
   */
  condWaitRelock(s: StateView, t: Thread): void {
    this.mutex.lock(s, t, 'I3b');
  }
  /** The BQL's owner in a decoded state (`none` when free). */
  ownerIn(state: DecodedState): string {
    return this.mutex.ownerIn(state);
  }
  /** `waitsFor` of a step blocked taking the BQL: on `BQL`, held by its owner. */
  readonly waitsFor = (state: DecodedState): { on: string; holder: string } | undefined => this.mutex.waitsFor('BQL')(state);

  /** qemu_mutex_unlock_iothread(): `g_assert(qemu_mutex_iothread_locked())` (softmmu/cpus.c:510), then release. */
  unlock(s: StateView, t: Thread): void {
    this.mutex.unlock(s, t, 'I3c', `${t.name} releases the BQL it does not hold (softmmu/cpus.c:510)`);
  }
}

/** The AioContext world of the model: one context, MAIN, whose home thread is `main`. */
export interface AioWorld {
  readonly bql: Bql;
  /** The thread that ran qemu_init_main_loop (util/main-loop.c:172): its my_aiocontext is MAIN. */
  readonly mainThread: string;
}

/**
 * qemu_get_current_aio_context() (util/async.c:738-749): the thread's own
 * context if set (only the main thread has one: MAIN), else MAIN if the thread
 * holds the BQL ("Possibly in a vCPU thread"), else none.
 */
export function currentAioContext(w: AioWorld, s: StateView, t: Thread): 'main' | 'none' {
  if (t.name === w.mainThread) return 'main';
  return w.bql.locked(s, t) ? 'main' : 'none';
}

/** in_aio_context_home_thread(MAIN) (include/block/aio-wait.h:147-158): current context is MAIN, or BQL held. */
export function inMainContextHomeThread(w: AioWorld, s: StateView, t: Thread): boolean {
  return currentAioContext(w, s, t) === 'main' || w.bql.locked(s, t);
}

/**
 * AIO_WAIT_WHILE(MAIN, cond) (include/block/aio-wait.h:81-109): outside the
 * home thread it asserts `qemu_get_current_aio_context() == qemu_get_aio_context()`
 * (lines 95-96; property I1); then aio_poll(MAIN) asserts the home thread
 * (util/aio-posix.c:619; property I2, implied by I1 for MAIN).
 */
export function aioWaitWhileMain(w: AioWorld, s: StateView, t: Thread): void {
  if (!inMainContextHomeThread(w, s, t)) {
    s.assert(currentAioContext(w, s, t) === 'main', 'I1', `AIO_WAIT_WHILE on ${t.name}: qemu_get_current_aio_context() is NULL, not the main context (include/block/aio-wait.h:95)`);
  }
  s.assert(inMainContextHomeThread(w, s, t), 'I2', `aio_poll(main) on ${t.name}, which is not its home thread (util/aio-posix.c:619)`);
}

/** Label of the aio_poll(MAIN) loop inside a generated wrapper: a thread there is a poller of MAIN. */
export const POLL = 'wrap.poll';

/**
 * A generated coroutine wrapper polling MAIN (`bdrv_poll_co`, block/block-gen.h:38-44),
 * as procedure `wrap`: `wrap.aww` is aio_co_enter + the AIO_WAIT_WHILE checks;
 * `wrap.poll` is the aio_poll(MAIN) loop, where each iteration either sees
 * the I/O complete (the wrapper returns) or runs a pending bottom half on this
 * thread, as a frame pushed on its stack (aio_bh_poll, util/aio-posix.c:722).
 *
 * Abstractions: I/O completion is a nondeterministic step that is always
 * possible. aio_co_enter() schedules a CO_RESUME BH instead of entering the
 * coroutine only when the caller's current context is not MAIN; then the
 * caller is not in the home thread and the I1 assertion fails in the very
 * next check on the same thread, so the scheduled BH is never observable and
 * is not modelled.
 */
export function coWrapperProc(w: AioWorld, bh?: { readonly queue: BhQueue; readonly kind: string; readonly proc: string; readonly source: string }): ProcDef {
  return {
    name: 'wrap',
    frame: 'bdrv_poll_co',
    entry: 'wrap.aww',
    steps: (t) => {
      const steps: StepDef[] = [
        {
          at: 'wrap.aww',
          source: 'include/block/aio-wait.h:95 AIO_WAIT_WHILE() in bdrv_poll_co() (block/block-gen.h:43-44)',
          next: POLL,
          run: (s) => aioWaitWhileMain(w, s, t),
        },
        { at: POLL, name: 'wrap.io_done', source: 'block/block-gen.h:44 bdrv_poll_co(): request done, AIO_WAIT_WHILE(in_progress) ends', run: (s) => t.ret(s) },
      ];
      if (bh) {
        steps.push({
          at: POLL,
          name: 'wrap.run_bh',
          source: bh.source,
          when: (s) => bh.queue.isPending(s, bh.kind),
          run: (s) => {
            bh.queue.take(s, bh.kind);
            t.call(s, bh.proc, POLL);
          },
        });
      }
      return steps;
    },
  };
}

/** The multifd semaphores (migration/multifd.c v8.1.0; channels_created from v9.0). */
export class MultifdSems {
  /** multifd_send_state->channels_ready (:922). */
  readonly channelsReady: Semaphore;
  /** p->sem per channel. */
  readonly sem: Semaphores;
  /** p->sem_sync per channel. */
  readonly semSync: Semaphores;
  /** multifd_send_state->channels_created (v9.2.4 :858). */
  readonly channelsCreated: Semaphore;

  /** Bounds: one sync round per run, so each send thread posts channels_ready at most twice. */
  constructor(v: Vars, readonly n: number) {
    requireInt('new MultifdSems(v, n)', 'n', n, 1);
    this.channelsReady = new Semaphore(v, 'channels_ready', 2 * n);
    this.sem = new Semaphores(v, 'p_sem', n, 1);
    this.semSync = new Semaphores(v, 'p_sem_sync', n, 1);
    this.channelsCreated = new Semaphore(v, 'channels_created', n);
  }
}

/**
 * multifd_send_thread (migration/multifd.c:646-…) for channel i, a daemon
 * while it waits on p->sem. It never takes the BQL.
 * The initial packet and the first channels_ready post are one step; a sync
 * job (wait p->sem, post p->sem_sync, loop back and post channels_ready) is one
 * step: waits are right movers and posts left movers, so these sequences can
 * be atomic without changing reachable waits.
 */
export function sendThreadSteps(m: MultifdSems, i: number): readonly StepDef[] {
  return [
    { at: 'send.start', source: 'migration/multifd.c:667 multifd_send_thread() qemu_sem_post(&multifd_send_state->channels_ready)', next: 'send.wait', run: (s) => m.channelsReady.post(s) },
    {
      at: 'send.wait',
      source: 'migration/multifd.c:668 qemu_sem_wait(&p->sem); :738 qemu_sem_post(&p->sem_sync); :667 qemu_sem_post(&channels_ready)',
      when: (s) => m.sem.canWait(s, i),
      next: 'send.wait',
      run: (s) => {
        m.sem.wait(s, i);
        m.semSync.post(s, i);
        m.channelsReady.post(s);
      },
    },
  ];
}

/**
 * multifd_send_sync_main (migration/multifd.c:583-644) as procedure `sync`:
 * post every p->sem (:628), then per channel wait channels_ready (:633) and
 * p->sem_sync (:635). A blocked wait is a disabled step.
 */
export function multifdSyncProc(m: MultifdSems, readyPoster?: (state: DecodedState) => string | undefined): ProcDef {
  return {
    name: 'sync',
    frame: 'multifd_send_sync_main',
    entry: 'sync.post',
    steps: (t) => {
      const steps: StepDef[] = [
        {
          at: 'sync.post',
          source: 'migration/multifd.c:628 multifd_send_sync_main() qemu_sem_post(&p->sem) for each channel',
          next: 'sync.ready0',
          run: (s) => {
            for (let i = 0; i < m.n; i++) m.sem.post(s, i);
          },
        },
      ];
      for (let i = 0; i < m.n; i++) {
        steps.push({
          at: `sync.ready${i}`,
          source: 'migration/multifd.c:633 multifd_send_sync_main() qemu_sem_wait(&multifd_send_state->channels_ready)',
          when: (s) => m.channelsReady.canWait(s),
          waitsFor: (state) => ({ on: 'channels_ready', ...(readyPoster && readyPoster(state) !== undefined ? { holder: readyPoster(state)! } : {}) }),
          next: `sync.sem_sync${i}`,
          run: (s) => m.channelsReady.wait(s),
        });
        steps.push({
          at: `sync.sem_sync${i}`,
          source: 'migration/multifd.c:635 multifd_send_sync_main() qemu_sem_wait(&p->sem_sync)',
          when: (s) => m.semSync.canWait(s, i),
          waitsFor: () => ({ on: `p_sem_sync[${i}]`, holder: `send${i}` }),
          run: (s) => {
            m.semSync.wait(s, i);
            if (i + 1 < m.n) t.goto(s, `sync.ready${i + 1}`);
            else t.ret(s);
          },
        });
      }
      return steps;
    },
  };
}

/** GSource kinds the main loop dispatches: a QIOTask completion, a TLS handshake watch. */
export const GSRC_KINDS = ['connected', 'tls_watch'] as const;

/** The pending GSources of the default GMainContext, one slot per multifd channel. */
export function createGSources(v: Vars, n: number): GSourceQueue {
  requireInt('createGSources(v, n)', 'n', n, 1);
  return new GSourceQueue(v, 'gsrc', n, GSRC_KINDS);
}

/**
 * An io-task-worker thread of qio_task_run_in_thread (io/task.c:150-176) doing
 * the connect of channel i: its completion is an idle GSource that only the
 * main loop dispatches (io/task.c:135-139, "must only ever report the task
 * results in the main event loop thread").
 */
export function connectWorkerSteps(t: Thread, gsrc: GSourceQueue, i: number): readonly StepDef[] {
  return [
    {
      at: 'connect',
      source: 'io/task.c:135-139 qio_task_thread_worker(): connect done, g_source_attach(completion)',
      run: (s) => {
        gsrc.attach(s, i, 'connected');
        t.finish(s);
      },
    },
  ];
}

/**
 * The multifd TLS handshake worker of channel i ("multifd-tls-handshake-worker",
 * migration/multifd.c:834): qio_channel_tls_handshake either completes at once,
 * running the completion in this thread (without the BQL), or adds a watch so
 * that the handshake continues in the main loop (io/channel-tls.c:158-210).
 */
export function tlsWorkerSteps(t: Thread, gsrc: GSourceQueue, i: number, completed: (s: StateView) => void): readonly StepDef[] {
  return [
    {
      at: 'tls.handshake',
      name: 'tls.handshake_done',
      source: 'io/channel-tls.c:~200 qio_channel_tls_handshake_task(): handshake done, qio_task_complete() in the worker',
      run: (s) => {
        completed(s);
        t.finish(s);
      },
    },
    {
      at: 'tls.handshake',
      name: 'tls.handshake_watch',
      source: 'io/channel-tls.c:~200-207 qio_channel_add_watch_full(context=NULL): handshake continues in the main loop',
      run: (s) => {
        gsrc.attach(s, i, 'tls_watch');
        t.finish(s);
      },
    },
  ];
}
