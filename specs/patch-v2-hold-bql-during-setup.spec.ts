/**
 * Regression spec: P2 of the commit history (docs/models/qemu-grounding.md#commits-and-presets) (unmerged posting): the BQL held for all setup; the multifd hang.
 * Expectations are engine results; re-check with: npx interleave regress patch-v2-hold-bql-during-setup
 */
import { defineSpec } from '../checker';
import { allHold, HANG, hangLength, violatedOnly } from './expect';
import { multifd, precopy, snapshotMain, snapshotVcpu } from './scenarios';

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
    snapshotVcpu(allHold),
    snapshotMain(allHold),
    multifd(violatedOnly(...HANG), { completes: false, length: hangLength(9) }),
    multifd(violatedOnly(...HANG), { completes: false, channels: 2, length: hangLength(10) }),
    multifd(violatedOnly(...HANG), { completes: false, tls: true, length: hangLength(9) }),
    multifd(violatedOnly(...HANG), { completes: false, channels: 2, tls: true, length: hangLength(10) }),
    precopy(allHold),
  ],
});
