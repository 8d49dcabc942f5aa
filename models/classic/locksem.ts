/**
 * Lock + semaphore deadlock, exactly as models/classic/tla/LockSem.tla.
 * Thread A: lock(L); wait(S); unlock(L). Thread B: lock(L); post(S); unlock(L).
 * If A takes L first it waits on S forever while B waits on L: deadlock.
 * `Terminated` is TLA+'s stuttering step once both are done, so the normal
 * end is not a deadlock (it yields the same state, as in TLC).
 */
import { action, defineModel, type WaitFor } from '../../checker';

export default defineModel({
  name: 'classic/locksem',
  description: 'Lock/semaphore deadlock (LockSem.tla): A holds L waiting on S, B needs L to post S',
  build: (_knobs, v) => {
    const L = v.scalar('L', v.oneOf('free', 'A', 'B'));
    const S = v.scalar('S', v.int(0, 1));
    const pcA = v.scalar('pcA', v.oneOf('lock', 'wait', 'unlock', 'done'));
    const pcB = v.scalar('pcB', v.oneOf('lock', 'post', 'unlock', 'done'));
    const a = { lane: 'A' };
    const b = { lane: 'B' };
    return {
      init: () => {}, // L = free, S = 0, pcA = pcB = lock
      actions: [
        action('ALock', (s) => s.get(pcA) === 'lock' && s.get(L) === 'free', (s) => {
          s.set(L, 'A');
          s.set(pcA, 'wait');
        }, a),
        action('AWait', (s) => s.get(pcA) === 'wait' && s.get(S) > 0, (s) => {
          s.set(S, s.get(S) - 1);
          s.set(pcA, 'unlock');
        }, a),
        action('AUnlock', (s) => s.get(pcA) === 'unlock', (s) => {
          s.set(L, 'free');
          s.set(pcA, 'done');
        }, a),
        action('BLock', (s) => s.get(pcB) === 'lock' && s.get(L) === 'free', (s) => {
          s.set(L, 'B');
          s.set(pcB, 'post');
        }, b),
        action('BPost', (s) => s.get(pcB) === 'post', (s) => {
          s.set(S, s.get(S) + 1);
          s.set(pcB, 'unlock');
        }, b),
        action('BUnlock', (s) => s.get(pcB) === 'unlock', (s) => {
          s.set(L, 'free');
          s.set(pcB, 'done');
        }, b),
        action('Terminated', (s) => s.get(pcA) === 'done' && s.get(pcB) === 'done', () => {}),
      ],
      deadlockDoc: 'A holds L and waits on S while B waits for L',
      explain: {
        // Who waits on what, for the wait-for graph of a deadlock.
        waits: (state) => {
          const out: WaitFor[] = [];
          const lock = state.get('L') as string;
          const pcs: Record<string, string> = { A: state.get('pcA') as string, B: state.get('pcB') as string };
          for (const t of ['A', 'B']) {
            if (pcs[t] === 'lock' && lock !== 'free') out.push({ thread: t, on: 'L', holder: lock, source: `LockSem.tla ${t}Lock` });
          }
          if (pcs.A === 'wait' && (state.get('S') as number) === 0) out.push({ thread: 'A', on: 'S', ...(pcs.B !== 'done' ? { holder: 'B' } : {}), source: 'LockSem.tla AWait' });
          return out;
        },
      },
    };
  },
});
