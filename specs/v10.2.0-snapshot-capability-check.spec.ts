/**
 * Regression spec: R7 of QEMU-MODEL.md section 2: save_snapshot() rejects the multifd capability (hash not found; the PULL posting is used).
 * Expectations are engine results; re-check with: npx interleave regress v10.2.0-snapshot-capability-check
 */
import { defineSpec } from '../checker';
import { allHold } from './expect';
import { multifd, snapshotVcpu } from './scenarios';

export default defineSpec({
  commit: '20251103210625.3689448-2-peterx@redhat.com',
  title: 'migration/savevm: Add a compatibility check for capabilities',
  date: '2025-11-03',
  link: 'https://lore.kernel.org/qemu-devel/20251103210625.3689448-2-peterx@redhat.com/',
  story:
    'QEMU 10.2 makes save_snapshot() and load_snapshot() refuse the multifd and mapped-ram capabilities (Fabiano Rosas; pulled by Peter Xu; issue 2881). ' +
    'The snapshot-with-multifd configurations that assert in v9.1 to v10.1 become unreachable: the snapshot is rejected before setup, and every property holds.',
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
