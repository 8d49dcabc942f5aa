/**
 * The one module that runs Graphviz: DOT text in, SVG text out, in-process
 * with graphviz-cli (Graphviz 5 compiled to WebAssembly), so no system
 * Graphviz is needed.
 *
 * graphviz-cli's CommonJS entry loads its renderer with a dynamic `import()`,
 * which a host running code in a VM context (jest) refuses, and its renderer
 * insists on starting from a main thread (not a worker_threads Worker). So
 * rendering runs in a short-lived child `node` process: the same path in
 * tests and in the CLI. One child renders a whole batch (DOT sources as JSON
 * on stdin, SVGs as JSON on stdout) and exits; nothing keeps our process alive.
 *
 * Not here: building DOT (checker/writers) and writing files (cli/write.ts).
 * Invariant: the same DOT gives the same SVG bytes (Graphviz's output is
 * deterministic; we add nothing run-dependent).
 */
import { spawn } from 'node:child_process';
import { usageError } from '../checker';

/** Graphviz's message for a DOT source it cannot parse or lay out. */
export class DotError extends Error {
  constructor(
    readonly index: number,
    message: string,
  ) {
    super(message);
    this.name = 'DotError';
  }
}

// The child: reads { entry, sources } on stdin, writes { svgs } or { error, index } on stdout.
const CHILD_SOURCE = `
let input = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (c) => (input += c));
process.stdin.on('end', async () => {
  const { entry, sources } = JSON.parse(input);
  const { renderGraphFromSource } = require(entry);
  const svgs = [];
  for (let i = 0; i < sources.length; i++) {
    try {
      svgs.push(await renderGraphFromSource({ input: sources[i] }, { format: 'svg' }));
    } catch (e) {
      process.stdout.write(JSON.stringify({ error: String((e && e.message) || e), index: i }));
      process.exit(0);
    }
  }
  process.stdout.write(JSON.stringify({ svgs }), () => process.exit(0));
});
`;

function graphvizEntry(): string {
  try {
    return require.resolve('graphviz-cli');
  } catch (e) {
    throw usageError('IL206', `Graphviz (the graphviz-cli package) could not be found: ${(e as Error).message}`, {
      hint: 'reinstall the dependencies: npm ci',
    });
  }
}

/**
 * Renders DOT sources to SVG, in order, in one child process. Rejects with a
 * `DotError` (carrying the index of the bad source) when Graphviz refuses one.
 */
export async function renderSvgs(sources: readonly string[]): Promise<string[]> {
  if (sources.length === 0) return [];
  const entry = graphvizEntry();
  const child = spawn(process.execPath, ['-e', CHILD_SOURCE], { stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.setEncoding('utf8');
  child.stderr.setEncoding('utf8');
  child.stdout.on('data', (c: string) => (out += c));
  child.stderr.on('data', (c: string) => (err += c));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', resolve);
    child.stdin.end(JSON.stringify({ entry, sources }));
  });
  let reply: { svgs?: string[]; error?: string; index?: number };
  try {
    reply = JSON.parse(out) as typeof reply;
  } catch {
    throw new Error(`the Graphviz process failed (exit ${String(code)}): ${err.trim() || 'no output'}`);
  }
  if (reply.svgs) return reply.svgs;
  throw new DotError(reply.index ?? 0, (reply.error ?? 'Graphviz failed').replace(/^Error:\s*/, '').trim());
}

/** Renders one DOT source to SVG. */
export async function renderSvg(source: string): Promise<string> {
  return (await renderSvgs([source]))[0]!;
}
