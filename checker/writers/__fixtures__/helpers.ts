/**
 * Test helpers for the writer tests: check a built-in or fixture model and
 * return the built model with its result, and build the golden pictures.
 * Not shipped (excluded from the build).
 */
import { buildModel, check, CheckOptions, CheckResult, KnobSpecs, ModelDefinition, resolveKnobs } from '../../index';
import type { BuiltModel, PropertyResult } from '../../index';
import { findModel } from '../../../models';
import { explainTrace } from '../explain';
import { exploreGraph, findPath } from '../../graph';
import { toGraphDot } from '../graph-dot';
import { toTraceDot } from '../trace-dot';
import { toWaitForDot } from '../waitfor-dot';
import bql from './bql';

/** A built-in model by name, or the bql fixture (`test/bql`). */
export function getDefinition(name: string): ModelDefinition<KnobSpecs> {
  if (name === 'test/bql') return bql as unknown as ModelDefinition<KnobSpecs>;
  const d = findModel(name);
  if (!d) throw new Error(`no model ${name}`);
  return d;
}

/** Builds and checks a model. */
export async function checkNamed(name: string, set: Record<string, unknown> = {}, options: CheckOptions = {}): Promise<{ model: BuiltModel; result: CheckResult }> {
  const def = getDefinition(name);
  const model = buildModel(def, resolveKnobs(def, { set }));
  return { model, result: await check(model, options) };
}

/** The violated property with that name. */
export function violated(result: CheckResult, name: string): PropertyResult {
  const p = result.properties.find((x) => x.name === name);
  if (!p || !p.counterexample) throw new Error(`property ${name} is not violated: ${JSON.stringify(result.properties.map((x) => [x.name, x.status]))}`);
  return p;
}

/** The golden pictures: file name -> how to build it. Regenerate with `node` + jiti on golden.gen.ts. */
export const GOLDEN: Record<string, () => Promise<string>> = {
  'locksem-deadlock.trace.dot': async () => {
    const { model, result } = await checkNamed('classic/locksem');
    return toTraceDot(explainTrace(model, violated(result, 'deadlock')));
  },
  'naivelock-mutex.trace.dot': async () => {
    const { model, result } = await checkNamed('classic/naivelock');
    return toTraceDot(explainTrace(model, violated(result, 'Mutex')));
  },
  'locksem.graph.dot': async () => {
    const { model, result } = await checkNamed('classic/locksem');
    const g = exploreGraph(model);
    const p = violated(result, 'deadlock');
    return toGraphDot(g, { paths: [{ property: p.name, ...findPath(g, p.counterexample!)! }] });
  },
  'bql-deadlock.trace.dot': async () => {
    const { model, result } = await checkNamed('test/bql');
    return toTraceDot(explainTrace(model, violated(result, 'deadlock')));
  },
  'bql-deadlock.waitfor.dot': async () => {
    const { model, result } = await checkNamed('test/bql');
    return toWaitForDot(explainTrace(model, violated(result, 'deadlock')));
  },
  'spin-lasso.trace.dot': async () => {
    const { model, result } = await checkNamed('kit/spin');
    return toTraceDot(explainTrace(model, violated(result, 'WaitEnds')));
  },
  'philo-stutter.trace.dot': async () => {
    const { model, result } = await checkNamed('classic/philo', { N: 3 }, { deadlock: false });
    return toTraceDot(explainTrace(model, violated(result, 'SomeoneEats')));
  },
  'spin-lasso.graph.dot': async () => {
    const { model, result } = await checkNamed('kit/spin');
    const g = exploreGraph(model);
    const p = violated(result, 'WaitEnds');
    return toGraphDot(g, { paths: [{ property: p.name, ...findPath(g, p.counterexample!)!, loop: p.counterexample!.loop }] });
  },
  'bql-assert.trace.dot': async () => {
    const { model, result } = await checkNamed('test/bql', { bug: 'assert' }, { deadlock: false });
    return toTraceDot(explainTrace(model, violated(result, 'in_main_context')));
  },
};
