/**
 * The scenarios the qemu/setup specs check, as builders: each fixes a
 * scenario's name, knobs and the steps that must fire, so a spec states only
 * what differs from commit to commit — the expected statuses, the
 * counterexample lengths, and whether the run gets to the end of the code it
 * is about (`completes: false` drops the last must-fire step, for a
 * scenario that deadlocks or asserts before it).
 */
import type { SpecScenario } from '../checker';
import type { Expectation, SetupProperty } from './expect';

export interface ScenarioOptions {
  /** Whether the run reaches the end of the scenario's code (default true). */
  readonly completes?: boolean;
  /** Expected counterexample lengths. */
  readonly length?: Partial<Record<SetupProperty, number>>;
  /** Knobs on top of the scenario's own. */
  readonly knobs?: Readonly<Record<string, number | boolean | string>>;
}

function build(name: string, knobs: SpecScenario['knobs'], expect: Expectation, mustFire: string[], o: ScenarioOptions): SpecScenario {
  return { name, knobs: { ...knobs, ...o.knobs }, expect, ...(o.length ? { length: o.length } : {}), mustFire };
}

/** S1: the snapshot-save job; a vCPU in blk_pwrite polls the main context and runs its BH. */
export function snapshotVcpu(expect: Expectation, o: ScenarioOptions = {}): SpecScenario {
  return build('snapshot-vcpu', { scenario: 'S1' }, expect, ['vcpu0:wrap.run_bh', 'vcpu0:setup.flush', ...(o.completes === false ? [] : ['vcpu0:snap.complete'])], o);
}

/** S2: HMP savevm in the main thread; vm_stop() parks the vCPU. */
export function snapshotMain(expect: Expectation, o: ScenarioOptions = {}): SpecScenario {
  return build('snapshot-main', { scenario: 'S2' }, expect, ['main:wrap.aww', 'vcpu0:vcpu.park', 'main:setup.ram_init', ...(o.completes === false ? [] : ['main:snap.complete'])], o);
}

/** S3 (S4 with tls): precopy migration with multifd, one or two channels. */
export function multifd(expect: Expectation, o: ScenarioOptions & { readonly channels?: 1 | 2; readonly tls?: boolean; readonly createdWait?: boolean } = {}): SpecScenario {
  const n = o.channels ?? 1;
  const connect = o.tls ? ['tls0:tls.handshake_done', 'main:main.dispatch_tls0'] : ['main:main.dispatch_connect0'];
  return build(
    `multifd${o.tls ? '-tls' : ''}-n${n}`,
    { scenario: o.tls ? 'S4' : 'S3', ...(n === 2 ? { channels: 2 } : {}) },
    expect,
    [...connect, 'migration:sync.ready0', ...(o.createdWait ? [`migration:mig.created${n - 1}`] : []), ...(o.completes === false ? [] : [`migration:sync.sem_sync${n - 1}`])],
    o,
  );
}

/** S5: precopy migration without multifd (the dirty-log start, I6). */
export function precopy(expect: Expectation, o: ScenarioOptions = {}): SpecScenario {
  return build('precopy', { scenario: 'S5' }, expect, ['migration:setup.ram_init', 'migration:setup.flush'], o);
}

/**
 * A snapshot taken with the multifd capability on (before 10.2: the sync crashes, I8), on a vCPU
 * through the job's BH or on the main thread through HMP savevm; `noopSync` takes the earlier
 * reading of that sync (it returns at once), which reaches the code after it.
 */
export function snapshotMultifd(where: 'vcpu' | 'main', expect: Expectation, o: ScenarioOptions & { readonly noopSync?: boolean; readonly completes?: boolean } = {}): SpecScenario {
  const who = where === 'vcpu' ? 'vcpu0' : 'main';
  return build(
    `snapshot-${where}-multifd${o.noopSync ? '-noop-sync' : ''}`,
    { snapshot: where, multifd: true, ...(o.noopSync ? { snapshot_multifd_sync: 'noop' } : {}) },
    expect,
    [...(where === 'vcpu' ? ['vcpu0:wrap.run_bh'] : []), `${who}:setup.sync`, ...(o.completes ? [`${who}:snap.complete`] : [])],
    o,
  );
}
