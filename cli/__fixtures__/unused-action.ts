// A model with an action that can never fire: the human output warns about it.
import { action, defineModel } from 'interleave';

export const model = defineModel({
  name: 'fixtures/unused-action',
  build: (_k, v) => {
    const x = v.scalar('x', v.int(0, 2));
    return {
      init: () => {},
      actions: [
        action('Inc', (s) => s.get(x) < 2, (s) => s.set(x, s.get(x) + 1)),
        action('Never', (s) => s.get(x) > 5, (s) => s.set(x, 0)),
      ],
      terminal: (s) => s.get(x) === 2,
    };
  },
});
