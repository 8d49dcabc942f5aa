/**
 * `interleave render <file.dot> [-o file.svg]`: renders any DOT file to SVG
 * with the built-in Graphviz (cli/render.ts) and writes it atomically. The
 * default output is the input path with `.dot` replaced by `.svg`.
 * Errors: a missing or unreadable input (IL203), DOT that Graphviz refuses
 * (IL204, with Graphviz's message).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { usageError } from '../checker';
import type { Io } from './io';
import { DotError, renderSvg } from './render';
import { writeFileAtomic } from './write';

export interface RenderArgs {
  file: string;
  output?: string;
}

/** The default SVG path for a DOT path: `x.dot` -> `x.svg`, `x.gv` -> `x.svg`, else `x.svg` appended. */
export function defaultSvgPath(file: string): string {
  return /\.(dot|gv)$/i.test(file) ? file.replace(/\.(dot|gv)$/i, '.svg') : `${file}.svg`;
}

/** Renders the file; returns the exit code. */
export async function runRender(a: RenderArgs, io: Io): Promise<number> {
  const input = path.resolve(io.cwd, a.file);
  let source: string;
  try {
    source = fs.readFileSync(input, 'utf8');
  } catch (e) {
    throw usageError('IL203', `cannot read DOT file '${a.file}': ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, {
      hint: 'check the path; interleave check --out DIR --dot writes DOT files into DIR',
    });
  }
  let svg: string;
  try {
    svg = await renderSvg(source);
  } catch (e) {
    if (e instanceof DotError) {
      throw usageError('IL204', `Graphviz cannot render '${a.file}': ${e.message}`, { hint: 'fix the DOT syntax at the line Graphviz names' });
    }
    throw e;
  }
  const output = path.resolve(io.cwd, a.output ?? defaultSvgPath(a.file));
  writeFileAtomic(output, svg);
  io.err(`wrote ${path.relative(io.cwd, output) || output}`);
  return 0;
}
