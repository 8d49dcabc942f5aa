import { defineModel, eventually } from 'interleave';
import { Mutex, ThreadKit } from 'interleave/kit';
import { Bql } from 'interleave/qemu';

export default defineModel({
  name: 'user/bql-pair',
  build: (_k, v) => {
    const bql = new Bql(v, ['main', 'worker'], 'main');
    const m = new Mutex(v, 'm', ['main', 'worker']);
    const kit = new ThreadKit(v);
    const worker = kit.declare({
      name: 'worker',
      entry: 'lock',
      running: true,
      steps: (t) => [
        { at: 'lock', source: 'worker.c:1 qemu_mutex_lock(&m)', when: (s) => m.isFree(s), next: 'bql', run: (s) => m.lock(s, t, 'doubleLock') },
        { at: 'bql', source: 'worker.c:2 bql_lock()', when: (s) => bql.isFree(s), waitsFor: bql.waitsFor, next: 'end', run: (s) => bql.lock(s, t) },
        { at: 'end', source: 'worker.c:3 bql_unlock(); qemu_mutex_unlock(&m)', run: (s) => { bql.unlock(s, t); m.unlock(s, t, 'notOwner'); t.finish(s); } },
      ],
    });
    kit.declare({
      name: 'main',
      entry: 'unlock',
      running: true,
      steps: (t) => [{ at: 'unlock', source: 'main.c:1 bql_unlock()', run: (s) => { bql.unlock(s, t); t.finish(s); } }],
    });
    const c = kit.compile();
    return {
      init: (s) => { c.init(s); bql.init(s); },
      actions: c.actions,
      assertions: { doubleLock: 'locks m twice', notOwner: 'unlocks m it does not hold', I3b: 'BQL double lock', I3c: 'BQL unlock by non-owner' },
      liveness: { WorkerDone: eventually((s) => worker.isAt(s, 'done')) },
      fairness: c.fairness,
      terminal: c.terminal,
      explain: c.explain,
    };
  },
});
