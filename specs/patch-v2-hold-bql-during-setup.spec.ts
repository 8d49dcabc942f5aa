/**
 * Regression spec: P2 of QEMU-MODEL.md section 2 (unmerged posting): the BQL held for all setup; the multifd hang.
 * Expectations are engine results; re-check with: npx interleave regress patch-v2-hold-bql-during-setup
 */
import { defineSpec } from '../checker';
import { allHold, violatedOnly } from './expect';

export default defineSpec({
  commit: '20230525164726.45176-1-f.ebner@proxmox.com',
  title: '[PATCH v2] migration: hold the BQL during setup',
  date: '2023-05-25',
  link: 'https://lore.kernel.org/qemu-devel/20230525164726.45176-1-f.ebner@proxmox.com/',
  story:
    'The second posting holds the BQL for every setup: the snapshot keeps it, the migration and bg_snapshot threads take it around header and setup, and the callbacks no longer lock. ' +
    'With multifd the migration thread now waits in multifd_send_sync_main() for channels_ready while holding the BQL, and the main loop cannot take the BQL to dispatch the connect completion that would create the send thread: a deadlock (9 steps with one channel, 10 with two, with or without TLS), Juan Quintela\'s "sometimes it hangs". Snapshots are safe.',
  model: 'qemu/setup',
  preset: 'patch-v2',
  scenarios: [
    {
      name: 'snapshot-vcpu',
      knobs: { scenario: 'S1' },
      expect: allHold,
      mustFire: ['vcpu0:wrap.run_bh', 'vcpu0:setup.flush', 'vcpu0:snap.complete'],
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
      expect: violatedOnly('deadlock'),
      length: { deadlock: 9 },
      mustFire: ['main:main.dispatch_connect0', 'migration:sync.ready0'],
    },
    {
      name: 'multifd-n2',
      knobs: { scenario: 'S3', channels: 2 },
      expect: violatedOnly('deadlock'),
      length: { deadlock: 10 },
      mustFire: ['main:main.dispatch_connect0', 'migration:sync.ready0'],
    },
    {
      name: 'multifd-tls-n1',
      knobs: { scenario: 'S4' },
      expect: violatedOnly('deadlock'),
      length: { deadlock: 9 },
      mustFire: ['tls0:tls.handshake_done', 'main:main.dispatch_tls0', 'migration:sync.ready0'],
    },
    {
      name: 'multifd-tls-n2',
      knobs: { scenario: 'S4', channels: 2 },
      expect: violatedOnly('deadlock'),
      length: { deadlock: 10 },
      mustFire: ['tls0:tls.handshake_done', 'main:main.dispatch_tls0', 'migration:sync.ready0'],
    },
    {
      name: 'precopy',
      knobs: { scenario: 'S5' },
      expect: allHold,
      mustFire: ['migration:setup.ram_init', 'migration:setup.flush'],
    },
  ],
});
