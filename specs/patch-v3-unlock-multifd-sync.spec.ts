/**
 * Regression spec: P3 of the commit history (docs/models/qemu-grounding.md#commits-and-presets) (unmerged posting; v4 is the same code): v2 plus the unlocked multifd sync.
 * Expectations are engine results; re-check with: npx interleave regress patch-v3-unlock-multifd-sync
 */
import { defineSpec } from '../checker';
import { allHold, violatedOnly } from './expect';
import { multifd, precopy, snapshotMain, snapshotVcpu } from './scenarios';

export default defineSpec({
  commit: '20230630141846.802759-1-f.ebner@proxmox.com',
  title: '[PATCH v3] migration: hold the BQL during setup',
  date: '2023-06-30',
  link: 'https://lore.kernel.org/qemu-devel/20230630141846.802759-1-f.ebner@proxmox.com/',
  story:
    'The third posting keeps v2 and drops the BQL around multifd_send_sync_main() in ram_save_setup(), so the main loop can dispatch the channel completions while the migration thread waits: the v2 hang is gone and every scenario holds every property. v4 (20231012103307.371092-1-f.ebner@proxmox.com) re-posts this code. ' +
    'The unlock is unconditional, so a vCPU running the snapshot also drops the BQL there; with two vCPUs a second one can then poll the main context while the first one\'s aio_poll frame is still open, which only the stricter nested I4 reading flags (the finding of docs/models/qemu-setup.md; not a crash).',
  model: 'qemu/setup',
  preset: 'patch-v3',
  scenarios: [
    snapshotVcpu(allHold),
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
  ],
});
