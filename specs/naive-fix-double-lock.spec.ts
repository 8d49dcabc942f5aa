/**
 * Regression spec: Counterfactual S6 of the scenario matrix: remove only the unlock in qemu_savevm_state(); the callbacks still lock.
 * Expectations are engine results; re-check with: npx interleave regress naive-fix-double-lock
 */
import { defineSpec } from '../checker';
import { allHold, violatedOnly } from './expect';
import { multifd } from './scenarios';

export default defineSpec({
  commit: 'naive-fix',
  title: 'Counterfactual: v8.1.0 without the unlock in qemu_savevm_state() (the naive fix)',
  date: '2023-05-02',
  link: 'https://lore.kernel.org/qemu-devel/?q=%22QMP+%28without+OOB%29+function+running+in+thread+different+from+the+main+thread%22',
  story:
    'The obvious fix, deleting only the unlock/lock pair around header and setup in qemu_savevm_state(), leaves ram_init_bitmaps() taking the BQL that its caller now already holds, and the BQL is not recursive: qemu_mutex_lock_iothread() asserts (I3b), in the vCPU-run and in the main-thread snapshot. ' +
    'Fiona Ebner hit exactly this while experimenting on 2023-05-02, in the qemu-devel thread the link searches for; migration is unaffected because its threads do not hold the BQL during setup.',
  model: 'qemu/setup',
  preset: 'naive-fix',
  scenarios: [
    {
      name: 'snapshot-vcpu',
      knobs: { scenario: 'S6' },
      expect: violatedOnly('I3b'),
      length: { I3b: 10 },
      mustFire: ['vcpu0:wrap.run_bh', 'vcpu0:setup.ram_init'],
    },
    {
      name: 'snapshot-main',
      knobs: { scenario: 'S2' },
      expect: violatedOnly('I3b'),
      length: { I3b: 8 },
      mustFire: ['vcpu0:vcpu.park', 'main:setup.ram_init'],
    },
    multifd(allHold),
  ],
});
