/**
 * Regression spec: Counterfactual of the commit history (docs/models/qemu-grounding.md#commits-and-presets), R5: 93fa9dc2e052 with the unlock around the multifd sync removed.
 * Expectations are engine results; re-check with: npx interleave regress r5-without-multifd-unlock
 */
import { defineSpec } from '../checker';
import { allHold } from './expect';
import { multifd } from './scenarios';

export default defineSpec({
  commit: 'r5-without-multifd-unlock',
  title: 'Counterfactual: 93fa9dc2e052 without the unlock around multifd_send_sync_main()',
  date: '2024-02',
  link: 'https://gitlab.com/qemu-project/qemu/-/commit/93fa9dc2e0522c54b813dee0898a5feb98b624c9',
  story:
    'With channels_created (R5) every send thread exists before the locked setup, and send threads post channels_ready and sem_sync without the BQL, so the sync completes even with the BQL held: no deadlock with one or two channels, with or without TLS. ' +
    'This confirms the hypothesis of the earlier reading (docs/models/qemu-grounding.md#predictions) that the unlock is no longer needed for deadlock freedom; upstream keeps it, presumably so the main loop and vCPUs are not stalled during a network round trip.',
  model: 'qemu/setup',
  preset: '93fa9dc2e052',
  scenarios: [
    multifd(allHold, { createdWait: true, knobs: { multifd_sync_unlock: false } }),
    multifd(allHold, { channels: 2, createdWait: true, knobs: { multifd_sync_unlock: false } }),
    multifd(allHold, { tls: true, createdWait: true, knobs: { multifd_sync_unlock: false } }),
    multifd(allHold, { channels: 2, tls: true, createdWait: true, knobs: { multifd_sync_unlock: false } }),
  ],
});
