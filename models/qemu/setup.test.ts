/**
 * qemu/setup: the scenario matrix of the scenario matrix, the two field
 * counterexamples (the v8.1.0 assertion, the patch-v2 hang), the merged fix
 * over every small configuration, the R3/R5 counterfactuals, the two I4
 * readings and the size of the largest configuration. Numbers (distinct
 * states, counterexample lengths) are pinned from engine runs; every row also
 * checks from coverage that the steps it is about really fire.
 */
import { buildModel, check, resolveKnobs, type CheckResult, type KnobSpecs, type ModelDefinition } from '../../checker';
import setup, { LARGEST, PRESETS, SCENARIOS } from './setup';

const def = setup as unknown as ModelDefinition<KnobSpecs>;
const PROPS = ['I4', 'I6', 'I1', 'I2', 'I3b', 'I3c', 'I5', 'I8', 'SetupCompletes', 'BHRuns', 'MainLoopProgress', 'deadlock'];

function run(preset: string, set: Record<string, unknown> = {}): Promise<CheckResult> {
  return check(buildModel(def, resolveKnobs(def, { preset, set }), preset), { continue: true });
}
/**
 * Every property's status; `violated` lists the violated ones, all others must hold.
 * In this model every deadlock is a hang of the setup with the main loop
 * waiting for the BQL, so a violated `deadlock` brings SetupCompletes and
 * MainLoopProgress with it (their lassos stutter in the deadlocked state).
 */
function expectStatuses(r: CheckResult, listed: readonly string[]): void {
  const violated = listed.includes('deadlock') ? [...listed, 'SetupCompletes', 'MainLoopProgress'] : listed;
  expect(r.error).toBeUndefined();
  const actual = Object.fromEntries(r.properties.map((p) => [p.name, p.status]));
  expect(Object.keys(actual).sort()).toEqual([...PROPS].sort());
  expect(actual).toEqual(Object.fromEntries(PROPS.map((p) => [p, violated.includes(p) ? 'violated' : 'holds'])));
}
function fired(r: CheckResult, action: string): number {
  const c = r.coverage.find((e) => e.action === action);
  if (!c) throw new Error(`no action '${action}'; actions: ${r.coverage.map((e) => e.action).join(', ')}`);
  return c.fired;
}
function trace(r: CheckResult, property: string) {
  const p = r.properties.find((x) => x.name === property)!;
  expect(p.counterexample).toBeDefined();
  return p.counterexample!;
}

describe('scenario matrix (the scenario matrix), 1 vCPU, 1 channel, I4 read as active', () => {
  it('S1 v8.1.0: a vCPU runs the snapshot BH and AIO_WAIT_WHILE asserts (I1)', async () => {
    const r = await run('v8.1.0', { scenario: 'S1' });
    expectStatuses(r, ['I1']);
    expect(trace(r, 'I1').length).toBe(14);
    expect(fired(r, 'vcpu0:wrap.run_bh')).toBeGreaterThan(0);
    expect(fired(r, 'vcpu0:setup.flush')).toBeGreaterThan(0); // bdrv_writev_vmstate reached on the vCPU
    expect(fired(r, 'main:setup.flush')).toBeGreaterThan(0); // and on the main loop
    expect(r.stats.distinctStates).toBe(60);
  });

  it.each(['patch-v1', 'patch-v2', 'patch-v3', 'patch-v4', 'patch-v5', '930e239d11e2'])('S1 %s: the snapshot on a vCPU keeps the BQL, every property holds', async (preset) => {
    const r = await run(preset, { scenario: 'S1' });
    expectStatuses(r, []);
    expect(fired(r, 'vcpu0:setup.flush')).toBeGreaterThan(0);
    expect(fired(r, 'vcpu0:snap.complete')).toBeGreaterThan(0);
    expect(fired(r, 'main:snap.complete')).toBeGreaterThan(0);
    expect(r.stats.terminalStates).toBeGreaterThan(0);
  });

  it('S2 v8.1.0: HMP savevm in the main thread; vm_stop parks the vCPU, so nobody polls concurrently', async () => {
    const r = await run('v8.1.0', { scenario: 'S2' });
    expectStatuses(r, []);
    expect(fired(r, 'main:wrap.aww')).toBeGreaterThan(0); // the main thread polls without the BQL
    expect(fired(r, 'vcpu0:vcpu.park')).toBeGreaterThan(0);
    expect(fired(r, 'vcpu0:wrap.aww')).toBeGreaterThan(0); // the vCPU does poll, before the pause or after vm_start
    expect(r.stats.distinctStates).toBe(43);
  });

  it('S2 v8.1.0 with vm_stop as a no-op (section-3 reading): two pollers of the main context (I4)', async () => {
    for (const reading of ['active', 'nested']) {
      const r = await run('v8.1.0', { scenario: 'S2', vm_stop: 'noop', i4_reading: reading });
      expectStatuses(r, ['I4']);
      const last = trace(r, 'I4').steps.at(-1)!.state;
      expect(last.get('pc_main')).toBe('wrap.poll');
      expect(last.get('pc_vcpu0')).toBe('wrap.poll');
      expect(last.get('bql')).toBe('vcpu0');
    }
  });

  it('S2 930e239d11e2: every property holds', async () => {
    const r = await run('930e239d11e2', { scenario: 'S2' });
    expectStatuses(r, []);
    expect(fired(r, 'main:setup.flush')).toBeGreaterThan(0);
    expect(fired(r, 'main:setup.sync_unlock')).toBeGreaterThan(0);
  });

  it.each([
    ['S3', 'patch-v2', ['deadlock']],
    ['S3', 'patch-v3', []],
    ['S3', '930e239d11e2', []],
    ['S3', 'dd904bc13f2a', []],
    ['S3', '93fa9dc2e052', []],
    ['S4', 'patch-v2', ['deadlock']],
    ['S4', 'patch-v3', []],
    ['S4', '930e239d11e2', []],
    ['S4', 'dd904bc13f2a', []],
    ['S4', '93fa9dc2e052', []],
  ] as const)('%s %s: multifd migration gives %j', async (scenario, preset, violated) => {
    for (const channels of [1, 2]) {
      const r = await run(preset, { scenario, channels });
      expectStatuses(r, violated);
      expect(fired(r, 'migration:sync.ready0')).toBeGreaterThan(0); // multifd_send_sync_main waits
      expect(fired(r, 'main:main.dispatch_connect0')).toBeGreaterThan(0);
      if (violated.length === 0) expect(fired(r, `migration:sync.sem_sync${channels - 1}`)).toBeGreaterThan(0);
      if (scenario === 'S4') {
        expect(fired(r, 'tls0:tls.handshake_done')).toBeGreaterThan(0);
        expect(fired(r, 'main:main.dispatch_tls0')).toBeGreaterThan(0);
      }
    }
  });

  it('S5 5b82b703b69a: dirty-log start outside the BQL (I6); 4987783400 fixes it', async () => {
    const h2 = await run('5b82b703b69a', { scenario: 'S5' });
    expectStatuses(h2, ['I6']);
    expect(trace(h2, 'I6').steps.at(-1)!.action).toBe('migration:setup.ram_init');
    const h3 = await run('4987783400', { scenario: 'S5' });
    expectStatuses(h3, []);
    expect(fired(h3, 'migration:setup.ram_init')).toBeGreaterThan(0);
  });

  it('S6 naive fix: removing only the unlock in qemu_savevm_state double-locks the BQL (I3b)', async () => {
    const r = await run('naive-fix', { scenario: 'S6' });
    expectStatuses(r, ['I3b']);
    const last = trace(r, 'I3b').steps.at(-1)!;
    expect(last.action).toMatch(/:setup\.ram_init$/);
    expect(last.failed!.assertion).toBe('I3b');
  });
});

describe('the v8.1.0 assertion (snapshot via a vCPU)', () => {
  it("tells the commit message's story step by step", async () => {
    const r = await run('v8.1.0', { scenario: 'S1' });
    const steps = trace(r, 'I1').steps;
    expect(steps.map((s) => s.action)).toEqual([
      'Init',
      'main:main.qmp_snapshot', // (1) snapshot-save queues snapshot_save_job_bh
      'main:main.enter_loop',
      'vcpu0:vcpu.mmio_enter', // (2) the vCPU takes the BQL for an MMIO write
      'vcpu0:vcpu.pflash', // (3) pflash write calls blk_pwrite ...
      'vcpu0:wrap.aww', //     ... whose wrapper polls the main context
      'vcpu0:wrap.run_bh', // (4) aio_poll runs the snapshot BH on the vCPU thread
      'vcpu0:snap.gsc',
      'vcpu0:snap.vm_stop',
      'vcpu0:snap.drain',
      'vcpu0:snap.unlock', // (5) qemu_savevm_state drops the BQL
      'vcpu0:snap.setup',
      'vcpu0:setup.ram_init',
      'vcpu0:setup.flush', // (6) setup flushes through bdrv_writev_vmstate
      'vcpu0:wrap.aww', // (7) AIO_WAIT_WHILE's assertion fails on the vCPU thread
    ]);
    expect(steps[1]!.source).toContain('savevm.c:3334');
    expect(steps[3]!.source).toContain('physmem.c:2592');
    expect(steps[4]!.source).toContain('pflash_cfi01.c:394');
    expect(steps[6]!.source).toContain('aio-posix.c:722');
    expect(steps[10]!.source).toContain('savevm.c:1628');
    expect(steps[13]!.source).toContain('bdrv_writev_vmstate');
    expect(steps[14]!.source).toContain('aio-wait.h:95');
    expect(steps[14]!.failed!.assertion).toBe('I1');
    expect(steps.slice(3).every((s) => s.lane === 'vcpu0')).toBe(true);
    expect(steps[14]!.state.get('bql')).toBe('none');
  });
});

describe('the patch-v2 hang', () => {
  it('has the shape of the backtrace on the list', async () => {
    const r = await run('patch-v2', { scenario: 'S3' });
    const cx = trace(r, 'deadlock');
    expect(cx.length).toBe(9);
    const last = cx.steps.at(-1)!.state;
    expect(last.get('bql')).toBe('migration'); // the migration thread holds the BQL in setup ...
    expect(last.get('pc_migration')).toBe('sync.ready0'); // ... waiting on channels_ready (multifd.c:633)
    expect((last.get('stack_migration') as { toJS(): unknown }).toJS()).toEqual(['mig.unlock_setup', 'setup.flush']);
    expect((last.get('gsrc') as { toJS(): unknown }).toJS()).toEqual(['connected']); // the connect completion sits undispatched
    expect(last.get('pc_main')).toBe('main.poll'); // the main loop is blocked taking the BQL (main-loop.c:311)
    expect(last.get('pc_vcpu0')).toBe('vcpu.run'); // the vCPU cannot enter its MMIO write (physmem.c:2592)
    expect(last.get('pc_send0')).toBe('unborn');
    const poll = r.coverage.find((c) => c.action === 'main:main.dispatch_connect0')!;
    expect(poll.source).toContain('main-loop.c:311');
  });

  it('also hangs with TLS when the handshake continues in the main loop', async () => {
    const r = await run('patch-v2', { scenario: 'S4' });
    const last = trace(r, 'deadlock').steps.at(-1)!.state;
    expect(last.get('bql')).toBe('migration');
    expect(last.get('pc_migration')).toBe('sync.ready0');
  });
});

describe('the merged fix 930e239d11e2 over every small configuration', () => {
  const configs: Record<string, unknown>[] = [];
  for (const snapshot of ['none', 'vcpu', 'main'])
    for (const migration of ['off', 'precopy', 'bg'])
      for (const multifd of [false, true])
        for (const tls of multifd ? [false, true] : [false])
          for (const channels of multifd ? [1, 2] : [1])
            for (const vcpus of [1, 2]) if (snapshot !== 'none' || migration !== 'off') configs.push({ snapshot, migration, multifd, tls, channels, vcpus });

  /** A snapshot that runs with the multifd capability on crashes in multifd_send_sync_main() before QEMU 10.2 (I8). */
  const crashes = (set: Record<string, unknown>) => set.snapshot !== 'none' && set.multifd === true && set.migration !== 'bg';

  it(`holds every property in all ${configs.length} configurations (I4 active), except the snapshot-with-multifd crash (I8)`, async () => {
    for (const set of configs) {
      const r = await run('930e239d11e2', set);
      expect({ set, bad: r.properties.filter((p) => p.status !== 'holds').map((p) => p.name) }).toEqual({ set, bad: crashes(set) ? ['I8'] : [] });
      if (!crashes(set)) expect(r.stats.terminalStates).toBeGreaterThan(0);
    }
  });

  it('holds every property in the same configurations when that sync is read as a no-op (snapshot_multifd_sync=noop)', async () => {
    for (const set of configs.filter(crashes)) {
      const r = await run('930e239d11e2', { ...set, snapshot_multifd_sync: 'noop' });
      expect({ set, bad: r.properties.filter((p) => p.status !== 'holds').map((p) => p.name) }).toEqual({ set, bad: [] });
      expect(r.stats.terminalStates).toBeGreaterThan(0);
    }
  });

  it('violates I4 read as nested exactly when a vCPU-run snapshot leaves room for a second vCPU (finding)', async () => {
    for (const set of configs) {
      const r = await run('930e239d11e2', { ...set, i4_reading: 'nested', snapshot_multifd_sync: 'noop' });
      const expected = set.snapshot === 'vcpu' && set.vcpus === 2 ? ['I4'] : [];
      expect({ set, bad: r.properties.filter((p) => p.status !== 'holds').map((p) => p.name) }).toEqual({ set, bad: expected });
    }
  });

  it('shows the nested-I4 finding: vcpu1 polls inside vcpu0\'s unlocked multifd window', async () => {
    const r = await run('930e239d11e2', { scenario: 'S1', vcpus: 2, i4_reading: 'nested' });
    const cx = trace(r, 'I4');
    expect(cx.length).toBe(15);
    expect(cx.steps.map((s) => s.action).slice(-4)).toEqual(['vcpu0:setup.sync_unlock', 'vcpu1:vcpu.mmio_enter', 'vcpu1:vcpu.pflash', 'vcpu1:wrap.aww']);
    const last = cx.steps.at(-1)!.state;
    expect((last.get('stack_vcpu0') as { toJS(): unknown }).toJS()).toEqual(['vcpu.mmio_exit', 'wrap.poll', 'snap.complete']);
  });
});

describe('counterfactuals without the multifd unlock (multifd_sync_unlock=false)', () => {
  it.each([
    ['dd904bc13f2a', ['deadlock']], // R3: nothing waits for the completions before the locked setup
    ['93fa9dc2e052', []], // R5: channels_created makes every send thread exist first
  ] as const)('%s gives %j (as the earlier reading predicted)', async (preset, violated) => {
    for (const scenario of ['S3', 'S4'])
      for (const channels of [1, 2]) {
        const r = await run(preset, { scenario, channels, multifd_sync_unlock: false });
        expectStatuses(r, violated);
        expect(fired(r, 'migration:sync.ready0')).toBeGreaterThan(0);
        if (preset === '93fa9dc2e052') expect(fired(r, 'migration:mig.created0')).toBeGreaterThan(0);
      }
  });
});

describe('snapshot with the multifd capability (R7)', () => {
  it.each(['v8.1.0', '930e239d11e2', 'v9.2.4', 'v10.0.0'])('%s: multifd_send_sync_main() on the NULL multifd_send_state crashes (I8)', async (preset) => {
    for (const snapshot of ['vcpu', 'main']) {
      const r = await run(preset, { snapshot, multifd: true });
      expect(r.properties.find((p) => p.name === 'I8')!.status).toBe('violated');
      // The job's BH may run on the main loop or on a vCPU; the shortest crash is in whichever gets there first.
      expect(trace(r, 'I8').steps.at(-1)!.action).toMatch(/^(main|vcpu0):setup\.sync$/);
    }
  });
  it('v9.2.4 with the no-op reading: no flush inside the unlocked window yet, every property holds', async () => {
    const r = await run('v9.2.4', { snapshot: 'vcpu', multifd: true, snapshot_multifd_sync: 'noop' });
    expectStatuses(r, []);
  });
  it('v10.0.0 with the no-op reading: the flush inside the unlocked window asserts on a vCPU (I1)', async () => {
    const r = await run('v10.0.0', { snapshot: 'vcpu', multifd: true, snapshot_multifd_sync: 'noop' });
    expectStatuses(r, ['I1']);
    expect(trace(r, 'I1').steps.at(-2)!.action).toBe('vcpu0:setup.sync');
  });
  it('v10.2.0: save_snapshot rejects the capability, nothing is violated', async () => {
    const r = await run('v10.2.0', { snapshot: 'vcpu', multifd: true });
    expectStatuses(r, []);
    expect(fired(r, 'vcpu0:snap.reject')).toBeGreaterThan(0);
  });
});

describe('presets and scenario knobs', () => {
  it('has one preset per commit of the history (docs/models/qemu-grounding.md), each setting only code-version knobs', () => {
    for (const name of ['v8.1.0', '9b0950375277', '5b82b703b69a', '4987783400', 'patch-v1', 'patch-v2', 'patch-v3', 'patch-v4', 'patch-v5', '930e239d11e2', 'dd904bc13f2a', '93fa9dc2e052', 'v9.2.4', 'e5f14aa5fe7f', 'v10.0.0', 'v10.2.0']) {
      expect(PRESETS[name]).toBeDefined();
    }
    const scenarioKnobs = ['scenario', 'snapshot', 'migration', 'multifd', 'channels', 'tls', 'vcpus', 'mmio_writes', 'header_may_flush', 'vm_stop', 'i4_reading', 'snapshot_multifd_sync'];
    for (const p of Object.values(PRESETS)) for (const k of Object.keys(p.knobs)) expect(scenarioKnobs).not.toContain(k);
  });

  it('combines a preset with --set scenario=…', () => {
    const knobs = resolveKnobs(def, { preset: '930e239d11e2', set: { scenario: 'S3', channels: '2' } });
    expect(knobs).toMatchObject({ scenario: 'S3', channels: 2, multifd_sync_unlock: true, mig_lock_setup: true });
    expect(Object.keys(SCENARIOS)).toEqual(['S1', 'S2', 'S3', 'S4', 'S5', 'S6']);
  });

  it('refuses a scenario knob that contradicts --set scenario (it would be ignored)', () => {
    expect(() => resolveKnobs(def, { preset: '930e239d11e2', set: { scenario: 'S3', tls: true } })).toThrow(
      /tls=true \(--set\) conflicts with tls=false, which the model derives from its other knobs/,
    );
  });

  it('reports the knobs a scenario derives, and accepts an explicit setting that agrees', () => {
    const knobs = resolveKnobs(def, { preset: '930e239d11e2', set: { scenario: 'S4', snapshot: 'none' } });
    expect(knobs).toMatchObject({ scenario: 'S4', snapshot: 'none', migration: 'precopy', multifd: true, tls: true });
  });

  it('header_may_flush and a second MMIO write change no verdict of the merged fix', async () => {
    const r = await run('930e239d11e2', { scenario: 'S1', vcpus: 2, header_may_flush: true, mmio_writes: 2 });
    expectStatuses(r, []);
    expect(fired(r, 'vcpu0:snap.header_flush')).toBeGreaterThan(0);
  });
});

describe('the largest configuration', () => {
  it('explores to completion in seconds', async () => {
    const r = await run(LARGEST.preset, { ...LARGEST.set });
    expectStatuses(r, []);
    expect(r.stats.distinctStates).toBe(64442);
    expect(r.stats.seconds).toBeLessThan(10);
    expect(fired(r, 'vcpu0:setup.flush')).toBeGreaterThan(0);
    expect(fired(r, 'migration:sync.sem_sync1')).toBeGreaterThan(0);
    expect(fired(r, 'tls1:tls.handshake_watch')).toBeGreaterThan(0);
  });
});

describe('liveness under per-thread weak fairness', () => {
  it('patch-v2 S3: SetupCompletes and MainLoopProgress fail with lassos that stutter in the deadlocked state', async () => {
    const r = await run('patch-v2', { scenario: 'S3' });
    const dead = trace(r, 'deadlock');
    for (const name of ['SetupCompletes', 'MainLoopProgress']) {
      const cx = trace(r, name);
      // As short as the deadlock's path, and stuttering in the same deadlocked state (the path may interleave differently).
      expect(cx).toMatchObject({ length: dead.length, loop: dead.length, stutter: true });
      expect(cx.steps.at(-1)!.state.equals(dead.steps.at(-1)!.state)).toBe(true);
    }
    expect(r.exitCode).toBe(11); // the deadlock is found first, during exploration
  });

  it('S1 930e239d11e2: the snapshot BH always runs (BHRuns holds and is not vacuous: it is scheduled and it fires)', async () => {
    const r = await run('930e239d11e2', { scenario: 'S1' });
    expect(r.properties.find((p) => p.name === 'BHRuns')!.status).toBe('holds');
    expect(fired(r, 'main:main.qmp_snapshot')).toBeGreaterThan(0);
    expect(fired(r, 'vcpu0:wrap.run_bh') + fired(r, 'main:main.dispatch_bh')).toBeGreaterThan(0);
    expect(r.warnings).toEqual([]);
  });

  it('S3: BHRuns holds vacuously without a snapshot, and says so', async () => {
    const r = await run('930e239d11e2', { scenario: 'S3' });
    expect(r.warnings).toEqual(['liveness BHRuns: its left side never holds in a reachable state, so it holds vacuously']);
  });
});
