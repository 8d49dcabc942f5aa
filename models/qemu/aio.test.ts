/**
 * The event-loop primitives (models/qemu/aio.ts): misuse caught when the
 * model is built, and the lost wake-up explained in the wait-for edges of
 * the bug models' deadlocks.
 */
import { buildModel, check, defineModel, explainTrace, resolveKnobs, type KnobSpecs, type ModelDefinition } from '../../checker';
import { ThreadKit } from '../kit';
import { findModel } from '..';
import { AioContexts, aioPollProc } from './aio';

function build(def: ModelDefinition<KnobSpecs>, preset?: string) {
  return buildModel(def, resolveKnobs(def, preset ? { preset } : {}));
}

function misuse(body: (v: Parameters<ModelDefinition['build']>[1]) => void) {
  return defineModel({
    name: 'test/misuse',
    build: (_k, v) => {
      body(v);
      const kit = new ThreadKit(v);
      kit.declare({ name: 'main', entry: 'x', running: true, steps: (t) => [{ at: 'x', source: 'x', run: (s) => t.finish(s) }] });
      const c = kit.compile();
      return { init: c.init, actions: c.actions, terminal: c.terminal };
    },
  }) as ModelDefinition<KnobSpecs>;
}

describe('misuse is an error when the model is built', () => {
  it.each([
    ['an unknown context', (v: Parameters<ModelDefinition['build']>[1]) => new AioContexts(v, [{ name: 'main', home: 'main', bhs: [] }], ['main']).get('iothread0'), "unknown AioContext 'iothread0' (declared: main)"],
    ['a home thread that does not exist', (v: Parameters<ModelDefinition['build']>[1]) => new AioContexts(v, [{ name: 'io', home: 'io', bhs: [] }], ['main']), "home thread 'io' is not one of the threads"],
    ['a BH without a handler', (v: Parameters<ModelDefinition['build']>[1]) => aioPollProc(new AioContexts(v, [{ name: 'main', home: 'main', bhs: ['my_bh'] }], ['main']).get('main'), { bhs: {} }), "bottom half 'my_bh' has no handler"],
    ['a handler for a BH the context does not have', (v: Parameters<ModelDefinition['build']>[1]) => aioPollProc(new AioContexts(v, [{ name: 'main', home: 'main', bhs: [] }], ['main']).get('main'), { bhs: { other_bh: { source: 'x', run: () => {} } } }), "'other_bh' is not a bottom half of main"],
  ])('%s: IL120', (_name, body, message) => {
    expect(() => build(misuse(body as (v: Parameters<ModelDefinition['build']>[1]) => void))).toThrow(expect.objectContaining({ code: 'IL120', message: expect.stringContaining(message) }));
  });
});

describe('a lost wake-up explains itself', () => {
  it.each([
    ['qemu/notify-me-barrier', 'main', "aio_notify(main): lost wake-up — worker's aio_notify() for thread_pool_completion_bh read notify_me == 0 before this thread announced itself, so it set no EventNotifier"],
    ['qemu/iothread-stop-race', 'iothread0', "aio_notify(iothread0): lost wake-up — main's aio_notify() read notify_me == 0 before this thread announced itself, so it set no EventNotifier"],
  ])('%s (before)', async (name, thread, on) => {
    const m = build(findModel(name)!, 'before');
    const r = await check(m, { continue: true });
    const p = r.properties.find((x) => x.name === 'deadlock')!;
    expect(p.status).toBe('violated');
    expect(explainTrace(m, p).waits).toEqual(expect.arrayContaining([expect.objectContaining({ thread, on })]));
  });

  it('the drain hang is a wait for a notification that nobody owes (no aio_notify was sent)', async () => {
    const m = build(findModel('qemu/aio-wait-kick-barrier')!, 'before');
    const r = await check(m, { continue: true });
    const p = r.properties.find((x) => x.name === 'deadlock')!;
    expect(explainTrace(m, p).waits).toEqual([expect.objectContaining({ thread: 'main', on: 'aio_notify(main)' })]);
  });
});
