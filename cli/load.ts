/**
 * Finds the model a command names: a built-in model (`classic/philo`) or a
 * user's model file (`./my-model.ts`, `.js`), loaded with jiti so TypeScript
 * needs no build step. A model file imports the engine as `interleave`, the
 * thread kit as `interleave/kit` and the QEMU primitives as `interleave/qemu`
 * (cli/aliases.ts) and exports its definition as `default` or `model`.
 * Loading is the only file I/O here.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { KnobSpecs, ModelDefinition } from '../checker';
import { InterleaveError, usageError } from '../checker';
import { findModel, MODELS } from '../models';
import { createUserLoader } from './aliases';
import { typecheckModelFile } from './typecheck';

/** Whether an argument names a file rather than a built-in model. */
export function looksLikeFile(ref: string): boolean {
  return /\.(ts|mts|cts|js|mjs|cjs)$/.test(ref) || ref.startsWith('.') || ref.startsWith('/');
}

/**
 * Loads a model by built-in name or file path; unknown names list the valid
 * ones. With `typecheck`, a model file is first type-checked (cli/typecheck.ts);
 * built-in models are type-checked when interleave is built.
 */
export async function loadModel(ref: string, cwd = process.cwd(), opts: { readonly typecheck?: boolean } = {}): Promise<ModelDefinition<KnobSpecs>> {
  if (!looksLikeFile(ref)) {
    const m = findModel(ref);
    if (m) return m;
    throw usageError('IL001', `unknown model '${ref}'`, {
      hint: 'interleave list, or give the path of a model file (./my-model.ts)',
      alternatives: MODELS.map((x) => x.name),
    });
  }
  const file = path.resolve(cwd, ref);
  if (!fs.existsSync(file)) {
    throw usageError('IL007', `model file '${ref}' does not exist (looked at ${file})`, { hint: 'check the path; built-in models are named without an extension, e.g. classic/philo' });
  }
  if (fs.statSync(file).isDirectory()) {
    throw usageError('IL007', `'${ref}' is a folder, not a model file`, { hint: 'name the model file in it, e.g. ./my-model.ts', alternatives: fs.readdirSync(file).filter((f) => /\.(ts|mts|cts|js|mjs|cjs)$/.test(f)).map((f) => path.join(ref, f)) });
  }
  if (opts.typecheck) typecheckModelFile(ref, cwd);
  const jiti = createUserLoader();
  let mod: Record<string, unknown>;
  try {
    mod = (await jiti.import(file)) as Record<string, unknown>;
  } catch (e) {
    // A bad argument to the modelling API at load time (intKnob(3, 1, 2)) keeps its own code. The file may have
    // loaded its own copy of the engine, whose error class is not this one: recognise it by its name and fields.
    if (typeof e === 'object' && e !== null && (e as { name?: unknown }).name === 'InterleaveError') {
      const x = e as unknown as InterleaveError;
      throw new InterleaveError(x.code, x.kind, x.message, { hint: x.hint, alternatives: x.alternatives });
    }
    throw usageError('IL007', `model file '${ref}' failed to load: ${(e as Error).message}`, { hint: 'run it through `npx tsc --noEmit` to see type or syntax errors' });
  }
  const isModel = (x: unknown): x is ModelDefinition<KnobSpecs> =>
    typeof x === 'object' && x !== null && typeof (x as { name?: unknown }).name === 'string' && typeof (x as { build?: unknown }).build === 'function';
  // ESM/TS `export default` or `export const model`; CommonJS `module.exports = defineModel(...)`.
  const def = [mod.default, mod.model, mod].find(isModel);
  if (!def) {
    throw usageError('IL007', `model file '${ref}' exports no model`, {
      hint: "export default defineModel({ name, build }) (or export const model = ...), importing defineModel from 'interleave'",
      alternatives: Object.keys(mod).length > 0 ? Object.keys(mod).map((k) => `export '${k}'`) : ['(the file exports nothing)'],
    });
  }
  return def;
}
