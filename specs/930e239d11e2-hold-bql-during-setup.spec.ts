/**
 * Regression spec: M of the commit history (docs/models/qemu-grounding.md#commits-and-presets): the merged fix (patch v5, 20231013105839.415989-1-f.ebner@proxmox.com).
 * Expectations are engine results; re-check with: npx interleave regress 930e239d11e2-hold-bql-during-setup
 */
import { defineSpec } from '../checker';
import { allHold, violatedOnly } from './expect';
import { multifd, precopy, snapshotMain, snapshotVcpu } from './scenarios';

export default defineSpec({
  commit: '930e239d11e28a3e8c01bae6c38f8894cfe66eb3',
  title: 'migration: hold the BQL during setup',
  date: '2023-10-13',
  link: 'https://gitlab.com/qemu-project/qemu/-/commit/930e239d11e28a3e8c01bae6c38f8894cfe66eb3',
  story:
    'Merged from v5 (the v3 code with a reworded message) and first released in v8.2.0: snapshots and the migration threads hold the BQL for the whole setup, the callbacks no longer lock, and the multifd sync runs with the BQL dropped. ' +
    'Every property holds in every scenario with I4 read as active, also with two vCPUs and for the bg_snapshot thread. With two vCPUs and the nested I4 reading, the second vCPU polls inside the first one\'s unlocked multifd window (15 steps): the finding of docs/models/qemu-setup.md, pinned here.',
  model: 'qemu/setup',
  preset: '930e239d11e2',
  scenarios: [
    snapshotVcpu(allHold),
    {
      name: 'snapshot-vcpu-2vcpus',
      knobs: { scenario: 'S1', vcpus: 2 },
      expect: allHold,
      mustFire: ['vcpu0:wrap.run_bh', 'vcpu1:wrap.run_bh', 'vcpu1:wrap.aww', 'vcpu0:snap.complete'],
    },
    {
      name: 'snapshot-vcpu-2vcpus-nested-i4',
      knobs: { scenario: 'S1', vcpus: 2, i4_reading: 'nested' },
      expect: violatedOnly('I4'),
      length: { I4: 15 },
      mustFire: ['vcpu0:setup.sync_unlock', 'vcpu1:wrap.aww'],
    },
    snapshotMain(allHold),
    multifd(allHold),
    multifd(allHold, { channels: 2 }),
    multifd(allHold, { tls: true }),
    multifd(allHold, { channels: 2, tls: true }),
    precopy(allHold),
    {
      name: 'bg-snapshot',
      knobs: { migration: 'bg', snapshot: 'none' },
      expect: allHold,
      mustFire: ['bg_snapshot:bg.setup', 'bg_snapshot:setup.ram_init', 'bg_snapshot:setup.sync_unlock'],
    },
  ],
});
