/**
 * Regression spec: P1 of the commit history (docs/models/qemu-grounding.md#commits-and-presets) (unmerged posting): conditional locking in the setup callbacks.
 * Expectations are engine results; re-check with: npx interleave regress patch-v1-conditional-locking
 */
import { defineSpec } from '../checker';
import { allHold } from './expect';
import { multifd, precopy, snapshotMain, snapshotVcpu } from './scenarios';

export default defineSpec({
  commit: '20230505134652.140884-1-f.ebner@proxmox.com',
  title: '[PATCH] migration: for snapshots, hold the BQL during setup callbacks',
  date: '2023-05-05',
  link: 'https://lore.kernel.org/qemu-devel/20230505134652.140884-1-f.ebner@proxmox.com/',
  story:
    'Fiona Ebner\'s first posting stops qemu_savevm_state() from unlocking and makes the setup callbacks lock only if the calling thread does not already hold the BQL; the migration threads are unchanged. ' +
    'Because qemu_mutex_iothread_locked() is per thread this is correct: every scenario holds every property, including the nested I4 reading with two vCPUs, since nothing drops the BQL inside the snapshot. It was turned down for style (conditional locking), not correctness.',
  model: 'qemu/setup',
  preset: 'patch-v1',
  scenarios: [
    snapshotVcpu(allHold),
    {
      name: 'snapshot-vcpu-2vcpus-nested-i4',
      knobs: { scenario: 'S1', vcpus: 2, i4_reading: 'nested' },
      expect: allHold,
      mustFire: ['vcpu1:wrap.aww', 'vcpu0:snap.complete'],
    },
    snapshotMain(allHold),
    multifd(allHold),
    multifd(allHold, { channels: 2 }),
    multifd(allHold, { tls: true }),
    precopy(allHold),
  ],
});
