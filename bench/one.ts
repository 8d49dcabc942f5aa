/**
 * One benchmark run in its own process, so peak RSS is this model's alone:
 * full exploration (--continue, no deadlock check; liveness only with the
 * setting `liveness=PROPERTY`; worker threads with `workers=N`; `parallelLevel=L` sets the level size
 * at which workers start, so `workers=2 parallelLevel=1e9` runs the shared-table path on this thread alone), then one JSON line with the stats and the
 * process's peak RSS on stdout. Used by bench.ts.
 */
import { buildModel, check, resolveKnobs } from '../checker';
import { workerSource } from '../cli/worker-model';
import { findModel } from '../models';

async function main(): Promise<void> {
  const [name, ...sets] = process.argv.slice(2);
  const def = findModel(name!);
  if (!def) throw new Error(`unknown model ${name}`);
  const set: Record<string, string> = {};
  let preset: string | undefined;
  let liveness: string | undefined;
  let symmetry = false;
  let workers = 1;
  let parallelLevel: number | undefined;
  for (const s of sets) {
    const [k, v] = s.split('=');
    if (k === 'preset') preset = v;
    else if (k === 'workers') workers = Number(v);
    else if (k === 'parallelLevel') parallelLevel = Number(v);
    else if (k === 'liveness') liveness = v;
    else if (k === 'symmetry') symmetry = v === 'on';
    else set[k!] = v!;
  }
  const model = buildModel(def, resolveKnobs(def, { preset, set }), preset);
  const invariants = model.invariants.map((i) => i.name);
  const source = workerSource({ model: name!, cwd: process.cwd(), preset, set });
  const r = await check(model, { continue: true, deadlock: false, symmetry, workers, ...(parallelLevel !== undefined ? { parallelLevel } : {}), workerSource: source, ...(liveness ? { properties: [...invariants, liveness] } : { liveness: false }) });
  if (liveness && r.properties.find((p) => p.name === liveness)?.status === 'unknown') throw new Error(`liveness ${liveness} was not checked`);
  const peakRssBytes = process.resourceUsage().maxRSS * 1024;
  process.stdout.write(JSON.stringify({ model: name, knobs: r.model.knobs, ...(r.options.symmetry ? { symmetry: r.options.symmetry } : {}), verdict: r.verdict, properties: r.properties.map((p) => [p.name, p.status]), stats: r.stats, peakRssBytes }) + '\n');
}

main().catch((e) => {
  process.stderr.write(String((e as Error).stack ?? e) + '\n');
  process.exit(1);
});
