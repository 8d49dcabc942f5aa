/**
 * Misusing a kit primitive is a coded error (IL120 when something undeclared
 * is named, IL121 when a step breaks a primitive's protocol), with a hint and
 * without a stack trace; misuse that QEMU itself catches is a named assertion
 * (tested with its primitive: joinUnstarted and condWaitUnlocked in
 * sync.test.ts, coYieldNoCaller and coReentered in
 * models/qemu/coroutine.test.ts, aioPollNotHome in the bug specs).
 */
import { buildModel, check, defineModel, InterleaveError, resolveKnobs, type ErrorInfo, type KnobSpecs, type ModelDefinition, type Vars } from '../../checker';
import { AioContexts } from '../qemu/aio';
import { Mutex, QemuCond, ThreadKit, type StepDef, type Thread } from '.';

/** A model whose one thread `main` runs `steps`, after `setup` declared the primitives. */
function model(steps: (t: Thread, v: Vars) => StepDef[], setup: (v: Vars) => void = () => {}) {
  return defineModel({
    name: 'test/misuse',
    build: (_k, v) => {
      setup(v);
      const kit = new ThreadKit(v);
      kit.declare({ name: 'main', entry: 'a', running: true, steps: (t) => steps(t, v) });
      const c = kit.compile();
      return { init: c.init, actions: c.actions, terminal: c.terminal };
    },
  }) as ModelDefinition<KnobSpecs>;
}

/** The model error a check ends with (the verdict `model-error`, exit 4). */
async function failure(def: ModelDefinition<KnobSpecs>): Promise<ErrorInfo> {
  const r = await check(buildModel(def, resolveKnobs(def, {})));
  expect(r.verdict).toBe('model-error');
  return r.error!;
}

describe('kit misuse is a coded error', () => {
  it('scheduling a BH on an unknown context: IL120 when the model is built, with the declared contexts', () => {
    const def = model((t) => [{ at: 'a', source: 'x', run: (s) => t.finish(s) }], (v) => new AioContexts(v, [{ name: 'main', home: 'main', bhs: ['my_bh'] }], ['main']).get('iothread0'));
    let err: InterleaveError | undefined;
    try {
      buildModel(def, resolveKnobs(def, {}));
    } catch (e) {
      err = e as InterleaveError;
    }
    expect(err).toBeInstanceOf(InterleaveError);
    expect(err!.code).toBe('IL120');
    expect(err!.exitCode).toBe(4);
    expect(err!.toText()).toContain("error IL120: model 'test/misuse' failed to build: unknown AioContext 'iothread0' (declared: main)");
    expect(err!.toText()).toContain('try: declare it in new AioContexts(v, [...]), or use one of main');
    expect(err!.toText()).not.toMatch(/\n\s+at /);
    // The place named is the model's line that misused the primitive, not the kit's throw.
    expect(err!.message).toMatch(/\(at .*models\/kit\/misuse\.test\.ts:\d+\)$/);
  });

  it('scheduling a BH the context does not list: IL120 when the step runs, with the state', async () => {
    let ctxs!: AioContexts;
    const def = model((t) => [{ at: 'a', source: 'x', run: (s) => { ctxs.get('main').scheduleBh(s, t, 'other_bh'); t.finish(s); } }], (v) => { ctxs = new AioContexts(v, [{ name: 'main', home: 'main', bhs: ['my_bh'] }], ['main']); });
    const err = await failure(def);
    expect(err.code).toBe('IL120');
    expect(err.message).toContain("bottom half 'other_bh' is not one of main_bh's (my_bh)");
    expect(err.message).toContain('State:');
    expect(err.hint).toBe("add 'other_bh' to the context's bhs, or schedule one of my_bh");
  });

  it('waiting on a cond as a thread it was not declared for: IL120 when the model is built', () => {
    const def = model((t, v) => {
      const cond = new QemuCond(v, 'cond', new Mutex(v, 'm', ['main']), ['worker']);
      return [{ at: 'a', source: 'qemu_cond_wait()', waitsFor: cond.waitsFor(t), run: (s) => t.finish(s) }];
    });
    expect(() => buildModel(def, resolveKnobs(def, {}))).toThrow(expect.objectContaining({ code: 'IL120', message: expect.stringContaining("thread 'main' waits on cond but is not one of its declared waiters (worker)") }));
  });

  it('t.ret outside a procedure: IL121, found while exploring', async () => {
    const err = await failure(model((t) => [{ at: 'a', source: 'x', run: (s) => t.ret(s) }]));
    expect(err.code).toBe('IL121');
    expect(err.message).toContain("thread 'main' returns (t.ret) with an empty stack");
    expect(err.hint).toContain('t.finish');
  });

  it('starting a spawn slot twice: IL121', async () => {
    const def = defineModel({
      name: 'test/misuse',
      build: (_k, v) => {
        const kit = new ThreadKit(v);
        const io = kit.declare({ name: 'io', entry: 'x', running: false, steps: (t) => [{ at: 'x', source: 'x', run: (s) => t.finish(s) }] });
        kit.declare({ name: 'main', entry: 'a', running: true, steps: (t) => [{ at: 'a', source: 'qemu_thread_create() twice', run: (s) => { io.spawn(s); io.spawn(s); t.finish(s); } }] });
        const c = kit.compile();
        return { init: c.init, actions: c.actions, terminal: c.terminal };
      },
    }) as ModelDefinition<KnobSpecs>;
    const err = await failure(def);
    expect(err.code).toBe('IL121');
    expect(err.message).toContain("spawn of 'io', which is already x: a slot starts once");
  });

  it('calling a procedure the thread does not declare: IL120', async () => {
    const err = await failure(model((t) => [{ at: 'a', source: 'x', run: (s) => t.call(s, 'aio_poll', 'a') }]));
    expect(err.code).toBe('IL120');
    expect(err.message).toContain("thread 'main' does not declare procedure 'aio_poll'");
  });
});
