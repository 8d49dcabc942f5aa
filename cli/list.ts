/**
 * `interleave list [model]`: the built-in models with their knobs (domain and
 * default), presets and properties. Properties come from building the model
 * with its default knobs.
 */
import { buildModel, knobDomainText, KnobSpecs, ModelDefinition, resolveKnobs } from '../checker';
import type { Io } from './io';
import { loadModel } from './load';
import { MODELS } from '../models';

export interface ListArgs {
  model?: string;
  json?: boolean;
}

/** The listing of one model as data. */
export function describeModel(def: ModelDefinition<KnobSpecs>) {
  const built = buildModel(def, resolveKnobs(def));
  return {
    name: def.name,
    description: def.description ?? '',
    knobs: Object.entries(def.knobs ?? {}).map(([name, k]) => ({ name, domain: knobDomainText(k), default: k.default, doc: k.doc ?? '' })),
    presets: Object.entries(def.presets ?? {}).map(([name, p]) => ({ name, doc: p.doc ?? '', knobs: p.knobs })),
    properties: built.properties.map((p) => ({ name: p.name, kind: p.kind, ...(p.form ? { form: p.form } : {}), doc: p.doc ?? '' })),
    fairness: built.fairness.map((f) => f.name),
    symmetry: (built.symmetry ?? []).map((s) => `${s.name}: ${s.group} of ${s.size} (${[...s.indexed.map((f) => `${f.name}[p]`), ...(s.values ?? []).map((f) => `${f.name} = p`)].join(', ')})`),
  };
}

export async function runList(a: ListArgs, io: Io): Promise<number> {
  const defs = a.model ? [await loadModel(a.model, io.cwd)] : MODELS;
  const rows = defs.map(describeModel);
  if (a.json) {
    io.out(JSON.stringify({ models: rows }, null, 2));
    return 0;
  }
  const out: string[] = [];
  for (const m of rows) {
    out.push(`${m.name}${m.description ? ` — ${m.description}` : ''}`);
    if (m.knobs.length > 0) {
      out.push('  knobs:');
      for (const k of m.knobs) out.push(`    ${k.name} = ${String(k.default)}  (${k.domain})${k.doc ? `  ${k.doc}` : ''}`);
    }
    if (m.presets.length > 0) {
      out.push('  presets:');
      for (const p of m.presets) out.push(`    ${p.name}${p.doc ? `  ${p.doc}` : ''}`);
    }
    out.push('  properties:');
    for (const p of m.properties) out.push(`    ${p.name} (${p.kind}${p.form ? `, ${p.form}` : ''})${p.doc ? `  ${p.doc}` : ''}`);
    if (m.fairness.length > 0) out.push(`  fairness (default knobs): ${m.fairness.join(', ')}`);
    if (m.symmetry.length > 0) out.push(`  symmetry (default knobs): ${m.symmetry.join('; ')}`);
    out.push('');
  }
  io.out(out.join('\n'));
  return 0;
}
