/**
 * The JSON Schemas shipped in schema/ (result.json, the regress and sweep
 * summaries, spec files), and validation against them with ajv. regress
 * checks every spec it loads, so a typo such as `'violate'` is a spec error
 * that names the field, not a mismatch row.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';

export type SchemaName = 'result' | 'regress-summary' | 'sweep' | 'spec';

/** The package's schema/ folder (the same from the sources and from dist/). */
export function schemaDir(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(path.join(dir, 'schema'))) return path.join(dir, 'schema');
    if (path.dirname(dir) === dir) throw new Error('schema/ not found above ' + __dirname);
  }
}

const compiled = new Map<SchemaName, ValidateFunction>();

/** The compiled validator of one schema. */
export function getValidator(name: SchemaName): ValidateFunction {
  let v = compiled.get(name);
  if (!v) {
    const ajv = new Ajv({ allErrors: true, strict: false });
    v = ajv.compile(JSON.parse(fs.readFileSync(path.join(schemaDir(), `${name}.schema.json`), 'utf8')) as object);
    compiled.set(name, v);
  }
  return v;
}

/** Readable lines for ajv's errors: where, what is wrong, and the value found. */
export function describeErrors(errors: readonly ErrorObject[] | null | undefined, data: unknown): string[] {
  return (errors ?? []).map((e) => {
    const where = e.instancePath || '(top level)';
    const found = e.instancePath.split('/').slice(1).reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), data);
    const allowed = e.keyword === 'enum' ? ` (${(e.params as { allowedValues: unknown[] }).allowedValues.map((x) => JSON.stringify(x)).join(', ')})` : '';
    const extra = e.keyword === 'additionalProperties' ? ` '${(e.params as { additionalProperty: string }).additionalProperty}'` : '';
    return `${where} ${e.message}${allowed}${extra}${found !== undefined && e.keyword !== 'additionalProperties' && e.keyword !== 'required' ? `, got ${JSON.stringify(found)}` : ''}`;
  });
}

/** Problems of `data` against a schema; [] when it is valid. */
export function checkAgainst(name: SchemaName, data: unknown): string[] {
  const v = getValidator(name);
  return v(data) ? [] : describeErrors(v.errors, data);
}
