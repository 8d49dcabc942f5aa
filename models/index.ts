/**
 * The built-in models, by name. The CLI resolves `interleave check <name>`
 * here; `interleave list` prints them. Add a model by importing it and adding
 * it to `MODELS` (names are `<kit>/<model>`, e.g. `classic/philo`; `tla/` holds
 * translations of public TLA+ specifications, models/tla/README.md).
 */
import type { KnobSpecs, ModelDefinition } from '../checker';
import filter from './classic/filter';
import gossip from './classic/gossip';
import gossipBits from './classic/gossip-bits';
import locksem from './classic/locksem';
import naivelock from './classic/naivelock';
import philo from './classic/philo';
import kitLocksem from './kit/examples/locksem';
import kitMutex from './kit/examples/mutex';
import kitSpin from './kit/examples/spin';
import kitWakeup from './kit/examples/wakeup';
import classicWakeup from './classic/wakeup';
import qemuAioWaitKick from './qemu/bugs/aio-wait-kick-barrier';
import qemuBlockJobSleep from './qemu/bugs/block-job-sleep';
import qemuIothreadStop from './qemu/bugs/iothread-stop-race';
import qemuNotifyMe from './qemu/bugs/notify-me-barrier';
import qemuSetup from './qemu/setup';
import tlaAlternatingBit from './tla/alternatingbit';
import tlaChangRoberts from './tla/changroberts';
import tlaDieHard from './tla/diehard';
import tlaDiningPhilosophers from './tla/diningphilosophers';
import tlaEwd840 from './tla/ewd840';
import tlaPeterson from './tla/peterson';
import tlaPrisoners from './tla/prisoners';
import tlaSimple from './tla/simple';
import tlaSimpleAllocator from './tla/simpleallocator';
import tlaSimpleAllocatorBits from './tla/simpleallocator-bits';
import tlaTCommit from './tla/tcommit';
import tlaTwoPhase from './tla/twophase';

export const MODELS: readonly ModelDefinition<KnobSpecs>[] = [philo, filter, naivelock, locksem, kitLocksem, kitMutex, kitSpin, qemuSetup, qemuNotifyMe, qemuAioWaitKick, qemuIothreadStop, qemuBlockJobSleep, kitWakeup, classicWakeup,
  tlaTwoPhase, tlaEwd840, tlaSimpleAllocator, tlaSimple, tlaDiningPhilosophers, tlaChangRoberts, tlaPrisoners, tlaAlternatingBit, tlaPeterson, tlaDieHard, tlaTCommit, tlaSimpleAllocatorBits, gossip, gossipBits] as ModelDefinition<KnobSpecs>[];

/** The built-in model with that name, or undefined. */
export function findModel(name: string): ModelDefinition<KnobSpecs> | undefined {
  return MODELS.find((m) => m.name === name);
}
