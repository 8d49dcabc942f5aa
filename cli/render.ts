/**
 * The one module that runs Graphviz: DOT text in, SVG text out, with
 * graphviz-cli (Graphviz 5 compiled to WebAssembly, shipped as an npm
 * dependency), so no system Graphviz is needed.
 *
 * Rendering runs in this process. graphviz-cli's CommonJS entry loads its
 * renderer with a dynamic `import()`; jest allows that only with
 * `--experimental-vm-modules`, which `npm test` passes (package.json).
 *
 * Not here: building DOT (checker/writers) and writing files (cli/write.ts).
 * Invariant: the same DOT gives the same SVG bytes (Graphviz's output is
 * deterministic; we add nothing run-dependent).
 */
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

function graphvizEntry(): string {
  try {
    return require.resolve('graphviz-cli');
  } catch (e) {
    throw usageError('IL206', `Graphviz (the graphviz-cli package) could not be found: ${(e as Error).message}`, {
      hint: 'reinstall the dependencies: npm ci',
    });
  }
}

type Renderer = (input: { input: string }, options: { format: 'svg' }) => Promise<string>;
let renderer: Renderer | undefined;

function loadRenderer(): Renderer {
  if (!renderer) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    renderer = (require(graphvizEntry()) as { renderGraphFromSource: Renderer }).renderGraphFromSource;
  }
  return renderer;
}

/**
 * Renders DOT sources to SVG, in order, in this process. Rejects with a
 * `DotError` (carrying the index of the bad source) when Graphviz refuses one.
 */
export async function renderSvgs(sources: readonly string[]): Promise<string[]> {
  const render = loadRenderer();
  const svgs: string[] = [];
  for (let i = 0; i < sources.length; i++) {
    try {
      svgs.push(await render({ input: sources[i]! }, { format: 'svg' }));
    } catch (e) {
      throw new DotError(i, String((e as Error)?.message ?? e).replace(/^Error:\s*/, '').trim());
    }
  }
  return svgs;
}

/** Renders one DOT source to SVG. */
export async function renderSvg(source: string): Promise<string> {
  return (await renderSvgs([source]))[0]!;
}
