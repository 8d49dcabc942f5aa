/**
 * Regression spec: H2 of the commit history (docs/models/qemu-grounding.md#commits-and-presets): the dirty-log start left outside the BQL (I6).
 * Expectations are engine results; re-check with: npx interleave regress 5b82b703b69a-rcu-dirty-memory
 */
import { defineSpec } from '../checker';
import { violatedOnly } from './expect';
import { multifd, precopy, snapshotMain, snapshotVcpu } from './scenarios';

export default defineSpec({
  commit: '5b82b703b69acc67b78b98a5efc897a3912719eb',
  title: 'memory: RCU ram_list.dirty_memory[] for safe RAM hotplug',
  date: '2016-01-25',
  link: 'https://gitlab.com/qemu-project/qemu/-/commit/5b82b703b69acc67b78b98a5efc897a3912719eb',
  story:
    'Stefan Hajnoczi made ram_list.dirty_memory[] RCU-protected and removed the whole BQL section of ram_save_setup(), the one that began with the comment "iothread lock needed for ram_list.dirty_memory[]". ' +
    'That left memory_global_dirty_log_start() in ram_save_setup() running without the BQL on whichever thread ran setup: the migration thread, and a snapshot on the main loop or a vCPU (I6). ' +
    'The snapshot-via-vCPU assertion of H1 (I1) is unchanged.',
  model: 'qemu/setup',
  preset: '5b82b703b69a',
  scenarios: [
    snapshotVcpu(violatedOnly('I1', 'I6'), { completes: false, length: { I6: 11, I1: 14 } }),
    snapshotMain(violatedOnly('I6'), { completes: false, length: { I6: 9 } }),
    // One step shorter than with a lock taken and released around the dirty-log start: the callback takes no BQL at all.
    multifd(violatedOnly('I6'), { completes: false, length: { I6: 4 } }),
    precopy(violatedOnly('I6'), { length: { I6: 4 } }),
  ],
});
