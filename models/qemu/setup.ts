/**
 * `qemu/setup`: QEMU's migration/snapshot setup-phase locking as one model;
 * what every step, knob, preset and property rests on is in
 * docs/models/qemu-grounding.md.
 *
 * Abstracts (QEMU v8.1.0 line numbers unless a step's source names another
 * version): migration/savevm.c save_snapshot() (2920-3009), qemu_savevm_state()
 * (1606-1660), qemu_savevm_state_setup() (1236-1276), snapshot_save_job_bh()
 * (3302-3314); migration/ram.c ram_save_setup() (3032-3087) and
 * ram_init_bitmaps() (2896-2918); migration/migration.c migrate_fd_connect()
 * (3183-3284), migration_thread() (2934-…), bg_migration_thread() (3050-…);
 * migration/multifd.c (583-954; v9.2.4 for channels_created);
 * util/main-loop.c os_host_main_loop_wait() (296-318); softmmu/physmem.c
 * prepare_mmio_access() (2588-2600); hw/block/pflash_cfi01.c pflash_update()
 * (394); softmmu/cpus.c vm_stop() (663-674). The code-version knobs follow
 * commit 930e239d11e2 "migration: hold the BQL during setup" and the commits
 * around it (presets, one per commit of the commit history (docs/models/qemu-grounding.md#commits-and-presets)).
 *
 * Threads: main (main loop, daemon when idle), vcpu0..vcpu{k-1} (daemons
 * while in the guest or parked), the migration or bg_snapshot thread, and per
 * multifd channel a connect worker, a TLS worker and a send thread (daemon
 * while waiting for work). The snapshot is a bottom half, run as a frame on
 * whichever thread dispatches it (main loop, or a vCPU inside aio_poll).
 *
 * Left out (docs/models/qemu-setup.md says why each is sound or what it
 * costs): the AioContext lock; iterate/complete (one step under the BQL);
 * the block and dirty-bitmap setup callbacks (they lock like ram_init_bitmaps);
 * error paths; a vCPU's deferred vm_stop request; QEMU refusing a migration
 * while a snapshot runs (the model lets both run when both are enabled).
 */
import type { List } from 'immutable';
import { boolKnob, defineModel, enumKnob, eventually, intKnob, leadsTo, range, type AnyKnobValues, type DecodedState, type KnobValues, type PresetDef, type StateView } from '../../checker';
import { BhQueue, ThreadKit, type ProcDef, type StepDef, type Thread } from '../kit';
import {
  aioWaitWhileMain,
  Bql,
  coWrapperProc,
  connectWorkerSteps,
  createGSources,
  multifdSyncProc,
  MultifdSems,
  POLL,
  sendThreadSteps,
  tlsWorkerSteps,
  type AioWorld,
} from './primitives';

// ---------------------------------------------------------------- knobs

const CODE_KNOBS = {
  snap_unlock_setup: boolKnob(true, 'qemu_savevm_state unlocks the BQL around header+setup (savevm.c:1628/1631, v8.1)'),
  mig_lock_header: boolKnob(false, 'migration_thread takes the BQL around the header (migration.c:3316-3318, v8.2.2)'),
  mig_lock_setup: boolKnob(false, 'migration_thread takes the BQL around setup (migration.c:3346-3348, v8.2.2)'),
  bg_lock_setup: boolKnob(false, 'bg_migration_thread takes the BQL around header+setup (migration.c:3459-3462, v8.2.2)'),
  cb_lock: enumKnob(['none', 'always', 'if_unlocked'], 'always', 'setup callbacks take the BQL themselves (ram.c:2899/2911); patch v1 = if_unlocked'),
  dirtylog_locked: boolKnob(true, 'memory_global_dirty_log_start runs inside the callback BQL section (false only for 5b82b703b69a)'),
  multifd_sync_unlock: boolKnob(false, 'ram_save_setup unlocks the BQL around multifd_send_sync_main (ram.c:2987-2989, v8.2.2)'),
  multifd_setup_site: enumKnob(['fd_connect', 'mig_thread'], 'fd_connect', 'where multifd setup runs: migrate_fd_connect in main (v8.1) or migration_thread (dd904bc13f2a)'),
  created_wait: boolKnob(false, 'multifd_send_setup waits channels_created once per channel (93fa9dc2e052; multifd.c:858 v9.2.4)'),
  flush_in_unlocked_window: boolKnob(false, 'the multifd sync flushes the QEMUFile inside the unlocked window (v10.0+: e5f14aa5fe7f; multifd-nocomp.c:435 in v10.2.0)'),
  snapshot_allows_multifd: boolKnob(true, 'save_snapshot accepts the multifd capability (false from the 10.2 capability check, 112b55f0b012)'),
} as const;

const MODEL_KNOBS = {
  vm_stop: enumKnob(['pauses', 'noop'], 'pauses', 'vm_stop() from the main thread pauses all vCPUs (faithful, docs/models/qemu-grounding.md, the snapshot) or does nothing (the section-3 simplification)'),
  i4_reading: enumKnob(['active', 'nested'], 'active', 'I4 counts pollers actively in aio_poll (active) or with any open aio_poll frame (nested)'),
  snapshot_multifd_sync: enumKnob(
    ['crash', 'noop'],
    'crash',
    'a snapshot with the multifd capability calls multifd_send_sync_main() with multifd_send_state NULL: crash (faithful, property I8) or noop (the earlier reading: the sync returns at once)',
  ),
} as const;

const SCENARIO_KNOBS = {
  scenario: enumKnob(['custom', 'S1', 'S2', 'S3', 'S4', 'S5', 'S6'], 'custom', 'a row of the scenario matrix (the scenario matrix); overrides snapshot, migration, multifd and tls; custom = use those knobs'),
  snapshot: enumKnob(['none', 'vcpu', 'main'], 'vcpu', 'none; vcpu = QMP snapshot-save job BH (any poller of the main context may run it, a vCPU included); main = HMP savevm in the main thread'),
  migration: enumKnob(['off', 'precopy', 'bg'], 'off', 'migration thread: off, precopy (migration_thread) or bg (bg_migration_thread, no multifd)'),
  multifd: boolKnob(false, 'the multifd capability'),
  channels: intKnob(1, 4, 1, 'multifd channels N (QEMU\'s default is 2)'),
  tls: boolKnob(false, 'TLS on the multifd channels'),
  vcpus: intKnob(0, 2, 1, 'vCPU threads doing pflash MMIO writes'),
  mmio_writes: intKnob(1, 2, 1, 'pflash MMIO writes per vCPU (a bound: each write can happen at any point)'),
  header_may_flush: boolKnob(false, 'qemu_savevm_state_header may flush to the vmstate disk ("in theory")'),
} as const;

const KNOBS = { ...CODE_KNOBS, ...MODEL_KNOBS, ...SCENARIO_KNOBS };
type Knobs = KnobValues<typeof KNOBS>;
type CodeKnobs = { -readonly [K in keyof typeof CODE_KNOBS]: Knobs[K] };

/** The scenario rows of the scenario matrix, as knob settings. */
export const SCENARIOS: Readonly<Record<'S1' | 'S2' | 'S3' | 'S4' | 'S5' | 'S6', { readonly doc: string; readonly knobs: AnyKnobValues }>> = {
  S1: { doc: 'snapshot-save job, a vCPU may run its BH; no migration', knobs: { snapshot: 'vcpu', migration: 'off', multifd: false, tls: false } },
  S2: { doc: 'HMP savevm in the main thread; no migration', knobs: { snapshot: 'main', migration: 'off', multifd: false, tls: false } },
  S3: { doc: 'precopy migration with multifd, no TLS', knobs: { snapshot: 'none', migration: 'precopy', multifd: true, tls: false } },
  S4: { doc: 'precopy migration with multifd and TLS', knobs: { snapshot: 'none', migration: 'precopy', multifd: true, tls: true } },
  S5: { doc: 'precopy migration without multifd (dirty-log start, I6)', knobs: { snapshot: 'none', migration: 'precopy', multifd: false, tls: false } },
  S6: { doc: 'snapshot-save job as S1 (naive fix: double lock)', knobs: { snapshot: 'vcpu', migration: 'off', multifd: false, tls: false } },
};

// ---------------------------------------------------------------- presets

const V8_1_0: CodeKnobs = {
  snap_unlock_setup: true,
  mig_lock_header: false,
  mig_lock_setup: false,
  bg_lock_setup: false,
  cb_lock: 'always',
  dirtylog_locked: true,
  multifd_sync_unlock: false,
  multifd_setup_site: 'fd_connect',
  created_wait: false,
  flush_in_unlocked_window: false,
  snapshot_allows_multifd: true,
};
const PATCH_V2: CodeKnobs = { ...V8_1_0, snap_unlock_setup: false, mig_lock_header: true, mig_lock_setup: true, bg_lock_setup: true, cb_lock: 'none' };
const MERGED: CodeKnobs = { ...PATCH_V2, multifd_sync_unlock: true };
const R3: CodeKnobs = { ...MERGED, multifd_setup_site: 'mig_thread' };
const R5: CodeKnobs = { ...R3, created_wait: true };
// v9.2.x still has R5's code here: ram_save_setup() calls multifd_ram_flush_and_sync() without a QEMUFile
// and writes RAM_SAVE_FLAG_MULTIFD_FLUSH only after bql_lock(). The flush inside the window came with
// e5f14aa5fe7f "migration/multifd: Unify RAM_SAVE_FLAG_MULTIFD_FLUSH messages" (pulled 2025-01-10, v10.0).
const V10_0_0: CodeKnobs = { ...R5, flush_in_unlocked_window: true };

const preset = (doc: string, knobs: CodeKnobs): PresetDef => ({ doc, knobs: { ...knobs } });

/** One preset per commit of the commit history (docs/models/qemu-grounding.md#commits-and-presets); presets set only code-version knobs. */
export const PRESETS: Readonly<Record<string, PresetDef>> = {
  'v8.1.0': preset('B: v8.1.0 release, before the fix: snapshot unlocks around setup; callbacks lock internally', V8_1_0),
  '9b0950375277': preset('H1 (2013): run setup callbacks out of big lock (v8.1 runtime semantics)', V8_1_0),
  '5b82b703b69a': preset('H2 (2016): the whole BQL section of ram_save_setup removed; dirty-log start runs on the caller\'s lock, i.e. none', { ...V8_1_0, cb_lock: 'none', dirtylog_locked: false }),
  '4987783400': preset('H3 (2016): dirty-log start back under the BQL', V8_1_0),
  'patch-v1': preset('P1: snapshot keeps the BQL; callbacks lock only if not already locked', { ...V8_1_0, snap_unlock_setup: false, cb_lock: 'if_unlocked' }),
  'patch-v2': preset('P2: BQL held for all setup; no unlock around multifd_send_sync_main (Juan: "sometimes it hangs")', PATCH_V2),
  'patch-v3': preset('P3: v2 + unlock around multifd_send_sync_main', MERGED),
  'patch-v4': preset('P4: re-post of v3 (body unverified)', MERGED),
  'patch-v5': preset('P5: v3 code, reworded message; merged as 930e239d11e2', MERGED),
  '930e239d11e2': preset('M: migration: hold the BQL during setup (v8.2.0)', MERGED),
  '195801d700c0': preset('R1: rename to bql_lock() (no semantic change)', MERGED),
  'bd8b0a8f82d8': preset('R2: multifd_send_setup error handling (no locking change)', MERGED),
  'dd904bc13f2a': preset('R3: multifd_send_setup moves into the migration thread, out of the BQL', R3),
  '2576ae488ef9': preset('R4: unify multifd and TLS connection paths', R3),
  '93fa9dc2e052': preset('R5: channels_created synchronisation point', R5),
  'a2a63c4abd52': preset('R6: remove p->running (lifecycle only)', R5),
  'e1921f10d9af': preset('R6: join the TLS thread (lifecycle only)', R5),
  'v9.2.4': preset('v9.2.4 release: as 93fa9dc2e052 (no flush inside the unlocked window yet)', R5),
  'e5f14aa5fe7f': preset('R6b (v10.0): the multifd sync writes RAM_SAVE_FLAG_MULTIFD_FLUSH and flushes inside the unlocked window', V10_0_0),
  'v10.0.0': preset('v10.0.0 release: the flush inside the unlocked window (e5f14aa5fe7f)', V10_0_0),
  'v10.2.0': preset('R7: save_snapshot rejects the multifd capability (112b55f0b012, 10.2 capability check)', { ...V10_0_0, snapshot_allows_multifd: false }),
  'naive-fix': preset('S6 counterfactual: remove only the unlock in qemu_savevm_state, callbacks still lock (Fiona, 2023-05-02)', { ...V8_1_0, snap_unlock_setup: false }),
};

/**
 * The largest configuration the issue asks to explore in seconds: the merged
 * fix, 2 vCPUs, the snapshot-save job, precopy migration with 2 multifd
 * channels and TLS. `settings` is in the form of bench/bench.ts rows
 * (`{ name, model, settings }`), so `npm run bench` can add it as a row.
 */
export const LARGEST = {
  name: 'qemu/setup largest (930e239d11e2, 2 vCPUs, 2 TLS channels, snapshot)',
  model: 'qemu/setup',
  preset: '930e239d11e2',
  // The snapshot shares the multifd capability with the migration; with the faithful reading its
  // multifd_send_sync_main() crashes (I8) and cuts the exploration short, so the size benchmark uses the no-op reading.
  set: { snapshot: 'vcpu', migration: 'precopy', multifd: true, channels: 2, tls: true, vcpus: 2, snapshot_multifd_sync: 'noop' } as AnyKnobValues,
  settings: ['preset=930e239d11e2', 'snapshot=vcpu', 'migration=precopy', 'multifd=true', 'channels=2', 'tls=true', 'vcpus=2', 'snapshot_multifd_sync=noop'],
} as const;

// ---------------------------------------------------------------- the model

export default defineModel({
  name: 'qemu/setup',
  description: 'QEMU migration/snapshot setup locking: BQL, aio_poll BHs, AIO_WAIT_WHILE, multifd semaphores (docs/models/qemu-grounding.md)',
  knobs: KNOBS,
  presets: PRESETS,
  // A scenario row fixes the environment knobs (snapshot, migration, multifd, tls).
  derive: (k) => (k.scenario === 'custom' ? {} : (SCENARIOS[k.scenario].knobs as Partial<Knobs>)),
  build: (k, v) => {
    const snapshot = k.snapshot;
    const migration = k.migration;
    const multifd = k.multifd && migration !== 'bg';
    const tls = k.tls && multifd;
    const N = multifd ? k.channels : 0;
    const V = k.vcpus;
    const migName = migration === 'bg' ? 'bg_snapshot' : 'migration';
    const hasMig = migration !== 'off';
    const snapRejected = snapshot !== 'none' && multifd && !k.snapshot_allows_multifd;
    const snapMultifd = multifd && k.snapshot_allows_multifd;
    const vmStopPauses = k.vm_stop === 'pauses' && V > 0;

    // Shared state.
    const vcpuNames = range(V).map((i) => `vcpu${i}`);
    const bql = new Bql(v, ['main', ...vcpuNames, ...(hasMig ? [migName] : [])], 'main');
    const w: AioWorld = { bql, mainThread: 'main' };
    const bh = new BhQueue(v, 'bh_main', ['snapshot_save_job_bh']);
    const gsrc = createGSources(v, Math.max(N, 1));
    const sems = new MultifdSems(v, Math.max(N, 1));
    const vmStopped = v.scalar('vm_stopped', v.bool());
    const mmioLeft = v.array('mmio_left', V, v.int(0, k.mmio_writes));
    /** Ghost: memory_global_dirty_log_start has run on a thread without the BQL (property I6). */
    const dirtylogUnlocked = v.scalar('dirtylog_unlocked', v.bool());

    const kit = new ThreadKit(v);
    const sendThreads: Thread[] = [];
    const tlsThreads: Thread[] = [];
    const connectThreads: Thread[] = [];

    // multifd_channel_connect() after the connect (no TLS) or the TLS handshake: start the send thread.
    const channelConnected = (s: StateView, i: number) => {
      sendThreads[i]!.spawn(s);
      if (k.created_wait) sems.channelsCreated.post(s);
    };
    // multifd_new_send_channel_async() (multifd.c:889-906), run by the main loop with the BQL held.
    const newSendChannelAsync = (s: StateView, i: number) => {
      if (tls) tlsThreads[i]!.spawn(s);
      else channelConnected(s, i);
    };
    const spawnConnectWorkers = (s: StateView) => {
      for (const c of connectThreads) c.spawn(s);
    };

    // ---- procedures

    const snapshotBh = { queue: bh, kind: 'snapshot_save_job_bh', proc: 'snapshot', source: 'util/aio-posix.c:722 aio_poll() → aio_bh_poll() runs snapshot_save_job_bh (savevm.c:3302) on this thread' };
    const wrap = (withBh: boolean): ProcDef => coWrapperProc(w, withBh ? snapshotBh : undefined);

    /** save_snapshot() as a frame on thread t (savevm.c:2920-3009 → qemu_savevm_state 1606-1660). */
    const snapshotProc: ProcDef = {
      name: 'snapshot',
      frame: 'snapshot_save_job_bh',
      entry: 'snap.gsc',
      steps: (t) => {
        const onMain = t.name === 'main';
        const pauses = onMain && vmStopPauses;
        const afterStop = 'snap.drain';
        const afterDrain = k.snap_unlock_setup ? 'snap.unlock' : k.header_may_flush ? 'snap.header' : 'snap.setup';
        const afterUnlock = k.header_may_flush ? 'snap.header' : 'snap.setup';
        const steps: StepDef[] = [
          {
            at: 'snap.gsc',
            source: 'migration/savevm.c:2932 save_snapshot() GLOBAL_STATE_CODE()',
            next: snapRejected ? 'snap.reject' : 'snap.vm_stop',
            run: (s) => s.assert(bql.locked(s, t), 'I5', `save_snapshot on ${t.name} without the BQL`),
          },
        ];
        if (snapRejected) {
          steps.push({ at: 'snap.reject', source: 'migration/savevm.c:3204 (v10.2.0) save_snapshot(): multifd capability rejected', run: (s) => t.ret(s) });
          return steps;
        }
        if (pauses) {
          steps.push(
            {
              at: 'snap.vm_stop',
              source: 'softmmu/cpus.c do_vm_stop() → pause_all_vcpus(): cpu->stop for all, qemu_cond_wait(&qemu_pause_cond) releases the BQL',
              next: 'snap.vm_stop_wait',
              run: (s) => {
                s.set(vmStopped, true);
                bql.unlock(s, t);
              },
            },
            {
              at: 'snap.vm_stop_wait',
              source: 'softmmu/cpus.c pause_all_vcpus(): every vCPU parked, qemu_cond_wait returns holding the BQL',
              when: (s) => bql.isFree(s) && vcpus.every((c) => c.isAt(s, 'vcpu.parked')),
              waitsFor: (state) => {
                const running = vcpus.find((c) => state.get(`pc_${c.name}`) !== 'vcpu.parked');
                return running ? { on: 'qemu_pause_cond (pause_all_vcpus)', holder: running.name } : bql.waitsFor(state);
              },
              next: afterStop,
              run: (s) => bql.condWaitRelock(s, t),
            },
          );
        } else {
          steps.push({
            at: 'snap.vm_stop',
            source: !onMain
              ? 'softmmu/cpus.c:665-673 vm_stop() in a vCPU thread: qemu_system_vmstop_request() only'
              : V === 0
                ? 'migration/savevm.c:2978 save_snapshot() vm_stop(): no vCPU to pause'
                : 'migration/savevm.c:2978 save_snapshot() vm_stop() (knob vm_stop=noop: modelled as no effect)',
            next: afterStop,
          });
        }
        steps.push({
          at: 'snap.drain',
          source: 'migration/savevm.c:2980 save_snapshot() bdrv_drain_all_begin(): AIO_WAIT_WHILE under the BQL',
          next: afterDrain,
          run: (s) => aioWaitWhileMain(w, s, t),
        });
        if (k.snap_unlock_setup) {
          steps.push({ at: 'snap.unlock', source: 'migration/savevm.c:1628 qemu_savevm_state() qemu_mutex_unlock_iothread()', next: afterUnlock, run: (s) => bql.unlock(s, t) });
        }
        if (k.header_may_flush) {
          steps.push(
            { at: 'snap.header', name: 'snap.header', source: 'migration/savevm.c:1629 qemu_savevm_state_header() (buffer not full: no flush)', next: 'snap.setup' },
            {
              at: 'snap.header',
              name: 'snap.header_flush',
              source: 'migration/savevm.c:1629 qemu_savevm_state_header() → qemu_fflush() → bdrv_writev_vmstate() (migration/channel-block.c:89)',
              run: (s) => t.call(s, 'wrap', 'snap.setup'),
            },
          );
        }
        steps.push({
          at: 'snap.setup',
          source: k.header_may_flush ? 'migration/savevm.c:1630 qemu_savevm_state() → qemu_savevm_state_setup()' : 'migration/savevm.c:1629-1630 qemu_savevm_state_header(); qemu_savevm_state_setup()',
          run: (s) => t.call(s, 'setup', k.snap_unlock_setup ? 'snap.lock' : 'snap.complete'),
        });
        if (k.snap_unlock_setup) {
          steps.push({ at: 'snap.lock', source: 'migration/savevm.c:1631 qemu_savevm_state() qemu_mutex_lock_iothread()', when: (s) => bql.canLock(s, t),
          waitsFor: bql.waitsFor, next: 'snap.complete', run: (s) => bql.lock(s, t) });
        }
        steps.push({
          at: 'snap.complete',
          source: 'migration/savevm.c:1632-1660 qemu_savevm_state_iterate()/complete() under the BQL (one step); vm_start()',
          run: (s) => {
            if (pauses) s.set(vmStopped, false);
            t.ret(s);
          },
        });
        return steps;
      },
    };

    /** qemu_savevm_state_setup() → ram_save_setup() on thread t (savevm.c:1236-1276, ram.c:3032-3087). */
    const setupProc: ProcDef = {
      name: 'setup',
      frame: 'qemu_savevm_state_setup',
      entry: 'setup.ram_init',
      steps: (t) => {
        const onSocket = t.name === migName;
        const syncActive = onSocket ? multifd && migration === 'precopy' : snapMultifd;
        const unlockWindow = k.multifd_sync_unlock;
        const afterSync = unlockWindow ? 'setup.sync_lock' : 'setup.flush';
        const steps: StepDef[] = [];
        const ramInitSource =
          k.cb_lock === 'none'
            ? 'migration/ram.c:2896 ram_init_bitmaps(): memory_global_dirty_log_start() relying on the caller\'s BQL (v8.2.2)'
            : k.cb_lock === 'always'
              ? 'migration/ram.c:2899-2911 ram_init_bitmaps(): qemu_mutex_lock_iothread(); memory_global_dirty_log_start(); unlock'
              : 'migration/ram.c:2899-2911 ram_init_bitmaps() (patch v1): lock only if !qemu_mutex_iothread_locked(); memory_global_dirty_log_start()';
        steps.push({
          at: 'setup.ram_init',
          source: ramInitSource,
          when: k.cb_lock === 'always' ? (s) => bql.canLock(s, t) : k.cb_lock === 'if_unlocked' ? (s) => bql.canLock(s, t) : undefined,
          waitsFor: bql.waitsFor,
          next: unlockWindow ? 'setup.sync_unlock' : syncActive ? 'setup.sync' : 'setup.flush',
          run: (s) => {
            // The whole callback is one step: lock (right mover), body, unlock (left mover).
            // I6 is not a C assertion (the unlocked call is a data race, not an abort): record it and go on.
            if (!k.dirtylog_locked && !bql.locked(s, t)) s.set(dirtylogUnlocked, true);
            let took = false;
            if (k.cb_lock === 'always' || (k.cb_lock === 'if_unlocked' && !bql.locked(s, t))) {
              bql.lock(s, t);
              took = true;
            }
            if (k.dirtylog_locked && !bql.locked(s, t)) s.set(dirtylogUnlocked, true);
            if (took) bql.unlock(s, t);
          },
        });
        if (unlockWindow) {
          steps.push({ at: 'setup.sync_unlock', source: 'migration/ram.c:2987 (v8.2.2) ram_save_setup() qemu_mutex_unlock_iothread()', next: 'setup.sync', run: (s) => bql.unlock(s, t) });
        }
        if (syncActive || unlockWindow) {
          if (syncActive && onSocket) {
            steps.push({ at: 'setup.sync', source: 'migration/ram.c:3074 ram_save_setup() multifd_send_sync_main()', run: (s) => t.call(s, 'sync', afterSync) });
          } else if (syncActive && k.snapshot_multifd_sync === 'crash') {
            // A snapshot never runs multifd setup, so multifd_send_state is NULL; multifd_send_sync_main()
            // checks only the capability (multifd.c:589-591, v8.1.0) and then dereferences it.
            steps.push({
              at: 'setup.sync',
              source: 'migration/multifd.c:589-595 (v8.1.0) multifd_send_sync_main(): migrate_multifd() is true, multifd_send_state->pages with multifd_send_state == NULL',
              run: (s) => s.assert(false, 'I8', `${t.name} calls multifd_send_sync_main() for a snapshot: multifd_send_state is NULL (no multifd setup ran)`),
            });
          } else if (syncActive && k.flush_in_unlocked_window) {
            steps.push({
              at: 'setup.sync',
              source: 'migration/multifd-nocomp.c:435 (v10.2.0) multifd_ram_flush_and_sync() qemu_fflush() → bdrv_writev_vmstate() (knob snapshot_multifd_sync=noop: the sync itself is taken to return)',
              run: (s) => t.call(s, 'wrap', afterSync),
            });
          } else {
            steps.push({
              at: 'setup.sync',
              source: syncActive
                ? 'migration/ram.c:3074 multifd_send_sync_main() for a snapshot (knob snapshot_multifd_sync=noop: taken to return at once, though multifd_send_state is NULL)'
                : 'migration/multifd.c:590 multifd_send_sync_main(): returns at once without multifd',
              next: afterSync,
            });
          }
        }
        if (unlockWindow) {
          steps.push({ at: 'setup.sync_lock', source: 'migration/ram.c:2989 (v8.2.2) ram_save_setup() qemu_mutex_lock_iothread()', when: (s) => bql.canLock(s, t),
          waitsFor: bql.waitsFor, next: 'setup.flush', run: (s) => bql.lock(s, t) });
        }
        if (onSocket) {
          steps.push({ at: 'setup.flush', source: 'migration/ram.c:3084 ram_save_setup() qemu_fflush() (socket channel: no coroutine wrapper)', run: (s) => t.ret(s) });
        } else {
          steps.push(
            {
              at: 'setup.flush',
              source: 'migration/ram.c:3084 ram_save_setup() qemu_fflush() → qio_channel_block_writev() → bdrv_writev_vmstate() (migration/channel-block.c:89)',
              run: (s) => t.call(s, 'wrap', 'setup.end'),
            },
            { at: 'setup.end', source: 'migration/savevm.c:1276 qemu_savevm_state_setup() returns', run: (s) => t.ret(s) },
          );
        }
        return steps;
      },
    };

    // ---- threads

    const anyEvent = (s: StateView) => bh.any(s) || gsrc.any(s);

    // Wait-for edges (explain.waits), read from decoded states.
    const pendingIn = (state: DecodedState) =>
      (state.get('bh_main') as List<boolean>).some((x) => x) || (state.get('gsrc') as List<string>).some((x) => x !== 'none');
    /** The main loop blocked at util/main-loop.c:311 re-taking the BQL while an event is pending. */
    const mainLoopWait = (state: DecodedState) => (pendingIn(state) ? bql.waitsFor(state) : undefined);
    const pcOf = (state: DecodedState, thread: string) => state.get(`pc_${thread}`) as string | undefined;
    const live = (state: DecodedState, thread: string) => {
      const pc = pcOf(state, thread);
      return pc !== undefined && pc !== 'unborn' && pc !== 'done';
    };
    /** Who would let a channel come into existence: a pending completion needs the main loop, else a live worker. */
    const channelCreator = (state: DecodedState): string | undefined => {
      const g = state.get('gsrc') as List<string>;
      for (const i of range(N)) {
        if (live(state, `send${i}`)) continue;
        if (g.get(i) !== undefined && g.get(i) !== 'none') return 'main';
        if (live(state, `tls${i}`)) return `tls${i}`;
        if (live(state, `connect${i}`)) return `connect${i}`;
      }
      return undefined;
    };
    /** Who would post channels_ready: a live send thread, else whoever must create one. */
    const readyPoster = (state: DecodedState): string | undefined => {
      for (const i of range(N)) if (live(state, `send${i}`)) return `send${i}`;
      return channelCreator(state);
    };
    const afterSnapCmd = hasMig ? 'main.qmp_migrate' : 'main.enter_loop';
    const mainEntry = snapshot === 'vcpu' ? 'main.qmp_snapshot' : snapshot === 'main' ? 'main.hmp_savevm' : afterSnapCmd;
    const mainProcs: ProcDef[] = snapshot === 'none' ? [] : [snapshotProc, setupProc, wrap(false)];

    const main = kit.declare({
      name: 'main',
      frame: 'main_loop_wait',
      entry: mainEntry,
      running: true,
      daemon: true,
      idle: (s, t) => t.isAt(s, 'main.poll') && !anyEvent(s),
      procs: mainProcs,
      maxDepth: 3,
      steps: (t) => {
        const steps: StepDef[] = [];
        if (snapshot === 'vcpu') {
          steps.push({ at: 'main.qmp_snapshot', source: 'migration/savevm.c:3334 snapshot_save_job_run() aio_bh_schedule_oneshot(snapshot_save_job_bh)', next: afterSnapCmd, run: (s) => bh.schedule(s, 'snapshot_save_job_bh') });
        }
        if (snapshot === 'main') {
          steps.push({ at: 'main.hmp_savevm', source: 'migration/savevm.c:2920 save_snapshot() called by HMP savevm in the main thread', run: (s) => t.call(s, 'snapshot', afterSnapCmd) });
        }
        if (hasMig) {
          steps.push({
            at: 'main.qmp_migrate',
            source:
              migration === 'bg'
                ? 'migration/migration.c:3277 migrate_fd_connect() qemu_thread_create(bg_migration_thread)'
                : multifd && k.multifd_setup_site === 'fd_connect'
                  ? 'migration/migration.c:3267 migrate_fd_connect() multifd_save_setup() → socket_send_channel_create() (multifd.c:954); :3280 qemu_thread_create(migration_thread)'
                  : 'migration/migration.c:3280 migrate_fd_connect() qemu_thread_create(migration_thread)',
            next: 'main.enter_loop',
            run: (s) => {
              if (multifd && k.multifd_setup_site === 'fd_connect') spawnConnectWorkers(s);
              migThread!.spawn(s);
            },
          });
        }
        steps.push({ at: 'main.enter_loop', source: 'util/main-loop.c:305 os_host_main_loop_wait() qemu_mutex_unlock_iothread()', next: 'main.poll', run: (s) => bql.unlock(s, t) });
        if (snapshot === 'vcpu') {
          steps.push({
            at: 'main.poll',
            name: 'main.dispatch_bh',
            source: 'util/main-loop.c:311-313 qemu_mutex_lock_iothread(); glib_pollfds_poll() → aio_ctx_dispatch() → aio_bh_poll() (util/async.c:351-360) runs snapshot_save_job_bh',
            when: (s) => bql.isFree(s) && bh.isPending(s, 'snapshot_save_job_bh'),
            waitsFor: mainLoopWait,
            run: (s) => {
              bql.lock(s, t);
              bh.take(s, 'snapshot_save_job_bh');
              t.call(s, 'snapshot', 'main.unlock');
            },
          });
          steps.push({ at: 'main.unlock', source: 'util/main-loop.c:305 os_host_main_loop_wait() qemu_mutex_unlock_iothread() (next iteration)', next: 'main.poll', run: (s) => bql.unlock(s, t) });
        }
        for (const i of range(N)) {
          steps.push({
            at: 'main.poll',
            name: `main.dispatch_connect${i}`,
            source: 'util/main-loop.c:311-313 lock; glib_pollfds_poll() → qio_task_thread_result() (io/task.c:107) → multifd_new_send_channel_async() (multifd.c:889); unlock (:305)',
            when: (s) => bql.isFree(s) && gsrc.isPending(s, i, 'connected'),
            waitsFor: mainLoopWait,
            run: (s) => {
              gsrc.take(s, i);
              newSendChannelAsync(s, i);
            },
          });
          if (tls) {
            steps.push({
              at: 'main.poll',
              name: `main.dispatch_tls${i}`,
              source: 'util/main-loop.c:311-313 lock; glib_pollfds_poll() → TLS handshake watch (io/channel-tls.c:~170) completes → multifd_channel_connect(); unlock (:305)',
              when: (s) => bql.isFree(s) && gsrc.isPending(s, i, 'tls_watch'),
              waitsFor: mainLoopWait,
              run: (s) => {
                gsrc.take(s, i);
                channelConnected(s, i);
              },
            });
          }
        }
        return steps;
      },
    });

    const vcpus = vcpuNames.map((name, idx) =>
      kit.declare({
        name,
        frame: 'kvm_cpu_exec',
        entry: 'vcpu.run',
        running: true,
        daemon: true,
        idle: (s, t) => t.isAt(s, 'vcpu.run') || (t.hasLabel('vcpu.parked') && t.isAt(s, 'vcpu.parked')),
        procs: snapshot === 'vcpu' ? [wrap(true), snapshotProc, setupProc] : [wrap(false)],
        maxDepth: 4,
        steps: (t) => {
          const steps: StepDef[] = [
            {
              at: 'vcpu.run',
              name: 'vcpu.mmio_enter',
              source: 'softmmu/physmem.c:2592 prepare_mmio_access() qemu_mutex_lock_iothread() (KVM_EXIT_MMIO, accel/kvm/kvm-all.c:3036)',
              when: (s) => bql.isFree(s) && s.code(mmioLeft, idx) > 0,
              waitsFor: (state) => ((state.get('mmio_left') as List<number>).get(idx)! > 0 ? bql.waitsFor(state) : undefined),
              next: 'vcpu.pflash',
              run: (s) => bql.lock(s, t),
            },
            {
              at: 'vcpu.pflash',
              source: 'hw/block/pflash_cfi01.c:394 pflash_update() blk_pwrite(): co_wrapper_mixed polling the main context (block-backend-io.h:163)',
              run: (s) => t.call(s, 'wrap', 'vcpu.mmio_exit'),
            },
            {
              at: 'vcpu.mmio_exit',
              source: 'softmmu/physmem.c:2661 flatview_write_continue() qemu_mutex_unlock_iothread()',
              next: 'vcpu.run',
              run: (s) => {
                bql.unlock(s, t);
                s.set(mmioLeft, idx, s.get(mmioLeft, idx) - 1);
              },
            },
          ];
          if (vmStopPauses && snapshot !== 'none') {
            steps.push(
              { at: 'vcpu.run', name: 'vcpu.park', source: 'softmmu/cpus.c qemu_wait_io_event(): cpu->stop, the vCPU parks (pause_all_vcpus waits for it)', when: (s) => s.get(vmStopped), next: 'vcpu.parked' },
              { at: 'vcpu.parked', name: 'vcpu.resume', source: 'softmmu/cpus.c resume_all_vcpus() from vm_start()', when: (s) => !s.get(vmStopped), next: 'vcpu.run' },
            );
          }
          return steps;
        },
      }),
    );

    const migThread = hasMig
      ? kit.declare({
          name: migName,
          frame: migration === 'bg' ? 'bg_migration_thread' : 'migration_thread',
          entry: migration === 'bg' ? 'bg.setup' : multifd && k.multifd_setup_site === 'mig_thread' ? 'mig.multifd_setup' : 'mig.header',
          running: false,
          procs: multifd ? [setupProc, multifdSyncProc(sems, readyPoster)] : [setupProc],
          maxDepth: 2,
          steps: (t) => (migration === 'bg' ? bgSteps(t) : migSteps(t)),
        })
      : undefined;

    function migSteps(t: Thread): StepDef[] {
      const steps: StepDef[] = [];
      if (multifd && k.multifd_setup_site === 'mig_thread') {
        steps.push({
          at: 'mig.multifd_setup',
          source: 'migration/migration.c:3449 (v9.2.4) migration_thread() multifd_send_setup() → socket_send_channel_create() per channel',
          next: k.created_wait ? 'mig.created0' : 'mig.header',
          run: (s) => spawnConnectWorkers(s),
        });
        if (k.created_wait) {
          for (const c of range(N)) {
            steps.push({
              at: `mig.created${c}`,
              source: 'migration/multifd.c:858 (v9.2.4) multifd_send_setup() qemu_sem_wait(&multifd_send_state->channels_created)',
              when: (s) => sems.channelsCreated.canWait(s),
              waitsFor: (state) => ({ on: 'channels_created', ...(channelCreator(state) !== undefined ? { holder: channelCreator(state)! } : {}) }),
              next: c + 1 < N ? `mig.created${c + 1}` : 'mig.header',
              run: (s) => sems.channelsCreated.wait(s),
            });
          }
        }
      }
      const afterHeader = k.mig_lock_setup ? 'mig.lock_setup' : 'mig.setup';
      if (k.mig_lock_header) {
        steps.push({
          at: 'mig.header',
          source: 'migration/migration.c:3316-3318 (v8.2.2) migration_thread() lock; qemu_savevm_state_header(); unlock',
          when: (s) => bql.canLock(s, t),
          waitsFor: bql.waitsFor,
          next: afterHeader,
          run: (s) => {
            bql.lock(s, t);
            bql.unlock(s, t);
          },
        });
      } else {
        steps.push({ at: 'mig.header', source: 'migration/migration.c:2949 migration_thread() qemu_savevm_state_header() without the BQL', next: afterHeader });
      }
      if (k.mig_lock_setup) {
        steps.push(
          { at: 'mig.lock_setup', source: 'migration/migration.c:3346 (v8.2.2) migration_thread() qemu_mutex_lock_iothread()', when: (s) => bql.canLock(s, t),
          waitsFor: bql.waitsFor, next: 'mig.setup', run: (s) => bql.lock(s, t) },
          { at: 'mig.setup', source: 'migration/migration.c:3347 (v8.2.2) migration_thread() qemu_savevm_state_setup()', run: (s) => t.call(s, 'setup', 'mig.unlock_setup') },
          {
            at: 'mig.unlock_setup',
            source: 'migration/migration.c:3348 (v8.2.2) migration_thread() qemu_mutex_unlock_iothread(); iterate/complete not modelled',
            run: (s) => {
              bql.unlock(s, t);
              t.finish(s);
            },
          },
        );
      } else {
        steps.push(
          { at: 'mig.setup', source: 'migration/migration.c:2977 migration_thread() qemu_savevm_state_setup() without the BQL', run: (s) => t.call(s, 'setup', 'mig.end') },
          { at: 'mig.end', source: 'migration/migration.c:2978 migration_thread(): setup done; iterate/complete not modelled', run: (s) => t.finish(s) },
        );
      }
      return steps;
    }

    function bgSteps(t: Thread): StepDef[] {
      if (k.bg_lock_setup) {
        return [
          {
            at: 'bg.setup',
            source: 'migration/migration.c:3459-3461 (v8.2.2) bg_migration_thread() lock; qemu_savevm_state_header(); qemu_savevm_state_setup()',
            when: (s) => bql.canLock(s, t),
          waitsFor: bql.waitsFor,
            run: (s) => {
              bql.lock(s, t);
              t.call(s, 'setup', 'bg.unlock');
            },
          },
          {
            at: 'bg.unlock',
            source: 'migration/migration.c:3462 (v8.2.2) bg_migration_thread() qemu_mutex_unlock_iothread()',
            run: (s) => {
              bql.unlock(s, t);
              t.finish(s);
            },
          },
        ];
      }
      return [
        { at: 'bg.setup', source: 'migration/migration.c:3088-3089 bg_migration_thread() qemu_savevm_state_header(); qemu_savevm_state_setup() without the BQL', run: (s) => t.call(s, 'setup', 'bg.end') },
        { at: 'bg.end', source: 'migration/migration.c:3090 bg_migration_thread(): setup done; the rest not modelled', run: (s) => t.finish(s) },
      ];
    }

    for (const i of range(N)) {
      connectThreads.push(kit.declare({ name: `connect${i}`, frame: 'qio_task_thread_worker', entry: 'connect', running: false, steps: (t) => connectWorkerSteps(t, gsrc, i) }));
      if (tls) tlsThreads.push(kit.declare({ name: `tls${i}`, frame: 'multifd_tls_handshake_thread', entry: 'tls.handshake', running: false, steps: (t) => tlsWorkerSteps(t, gsrc, i, (s) => channelConnected(s, i)) }));
      sendThreads.push(
        kit.declare({
          name: `send${i}`,
          frame: 'multifd_send_thread',
          entry: 'send.start',
          running: false,
          daemon: true,
          idle: (s, t) => t.isAt(s, 'send.wait'),
          steps: () => sendThreadSteps(sems, i),
        }),
      );
    }

    const compiled = kit.compile();

    // I4: the threads that may poll MAIN are main and the vCPUs.
    const pollers = [main, ...vcpus].filter((t) => t.hasLabel(POLL));
    const isPoller =
      k.i4_reading === 'active'
        ? (s: StateView, t: Thread) => t.isAt(s, POLL)
        : (s: StateView, t: Thread) => t.inFrame(s, POLL);

    return {
      init: (s) => {
        compiled.init(s);
        bql.init(s);
        for (const i of range(V)) s.set(mmioLeft, i, k.mmio_writes);
      },
      actions: compiled.actions,
      invariants: {
        I4: {
          check: (s) => {
            let n = 0;
            for (const t of pollers) if (isPoller(s, t)) n++;
            return n <= 1;
          },
          doc: `at most one thread polls the main AioContext (util/aio-posix.c aio_poll comment); reading: ${k.i4_reading}`,
        },
        I6: { check: (s) => !s.get(dirtylogUnlocked), doc: 'memory_global_dirty_log_start runs under the BQL (4987783400; the H2/H3 property)' },
      },
      assertions: {
        I1: 'AIO_WAIT_WHILE: qemu_get_current_aio_context() == qemu_get_aio_context() (include/block/aio-wait.h:95-96)',
        I2: 'aio_poll(main) runs in the home thread (util/aio-posix.c:619)',
        I3b: 'qemu_mutex_lock_iothread: the BQL is not already held by the caller (softmmu/cpus.c:503)',
        I3c: 'qemu_mutex_unlock_iothread: the BQL is held by the caller (softmmu/cpus.c:510)',
        I5: 'save_snapshot: GLOBAL_STATE_CODE(), the BQL is held (migration/savevm.c:2932)',
        I8: 'multifd_send_sync_main() finds multifd_send_state set up (a snapshot with the multifd capability dereferences NULL before QEMU 10.2: migration/multifd.c:589-595)',
      },
      // Liveness under the kit's fairness: every QEMU thread is weakly fair (the OS keeps scheduling it);
      // the BQL is a QemuMutex (pthread), so taking it is only weakly fair too (docs/liveness.md).
      liveness: {
        SetupCompletes: eventually(
          compiled.terminal,
          'the snapshot and migration setup finish: every thread the scenario starts ends, the main loop and vCPUs go idle',
        ),
        BHRuns: leadsTo(
          (s) => bh.any(s),
          (s) => !bh.any(s),
          'a scheduled bottom half (snapshot_save_job_bh) eventually runs, on the main loop or on a vCPU polling the main context',
        ),
        MainLoopProgress: leadsTo(
          (s) => main.isAt(s, 'main.poll') && anyEvent(s),
          (s) => !(main.isAt(s, 'main.poll') && anyEvent(s)),
          'a main loop with an event pending eventually takes the BQL and dispatches it (util/main-loop.c:311), or the event is gone',
        ),
      },
      fairness: compiled.fairness,
      terminal: compiled.terminal,
      deadlockDoc:
        'a state where no step is enabled while a non-daemon activity is unfinished: the migration thread not done, a snapshot frame or a vCPU MMIO write open, the main loop with a pending event (blocked taking the BQL), a connect or TLS worker not done',
      explain: {
        ...compiled.explain,
        summary: (state) => {
          const lines = [`BQL: ${bql.ownerIn(state)}`];
          const bhs = (state.get('bh_main') as List<boolean>).some((x) => x);
          if (bhs) lines.push('BH queued on main: snapshot_save_job_bh');
          const g = (state.get('gsrc') as List<string>).toArray().flatMap((x, i) => (x === 'none' ? [] : [`${x}${i}`]));
          if (g.length > 0) lines.push(`GSources pending: ${g.join(', ')}`);
          if (multifd && hasMig) {
            const list = (name: string) => (state.get(name) as List<number>).toArray().join(',');
            lines.push(`channels_ready=${String(state.get('channels_ready'))} p_sem=[${list('p_sem')}] p_sem_sync=[${list('p_sem_sync')}]${k.created_wait ? ` channels_created=${String(state.get('channels_created'))}` : ''}`);
          }
          return lines;
        },
      },
      display: { ...compiled.display, locks: { bql: 'bql' }, queues: { bh_main: 'bh_main', gsrc: 'gsrc' }, semaphores: ['channels_ready', 'p_sem', 'p_sem_sync', 'channels_created'] },
    };
  },
});
