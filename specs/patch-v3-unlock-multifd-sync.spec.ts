/**
 * Regression spec: P3 of QEMU-MODEL.md section 2 (unmerged posting; v4 is the same code): v2 plus the unlocked multifd sync.
 * Expectations are engine results; re-check with: npx interleave regress patch-v3-unlock-multifd-sync
 */
import { defineSpec } from '../checker';
import { allHold, violatedOnly } from './expect';

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
    {
      name: 'snapshot-vcpu',
      knobs: { scenario: 'S1' },
      expect: allHold,
      mustFire: ['vcpu0:wrap.run_bh', 'vcpu0:setup.flush', 'vcpu0:snap.complete'],
    },
    {
      name: 'snapshot-vcpu-2vcpus-nested-i4',
      knobs: { scenario: 'S1', vcpus: 2, i4_reading: 'nested' },
      expect: violatedOnly('I4'),
      length: { I4: 15 },
      mustFire: ['vcpu0:setup.sync_unlock', 'vcpu1:wrap.aww'],
    },
    {
      name: 'snapshot-main',
      knobs: { scenario: 'S2' },
      expect: allHold,
      mustFire: ['main:wrap.aww', 'vcpu0:vcpu.park', 'main:setup.ram_init', 'main:snap.complete'],
    },
    {
      name: 'multifd-n1',
      knobs: { scenario: 'S3' },
      expect: allHold,
      mustFire: ['main:main.dispatch_connect0', 'migration:sync.ready0', 'migration:sync.sem_sync0'],
    },
    {
      name: 'multifd-n2',
      knobs: { scenario: 'S3', channels: 2 },
      expect: allHold,
      mustFire: ['main:main.dispatch_connect0', 'migration:sync.ready0', 'migration:sync.sem_sync1'],
    },
    {
      name: 'multifd-tls-n1',
      knobs: { scenario: 'S4' },
      expect: allHold,
      mustFire: ['tls0:tls.handshake_done', 'main:main.dispatch_tls0', 'migration:sync.ready0', 'migration:sync.sem_sync0'],
    },
    {
      name: 'multifd-tls-n2',
      knobs: { scenario: 'S4', channels: 2 },
      expect: allHold,
      mustFire: ['tls0:tls.handshake_done', 'main:main.dispatch_tls0', 'migration:sync.ready0', 'migration:sync.sem_sync1'],
    },
    {
      name: 'precopy',
      knobs: { scenario: 'S5' },
      expect: allHold,
      mustFire: ['migration:setup.ram_init', 'migration:setup.flush'],
    },
  ],
});
