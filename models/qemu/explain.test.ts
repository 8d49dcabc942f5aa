/**
 * The qemu/setup explain hooks that the pictures are drawn from: frames
 * (which functions a thread is in), the state summary, and the wait-for
 * edges at the patch v2 deadlock.
 */
import { buildModel, check, resolveKnobs } from '../../checker';
import setup from './setup';

async function violation(preset: string, scenario: string, property: string) {
  const model = buildModel(setup, resolveKnobs(setup, { preset, set: { scenario } }), preset);
  const r = await check(model);
  const p = r.properties.find((x) => x.name === property)!;
  expect(p.status).toBe('violated');
  const steps = p.counterexample!.steps;
  return { model, last: steps[steps.length - 1]!.state };
}

describe('qemu/setup explain hooks', () => {
  it('shows the vCPU running the snapshot BH inside blk_pwrite when I1 fails (v8.1.0)', async () => {
    const { model, last } = await violation('v8.1.0', 'S1', 'I1');
    expect(model.explain!.frames!(last)['vcpu0']).toBe('kvm_cpu_exec > bdrv_poll_co > snapshot_save_job_bh > qemu_savevm_state_setup > bdrv_poll_co');
    expect(model.explain!.summary!(last)).toEqual(['BQL: none']);
  });

  it('draws the patch v2 hang as the cycle main -> BQL -> migration -> channels_ready -> main', async () => {
    const { model, last } = await violation('patch-v2', 'S3', 'deadlock');
    const waits = model.explain!.waits!(last);
    expect(waits.map((w) => [w.thread, w.on, w.holder])).toEqual([
      ['main', 'BQL', 'migration'],
      ['vcpu0', 'BQL', 'migration'],
      ['migration', 'channels_ready', 'main'],
    ]);
    expect(waits.find((w) => w.thread === 'migration')!.source).toContain('migration/multifd.c:633');
    expect(model.explain!.summary!(last)).toEqual(['BQL: migration', 'GSources pending: connected0', 'channels_ready=0 p_sem=[1] p_sem_sync=[0]']);
  });
});
