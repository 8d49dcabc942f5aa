/**
 * The package names a user's model or spec file may import, and where they
 * live in this package: `interleave` (the engine), `interleave/kit` (threads,
 * locks, semaphores, queues), `interleave/qemu` (the QEMU primitives), and
 * `immutable`, the Immutable.js the engine itself uses for value variables.
 * The same names as package.json `exports`, so a file works the same run by
 * `interleave check` (through jiti) and imported by Node from an installed
 * package.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** jiti aliases, most specific first. */
export function packageAliases(): Record<string, string> {
  return {
    'interleave/kit': path.resolve(__dirname, '../models/kit/index'),
    'interleave/qemu': path.resolve(__dirname, '../models/qemu/index'),
    interleave: path.resolve(__dirname, '../checker/index'),
    // Value variables hold Immutable.js values: a model file may import the very copy the engine uses.
    immutable: path.dirname(require.resolve('immutable/package.json')),
  };
}

/** A jiti instance that loads a user's TypeScript or JavaScript file with the package aliases. */
export function createUserLoader() {
  const { createJiti } = require('jiti') as typeof import('jiti');
  return createJiti(__filename, { alias: packageAliases(), fsCache: compileCache(), moduleCache: false, interopDefault: false });
}

/**
 * Where jiti keeps the JavaScript it compiles from model files, so that the
 * next load of an unchanged file (the next run, every worker thread) skips the
 * compiler (about a second a load). A folder of this user's own in the
 * system's temporary folder, never in the user's project. jiti names each
 * entry by the file's path and content hash, and treats an entry that does
 * not end as it wrote it as missing. Off (compile every time) where that
 * folder cannot be made, or is not this user's alone: another user could
 * plant code in it.
 */
export function compileCache(tmp = os.tmpdir()): string | false {
  const uid = typeof process.getuid === 'function' ? process.getuid() : undefined;
  const dir = path.join(tmp, `interleave-jiti-${uid ?? 'user'}`);
  try {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    const st = fs.lstatSync(dir);
    if (!st.isDirectory()) return false;
    if (uid !== undefined && (st.uid !== uid || (st.mode & 0o077) !== 0)) return false;
    return dir;
  } catch {
    return false;
  }
}
