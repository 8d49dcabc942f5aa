/**
 * The one module that writes result files. Every file is written atomically:
 * to a temporary name in the same directory, then renamed, so an interrupted
 * run never leaves a half-written file that looks complete.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Writes `content` to `file` atomically, creating the directory. */
export function writeFileAtomic(file: string, content: string | Uint8Array): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  fs.writeFileSync(tmp, content);
  fs.renameSync(tmp, file);
}
