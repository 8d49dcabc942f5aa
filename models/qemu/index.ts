/**
 * The QEMU primitives' public surface (`import { ... } from 'interleave/qemu'`):
 * the BQL, the current AioContext and AIO_WAIT_WHILE on the main context, the
 * generated coroutine wrapper, multifd's semaphores and threads, and the
 * connect/TLS workers. What each stands for in QEMU's code is in
 * docs/models/qemu-grounding.md. The setup model itself is `qemu/setup`.
 */
export {
  aioWaitWhileMain,
  Bql,
  connectWorkerSteps,
  coWrapperProc,
  createGSources,
  currentAioContext,
  GSRC_KINDS,
  inMainContextHomeThread,
  multifdSyncProc,
  MultifdSems,
  POLL,
  sendThreadSteps,
  tlsWorkerSteps,
} from './primitives';
export type { AioWorld } from './primitives';
