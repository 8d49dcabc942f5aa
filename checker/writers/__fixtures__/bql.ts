/**
 * Test fixture (not a built-in model): two threads around a big lock and a
 * semaphore, with every explain hook (lanes, frames, summary, waits) and
 * source labels, so writer tests see what the QEMU models will give them.
 * main: bql_lock; qemu_sem_wait(&ready); bql_unlock. vcpu0: bql_lock;
 * qemu_sem_post(&ready); bql_unlock. Deadlock when main takes the BQL first.
 * Knob `bug=assert`: main may instead poll without the BQL and trip the
 * assertion `in_main_context` while vcpu0 holds it. Knob `stall=true` adds a
 * `stalled` invariant that fails once vcpu0 holds the BQL, so --continue
 * finds two violations. Plain relative imports so tests and the CLI
 * (loading it as a file) both work.
 */
import { action, boolKnob, defineModel, enumKnob } from '../../index';

export default defineModel({
  name: 'test/bql',
  description: 'fixture: main and vcpu0 around the BQL and a semaphore',
  knobs: { bug: enumKnob(['deadlock', 'assert'], 'deadlock'), stall: boolKnob(false) },
  build: ({ bug, stall }, v) => {
    const bql = v.scalar('bql', v.oneOf('none', 'main', 'vcpu0'));
    const ready = v.scalar('ready', v.int(0, 1));
    const pcMain = v.scalar('pcMain', v.oneOf('lock', 'wait', 'unlock', 'done'));
    const pcVcpu = v.scalar('pcVcpu', v.oneOf('lock', 'post', 'unlock', 'done'));
    const main = (source: string) => ({ lane: 'main', source });
    const vcpu = (source: string) => ({ lane: 'vcpu0', source });
    const actions = [
      action('main: bql_lock', (s) => s.get(pcMain) === 'lock' && s.get(bql) === 'none', (s) => {
        s.set(bql, 'main');
        s.set(pcMain, 'wait');
      }, main('migration/savevm.c:10 bql_lock()')),
      action('main: sem_wait(ready)', (s) => s.get(pcMain) === 'wait' && s.get(ready) > 0, (s) => {
        s.set(ready, 0);
        s.set(pcMain, 'unlock');
      }, main('migration/savevm.c:12 qemu_sem_wait(&ready)')),
      action('main: bql_unlock', (s) => s.get(pcMain) === 'unlock', (s) => {
        s.set(bql, 'none');
        s.set(pcMain, 'done');
      }, main('migration/savevm.c:14 bql_unlock()')),
      action('vcpu0: bql_lock', (s) => s.get(pcVcpu) === 'lock' && s.get(bql) === 'none', (s) => {
        s.set(bql, 'vcpu0');
        s.set(pcVcpu, 'post');
      }, vcpu('accel/tcg/cpus.c:40 bql_lock()')),
      action('vcpu0: sem_post(ready)', (s) => s.get(pcVcpu) === 'post', (s) => {
        s.set(ready, 1);
        s.set(pcVcpu, 'unlock');
      }, vcpu('accel/tcg/cpus.c:42 qemu_sem_post(&ready)')),
      action('vcpu0: bql_unlock', (s) => s.get(pcVcpu) === 'unlock', (s) => {
        s.set(bql, 'none');
        s.set(pcVcpu, 'done');
      }, vcpu('accel/tcg/cpus.c:44 bql_unlock()')),
    ];
    if (bug === 'assert') {
      actions.push(
        action('main: aio_poll', (s) => s.get(pcMain) === 'lock', (s) => {
          s.assert(s.get(bql) !== 'vcpu0', 'in_main_context', `BQL held by ${s.get(bql)}`);
        }, main('util/aio-posix.c:600 aio_poll() <"quoted" & \\escaped>')),
      );
    }
    const framesOf: Record<string, Record<string, string>> = {
      main: { lock: 'main > qemu_savevm_state', wait: 'main > qemu_savevm_state > qemu_sem_wait', unlock: 'main > qemu_savevm_state', done: 'main' },
      vcpu0: { lock: 'qemu_vcpu_thread > cpu_exec', post: 'qemu_vcpu_thread > cpu_exec > qemu_sem_post', unlock: 'qemu_vcpu_thread > cpu_exec', done: 'qemu_vcpu_thread' },
    };
    return {
      init: () => {},
      actions,
      terminal: (s) => s.get(pcMain) === 'done' && s.get(pcVcpu) === 'done',
      ...(stall ? { invariants: { stalled: { check: (s) => s.get(bql) !== 'vcpu0', doc: 'vcpu0 never holds the BQL' } } } : {}),
      ...(bug === 'assert' ? { assertions: { in_main_context: 'qemu_get_current_aio_context() == qemu_get_aio_context()' } } : {}),
      deadlockDoc: 'main holds the BQL waiting for ready; vcpu0 needs the BQL to post it',
      explain: {
        lanes: ['main', 'vcpu0'],
        frames: (st) => ({ main: framesOf.main![st.get('pcMain') as string]!, vcpu0: framesOf.vcpu0![st.get('pcVcpu') as string]! }),
        summary: (st) => [`BQL: ${String(st.get('bql'))}`, `ready: ${String(st.get('ready'))}`],
        waits: (st) => {
          const out = [];
          if (st.get('pcMain') === 'wait' && st.get('ready') === 0) out.push({ thread: 'main', on: 'ready', holder: 'vcpu0', source: 'migration/savevm.c:12 qemu_sem_wait(&ready)' });
          if (st.get('pcMain') === 'lock' && st.get('bql') !== 'none') out.push({ thread: 'main', on: 'BQL', holder: String(st.get('bql')) });
          if (st.get('pcVcpu') === 'lock' && st.get('bql') !== 'none') out.push({ thread: 'vcpu0', on: 'BQL', holder: String(st.get('bql')), source: 'accel/tcg/cpus.c:40 bql_lock()' });
          return out;
        },
      },
    };
  },
});
