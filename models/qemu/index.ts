/**
 * The QEMU primitives' public surface (`interleave/qemu` for a user's model
 * file): the BQL and setup-phase helpers (primitives.ts), AioContexts with
 * their event-loop handshake, bottom halves and waiting loops (aio.ts),
 * QEMU's thread primitives (thread.ts) and coroutines (coroutine.ts).
 */
export * from './primitives';
export * from './aio';
export * from './coroutine';
