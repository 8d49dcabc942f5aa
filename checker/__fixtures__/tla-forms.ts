/**
 * A model for the workers' tests that uses the TLA+ forms whose rules the
 * worker expansion must follow like the sequential engine: a choice action
 * (`chooseFrom`, TLA+ `\E d \in S(state) : ...`), a VIEW, and a refinement
 * (an abstract spec whose Init must hold of every initial state and whose
 * Next must allow every step).
 *
 * x, y and z climb to 15; `aux` (mod 8) is doubled plus one by `Move`, plus
 * one by `IncY`, plus three by `IncZ`, so it depends on the order of the
 * steps: states of one view (`view` leaves aux out) differ in it, also in
 * one BFS level. IncY is disabled at aux = 5, so which of them is expanded
 * (under a view, the first one reached) decides the successors. `Move` adds one
 * of the steps 1, 2, 3 (2 only when y is even) and `jump` (0: none) to x, as
 * a choice action (`choices`) or as plain actions. Invariant `SumBelow` fails
 * at x + y + z = `limit` (0: never). The refinement `Grows` maps a state to
 * sum = x + y + z, which may grow by 1 to 3 per step: x starting at `start`
 * > 0 breaks its Init, a `jump` of 4 or more its Next. Levels reach hundreds
 * of states, so the shared-table levels (level.ts) meet states of one view
 * in several threads.
 */
import { action, boolKnob, chooseFrom, choose, defineModel, intKnob, refinement } from '..';

/** The abstract spec: sum starts at 0 and grows by 1, 2 or 3. */
const Grows = defineModel({
  name: 'fixtures/tla-forms-abstract',
  build: (_k, v) => {
    const sum = v.scalar('sum', v.int(0, 64));
    return {
      init: () => {},
      actions: choose('Grow', [1, 2, 3], (s, d) => s.get(sum) + d <= 64, (s, d) => s.set(sum, s.get(sum) + d)),
    };
  },
});

export default defineModel({
  name: 'fixtures/tla-forms',
  knobs: {
    choices: boolKnob(true, 'Move is one choice action (chooseFrom); false: one plain action per step'),
    view: boolKnob(false, 'states are identified by <<x, y, z>> alone (TLC VIEW)'),
    limit: intKnob(0, 45, 0, 'SumBelow fails at x + y + z = limit (0: never)'),
    jump: intKnob(0, 6, 0, 'one more step Move may take (0: none)'),
    start: intKnob(0, 3, 0, 'the initial x'),
  },
  build: ({ choices, view, limit, jump, start }, v) => {
    const x = v.scalar('x', v.int(0, 15));
    const y = v.scalar('y', v.int(0, 15));
    const z = v.scalar('z', v.int(0, 15));
    const aux = v.scalar('aux', v.int(0, 7));
    const steps = jump === 0 ? [1, 2, 3] : [1, 2, 3, jump];
    const allowed = (s: { get(f: typeof x): number }, d: number) => s.get(x) + d <= 15 && (d !== 2 || s.get(y) % 2 === 0);
    const move = (s: Parameters<Parameters<typeof action>[2]>[0], d: number) => {
      s.set(x, s.get(x) + d);
      s.set(aux, (2 * s.get(aux) + 1) % 8);
    };
    return {
      init: (s) => s.set(x, start),
      actions: [
        ...(choices
          ? [chooseFrom('Move', (s) => steps.filter((d) => allowed(s, d)), move, { label: (d) => `Move(+${d})` })]
          : steps.map((d) => action(`Move(+${d})`, (s) => allowed(s, d), (s) => move(s, d)))),
        action('IncY', (s) => s.get(y) < 15 && s.get(aux) !== 5, (s) => {
          s.set(y, s.get(y) + 1);
          s.set(aux, (s.get(aux) + 1) % 8);
        }),
        action('IncZ', (s) => s.get(z) < 15, (s) => {
          s.set(z, s.get(z) + 1);
          s.set(aux, (s.get(aux) + 3) % 8);
        }),
      ],
      invariants: { SumBelow: { check: (s) => limit === 0 || s.get(x) + s.get(y) + s.get(z) !== limit, doc: 'x + y + z never reaches limit' } },
      refines: { Grows: refinement(Grows, (s) => ({ sum: s.get(x) + s.get(y) + s.get(z) }), { doc: 'sum = x + y + z starts at 0 and grows by 1 to 3' }) },
      checkDeadlock: false,
      ...(view ? { view: [x, y, z] } : {}),
    };
  },
});
