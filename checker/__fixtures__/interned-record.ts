/**
 * A model whose `value` variable holds an Immutable Record, for the workers'
 * tests: a Record's factory belongs to the thread that made it, so it cannot
 * be rebuilt in another one, and `--workers N` reports that (IL015).
 */
import { Record } from 'immutable';
import { action, defineModel, intKnob } from '..';

const Counter = Record({ n: 0 });

export default defineModel({
  name: 'fixtures/interned-record',
  knobs: { upTo: intKnob(1, 100000, 100, 'the counter counts to this') },
  build: ({ upTo }, v) => {
    const c = v.value('c', Counter());
    return {
      init: () => {},
      actions: [action('Inc', (s) => s.get(c).n < upTo, (s) => s.set(c, Counter({ n: s.get(c).n + 1 })))],
      checkDeadlock: false,
    };
  },
});
