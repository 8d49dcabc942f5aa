/**
 * Regression spec: e5f14aa5fe7f (QEMU 10.0): the multifd sync of ram_save_setup() writes
 * RAM_SAVE_FLAG_MULTIFD_FLUSH and flushes the QEMUFile inside the window where the BQL is dropped.
 * Expectations are engine results; re-check with: npx interleave regress e5f14aa5fe7f-flush-in-unlocked-window
 */
import { defineSpec } from '../checker';
import { allHold, violatedOnly } from './expect';
import { multifd, snapshotMultifd, snapshotVcpu } from './scenarios';

export default defineSpec({
  commit: 'e5f14aa5fe7f44649f5413558cac81c09d6c7f93',
  title: 'migration/multifd: Unify RAM_SAVE_FLAG_MULTIFD_FLUSH messages',
  date: '2024-12-06 (pulled 2025-01-10, first in v10.0.0)',
  link: 'https://gitlab.com/qemu-project/qemu/-/commit/e5f14aa5fe7f44649f5413558cac81c09d6c7f93',
  story:
    'Peter Xu moved the RAM_SAVE_FLAG_MULTIFD_FLUSH message into multifd_ram_flush_and_sync(QEMUFile *f), which now ends with qemu_fflush(f), and ram_save_setup() calls it between bql_unlock() and bql_lock(). ' +
    'For a snapshot the QEMUFile is the vmstate disk, so a flush there would write through bdrv_writev_vmstate() without the BQL and assert on a vCPU (I1, 14 steps); but a snapshot with multifd crashes first, in multifd_send_sync_main() on the NULL multifd_send_state (I8), so the I1 path is only the what-if of snapshot_multifd_sync=noop. Migration is unaffected.',
  model: 'qemu/setup',
  preset: 'e5f14aa5fe7f',
  scenarios: [
    snapshotMultifd('vcpu', violatedOnly('I8'), { length: { I8: 12 } }),
    snapshotMultifd('vcpu', violatedOnly('I1'), { noopSync: true, length: { I1: 14 } }),
    snapshotMultifd('main', allHold, { noopSync: true, completes: true }),
    snapshotVcpu(allHold),
    multifd(allHold, { createdWait: true }),
  ],
});
