/**
 * The QEMU primitives' public surface (`interleave/qemu` for a user's model
 * file): the BQL and setup-phase helpers (primitives.ts), AioContexts with
 * their event-loop handshake, bottom halves and waiting loops (aio.ts),
 * coroutines (coroutine.ts) and drained sections (drain.ts). QEMU's thread
 * primitives (join, QemuCond, QemuEvent) are in the kit (`interleave/kit`).
 */
export * from './primitives';
export * from './aio';
export * from './coroutine';
export * from './drain';
