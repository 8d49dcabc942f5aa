/**
 * Regression spec: v9.1 to v10.1 (QEMU-MODEL.md R7 row): a snapshot with the multifd capability flushes inside the unlocked window.
 * Expectations are engine results; re-check with: npx interleave regress v9.2.4-flush-in-unlocked-window
 */
import { defineSpec } from '../checker';
import { allHold, violatedOnly } from './expect';
import { multifd, snapshotVcpu } from './scenarios';

export default defineSpec({
  commit: 'v9.2.4',
  title: 'QEMU v9.2.4 release (v9.1 to v10.1: the multifd sync flushes inside the unlocked window)',
  date: '2024-2025 (v9.1 to v10.1)',
  link: 'https://gitlab.com/qemu-project/qemu/-/tree/v9.2.4',
  story:
    'From v9.1 the multifd sync in ram_save_setup() also flushes the QEMUFile (multifd-nocomp.c:435) inside the window where the BQL is dropped. A snapshot taken with the multifd capability on, run by a vCPU, therefore writes the vmstate through bdrv_writev_vmstate() without the BQL and AIO_WAIT_WHILE asserts (I1, 14 steps). ' +
    'Low confidence upstream (the real code probably fails earlier on uninitialised multifd state, and QEMU 10.2 rejects the configuration); the main-thread snapshot with multifd, the vCPU snapshot without it and multifd migration hold every property.',
  model: 'qemu/setup',
  preset: 'v9.2.4',
  scenarios: [
    {
      name: 'snapshot-vcpu-multifd',
      knobs: { snapshot: 'vcpu', multifd: true },
      expect: violatedOnly('I1'),
      length: { I1: 14 },
      mustFire: ['vcpu0:wrap.run_bh', 'vcpu0:setup.sync'],
    },
    {
      name: 'snapshot-main-multifd',
      knobs: { snapshot: 'main', multifd: true },
      expect: allHold,
      mustFire: ['main:setup.sync', 'main:snap.complete'],
    },
    snapshotVcpu(allHold),
    multifd(allHold, { createdWait: true }),
  ],
});
