/**
 * The one module that writes result files. Every file is written atomically:
 * to a temporary name in the same directory, then renamed, so an interrupted
 * run never leaves a half-written file that looks complete, and a failed
 * write removes its temporary file. The temporary file is flushed (fsync)
 * before the rename. That is the cleanup and fsync behaviour of
 * `write-file-atomic`, without the dependency. A write that fails for the user's path (a file
 * where a folder should be, a read-only folder) is a coded error (IL208), not
 * an internal one.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { InterleaveError, usageError } from '../checker';

/** Writes `content` to `file` atomically, creating the directory. */
export function writeFileAtomic(file: string, content: string | Uint8Array): void {
  const dir = path.dirname(file);
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.tmp`);
  try {
    fs.mkdirSync(dir, { recursive: true });
    // Flushed to the disk before the rename, as write-file-atomic does: after a crash the name holds the old file or the whole new one.
    const fd = fs.openSync(tmp, 'w');
    try {
      fs.writeFileSync(fd, content);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, file);
  } catch (e) {
    try {
      fs.rmSync(tmp, { force: true });
    } catch {
      // the folder itself may be unwritable: nothing was left there
    }
    throw toWriteError(e, file);
  }
}

/** A file-system failure on an output path, as IL208 with what to try. */
export function toWriteError(e: unknown, file: string): InterleaveError {
  if (e instanceof InterleaveError) return e;
  const err = e as NodeJS.ErrnoException;
  const why: Record<string, string> = {
    ENOTDIR: 'a part of the path is a file, not a folder',
    EEXIST: 'a file stands where a folder is needed',
    EISDIR: 'a folder stands where the file should go',
    EACCES: 'permission denied',
    EPERM: 'permission denied',
    EROFS: 'the file system is read-only',
    ENOSPC: 'the disk is full',
  };
  return usageError('IL208', `cannot write ${file}: ${why[err.code ?? ''] ?? err.message}`, {
    hint: 'give --out a folder you can write to (it is created if missing)',
  });
}
