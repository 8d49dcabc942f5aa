/**
 * Peterson's mutual exclusion for two processes, written as a user model file:
 * `npx interleave check docs/examples/peterson.ts`. It imports the engine as
 * 'interleave' like any model file outside this repository would.
 */
import { action, defineModel, boolKnob } from 'interleave';

export default defineModel({
  name: 'examples/peterson',
  description: "Peterson's algorithm for two processes; set broken=true to skip the turn check",
  knobs: { broken: boolKnob(false, 'enter without looking at turn (a bug)') },
  build: ({ broken }, v) => {
    const flag = v.array('flag', 2, v.bool());
    const turn = v.scalar('turn', v.int(0, 1));
    const pc = v.array('pc', 2, v.oneOf('idle', 'setFlag', 'setTurn', 'wait', 'cs'));
    const actions = [0, 1].flatMap((i) => {
      const j = 1 - i;
      const lane = { lane: `P${i}` };
      return [
        action(`Start(${i})`, (s) => s.get(pc, i) === 'idle', (s) => s.set(pc, i, 'setFlag'), lane),
        action(`SetFlag(${i})`, (s) => s.get(pc, i) === 'setFlag', (s) => {
          s.set(flag, i, true);
          s.set(pc, i, 'setTurn');
        }, lane),
        action(`SetTurn(${i})`, (s) => s.get(pc, i) === 'setTurn', (s) => {
          s.set(turn, j);
          s.set(pc, i, 'wait');
        }, lane),
        action(`Enter(${i})`, (s) => s.get(pc, i) === 'wait' && (!s.get(flag, j) || broken || s.get(turn) === i), (s) => s.set(pc, i, 'cs'), lane),
        action(`Exit(${i})`, (s) => s.get(pc, i) === 'cs', (s) => {
          s.set(flag, i, false);
          s.set(pc, i, 'idle');
        }, lane),
      ];
    });
    return {
      init: () => {},
      actions,
      invariants: {
        Mutex: { check: (s) => !(s.get(pc, 0) === 'cs' && s.get(pc, 1) === 'cs'), doc: 'never both in the critical section' },
      },
    };
  },
});
