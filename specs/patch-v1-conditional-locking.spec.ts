/**
 * Regression spec: P1 of QEMU-MODEL.md section 2 (unmerged posting): conditional locking in the setup callbacks.
 * Expectations are engine results; re-check with: npx interleave regress patch-v1-conditional-locking
 */
import { defineSpec } from '../checker';
import { allHold } from './expect';

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
    {
      name: 'snapshot-vcpu',
      knobs: { scenario: 'S1' },
      expect: allHold,
      mustFire: ['vcpu0:wrap.run_bh', 'vcpu0:setup.flush', 'vcpu0:snap.complete'],
    },
    {
      name: 'snapshot-vcpu-2vcpus-nested-i4',
      knobs: { scenario: 'S1', vcpus: 2, i4_reading: 'nested' },
      expect: allHold,
      mustFire: ['vcpu1:wrap.aww', 'vcpu0:snap.complete'],
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
      name: 'precopy',
      knobs: { scenario: 'S5' },
      expect: allHold,
      mustFire: ['migration:setup.ram_init', 'migration:setup.flush'],
    },
  ],
});
