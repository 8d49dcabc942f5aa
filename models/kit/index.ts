/**
 * The thread kit's public surface: threads compiled to engine actions
 * (threads.ts) and the primitives they synchronise with (primitives.ts).
 * Models import the kit from here and the engine from checker/index.ts.
 */
export { DONE, Thread, ThreadKit, UNBORN } from './threads';
export type { CompiledThreads, ProcDef, StepDef, ThreadDef } from './threads';
export { BhQueue, GSourceQueue, Mutex, Semaphore, Semaphores } from './primitives';
export { canJoin, canJoinOrFail, join, joinWaitsFor, QemuCond, QemuEvent } from './sync';
export type { WaitEdge } from './sync';
export { protocolMisuse, undeclared } from './misuse';
