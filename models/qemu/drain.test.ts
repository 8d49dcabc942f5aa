/**
 * Drained sections (models/qemu/drain.ts): a drain in the main thread and a
 * worker that submits and completes requests. Once bdrv_drained_begin()
 * returns, no request is in flight until bdrv_drained_end(); a request that
 * arrives meanwhile waits (with its own wait-for edge). Checking "drained"
 * and counting the request in two steps (`split_submit`) breaks this, as
 * the invariant's counterexample shows. Verdicts are engine results.
 */
import { boolKnob, buildModel, check, defineModel, explainTrace, resolveKnobs, type KnobSpecs, type ModelDefinition, type StateView } from '../../checker';
import { ThreadKit } from '../kit';
import { AioContexts, aioPollProc, AioWait } from './aio';
import { DrainSection, drainedBeginProcs } from './drain';

const drainModel = defineModel({
  name: 'test/drain',
  knobs: { split_submit: boolKnob(false), no_end: boolKnob(false) },
  build: ({ split_submit, no_end }, v) => {
    const threads = ['main', 'worker'];
    const main = new AioContexts(v, [{ name: 'main', home: 'main', bhs: ['dummy_bh_cb'] }], threads).get('main');
    const wait = new AioWait(v, main);
    const bs = new DrainSection(v, 'bs', { maxInFlight: 2 });
    const poll = aioPollProc(main, { bhs: { dummy_bh_cb: { source: 'util/aio-wait.c dummy_bh_cb()', run: () => {} } } });
    const [begin, waitProc] = drainedBeginProcs(bs, wait, { pollProc: () => poll.name, inMain: () => true, caller: 'blockdev.c qmp_transaction()' });
    const kit = new ThreadKit(v);
    kit.declare({
      name: 'main',
      entry: 'drain',
      running: true,
      procs: [begin, waitProc, poll],
      steps: (t) => [
        { at: 'drain', source: 'bdrv_drained_begin(bs)', run: (s) => t.call(s, begin.name, 'drained') },
        { at: 'drained', source: 'the drained section: no request may be in flight', next: 'end' },
        { at: 'end', source: no_end ? 'the section never ends (a missing bdrv_drained_end)' : 'bdrv_drained_end(bs)', run: (s) => { if (!no_end) bs.end(s); t.finish(s); } },
      ],
    });
    kit.declare({
      name: 'worker',
      entry: 'submit',
      running: true,
      steps: (t) => [
        ...(split_submit
          ? [
              { at: 'submit', source: 'the request sees the node not drained', when: (s: StateView) => !bs.isDrained(s), next: 'count' },
              { at: 'count', source: 'then counts itself in flight', next: 'complete', run: (s: StateView) => s.set(bs.inFlight, s.get(bs.inFlight) + 1) },
            ]
          : [bs.submitStep({ at: 'submit', next: 'complete', source: 'blk_co_preadv(): blk_inc_in_flight(); blk_wait_while_drained()' })]),
        bs.completeStep(t, wait, { at: 'complete', source: 'bdrv_dec_in_flight(): in_flight--; aio_wait_kick()', run: (s) => t.finish(s) }),
      ],
    });
    const c = kit.compile();
    return {
      init: c.init,
      actions: c.actions,
      terminal: c.terminal,
      explain: c.explain,
      invariants: { DrainedMeansIdle: (s) => !kit.all[0]!.isAt(s, 'drained') || s.get(bs.inFlight) === 0 },
      assertions: { aioPollNotHome: 'aio_poll outside home', aioWaitNotMain: 'AIO_WAIT_WHILE not in main' },
    };
  },
}) as ModelDefinition<KnobSpecs>;

const run = (set: Record<string, unknown> = {}) => check(buildModel(drainModel, resolveKnobs(drainModel, { set })), { continue: true });

describe('drained sections', () => {
  it('a request arriving in a section that never ends waits for ever, and says on what', async () => {
    const m = buildModel(drainModel, resolveKnobs(drainModel, { set: { no_end: true } }));
    const r = await check(m, { continue: true });
    const p = r.properties.find((x) => x.name === 'deadlock')!;
    expect(p.status).toBe('violated');
    expect(explainTrace(m, p).waits!.map((w) => [w.thread, w.on])).toEqual([['worker', 'bs drained (blk_wait_while_drained)']]);
  });

  it('no request is in flight inside the section, and every run ends', async () => {
    const r = await run();
    expect(r.properties.map((p) => [p.name, p.status])).toEqual([
      ['DrainedMeansIdle', 'holds'],
      ['aioPollNotHome', 'holds'],
      ['aioWaitNotMain', 'holds'],
      ['deadlock', 'holds'],
    ]);
    const fired = (a: string) => r.coverage?.find((c: { action: string; fired: number }) => c.action === a)?.fired ?? 0;
    // Some run of the drain had to poll for a request in flight.
    expect(fired('main:drained_begin.poll.poll')).toBeGreaterThan(0);
  });

  it('checking "drained" and counting the request in two steps lets a request run inside the section', async () => {
    const r = await run({ split_submit: true });
    const p = r.properties.find((x) => x.name === 'DrainedMeansIdle')!;
    expect(p.status).toBe('violated');
    expect(p.counterexample!.steps.slice(1).map((s) => s.action)).toEqual(['main:drain', 'worker:submit', 'main:drained_begin.enter', 'main:drained_begin.poll.enter', 'main:drained_begin.poll.done', 'main:drained_begin.quiescent', 'worker:count']);
  });
});
