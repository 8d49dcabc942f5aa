/**
 * Regression spec: H3 of the commit history (docs/models/qemu-grounding.md#commits-and-presets): the fix for H2 (I6 holds again).
 * Expectations are engine results; re-check with: npx interleave regress 4987783400-dirty-log-start-under-bql
 */
import { defineSpec } from '../checker';
import { allHold, violatedOnly } from './expect';
import { multifd, precopy, snapshotMain, snapshotVcpu } from './scenarios';

export default defineSpec({
  commit: '4987783400667147ada01a5bdcce53f11b822888',
  title: 'migration: fix incorrect memory_global_dirty_log_start outside BQL',
  date: '2016-02-15',
  link: 'https://gitlab.com/qemu-project/qemu/-/commit/4987783400667147ada01a5bdcce53f11b822888',
  story:
    'Paolo Bonzini put a BQL section back around memory_global_dirty_log_start() in ram_save_setup() (Fixes: 5b82b703b6); this is the "For memory_global_dirty_log_start below" lock that the 2023 fix deletes again. ' +
    'The dirty-log invariant I6 holds again in every scenario; the H1 assertion on a vCPU-run snapshot (I1) remains.',
  model: 'qemu/setup',
  preset: '4987783400',
  scenarios: [
    snapshotVcpu(violatedOnly('I1'), { completes: false, length: { I1: 14 } }),
    snapshotMain(allHold),
    multifd(allHold),
    precopy(allHold),
  ],
});
