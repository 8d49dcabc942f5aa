// A model file in plain JavaScript (CommonJS): `interleave check ./counter.js`.
const { action, defineModel } = require('interleave');

module.exports = defineModel({
  name: 'fixtures/counter-js',
  build: (_k, v) => {
    const x = v.scalar('x', v.int(0, 3));
    return {
      init: () => {},
      actions: [action('Inc', (s) => s.get(x) < 3, (s) => s.set(x, s.get(x) + 1))],
      invariants: { BelowThree: (s) => s.get(x) < 3 },
    };
  },
});
