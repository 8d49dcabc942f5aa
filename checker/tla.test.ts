import { action, buildModel, check, defineModel, div, KnobSpecs, ModelDefinition, mod, resolveKnobs } from './index';

describe('TLA+ integer operators', () => {
  test('mod is non-negative for a positive divisor, unlike %', () => {
    // TLA+ Integers: -1 % 3 = 2; JavaScript: -1 % 3 = -1.
    expect(-1 % 3).toBe(-1);
    expect(mod(-1, 3)).toBe(2);
    expect(mod(7, 3)).toBe(1);
    expect(mod(-6, 3)).toBe(0);
  });

  test('div rounds down and satisfies a = b * div(a, b) + mod(a, b)', () => {
    for (let a = -7; a <= 7; a++) {
      for (const b of [1, 2, 3, 5]) {
        expect(b * div(a, b) + mod(a, b)).toBe(a);
        expect(mod(a, b)).toBeGreaterThanOrEqual(0);
        expect(mod(a, b)).toBeLessThan(b);
      }
    }
    expect(div(-1, 3)).toBe(-1);
  });

  test('a divisor that is not positive throws', () => {
    expect(() => mod(1, 0)).toThrow(RangeError);
    expect(() => mod(1, -2)).toThrow(/positive divisor/);
    expect(() => div(1, 0)).toThrow(RangeError);
    expect(() => mod(1.5, 2)).toThrow(RangeError);
  });

  test('inside an action it is IL101 naming the model, the action and the state', async () => {
    const def = defineModel({
      name: 'test/mod',
      build: (_k, v) => {
        const x = v.scalar('x', v.int(0, 3));
        return { init: () => {}, actions: [action('Wrap', null, (s) => s.set(x, mod(s.get(x) + 1, s.get(x))))] };
      },
    }) as ModelDefinition<KnobSpecs>;
    const r = await check(buildModel(def, resolveKnobs(def)));
    expect(r.verdict).toBe('model-error');
    expect(r.error!.code).toBe('IL101');
    expect(r.error!.message).toBe("model 'test/mod': action 'Wrap' threw: mod(1, 0): TLA+ % needs integers and a positive divisor. State: {\"x\":0}");
  });
});
