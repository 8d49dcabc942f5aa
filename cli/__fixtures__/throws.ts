// A model whose only action throws: `check` must report a model error (exit 4).
import { action, defineModel } from 'interleave';

export default defineModel({
  name: 'fixtures/throws',
  build: (_k, v) => {
    const x = v.scalar('x', v.int(0, 1));
    return { init: () => {}, actions: [action('Boom', (s) => s.get(x) === 0, () => { throw new Error('boom'); })] };
  },
});
