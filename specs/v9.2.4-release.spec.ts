/**
 * Regression spec: the QEMU v9.2.4 release. Its ram_save_setup() is R5's (93fa9dc2e052): the multifd
 * sync in the unlocked window takes no QEMUFile and cannot flush (docs/models/qemu-grounding.md#commits-and-presets).
 * Expectations are engine results; re-check with: npx interleave regress v9.2.4-release
 */
import { defineSpec } from '../checker';
import { allHold, violatedOnly } from './expect';
import { multifd, snapshotMultifd, snapshotVcpu } from './scenarios';

export default defineSpec({
  commit: 'v9.2.4',
  title: 'QEMU v9.2.4 release (no flush inside the unlocked window yet; snapshot with multifd crashes)',
  date: '2025',
  link: 'https://gitlab.com/qemu-project/qemu/-/tree/v9.2.4',
  story:
    'In v9.2.x ram_save_setup() calls multifd_ram_flush_and_sync() without a QEMUFile inside the unlocked window and writes RAM_SAVE_FLAG_MULTIFD_FLUSH only after bql_lock(), so the window holds no vmstate write and a vCPU snapshot without multifd holds every property. ' +
    'A snapshot with the multifd capability on still crashes: qemu_savevm_state() never runs multifd setup, and multifd_send_sync_main() dereferences the NULL multifd_send_state (I8), on a vCPU and on the main thread alike; with the earlier no-op reading of that call (snapshot_multifd_sync=noop) every property holds.',
  model: 'qemu/setup',
  preset: 'v9.2.4',
  scenarios: [
    snapshotMultifd('vcpu', violatedOnly('I8'), { length: { I8: 12 } }),
    snapshotMultifd('vcpu', allHold, { noopSync: true, completes: true }),
    snapshotMultifd('main', violatedOnly('I8'), { length: { I8: 10 } }),
    snapshotVcpu(allHold),
    multifd(allHold, { createdWait: true }),
  ],
});
