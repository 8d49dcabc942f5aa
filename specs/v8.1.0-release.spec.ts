/**
 * Regression spec: B of the commit history (docs/models/qemu-grounding.md#commits-and-presets): the release before the fix; the snapshot-via-vCPU assertion (I1).
 * Expectations are engine results; re-check with: npx interleave regress v8.1.0-release
 */
import { defineSpec } from '../checker';
import { allHold, violatedOnly } from './expect';
import { multifd, precopy, snapshotMain, snapshotVcpu } from './scenarios';

export default defineSpec({
  commit: 'v8.1.0',
  title: 'QEMU v8.1.0 release (the state before the fix)',
  date: '2023-08',
  link: 'https://gitlab.com/qemu-project/qemu/-/tree/v8.1.0',
  story:
    'In v8.1.0 qemu_savevm_state() drops the BQL around header and setup, and the setup callbacks lock for themselves. When the snapshot-save job\'s BH is run by a vCPU that polls the main context inside a pflash write, setup flushes the vmstate through bdrv_writev_vmstate() without the BQL and AIO_WAIT_WHILE asserts (I1, 14 steps): the reported crash. ' +
    'The prediction that HMP savevm in the main thread lets a vCPU poll the main context concurrently (I4) holds only if vm_stop() is a no-op (scenario snapshot-main-vmstop-noop); with vm_stop() pausing every vCPU, as the code does, I4 holds (docs/models/qemu-setup.md).',
  model: 'qemu/setup',
  preset: 'v8.1.0',
  scenarios: [
    snapshotVcpu(violatedOnly('I1'), { completes: false, length: { I1: 14 } }),
    snapshotMain(allHold),
    {
      name: 'snapshot-main-vmstop-noop',
      knobs: { scenario: 'S2', vm_stop: 'noop' },
      expect: violatedOnly('I4'),
      length: { I4: 12 },
      mustFire: ['main:wrap.aww', 'vcpu0:wrap.aww', 'main:setup.flush'],
    },
    multifd(allHold),
    multifd(allHold, { channels: 2 }),
    multifd(allHold, { tls: true }),
    multifd(allHold, { channels: 2, tls: true }),
    precopy(allHold),
  ],
});
