/**
 * Regression spec: Counterfactual of the commit history (docs/models/qemu-grounding.md#commits-and-presets), R3: dd904bc13f2a with the unlock around the multifd sync removed.
 * Expectations are engine results; re-check with: npx interleave regress r3-without-multifd-unlock
 */
import { defineSpec } from '../checker';
import { HANG, hangLength, violatedOnly } from './expect';
import { multifd } from './scenarios';

export default defineSpec({
  commit: 'r3-without-multifd-unlock',
  title: 'Counterfactual: dd904bc13f2a without the unlock around multifd_send_sync_main()',
  date: '2024-02',
  link: 'https://gitlab.com/qemu-project/qemu/-/commit/dd904bc13f2af0c605c3fe72f118ea4e27a6610c',
  story:
    'Would moving multifd setup into the migration thread (R3) have fixed the v2 hang on its own? No: nothing waits for the connect completions before the migration thread takes the BQL for setup, so with the BQL held across multifd_send_sync_main() the main loop still cannot create the send threads and the migration thread waits forever (deadlock, 10 steps with one channel, 11 with two), as the earlier reading predicted.',
  model: 'qemu/setup',
  preset: 'dd904bc13f2a',
  scenarios: [
    multifd(violatedOnly(...HANG), { completes: false, length: hangLength(10), knobs: { multifd_sync_unlock: false } }),
    multifd(violatedOnly(...HANG), { completes: false, channels: 2, length: hangLength(11), knobs: { multifd_sync_unlock: false } }),
    multifd(violatedOnly(...HANG), { completes: false, tls: true, length: hangLength(10), knobs: { multifd_sync_unlock: false } }),
    multifd(violatedOnly(...HANG), { completes: false, channels: 2, tls: true, length: hangLength(11), knobs: { multifd_sync_unlock: false } }),
  ],
});
