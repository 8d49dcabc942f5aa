/**
 * Bad input and misbehaving models: each case gets a clear error with its
 * code, and the exit code docs/errors.md documents (2 usage, 4 model).
 */
import { Map as IMap } from 'immutable';
import { action, buildModel, check, defineModel, intKnob, enumKnob, boolKnob, resolveKnobs, InterleaveError, ModelDefinition, KnobSpecs } from './index';

function model(build: ModelDefinition<{}>['build']): ModelDefinition<KnobSpecs> {
  return defineModel({ name: 'test/bad', build }) as ModelDefinition<KnobSpecs>;
}

async function checkOf(def: ModelDefinition<KnobSpecs>) {
  return check(buildModel(def, resolveKnobs(def)));
}

describe('knobs', () => {
  const def = defineModel({
    name: 'test/knobs',
    knobs: { N: intKnob(2, 8, 3), fast: boolKnob(false), mode: enumKnob(['a', 'b'] as const, 'a') },
    presets: { small: { doc: 'N=2', knobs: { N: 2 } } },
    build: () => ({ init: () => {}, actions: [] }),
  }) as ModelDefinition<KnobSpecs>;

  it('parses knob settings by kind and applies presets first', () => {
    expect(resolveKnobs(def, { preset: 'small', set: { fast: 'true', mode: 'b' } })).toEqual({ N: 2, fast: true, mode: 'b' });
  });

  it.each([
    [{ N: '9' }, 'IL003', /outside 2\.\.8/],
    [{ N: 'x' }, 'IL003', /not an integer/],
    [{ fast: 'maybe' }, 'IL003', /not a boolean/],
    [{ mode: 'c' }, 'IL003', /not one of a, b/],
    [{ M: '1' }, 'IL002', /no knob 'M'/],
  ])('rejects %j with %s', (set, code, message) => {
    let err: InterleaveError | undefined;
    try {
      resolveKnobs(def, { set });
    } catch (e) {
      err = e as InterleaveError;
    }
    expect(err).toBeInstanceOf(InterleaveError);
    expect(err!.code).toBe(code);
    expect(err!.message).toMatch(message);
    expect(err!.exitCode).toBe(2);
    expect(err!.alternatives!.length).toBeGreaterThan(0);
  });

  it('lists the presets when one is unknown', () => {
    expect(() => resolveKnobs(def, { preset: 'huge' })).toThrow(expect.objectContaining({ code: 'IL005', alternatives: ['small'] }));
  });
});

describe('model errors', () => {
  it('reports an action that throws with the model, action and state (exit 4)', async () => {
    const r = await checkOf(
      model((_k, v) => {
        const x = v.scalar('x', v.int(0, 3));
        return { init: () => {}, actions: [action('Boom', (s) => s.get(x) === 0, () => { throw new Error('kaput'); })] };
      }),
    );
    expect(r.verdict).toBe('model-error');
    expect(r.exitCode).toBe(4);
    expect(r.error!.code).toBe('IL101');
    expect(r.error!.message).toBe("model 'test/bad': action 'Boom' threw: kaput. State: {\"x\":0}");
  });

  it('reports a write outside a variable\'s domain', async () => {
    const r = await checkOf(
      model((_k, v) => {
        const x = v.scalar('x', v.int(0, 2));
        return { init: () => {}, actions: [action('Inc', null, (s) => s.set(x, s.get(x) + 1))] };
      }),
    );
    expect(r.exitCode).toBe(4);
    expect(r.error!.code).toBe('IL102');
    expect(r.error!.message).toContain("action 'Inc': x := 3 is outside its domain 0..2. State: {\"x\":2}");
  });

  it('reports an enum write of an unknown name and an array index out of range', async () => {
    const r = await checkOf(
      model((_k, v) => {
        const pc = v.array('pc', 2, v.oneOf('a', 'b'));
        return { init: () => {}, actions: [action('Bad', null, (s) => s.set(pc, 2, 'a'))] };
      }),
    );
    expect(r.error!.message).toContain('pc: index 2 is outside 0..1');
    const r2 = await checkOf(
      model((_k, v) => {
        const pc = v.array('pc', 2, v.oneOf('a', 'b'));
        return { init: () => {}, actions: [action('Bad', null, (s) => s.set(pc, 1, 'c' as 'a'))] };
      }),
    );
    expect(r2.error!.message).toContain('pc[1] := "c" is outside its domain {a, b}');
  });

  it('catches a non-deterministic action when the counterexample is replayed', async () => {
    let calls = 0;
    const r = await checkOf(
      model((_k, v) => {
        const x = v.scalar('x', v.int(0, 7));
        const y = v.scalar('y', v.int(0, 1000));
        return {
          init: () => {},
          actions: [action('Step', (s) => s.get(x) < 3, (s) => {
            s.set(x, s.get(x) + 1);
            s.set(y, calls++); // depends on something outside the state
          })],
          invariants: { Small: (s) => s.get(x) < 3 },
        };
      }),
    );
    expect(r.verdict).toBe('model-error');
    expect(r.error!.code).toBe('IL103');
    expect(r.error!.message).toMatch(/action 'Step' is not deterministic/);
  });

  it('reports an invariant that throws, and an assertion the model does not declare', async () => {
    const r = await checkOf(
      model((_k, v) => {
        v.scalar('x', v.bool());
        return { init: () => {}, actions: [], invariants: { Bad: () => { throw new Error('no'); } } };
      }),
    );
    expect(r.error!.code).toBe('IL104');
    const r2 = await checkOf(
      model((_k, v) => {
        v.scalar('x', v.bool());
        return { init: () => {}, actions: [action('A', null, (s) => s.assert(false, 'Undeclared'))] };
      }),
    );
    expect(r2.error!.code).toBe('IL105');
    expect(r2.error!.message).toContain("assert() names 'Undeclared'");
  });

  it('refuses plain objects in value variables', async () => {
    const r = await checkOf(
      model((_k, v) => {
        const m = v.value('m', IMap<string, number>());
        return { init: () => {}, actions: [action('A', null, (s) => s.set(m, { a: 1 } as never))] };
      }),
    );
    expect(r.error!.code).toBe('IL107');
  });

  it('refuses a model with two actions of the same name', () => {
    const def = model((_k, v) => {
      v.scalar('x', v.bool());
      return { init: () => {}, actions: [action('A', null, () => {}), action('A', null, () => {})] };
    });
    expect(() => buildModel(def, {})).toThrow(expect.objectContaining({ code: 'IL106' }));
  });
});
