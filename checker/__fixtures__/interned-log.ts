/**
 * A model with an interned `value` variable, for the workers' tests: a log
 * (an Immutable List) to which four writers append their number until it
 * holds `len` entries, 4^len states on the last level. A value's id is the
 * order in which the coordinator interned it (intern.ts): workers meet most
 * values before it does.
 */
import { List } from 'immutable';
import { action, defineModel, intKnob } from '..';

export default defineModel({
  name: 'fixtures/interned-log',
  knobs: { len: intKnob(1, 9, 7, 'entries the log grows to') },
  build: ({ len }, v) => {
    const log = v.value('log', List<number>());
    return {
      init: () => {},
      actions: [0, 1, 2, 3].map((k) => action(`Append(${k})`, (s) => s.get(log).size < len, (s) => s.set(log, s.get(log).push(k)))),
      terminal: (s) => s.get(log).size === len,
    };
  },
});
