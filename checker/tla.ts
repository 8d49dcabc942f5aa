/**
 * TLA+ integer operators with TLA+'s meaning, for models translated from TLA+.
 * JavaScript's `%` and `Math.trunc(a / b)` round toward zero, so `-1 % 3` is
 * -1; TLA+'s `-1 % 3` is 2 and `-1 \div 3` is -1 (the Integers module's
 * definitions, which TLC implements).
 */

/**
 * TLA+ `a % b`: the remainder in 0..b-1, for a positive divisor `b`. TLC
 * rejects a divisor that is not positive, and so does this: it throws, and a
 * check reports that as IL101 naming the model, the action and the state.
 */
export function mod(a: number, b: number): number {
  if (!(b > 0) || !Number.isInteger(a) || !Number.isInteger(b)) {
    throw new RangeError(`mod(${a}, ${b}): TLA+ % needs integers and a positive divisor`);
  }
  const r = a % b;
  // -6 % 3 is -0 in JavaScript; TLA+ has one zero.
  return r < 0 ? r + b : r === 0 ? 0 : r;
}

/** TLA+ `a \div b`: the quotient rounded down, so that `a = b * div(a, b) + mod(a, b)`. */
export function div(a: number, b: number): number {
  if (!(b > 0) || !Number.isInteger(a) || !Number.isInteger(b)) {
    throw new RangeError(`div(${a}, ${b}): TLA+ \\div needs integers and a positive divisor`);
  }
  return Math.floor(a / b);
}
