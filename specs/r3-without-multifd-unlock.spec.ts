/**
 * Regression spec: Counterfactual of QEMU-MODEL.md section 2, R3: dd904bc13f2a with the unlock around the multifd sync removed.
 * Expectations are engine results; re-check with: npx interleave regress r3-without-multifd-unlock
 */
import { defineSpec } from '../checker';
import { violatedOnly } from './expect';

export default defineSpec({
  commit: 'r3-without-multifd-unlock',
  title: 'Counterfactual: dd904bc13f2a without the unlock around multifd_send_sync_main()',
  date: '2024-02',
  link: 'https://gitlab.com/qemu-project/qemu/-/commit/dd904bc13f2af0c605c3fe72f118ea4e27a6610c',
  story:
    'Would moving multifd setup into the migration thread (R3) have fixed the v2 hang on its own? No: nothing waits for the connect completions before the migration thread takes the BQL for setup, so with the BQL held across multifd_send_sync_main() the main loop still cannot create the send threads and the migration thread waits forever (deadlock, 10 steps with one channel, 11 with two), as QEMU-MODEL.md predicts.',
  model: 'qemu/setup',
  preset: 'dd904bc13f2a',
  scenarios: [
    {
      name: 'multifd-n1',
      knobs: { scenario: 'S3', multifd_sync_unlock: false },
      expect: violatedOnly('deadlock'),
      length: { deadlock: 10 },
      mustFire: ['main:main.dispatch_connect0', 'migration:sync.ready0'],
    },
    {
      name: 'multifd-n2',
      knobs: { scenario: 'S3', channels: 2, multifd_sync_unlock: false },
      expect: violatedOnly('deadlock'),
      length: { deadlock: 11 },
      mustFire: ['main:main.dispatch_connect0', 'migration:sync.ready0'],
    },
    {
      name: 'multifd-tls-n1',
      knobs: { scenario: 'S4', multifd_sync_unlock: false },
      expect: violatedOnly('deadlock'),
      length: { deadlock: 10 },
      mustFire: ['tls0:tls.handshake_done', 'main:main.dispatch_tls0', 'migration:sync.ready0'],
    },
    {
      name: 'multifd-tls-n2',
      knobs: { scenario: 'S4', channels: 2, multifd_sync_unlock: false },
      expect: violatedOnly('deadlock'),
      length: { deadlock: 11 },
      mustFire: ['tls0:tls.handshake_done', 'main:main.dispatch_tls0', 'migration:sync.ready0'],
    },
  ],
});
