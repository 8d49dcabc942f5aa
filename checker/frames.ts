/**
 * The place in a model file that an error came from, for error messages: the
 * first stack frame outside the engine (checker/, cli/), outside the
 * modelling libraries (models/kit, and models/qemu's aio, coroutine, drain
 * and primitives modules, whose misuse errors should point at the model's line)
 * and outside node_modules. Pure string work on `Error.stack`.
 */
/** The library modules of models/ (not the models built with them, nor the kit's examples). */
const LIBRARY = /[\\/]models[\\/](kit[\\/](?!examples[\\/])[^\\/.]+|qemu[\\/](aio|coroutine|drain|primitives|index))\.(ts|js)$/;

/**
 * Where in the model's own code an error was thrown: the first stack frame
 * outside this engine, outside node_modules and outside the `library`
 * folders (the kit, whose calls are the model's), as ` (at file:line)`, or ''.
 */
export function userFrame(e: unknown, library: readonly string[] = []): string {
  const stack = typeof e === 'object' && e !== null ? (e as Error).stack : undefined;
  if (typeof stack !== 'string') return '';
  const engine = __dirname.replace(/[\\/]checker$/, '');
  for (const line of stack.split('\n').slice(1)) {
    const m = /\(?((?:file:\/\/)?[^()\s]+?):(\d+):\d+\)?\s*$/.exec(line.trim());
    if (!m) continue;
    const file = m[1]!.replace(/^file:\/\//, '');
    const engineCode = (file.startsWith(engine + '/checker') || file.startsWith(engine + '/cli') || (file.startsWith(engine + '/models') && LIBRARY.test(file))) && !file.includes('__fixtures__');
    if (file.startsWith('node:') || file.includes('node_modules') || engineCode || library.some((dir) => file.startsWith(dir + '/'))) continue;
    return ` (at ${file}:${m[2]})`;
  }
  return '';
}

