/**
 * Regression spec: H1 of the commit history (docs/models/qemu-grounding.md#commits-and-presets), checked with v8.1 runtime semantics (the preset equals v8.1.0).
 * Expectations are engine results; re-check with: npx interleave regress 9b0950375277-setup-out-of-big-lock
 */
import { defineSpec } from '../checker';
import { allHold, violatedOnly } from './expect';
import { multifd, precopy, snapshotMain, snapshotVcpu } from './scenarios';

export default defineSpec({
  commit: '9b0950375277467fd74a9075624477ae43b9bb22',
  title: 'migration: run setup callbacks out of big lock',
  date: '2013-02-22',
  link: 'https://gitlab.com/qemu-project/qemu/-/commit/9b0950375277467fd74a9075624477ae43b9bb22',
  story:
    'Paolo Bonzini moved the setup callbacks out of the BQL: the migration thread stopped locking around setup, qemu_savevm_state() began to unlock around header and setup, and the RAM and block callbacks took the BQL themselves only around the dirty-log start and bitmap sync. ' +
    'That unlocked window is where the v8.1 assertion later fires: a snapshot BH run by a vCPU inside aio_poll() drops the BQL and then flushes through a coroutine wrapper (I1). ' +
    'The assertion, the generated wrappers and the snapshot-save job did not exist in 2013, so the model checks this commit with v8.1 runtime semantics: latent since H1, enabled later.',
  model: 'qemu/setup',
  preset: '9b0950375277',
  scenarios: [
    snapshotVcpu(violatedOnly('I1'), { completes: false, length: { I1: 14 } }),
    snapshotMain(allHold),
    multifd(allHold),
    precopy(allHold),
  ],
});
