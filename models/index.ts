/**
 * The built-in models, by name. The CLI resolves `interleave check <name>`
 * here; `interleave list` prints them. Add a model by importing it and adding
 * it to `MODELS` (names are `<kit>/<model>`, e.g. `classic/philo`).
 */
import type { KnobSpecs, ModelDefinition } from '../checker';
import filter from './classic/filter';
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

export const MODELS: readonly ModelDefinition<KnobSpecs>[] = [philo, filter, naivelock, locksem, kitLocksem, kitMutex, kitSpin, qemuSetup, qemuNotifyMe, qemuAioWaitKick, qemuIothreadStop, qemuBlockJobSleep, kitWakeup, classicWakeup] as ModelDefinition<KnobSpecs>[];

/** The built-in model with that name, or undefined. */
export function findModel(name: string): ModelDefinition<KnobSpecs> | undefined {
  return MODELS.find((m) => m.name === name);
}
