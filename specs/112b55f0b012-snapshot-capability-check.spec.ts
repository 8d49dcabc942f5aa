/**
 * Regression spec: 112b55f0b012 (QEMU 10.2): save_snapshot() rejects the multifd capability.
 * Expectations are engine results; re-check with: npx interleave regress 112b55f0b012-snapshot-capability-check
 */
import { defineSpec } from '../checker';
import { allHold } from './expect';
import { multifd, snapshotVcpu } from './scenarios';

export default defineSpec({
  commit: '112b55f0b012d00a50befc8e1aa4abe350f00b01',
  title: 'migration/savevm: Add a compatibility check for capabilities',
  date: '2025-10-07 (pulled 2025-11-03, first in v10.2.0)',
  link: 'https://gitlab.com/qemu-project/qemu/-/commit/112b55f0b012d00a50befc8e1aa4abe350f00b01',
  story:
    'QEMU 10.2 makes save_snapshot() and load_snapshot() refuse the multifd and mapped-ram capabilities (Fabiano Rosas; pulled by Peter Xu; issue 2881). ' +
    'Its cover letter says that enabling multifd and attempting savevm/loadvm crashes QEMU, and has for many years: the crash the model reports as I8 in every earlier preset. With the check the snapshot is rejected before setup, and every property holds.',
  model: 'qemu/setup',
  preset: 'v10.2.0',
  scenarios: [
    {
      name: 'snapshot-vcpu-multifd',
      knobs: { snapshot: 'vcpu', multifd: true },
      expect: allHold,
      mustFire: ['vcpu0:wrap.run_bh', 'vcpu0:snap.reject'],
    },
    {
      name: 'snapshot-main-multifd',
      knobs: { snapshot: 'main', multifd: true },
      expect: allHold,
      mustFire: ['main:snap.reject'],
    },
    snapshotVcpu(allHold),
    multifd(allHold, { createdWait: true }),
  ],
});
