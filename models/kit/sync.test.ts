/**
 * The blocking primitives of models/kit/sync.ts: join, QemuCond (with and
 * without spurious wake-ups), QemuEvent; each blocked thread appears in the
 * wait-for edges of a deadlock without the model writing any. Counts are
 * engine results of the small models below.
 */
import { boolKnob, buildModel, check, defineModel, explainTrace, resolveKnobs, type KnobSpecs, type ModelDefinition } from '../../checker';
import { canJoin, canJoinOrFail, join, joinWaitsFor, Mutex, QemuCond, QemuEvent, ThreadKit } from '.';

function model(def: ModelDefinition<KnobSpecs>, set: Record<string, unknown> = {}) {
  return buildModel(def, resolveKnobs(def, { set }));
}
function run(def: ModelDefinition<KnobSpecs>, set: Record<string, unknown> = {}) {
  return check(model(def, set), { continue: true });
}

/**
 * A waiter checks `ready` under the mutex and waits on the cond while it is
 * false; the signaller sets ready and signals (with `signal_first`, it
 * signals before setting ready and without the mutex: the signal is lost).
 * The waiter then sets an event that `main` waits for before joining both.
 */
const condModel = defineModel({
  name: 'test/cond',
  knobs: { signal_first: boolKnob(false), spurious: boolKnob(false), join_unstarted: boolKnob(false) },
  build: ({ signal_first, spurious, join_unstarted }, v) => {
    const kit = new ThreadKit(v);
    const m = new Mutex(v, 'm', ['waiter', 'signaller']);
    const cond = new QemuCond(v, 'cond', m, ['waiter'], spurious);
    const ev = new QemuEvent(v, 'ev', 'waiter');
    const ready = v.scalar('ready', v.bool());
    const waiter = kit.declare({
      name: 'waiter', entry: 'lock', running: false,
      steps: (t) => [
        { at: 'lock', source: 'qemu_mutex_lock(m)', when: (s) => m.isFree(s), waitsFor: m.waitsFor(), next: 'check', run: (s) => m.lock(s, t, 'doubleLock') },
        { at: 'check', name: 'wait', source: 'while (!ready) qemu_cond_wait(cond, m)', when: (s) => !s.get(ready), next: 'woken', run: (s) => cond.enterWait(s, t) },
        { at: 'check', name: 'go', source: 'ready', when: (s) => s.get(ready), run: (s) => { m.unlock(s, t, 'notOwner'); ev.set(s); t.finish(s); } },
        { at: 'woken', source: 'qemu_cond_wait() returns', when: (s) => cond.canWake(s, t), waitsFor: cond.waitsFor(t), next: 'check', run: (s) => cond.wakeUp(s, t) },
      ],
    });
    const signaller = kit.declare({
      name: 'signaller', entry: signal_first ? 'signal' : 'lock', running: false,
      steps: (t) => signal_first
        ? [
            { at: 'signal', source: 'qemu_cond_signal(cond) without the mutex', next: 'set', run: (s) => cond.signal(s) },
            { at: 'set', source: 'ready = true', run: (s) => { s.set(ready, true); t.finish(s); } },
          ]
        : [
            { at: 'lock', source: 'qemu_mutex_lock(m)', when: (s) => m.isFree(s), waitsFor: m.waitsFor(), next: 'set', run: (s) => m.lock(s, t, 'doubleLock') },
            { at: 'set', source: 'ready = true; qemu_cond_signal(cond); qemu_mutex_unlock(m)', run: (s) => { s.set(ready, true); cond.signal(s); m.unlock(s, t, 'notOwner'); t.finish(s); } },
          ],
    });
    kit.declare({
      name: 'main', entry: 'create', running: true,
      steps: (t) => [
        { at: 'create', source: 'qemu_thread_create x2', next: 'event', run: (s) => { waiter.spawn(s); if (!join_unstarted) signaller.spawn(s); } },
        { at: 'event', source: 'qemu_event_wait(ev)', when: (s) => ev.canWait(s) || join_unstarted, waitsFor: ev.waitsFor, next: 'join' },
        { at: 'join', source: 'qemu_thread_join(signaller)', when: (s) => canJoinOrFail(s, signaller), waitsFor: joinWaitsFor(signaller), next: 'join2', run: (s) => join(s, t, signaller) },
        { at: 'join2', source: 'qemu_thread_join(waiter)', when: (s) => canJoin(s, waiter), waitsFor: joinWaitsFor(waiter), run: (s) => { join(s, t, waiter); t.finish(s); } },
      ],
    });
    const c = kit.compile();
    return { init: c.init, actions: c.actions, terminal: c.terminal, explain: c.explain, assertions: { doubleLock: 'double lock', notOwner: 'unlock by non-owner', condWaitUnlocked: 'qemu_cond_wait without the mutex', joinUnstarted: 'join of a thread never created' } };
  },
});

describe('QemuCond, QemuEvent, join', () => {
  it('signal under the mutex after setting the condition: no lost wake-up, even with spurious wake-ups', async () => {
    for (const spurious of [false, true]) {
      const r = await run(condModel as ModelDefinition<KnobSpecs>, { spurious });
      for (const p of r.properties) expect([p.name, p.status]).toEqual([p.name, 'holds']);
    }
  });

  it('a signal sent before the waiter waits is lost: a deadlock whose wait-for graph the primitives fill in', async () => {
    const m = model(condModel as ModelDefinition<KnobSpecs>, { signal_first: true });
    const r = await check(m, { continue: true });
    const p = r.properties.find((x) => x.name === 'deadlock')!;
    expect(p.status).toBe('violated');
    const waits = explainTrace(m, p).waits ?? [];
    expect(waits).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ thread: 'waiter', on: 'cond (qemu_cond_wait: no signal pending)' }),
        expect.objectContaining({ thread: 'main', on: 'ev (qemu_event_wait)', holder: 'waiter' }),
      ]),
    );
  });

  it('joining a thread that was never created is the named assertion joinUnstarted', async () => {
    const r = await run(condModel as ModelDefinition<KnobSpecs>, { join_unstarted: true });
    expect(r.properties.find((x) => x.name === 'joinUnstarted')!.status).toBe('violated');
  });
});

it('qemu_cond_wait without holding the mutex is the named assertion condWaitUnlocked', async () => {
  const def = defineModel({
    name: 'test/cond-unlocked',
    build: (_k, v) => {
      const kit = new ThreadKit(v);
      const m = new Mutex(v, 'm', ['t']);
      const cond = new QemuCond(v, 'cond', m, ['t']);
      kit.declare({ name: 't', entry: 'wait', running: true, steps: (t) => [{ at: 'wait', source: 'qemu_cond_wait(cond, m) without m', run: (s) => { cond.enterWait(s, t); t.finish(s); } }] });
      const c = kit.compile();
      return { init: c.init, actions: c.actions, terminal: c.terminal, assertions: { condWaitUnlocked: 'qemu_cond_wait without the mutex' } };
    },
  });
  const r = await run(def as ModelDefinition<KnobSpecs>);
  const p = r.properties.find((x) => x.name === 'condWaitUnlocked')!;
  expect(p.status).toBe('violated');
  expect(JSON.stringify(p.counterexample!.steps.at(-1))).toContain('waits on cond without holding m');
});

/**
 * Two waiters on one cond and a signaller that sets `ready` once:
 * qemu_cond_broadcast() wakes both; qemu_cond_signal() wakes one, and the
 * other waits for a signal nobody owes (a deadlock whose wait-for edge the
 * cond gives). Verdicts are engine results.
 */
const broadcastModel = defineModel({
  name: 'test/cond-broadcast',
  knobs: { broadcast: boolKnob(true) },
  build: ({ broadcast }, v) => {
    const kit = new ThreadKit(v);
    const m = new Mutex(v, 'm', ['w1', 'w2', 'signaller']);
    const cond = new QemuCond(v, 'cond', m, ['w1', 'w2']);
    const ready = v.scalar('ready', v.bool());
    for (const name of ['w1', 'w2']) {
      kit.declare({
        name, entry: 'lock', running: true,
        steps: (t) => [
          { at: 'lock', source: 'qemu_mutex_lock(m)', when: (s) => m.isFree(s), waitsFor: m.waitsFor(), next: 'check', run: (s) => m.lock(s, t, 'doubleLock') },
          { at: 'check', name: 'wait', source: 'while (!ready) qemu_cond_wait(cond, m)', when: (s) => !s.get(ready), next: 'woken', run: (s) => cond.enterWait(s, t) },
          { at: 'check', name: 'go', source: 'ready', when: (s) => s.get(ready), run: (s) => { m.unlock(s, t, 'notOwner'); t.finish(s); } },
          { at: 'woken', source: 'qemu_cond_wait() returns', when: (s) => cond.canWake(s, t), waitsFor: cond.waitsFor(t), next: 'check', run: (s) => cond.wakeUp(s, t) },
        ],
      });
    }
    kit.declare({
      name: 'signaller', entry: 'lock', running: true,
      steps: (t) => [
        { at: 'lock', source: 'qemu_mutex_lock(m)', when: (s) => m.isFree(s), waitsFor: m.waitsFor(), next: 'set', run: (s) => m.lock(s, t, 'doubleLock') },
        { at: 'set', source: broadcast ? 'ready = true; qemu_cond_broadcast(cond)' : 'ready = true; qemu_cond_signal(cond)', run: (s) => { s.set(ready, true); if (broadcast) cond.broadcast(s); else cond.signal(s); m.unlock(s, t, 'notOwner'); t.finish(s); } },
      ],
    });
    const c = kit.compile();
    return { init: c.init, actions: c.actions, terminal: c.terminal, explain: c.explain, assertions: { doubleLock: 'double lock', notOwner: 'unlock by non-owner', condWaitUnlocked: 'qemu_cond_wait without the mutex' } };
  },
});

describe('qemu_cond_broadcast and qemu_cond_signal', () => {
  it('broadcast wakes every waiter: no deadlock', async () => {
    const r = await run(broadcastModel as ModelDefinition<KnobSpecs>);
    for (const p of r.properties) expect([p.name, p.status]).toEqual([p.name, 'holds']);
  });

  it('signal wakes one: the other waits on the cond for ever, and its wait-for edge says so', async () => {
    const m = model(broadcastModel as ModelDefinition<KnobSpecs>, { broadcast: false });
    const r = await check(m, { continue: true });
    const p = r.properties.find((x) => x.name === 'deadlock')!;
    expect(p.status).toBe('violated');
    expect(explainTrace(m, p).waits!.map((w) => [w.thread, w.on])).toEqual([['w2', 'cond (qemu_cond_wait: no signal pending)']]);
  });
});
