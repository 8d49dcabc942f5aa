/**
 * A lost-wake-up benchmark written with the kit (models/qemu/aio.ts): N
 * thread-pool workers each schedule their completion BH on the main context
 * while `main` runs aio_poll(ctx, true) until all N completions ran. With
 * barrier=false the poller's BH check may run before its notify_me store is
 * visible (the bug of QEMU commit 5710a3e09f9b) and a wake-up can be lost.
 * classic/wakeup is the same model written by hand, action by action: same
 * variables' meaning, same verdicts, same distinct-state counts; the bench
 * compares their speed (docs/benchmarks.md).
 */
import { boolKnob, defineModel, intKnob, type StateView } from '../../../checker';
import { ThreadKit } from '..';
import { AioContexts, aioPollProc } from '../../qemu/aio';

export default defineModel({
  name: 'kit/wakeup',
  description: 'N workers schedule completion BHs on a polling main thread; barrier=false loses wake-ups (written with the kit)',
  knobs: { N: intKnob(1, 12, 3, 'workers'), barrier: boolKnob(true, 'aio_poll orders its notify_me store before the BH check') },
  build: ({ N, barrier }, v) => {
    const workers = Array.from({ length: N }, (_, i) => `w${i}`);
    const bhs = workers.map((w) => `${w}_bh`);
    const ctxs = new AioContexts(v, [{ name: 'main', home: 'main', bhs }], ['main', ...workers]);
    const ctx = ctxs.get('main');
    const done = v.scalar('done', v.int(0, N));
    const kit = new ThreadKit(v);
    const poll = aioPollProc(ctx, { barrier, bhs: Object.fromEntries(bhs.map((b) => [b, { source: `${b}()`, run: (s: StateView) => s.set(done, s.get(done) + 1) }])) });
    kit.declare({
      name: 'main',
      entry: 'loop',
      running: true,
      procs: [poll],
      steps: (t) => [
        { at: 'loop', name: 'poll', source: 'aio_poll(ctx, true) until every request is done', when: (s) => s.get(done) < N, run: (s) => t.call(s, poll.name, 'loop') },
        { at: 'loop', name: 'done', source: 'every request is done', when: (s) => s.get(done) === N, run: (s) => t.finish(s) },
      ],
    });
    workers.forEach((w, i) =>
      kit.declare({
        name: w,
        entry: 'complete',
        running: true,
        steps: (t) => [{ at: 'complete', source: 'worker_thread(): qemu_bh_schedule()', run: (s) => { ctx.scheduleBh(s, t, bhs[i]!); t.finish(s); } }],
      }),
    );
    const c = kit.compile();
    return { init: c.init, actions: c.actions, terminal: c.terminal, display: c.display, explain: c.explain, assertions: { aioPollNotHome: 'aio_poll outside its home thread' } };
  },
});
