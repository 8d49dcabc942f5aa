/**
 * Every deadlock of a kit model explains itself: the blocking primitives
 * (mutex, semaphore, join, cond, event, AioContext lock, coroutine entry,
 * CoMutex, CoQueue, aio_poll waiting for a notification) give their
 * wait-for edges, so no model writes its own. Checked on every kit example
 * and every bug model, under each preset (qemu/setup, the large model, has
 * its own explain tests).
 */
import { buildModel, check, explainTrace, resolveKnobs } from '../../checker';
import { MODELS } from '..';

const kitModels = MODELS.filter((m) => (m.name.startsWith('kit/') || m.name.startsWith('qemu/')) && m.name !== 'qemu/setup');
const cases = kitModels.flatMap((m) => [undefined, ...Object.keys(m.presets ?? {})].map((preset) => [m.name, preset ?? '(defaults)', m, preset] as const));

it('covers the kit examples and the bug library', () => {
  expect(kitModels.map((m) => m.name)).toEqual(['kit/locksem', 'kit/mutex', 'kit/spin', 'qemu/notify-me-barrier', 'qemu/aio-wait-kick-barrier', 'qemu/iothread-stop-race', 'qemu/block-job-sleep', 'kit/wakeup']);
});

/** The model/preset pairs that deadlock (engine results; the bug specs pin the same verdicts). */
const DEADLOCKS = ['kit/locksem (defaults)', 'qemu/notify-me-barrier before', 'qemu/aio-wait-kick-barrier before', 'qemu/iothread-stop-race before', 'qemu/iothread-stop-race notify-first'];

it('deadlocks exactly where expected', async () => {
  const found: string[] = [];
  for (const [name, label, def, preset] of cases) {
    const r = await check(buildModel(def, resolveKnobs(def, preset ? { preset } : {}), preset), { continue: true });
    if (r.properties.find((x) => x.name === 'deadlock')?.status === 'violated') found.push(`${name} ${label}`);
  }
  expect(found).toEqual(DEADLOCKS);
});

it.each(cases.filter(([name, label]) => DEADLOCKS.includes(`${name} ${label}`)))('%s %s: the deadlock comes with a wait-for edge for every blocked thread', async (_name, _preset, def, preset) => {
  const m = buildModel(def, resolveKnobs(def, preset ? { preset } : {}), preset);
  const r = await check(m, { continue: true });
  const p = r.properties.find((x) => x.name === 'deadlock')!;
  const t = explainTrace(m, p);
  expect(t.waits!.length).toBeGreaterThan(0);
  const last = t.steps.at(-1)!.state;
  const live = (m.explain!.lanes ?? []).filter((lane) => {
    const pc = last.get(`pc_${lane}`);
    return pc !== 'done' && pc !== 'unborn';
  });
  const daemonIdle = (lane: string) => (m.display as { threads?: Record<string, { daemon: boolean }> } | undefined)?.threads?.[lane]?.daemon === true;
  for (const lane of live.filter((l) => !daemonIdle(l))) expect([lane, t.waits!.some((w) => w.thread === lane)]).toEqual([lane, true]);
});
