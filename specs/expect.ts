/**
 * Shorthands for the expectations of qemu/setup specs: every spec scenario
 * still states the status of every property, but says it as "all hold" or
 * "all hold except these, which are violated".
 */

/** The properties of qemu/setup (`interleave list qemu/setup`). */
export const SETUP_PROPERTIES = ['I1', 'I2', 'I3b', 'I3c', 'I4', 'I5', 'I6', 'I8', 'SetupCompletes', 'BHRuns', 'MainLoopProgress', 'deadlock'] as const;
export type SetupProperty = (typeof SETUP_PROPERTIES)[number];
export type Expectation = Readonly<Record<SetupProperty, 'holds' | 'violated'>>;

/** Every property holds except the named ones, which are violated. */
export function violatedOnly(...violated: SetupProperty[]): Expectation {
  return Object.fromEntries(SETUP_PROPERTIES.map((p) => [p, violated.includes(p) ? 'violated' : 'holds'])) as Expectation;
}

/** Every property holds. */
export const allHold: Expectation = violatedOnly();

/**
 * A hang: the deadlock, and the liveness properties it breaks. A deadlocked
 * state stutters forever (docs/liveness.md), so the setup never completes,
 * and here the main loop waits for the BQL with a completion pending, so it
 * makes no progress either; each counterexample ends in the deadlocked state.
 */
export const HANG = ['deadlock', 'SetupCompletes', 'MainLoopProgress'] as const;

/** The counterexample lengths of a hang of n steps: the same for the deadlock and the lassos that stutter in it. */
export function hangLength(n: number): Partial<Record<SetupProperty, number>> {
  return Object.fromEntries(HANG.map((p) => [p, n]));
}
