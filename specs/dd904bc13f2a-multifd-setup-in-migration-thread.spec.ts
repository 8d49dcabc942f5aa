/**
 * Regression spec: R3 of the commit history (docs/models/qemu-grounding.md#commits-and-presets): multifd setup moves into the migration thread.
 * Expectations are engine results; re-check with: npx interleave regress dd904bc13f2a-multifd-setup-in-migration-thread
 */
import { defineSpec } from '../checker';
import { allHold } from './expect';
import { multifd, snapshotVcpu } from './scenarios';

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
    snapshotVcpu(allHold),
    multifd(allHold),
    multifd(allHold, { channels: 2 }),
    multifd(allHold, { tls: true }),
    multifd(allHold, { channels: 2, tls: true }),
  ],
});
