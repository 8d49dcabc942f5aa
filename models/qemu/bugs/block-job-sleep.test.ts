/**
 * qemu/block-job-sleep (4afeffc857 and its rework): the "before"
 * counterexample tells the commit's story lane by lane, in QEMU's words, and
 * ends in QEMU's own abort message; the counterfactual fails for the reason
 * the rework gives (two wakers both read busy == false). Step sequences and
 * lengths are engine results, the same the spec pins
 * (specs/4afeffc857-block-job-double-entry.spec.ts); the story was checked
 * by hand against the commit messages (docs/models/qemu-bugs.md).
 */
import { buildModel, check, explainTrace, resolveKnobs } from '../../../checker';
import blockJobSleep from './block-job-sleep';

async function trace(preset: string, property: string) {
  const m = buildModel(blockJobSleep, resolveKnobs(blockJobSleep, { preset }), preset);
  const r = await check(m, { continue: true });
  const p = r.properties.find((x) => x.name === property)!;
  expect(p.status).toBe('violated');
  return explainTrace(m, p);
}

describe('qemu/block-job-sleep', () => {
  it('before: the cancel schedules the sleeping job, then its timer enters it — "Co-routine was already scheduled"', async () => {
    const t = await trace('before', 'coEnterScheduled');
    expect(t.steps.slice(1).map((s) => [s.lane, s.action])).toEqual([
      ['iothread0', 'iothread0:start'],
      ['job', 'job:sleep'],
      ['iothread0', 'iothread0:entered'],
      ['main', 'main:cancel'],
      ['iothread0', 'iothread0:loop.timer'],
    ]);
    expect(t.lanes).toEqual(['job', 'iothread0', 'main']);
    expect(t.steps[2]!.source).toContain('block_job_sleep_ns(): job->busy = false; co_aio_sleep_ns()');
    expect(t.steps[4]!.source).toContain('aio_co_schedule() onto iothread0');
    expect(t.steps[5]!.source).toContain('co_sleep_cb(): aio_co_wake(co)');
    expect(t.steps[5]!.failed?.detail).toContain('"qemu_aio_coroutine_enter: Co-routine was already scheduled in \'aio_co_schedule\'"');
    expect(t.steps[4]!.after).toContain('busy false, cancelled true, sleep_timer armed, job scheduled true');
  });

  it('before, without that abort: the scheduled entry reaches the terminated coroutine (entry after completion)', async () => {
    const t = await trace('before', 'coReentered');
    expect(t.steps.slice(1).map((s) => s.action)).toEqual([
      'iothread0:start',
      'job:sleep',
      'iothread0:entered',
      'iothread0:loop.timer',
      'main:cancel',
      'job:woken',
      'job:cancelled',
      'iothread0:entered',
      'iothread0:poll',
      'iothread0:poll_iothread0.enter',
      'iothread0:poll_iothread0.co_schedule_bh_cb',
      'iothread0:co_schedule_bh_cb_iothread0.enter_job',
    ]);
    expect(t.steps.at(-1)!.frames).toBe('iothread_run > aio_poll > co_schedule_bh_cb');
    expect(t.steps.at(-1)!.failed?.detail).toContain('which has terminated');
  });

  it('unlocked: the timer and the cancel both read busy == false before either sets it', async () => {
    const t = await trace('unlocked', 'coEnterScheduled');
    expect(t.steps.slice(1).map((s) => s.action)).toEqual(['iothread0:start', 'job:sleep', 'iothread0:entered', 'iothread0:loop.timer', 'main:cancel', 'main:cancel_claim', 'iothread0:loop.timer_claim']);
    expect(t.steps[4]!.source).toContain('without the mutex reads job->busy == false');
    expect(t.steps[5]!.source).toContain('without the mutex reads job->busy == false');
  });

  // Terminal states: engine results (1 after 4afeffc857, 2 after the rework: the cancel finds the job either sleeping or already woken by its timer).
  it.each([
    ['after', 1],
    ['rework', 2],
  ] as const)('%s: no double entry, and the cancelled job always finishes', async (preset, terminal) => {
    const m = buildModel(blockJobSleep, resolveKnobs(blockJobSleep, { preset }), preset);
    const r = await check(m, { continue: true });
    for (const p of r.properties) expect([p.name, p.status]).toEqual([p.name, 'holds']);
    expect(r.stats.terminalStates).toBe(terminal);
  });
});
