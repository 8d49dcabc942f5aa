/**
 * The pictures docs/ shows on purpose (docs/outputs.md, docs/qemu-story.md):
 * the v8.1.0 snapshot assertion as swimlanes, and the patch v2 hang as
 * swimlanes plus its wait-for graph. They are made by the same code as
 * `interleave check --out DIR --svg`, and docs/pictures.test.ts fails when the
 * committed files differ from what the tool makes now. To regenerate:
 *
 *   node -e "require('jiti').createJiti(process.cwd() + '/').import('./docs/pictures.ts').then((m) => m.writePictures())"
 *
 * and look at the SVGs before committing them.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildModel, check, resolveKnobs } from '../checker';
import { createOutputs } from '../cli/outputs';
import setup from '../models/qemu/setup';

export interface Picture {
  /** File name stem under docs/img/. */
  readonly name: string;
  readonly preset: string;
  readonly set: Readonly<Record<string, string>>;
  /** The files of `--out DIR --svg` to keep, and their names under docs/img/. */
  readonly keep: Readonly<Record<string, string>>;
}

export const PICTURES: readonly Picture[] = [
  { name: 'v8.1.0-snapshot-vcpu', preset: 'v8.1.0', set: { scenario: 'S1' }, keep: { 'trace.dot': 'trace.dot', 'trace.svg': 'trace.svg' } },
  {
    name: 'patch-v2-multifd',
    preset: 'patch-v2',
    set: { scenario: 'S3' },
    keep: { 'trace.dot': 'trace.dot', 'trace.svg': 'trace.svg', 'waitfor.dot': 'waitfor.dot', 'waitfor.svg': 'waitfor.svg' },
  },
];

export const IMG_DIR = path.join(__dirname, 'img');

/** The files of every picture: docs/img/<name>.<kept name> -> content. */
export async function createPictures(): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const p of PICTURES) {
    const model = buildModel(setup, resolveKnobs(setup, { preset: p.preset, set: p.set }), p.preset);
    const result = await check(model);
    const command = `npx interleave check qemu/setup --preset ${p.preset}${Object.entries(p.set).map(([k, v]) => ` --set ${k}=${v}`).join('')} --out DIR --svg`;
    const outputs = await createOutputs(result, model, { dir: '', dot: true, svg: true, graph: false, graphLimit: 1 }, command);
    for (const [from, to] of Object.entries(p.keep)) {
      const f = outputs.files.find((x) => x.name === from);
      if (!f) throw new Error(`${p.name}: the check wrote no ${from}`);
      out.set(`${p.name}.${to}`, f.content);
    }
  }
  return out;
}

/** Writes the pictures into docs/img/. */
export async function writePictures(): Promise<void> {
  fs.mkdirSync(IMG_DIR, { recursive: true });
  for (const [name, content] of await createPictures()) fs.writeFileSync(path.join(IMG_DIR, name), content);
}
