/**
 * The package names a user's model or spec file may import, and where they
 * live in this package: `interleave` (the engine), `interleave/kit` (threads,
 * locks, semaphores, queues), `interleave/qemu` (the QEMU primitives), and
 * `immutable`, the Immutable.js the engine itself uses for value variables.
 * The same names as package.json `exports`, so a file works the same run by
 * `interleave check` (through jiti) and imported by Node from an installed
 * package.
 */
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
  return createJiti(__filename, { alias: packageAliases(), fsCache: false, moduleCache: false, interopDefault: false });
}
