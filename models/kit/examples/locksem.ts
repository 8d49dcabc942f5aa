/**
 * classic/locksem written with the thread kit: thread A locks L then waits on
 * S; thread B locks L, posts S, unlocks. If A takes L first it waits on S
 * forever while B waits for L: a deadlock. Same variables' meaning, same
 * verdict and the same number of distinct states as models/classic/locksem.ts;
 * the kit needs no `Terminated` stutter action because its `terminal`
 * predicate declares "both done" a normal end. The lock and wait steps are
 * built by the primitives (`lockStep`, `waitStep`), so a deadlock comes with
 * its wait-for graph without the model writing one.
 */
import { defineModel } from '../../../checker';
import { Mutex, Semaphore, ThreadKit } from '..';

export default defineModel({
  name: 'kit/locksem',
  description: 'Lock/semaphore deadlock (LockSem.tla) written with the thread kit',
  build: (_knobs, v) => {
    const L = new Mutex(v, 'L', ['A', 'B']);
    const S = new Semaphore(v, 'S', 1, { posters: ['B'] });
    const kit = new ThreadKit(v);
    kit.declare({
      name: 'A',
      entry: 'lock',
      running: true,
      steps: (t) => [
        L.lockStep(t, { at: 'lock', source: 'LockSem.tla ALock', next: 'wait' }),
        S.waitStep({ at: 'wait', source: 'LockSem.tla AWait', next: 'unlock' }),
        { at: 'unlock', source: 'LockSem.tla AUnlock', next: 'done', run: (s) => L.unlock(s, t, 'notOwner') },
      ],
    });
    kit.declare({
      name: 'B',
      entry: 'lock',
      running: true,
      steps: (t) => [
        L.lockStep(t, { at: 'lock', source: 'LockSem.tla BLock', next: 'post' }),
        { at: 'post', source: 'LockSem.tla BPost', next: 'unlock', run: (s) => S.post(s) },
        { at: 'unlock', source: 'LockSem.tla BUnlock', next: 'done', run: (s) => L.unlock(s, t, 'notOwner') },
      ],
    });
    const compiled = kit.compile();
    return {
      init: compiled.init,
      actions: compiled.actions,
      assertions: { doubleLock: 'a thread locks L twice', notOwner: 'a thread unlocks L it does not hold' },
      terminal: compiled.terminal,
      deadlockDoc: 'A holds L and waits on S while B waits for L',
      display: compiled.display,
      // The lock and wait steps come from the primitives, which fill in who waits on what by themselves.
      explain: compiled.explain,
    };
  },
});
