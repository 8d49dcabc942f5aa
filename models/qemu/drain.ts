/**
 * Drained sections (block/io.c bdrv_drained_begin()/bdrv_drained_end(),
 * block/block-backend.c blk_wait_while_drained(); read in stored copies of
 * the 5.x-8.x trees, see docs/models/qemu-grounding.md): a node's
 * in-flight request count and its quiesce counter.
 *
 * - `drainedBeginProcs`: bdrv_drained_begin() as a procedure: quiesce_counter++
 *   (parents stop submitting), then BDRV_POLL_WHILE(in_flight > 0), an
 *   AIO_WAIT_WHILE over the in-flight count (`aioWaitWhileProc`);
 * - `drain.end(s)`: bdrv_drained_end(): quiesce_counter--; requests that
 *   waited for the end of the section may go on;
 * - `drain.submitStep(...)`: a request's entry, blk_inc_in_flight() then
 *   blk_wait_while_drained(): it is blocked while the node is quiesced (QEMU
 *   queues it on blk->queued_requests, with its in-flight count dropped, and
 *   drained_end restarts it), then counts as in flight;
 * - `drain.completeStep(...)`: bdrv_dec_in_flight(): in_flight--, then
 *   aio_wait_kick().
 *
 * A request is one step from "not drained" to "in flight", as QEMU's
 * increment-then-check makes it: a drain that has begun either sees it in
 * flight or makes it wait.
 */
import type { DecodedState, Scalar, StateView, Vars } from '../../checker';
import type { ProcDef, StepDef, Thread } from '../kit';
import { type AioContextLock, type AioWait, aioWaitWhileProc } from './aio';

/** A node (or BlockBackend) that can be drained: its quiesce counter and in-flight count. */
export class DrainSection {
  readonly quiesce: Scalar<number>;
  readonly inFlight: Scalar<number>;

  /** Declares `<name>_quiesce_counter` (0..maxDrainers) and `<name>_in_flight` (0..maxInFlight). */
  constructor(v: Vars, readonly name: string, o: { readonly maxInFlight: number; readonly maxDrainers?: number }) {
    this.quiesce = v.scalar(`${name}_quiesce_counter`, v.int(0, o.maxDrainers ?? 1));
    this.inFlight = v.scalar(`${name}_in_flight`, v.int(0, o.maxInFlight));
  }

  isDrained(s: StateView): boolean {
    return s.get(this.quiesce) > 0;
  }

  /** bdrv_drained_end(): the section ends (nested sections end with the last). */
  end(s: StateView): void {
    s.set(this.quiesce, s.get(this.quiesce) - 1);
  }

  /** A request enters (blk_inc_in_flight(); blk_wait_while_drained()): blocked while drained, then in flight. */
  submitStep(step: { readonly at: string; readonly next: string; readonly source: string; readonly name?: string }): StepDef {
    const quiesce = this.quiesce.name;
    return {
      ...step,
      when: (s) => !this.isDrained(s),
      waitsFor: (state: DecodedState) => ((state.get(quiesce) as number) > 0 ? { on: `${this.name} drained (blk_wait_while_drained)` } : undefined),
      run: (s) => s.set(this.inFlight, s.get(this.inFlight) + 1),
    };
  }

  /** A request completes (bdrv_dec_in_flight()): in_flight--, then aio_wait_kick() by t. */
  completeStep(t: Thread, wait: AioWait, step: { readonly at: string; readonly next?: string; readonly source: string; readonly name?: string; readonly run?: (s: StateView) => void }): StepDef {
    const after = step.run;
    return {
      ...step,
      run: (s) => {
        s.set(this.inFlight, s.get(this.inFlight) - 1);
        wait.kick(s, t);
        if (after) after(s);
      },
    };
  }
}

/** Options of `drainedBeginProcs`. */
export interface DrainedBeginOptions {
  /** Procedure name and label prefix (default `drained_begin`). */
  readonly name?: string;
  /** The aio_poll procedure the wait polls (see `aioWaitWhileProc`). */
  readonly pollProc: (t: Thread) => string;
  /** The version's AIO_WAIT_WHILE assertion (see `aioWaitWhileProc`). */
  readonly inMain: (s: StateView, t: Thread) => boolean;
  /** The node's AioContext lock, in versions that have it (see `aioWaitWhileProc`). */
  readonly lock?: AioContextLock;
  /** `file:line function()` of the caller, for traces. */
  readonly caller: string;
}

/**
 * bdrv_drained_begin() (block/io.c bdrv_do_drained_begin()) as two
 * procedures to add to the draining thread's procs: the section's entry
 * (quiesce_counter++, then the wait) and the wait itself
 * (BDRV_POLL_WHILE(bs, in_flight > 0)). Call the first one's `name`.
 */
export function drainedBeginProcs(drain: DrainSection, wait: AioWait, o: DrainedBeginOptions): [ProcDef, ProcDef] {
  const p = o.name ?? 'drained_begin';
  const poll = aioWaitWhileProc(wait, {
    name: `${p}.poll`,
    cond: (s) => s.get(drain.inFlight) > 0,
    condText: 'bs->in_flight > 0',
    pollProc: o.pollProc,
    inMain: o.inMain,
    caller: o.caller,
    ...(o.lock ? { lock: o.lock } : {}),
  });
  const begin: ProcDef = {
    name: p,
    frame: 'bdrv_drained_begin',
    entry: `${p}.enter`,
    steps: (t) => [
      {
        at: `${p}.enter`,
        source: `block/io.c bdrv_do_drained_begin(): quiesce_counter++, then BDRV_POLL_WHILE(bs, in_flight > 0) (${o.caller})`,
        run: (s) => {
          s.set(drain.quiesce, s.get(drain.quiesce) + 1);
          t.call(s, poll.name, `${p}.quiescent`);
        },
      },
      { at: `${p}.quiescent`, source: 'block/io.c bdrv_do_drained_begin(): no request in flight, the section begins', run: (s) => t.ret(s) },
    ],
  };
  return [begin, poll];
}
