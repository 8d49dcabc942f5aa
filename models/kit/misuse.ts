/**
 * Coded errors for a misused kit primitive (docs/errors.md), never a bare
 * stack trace. Misuse that QEMU itself would catch is a named assertion of
 * the primitive instead (`joinUnstarted`, `condWaitUnlocked`,
 * `coYieldNoCaller`, ...), so that it shows up in a counterexample.
 *
 * - IL120: the model names something it did not declare (a context, a bottom
 *   half, a thread's label or procedure, a waiter, a coroutine) or declares
 *   something twice or inconsistently. Seen when the model is built, or when
 *   the step that names it first runs.
 * - IL121: a step uses a primitive against its protocol where QEMU has no
 *   assertion for it (a return with an empty stack, a spawn slot started
 *   twice, a lock taken by a step whose guard did not test `canLock`). Found
 *   while exploring; the error shows the state.
 */
import { ModelFault } from '../../checker';

/** IL120: something undeclared is named, or declared twice or inconsistently. */
export function undeclared(message: string, hint: string): ModelFault {
  return new ModelFault('IL120', message, hint);
}

/** IL121: a step breaks a primitive's protocol. */
export function protocolMisuse(message: string, hint: string): ModelFault {
  return new ModelFault('IL121', message, hint);
}
