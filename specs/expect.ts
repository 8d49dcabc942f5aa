/**
 * Shorthands for the expectations of qemu/setup specs: every spec scenario
 * still states the status of every property, but says it as "all hold" or
 * "all hold except these, which are violated".
 */

/** The properties of qemu/setup (`interleave list qemu/setup`). */
export const SETUP_PROPERTIES = ['I1', 'I2', 'I3b', 'I3c', 'I4', 'I5', 'I6', 'deadlock'] as const;
export type SetupProperty = (typeof SETUP_PROPERTIES)[number];
export type Expectation = Readonly<Record<SetupProperty, 'holds' | 'violated'>>;

/** Every property holds except the named ones, which are violated. */
export function violatedOnly(...violated: SetupProperty[]): Expectation {
  return Object.fromEntries(SETUP_PROPERTIES.map((p) => [p, violated.includes(p) ? 'violated' : 'holds'])) as Expectation;
}

/** Every property holds. */
export const allHold: Expectation = violatedOnly();
