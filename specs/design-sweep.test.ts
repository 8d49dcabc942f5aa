/**
 * The design-space sweeps of docs/sweep.md: which placements of the BQL in
 * QEMU's setup path are safe, starting from the v8.1.0 preset. One sweep runs
 * a snapshot on a vCPU (scenario S1) over snap_unlock_setup × cb_lock ×
 * multifd_sync_unlock; the other a multifd migration (one channel) over
 * mig_lock_setup × cb_lock × multifd_sync_unlock. The rows pinned here are
 * the ones the patch review argued about (v1's conditional locking, v2's BQL
 * for all setup, v3's unlocked multifd sync) and the naive fix.
 */
import { resolveAxes, runSweep, type KnobSpecs, type ModelDefinition, type SweepResult, type SweepRow } from '../checker';
import { formatSweep } from '../cli/sweep';
import { findModel } from '../models';

const def = findModel('qemu/setup') as ModelDefinition<KnobSpecs>;

function sweep(knobs: string[], set: Record<string, string>): Promise<SweepResult> {
  return runSweep(def, { axes: resolveAxes(def, knobs), preset: 'v8.1.0', set });
}

/** The row with these knob values; its violated properties (empty when safe). */
function violated(r: SweepResult, knobs: Record<string, string | boolean>): string[] {
  const row = r.rows.find((x: SweepRow) => Object.entries(knobs).every(([k, v]) => x.knobs[k] === v));
  if (!row) throw new Error(`no row ${JSON.stringify(knobs)}`);
  expect(row.safe).toBe(Object.values(row.statuses).every((s) => s === 'holds'));
  return Object.entries(row.statuses)
    .filter(([, s]) => s === 'violated')
    .map(([p]) => p)
    .sort();
}

describe('sweep: a snapshot on a vCPU (S1) over snap_unlock_setup × cb_lock × multifd_sync_unlock', () => {
  let r: SweepResult;
  beforeAll(async () => {
    r = await sweep(['snap_unlock_setup', 'cb_lock', 'multifd_sync_unlock'], { scenario: 'S1' });
  });

  it('has one row per combination and four safe ones', () => {
    expect(r.rows).toHaveLength(12);
    expect(r.rows.filter((x) => x.safe).map((x) => x.knobs)).toEqual([
      { snap_unlock_setup: false, cb_lock: 'none', multifd_sync_unlock: false },
      { snap_unlock_setup: false, cb_lock: 'none', multifd_sync_unlock: true },
      { snap_unlock_setup: false, cb_lock: 'if_unlocked', multifd_sync_unlock: false },
      { snap_unlock_setup: false, cb_lock: 'if_unlocked', multifd_sync_unlock: true },
    ]);
  });

  it('v8.1.0 (unlock around setup, callbacks lock) violates the AIO_WAIT_WHILE assertion I1 in 14 steps', () => {
    expect(violated(r, { snap_unlock_setup: true, cb_lock: 'always', multifd_sync_unlock: false })).toEqual(['I1']);
    expect(r.rows.find((x) => x.knobs.snap_unlock_setup === true && x.knobs.cb_lock === 'always' && x.knobs.multifd_sync_unlock === false)!.lengths.I1).toBe(14);
  });

  it('patch v1 (keep the BQL, conditional locking in the callbacks) is safe', () => {
    expect(violated(r, { snap_unlock_setup: false, cb_lock: 'if_unlocked', multifd_sync_unlock: false })).toEqual([]);
  });

  it('patch v2 and v3 (keep the BQL, callbacks do not lock) are safe for the snapshot', () => {
    expect(violated(r, { snap_unlock_setup: false, cb_lock: 'none', multifd_sync_unlock: false })).toEqual([]);
    expect(violated(r, { snap_unlock_setup: false, cb_lock: 'none', multifd_sync_unlock: true })).toEqual([]);
  });

  it('the naive fix (keep the BQL, callbacks still lock) double-locks (I3b)', () => {
    expect(violated(r, { snap_unlock_setup: false, cb_lock: 'always', multifd_sync_unlock: false })).toEqual(['I3b']);
  });

  it("v3's unlock after v8.1.0's unlock releases a BQL the vCPU no longer holds (I3c)", () => {
    expect(violated(r, { snap_unlock_setup: true, cb_lock: 'always', multifd_sync_unlock: true })).toEqual(['I3c']);
  });

  it('prints the matrix with the safe rows marked', () => {
    const text = formatSweep(r);
    expect(text).toMatch(/\nyes +false +if_unlocked +false +holds/);
    expect(text).toMatch(/\n +true +always +false +holds +holds +VIOLATED \(14\)/);
    expect(text).toContain('4 of 12 combinations are safe for every property');
  });
});

describe('sweep: a multifd migration (1 channel) over mig_lock_setup × cb_lock × multifd_sync_unlock', () => {
  let r: SweepResult;
  beforeAll(async () => {
    r = await sweep(['mig_lock_setup', 'cb_lock', 'multifd_sync_unlock'], { snapshot: 'none', migration: 'precopy', multifd: 'true' });
  });

  it('v8.1.0 (migration thread unlocked, callbacks lock) and patch v1 are safe', () => {
    expect(violated(r, { mig_lock_setup: false, cb_lock: 'always', multifd_sync_unlock: false })).toEqual([]);
    expect(violated(r, { mig_lock_setup: false, cb_lock: 'if_unlocked', multifd_sync_unlock: false })).toEqual([]);
  });

  it('patch v2 (BQL for all setup, multifd sync under the BQL) deadlocks in 9 steps', () => {
    expect(violated(r, { mig_lock_setup: true, cb_lock: 'none', multifd_sync_unlock: false })).toEqual(['MainLoopProgress', 'SetupCompletes', 'deadlock']); // a hang: docs/liveness.md
    expect(r.rows.find((x) => x.knobs.mig_lock_setup === true && x.knobs.cb_lock === 'none' && x.knobs.multifd_sync_unlock === false)!.lengths.deadlock).toBe(9);
  });

  it('patch v3 (v2 + unlocked multifd sync) is safe', () => {
    expect(violated(r, { mig_lock_setup: true, cb_lock: 'none', multifd_sync_unlock: true })).toEqual([]);
  });

  it('conditional locking does not save a locked migration thread from the hang', () => {
    expect(violated(r, { mig_lock_setup: true, cb_lock: 'if_unlocked', multifd_sync_unlock: false })).toEqual(['MainLoopProgress', 'SetupCompletes', 'deadlock']); // a hang: docs/liveness.md
  });

  it('callbacks that do not lock need a locked caller (I6), and the unlocked sync needs one too (I3c)', () => {
    expect(violated(r, { mig_lock_setup: false, cb_lock: 'none', multifd_sync_unlock: false })).toEqual(['I6']);
    expect(violated(r, { mig_lock_setup: false, cb_lock: 'always', multifd_sync_unlock: true })).toEqual(['I3c']);
    expect(violated(r, { mig_lock_setup: true, cb_lock: 'always', multifd_sync_unlock: false })).toEqual(['I3b']);
  });

  it('has exactly the four safe rows of v8.1.0, v1, v3 and v3 with conditional locking', () => {
    expect(r.rows.filter((x) => x.safe).map((x) => x.knobs)).toEqual([
      { mig_lock_setup: false, cb_lock: 'always', multifd_sync_unlock: false },
      { mig_lock_setup: false, cb_lock: 'if_unlocked', multifd_sync_unlock: false },
      { mig_lock_setup: true, cb_lock: 'none', multifd_sync_unlock: true },
      { mig_lock_setup: true, cb_lock: 'if_unlocked', multifd_sync_unlock: true },
    ]);
  });
});
