/**
 * The place in a model file that an error came from, for error messages: the
 * first stack frame outside the engine (checker/, cli/) and outside
 * node_modules. Pure string work on `Error.stack`.
 */
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
    const engineCode = (file.startsWith(engine + '/checker') || file.startsWith(engine + '/cli')) && !file.includes('__fixtures__');
    if (file.startsWith('node:') || file.includes('node_modules') || engineCode || library.some((dir) => file.startsWith(dir + '/'))) continue;
    return ` (at ${file}:${m[2]})`;
  }
  return '';
}

