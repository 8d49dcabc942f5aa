/**
 * kit/wakeup written by hand: the same N workers, the same aio_poll() steps
 * and the same notify_me / EventNotifier handshake, as plain engine actions
 * on plain variables (no thread kit, no call stack: the poll always returns
 * to the loop). Same verdicts and distinct-state counts as kit/wakeup
 * (models/kit/wakeup.test.ts); the bench compares their speed.
 */
import { action, boolKnob, defineModel, intKnob, type StateView } from '../../checker';

export default defineModel({
  name: 'classic/wakeup',
  description: 'N workers schedule completion BHs on a polling main thread; barrier=false loses wake-ups (written by hand)',
  knobs: { N: intKnob(1, 12, 3, 'workers'), barrier: boolKnob(true, 'aio_poll orders its notify_me store before the BH check') },
  build: ({ N, barrier }, v) => {
    const workers = Array.from({ length: N }, (_, i) => `w${i}`);
    const notifier = v.scalar('notifier', v.bool());
    const notifyMe = v.scalar('notify_me', v.int(0, 1));
    const bh = v.array('bh', N, v.bool());
    const unheard = v.scalar('unheard', v.oneOf('none', ...workers));
    const done = v.scalar('done', v.int(0, N));
    const pc = v.scalar('pc_main', v.oneOf('loop', 'enter', 'check', 'publish', 'wait', 'dispatch', 'done'));
    const pcw = v.array('pc_w', N, v.oneOf('complete', 'done'));
    const anyBh = (s: StateView) => {
      for (let i = 0; i < N; i++) if (s.code(bh, i) !== 0) return true;
      return false;
    };
    const m = { lane: 'main' };
    const accept = (s: StateView) => {
      s.set(notifyMe, s.get(notifyMe) - 1);
      s.set(notifier, false);
      s.set(unheard, 'none');
      s.set(pc, 'dispatch');
    };
    const actions = [
      action('poll', (s) => s.get(pc) === 'loop' && s.get(done) < N, (s) => s.set(pc, 'enter'), m),
      action('finish', (s) => s.get(pc) === 'loop' && s.get(done) === N, (s) => s.set(pc, 'done'), m),
      action('announce', (s) => s.get(pc) === 'enter', (s) => {
        s.set(notifyMe, s.get(notifyMe) + 1);
        s.set(pc, 'check');
      }, m),
      action('check_block', (s) => s.get(pc) === 'check' && !anyBh(s), (s) => s.set(pc, 'wait'), m),
      action('check_pending', (s) => s.get(pc) === 'check' && anyBh(s), accept, m),
      action('wake', (s) => s.get(pc) === 'wait' && s.get(notifier), accept, m),
      action('return', (s) => s.get(pc) === 'dispatch' && !anyBh(s), (s) => s.set(pc, 'loop'), m),
      ...workers.map((_, i) =>
        action(`run_bh(${i})`, (s) => s.get(pc) === 'dispatch' && s.code(bh, i) !== 0, (s) => {
          s.set(bh, i, false);
          s.set(done, s.get(done) + 1);
        }, m),
      ),
      ...workers.map((w, i) =>
        action(`complete(${i})`, (s) => s.code(pcw, i) === 0, (s) => {
          s.set(bh, i, true);
          if (s.get(notifyMe) > 0) {
            s.set(notifier, true);
            s.set(unheard, 'none');
          } else if (!s.get(notifier)) s.set(unheard, w);
          s.set(pcw, i, 'done');
        }, { lane: w }),
      ),
    ];
    if (!barrier) {
      actions.push(action('check_early', (s) => s.get(pc) === 'enter' && !anyBh(s), (s) => s.set(pc, 'publish'), m));
      actions.push(action('publish', (s) => s.get(pc) === 'publish', (s) => {
        s.set(notifyMe, s.get(notifyMe) + 1);
        s.set(pc, 'wait');
      }, m));
    }
    return {
      init: () => {},
      actions,
      terminal: (s) => {
        if (s.get(pc) !== 'done') return false;
        for (let i = 0; i < N; i++) if (s.code(pcw, i) === 0) return false;
        return true;
      },
    };
  },
});
