/**
 * Regression spec: R5 of the commit history (docs/models/qemu-grounding.md#commits-and-presets): the channels_created synchronisation point.
 * Expectations are engine results; re-check with: npx interleave regress 93fa9dc2e052-channels-created
 */
import { defineSpec } from '../checker';
import { allHold } from './expect';
import { multifd, snapshotVcpu } from './scenarios';

export default defineSpec({
  commit: '93fa9dc2e0522c54b813dee0898a5feb98b624c9',
  title: 'migration/multifd: Add a synchronization point for channel creation',
  date: '2024-02',
  link: 'https://gitlab.com/qemu-project/qemu/-/commit/93fa9dc2e0522c54b813dee0898a5feb98b624c9',
  story:
    'multifd_send_setup() now waits on a new channels_created semaphore once per channel, without the BQL, so every send thread exists before the migration thread takes the BQL for setup; the motivation upstream was a use-after-free in cleanup, not the BQL. ' +
    'Every scenario holds every property; the counterfactual r5-without-multifd-unlock shows that from here on the unlock around the multifd sync is no longer needed to avoid the hang.',
  model: 'qemu/setup',
  preset: '93fa9dc2e052',
  scenarios: [
    snapshotVcpu(allHold),
    multifd(allHold, { createdWait: true }),
    multifd(allHold, { channels: 2, createdWait: true }),
    multifd(allHold, { tls: true, createdWait: true }),
    multifd(allHold, { channels: 2, tls: true, createdWait: true }),
  ],
});
