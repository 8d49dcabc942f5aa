/**
 * Two threads share a mutex: each runs `rounds` times lock → critical section
 * (a procedure call, so the kit's call/return is exercised) → unlock.
 * Invariant `Mutex`: never both inside the critical section. No deadlock:
 * both threads finish, which the kit's `terminal` treats as a normal end.
 * Knob `broken` makes unlock forget to release the lock, so the second round
 * blocks: a deadlock (shows that a stuck non-daemon thread is reported).
 *
 * Knob `forever` makes both threads loop for ever, and liveness `Enters(i)`
 * (thread i enters its critical section again and again) then depends on
 * what the model assumes about the mutex: with the kit's default, each
 * thread weakly fair, T0 may starve (its lock step is enabled only in the
 * moments T1 has just unlocked); with `lock_fairness=strong` (the lock step
 * strongly fair: a fair lock) both threads always get in again.
 */
import { alwaysEventually, boolKnob, defineModel, enumKnob, intKnob, type StateView } from '../../../checker';
import { Mutex, ThreadKit, type Thread } from '..';

export default defineModel({
  name: 'kit/mutex',
  description: 'Two threads and a mutex, written with the thread kit',
  knobs: {
    rounds: intKnob(1, 3, 2, 'critical sections per thread'),
    broken: boolKnob(false, 'unlock does not release the mutex'),
    forever: boolKnob(false, 'both threads lock and unlock for ever (rounds is ignored)'),
    lock_fairness: enumKnob(['weak', 'strong'], 'weak', 'taking the mutex: only as fair as the thread (weak), or a fair lock (strong: the lock step is strongly fair)'),
  },
  build: ({ rounds, broken, forever, lock_fairness }, v) => {
    const m = new Mutex(v, 'm', ['T0', 'T1']);
    const left = v.array('left', 2, v.int(0, rounds));
    const kit = new ThreadKit(v);
    const critical = {
      name: 'critical',
      entry: 'cs.enter',
      steps: (t: Thread) => [
        { at: 'cs.enter', source: 'mutex.c:10 critical()', next: 'cs.leave' },
        { at: 'cs.leave', source: 'mutex.c:11 critical()', run: (s: StateView) => t.ret(s) },
      ],
    };
    const threads = [0, 1].map((i) =>
      kit.declare({
        name: `T${i}`,
        entry: 'lock',
        running: true,
        procs: [critical],
        maxDepth: 1,
        steps: (t) => [
          {
            at: 'lock',
            source: 'mutex.c:3 worker() pthread_mutex_lock()',
            when: (s) => m.isFree(s),
            waitsFor: m.waitsFor(),
            ...(lock_fairness === 'strong' ? { fair: 'strong' as const } : {}),
            run: (s) => {
              m.lock(s, t, 'doubleLock');
              t.call(s, 'critical', 'unlock');
            },
          },
          {
            at: 'unlock',
            source: 'mutex.c:5 worker() pthread_mutex_unlock()',
            run: (s) => {
              if (!broken) m.unlock(s, t, 'notOwner');
              if (forever) return t.goto(s, 'lock');
              s.set(left, i, s.get(left, i) - 1);
              if (s.get(left, i) > 0) t.goto(s, 'lock');
              else t.finish(s);
            },
          },
        ],
      }),
    );
    const inCritical = (s: StateView, t: Thread) => t.isAt(s, 'cs.enter') || t.isAt(s, 'cs.leave');
    const compiled = kit.compile();
    return {
      init: (s) => {
        compiled.init(s);
        s.set(left, 0, rounds);
        s.set(left, 1, rounds);
      },
      actions: compiled.actions,
      invariants: {
        Mutex: { check: (s) => !(inCritical(s, threads[0]!) && inCritical(s, threads[1]!)), doc: 'never both in the critical section' },
      },
      assertions: { doubleLock: 'a thread locks m twice', notOwner: 'a thread unlocks m it does not hold' },
      // Only for the endless loop: with a bounded number of rounds every thread finishes and stops entering.
      liveness: forever ? Object.fromEntries(threads.map((t, i) => [`Enters(${i})`, alwaysEventually((s) => inCritical(s, t), `T${i} enters its critical section again and again`)])) : {},
      fairness: compiled.fairness,
      terminal: compiled.terminal,
      display: compiled.display,
    };
  },
});
