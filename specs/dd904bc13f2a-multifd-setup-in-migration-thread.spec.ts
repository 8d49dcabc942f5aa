/**
 * Regression spec: R3 of QEMU-MODEL.md section 2: multifd setup moves into the migration thread.
 * Expectations are engine results; re-check with: npx interleave regress dd904bc13f2a-multifd-setup-in-migration-thread
 */
import { defineSpec } from '../checker';
import { allHold } from './expect';

export default defineSpec({
  commit: 'dd904bc13f2af0c605c3fe72f118ea4e27a6610c',
  title: 'migration/multifd: Move multifd_send_setup into migration thread',
  date: '2024-02',
  link: 'https://gitlab.com/qemu-project/qemu/-/commit/dd904bc13f2af0c605c3fe72f118ea4e27a6610c',
  story:
    'Fabiano Rosas moved multifd_send_setup() out of migrate_fd_connect() (main thread, BQL held) to the start of the migration thread, before it takes the BQL. ' +
    'With the unlocked multifd sync of the 2023 fix still in place every scenario holds every property; the counterfactual without that unlock (r3-without-multifd-unlock) shows the move alone would not have prevented the hang.',
  model: 'qemu/setup',
  preset: 'dd904bc13f2a',
  scenarios: [
    {
      name: 'snapshot-vcpu',
      knobs: { scenario: 'S1' },
      expect: allHold,
      mustFire: ['vcpu0:wrap.run_bh', 'vcpu0:setup.flush', 'vcpu0:snap.complete'],
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
  ],
});
