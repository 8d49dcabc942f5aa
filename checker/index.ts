/**
 * interleave's engine: the public API that models, specs and the CLI use.
 * Nothing here knows about QEMU or any particular model.
 */
export { action, alwaysEventually, boolKnob, buildModel, choose, chooseFrom, defineModel, disjuncts, enumKnob, eventually, eventuallyAlways, intKnob, knobDomainText, leadsTo, resolveKnobs, strongFair, weakFair } from './model';
export type {
  ActionDef,
  ActionProperty,
  Disjunct,
  AnyKnobValues,
  BuiltFairness,
  FairnessDef,
  FairTarget,
  LivenessDef,
  LivenessKind,
  StepPredicate,
  BuiltModel,
  DecodedState,
  Effect,
  Explain,
  WaitFor,
  Guard,
  Invariant,
  KnobSpec,
  KnobSpecs,
  KnobValues,
  ModelBody,
  ModelDefinition,
  PresetDef,
  PropertyInfo,
  PropertyKind,
  StepMeta,
} from './model';
export { itfEncoders, Vars } from './layout';
export { initProduct, MAX_INIT_CANDIDATES } from './init';
import { definition as definitionOp } from './definition';
export const definition = definitionOp;
export { refinement } from './refinement';
export type { RefinementDef } from './refinement';
export type { ViewPart } from './identity';
export type { InitProduct, InitRange, InitStates } from './init';
export type { Arr, Field, Scalar, Seq } from './layout';
export type { Domain, ValueType } from './domain';
export { ENUMERATE_LIMIT, fnOf, ints, members, nats, PACK_LIMIT, recOf, seqOf, setOf, tupleOf } from './types';
export { ModelFault, StateView } from './view';
export { check } from './explorer';
export { DEFAULT_SIM_DEPTH, DEFAULT_SIM_TRACES, simulate } from './simulate';
export type { SimulateOptions, SimulationInfo, SimulationProgress } from './simulate';
export { resolveOptions, STRATEGIES } from './options';
export type { CheckOptions, Progress, Reporter, ResolvedOptions, Strategy } from './options';
export type { BoundKind, CheckResult, Counterexample, CoverageEntry, ErrorInfo, PropertyResult, PropertyStatus, Stats, Step, Verdict } from './result';
export { ExitCode, InterleaveError, modelError, unreachable, usageError } from './errors';
export { argumentError, requireDomain, requireFunction, requireInt, requireName, requireNames, requireOneOf } from './args';
export { collisionProbability, FINGERPRINT_POLICY } from './fingerprint';
export { replayPath } from './path';
// The operators are plain properties of this module, not the getters a re-export compiles to: a model
// calls them at every step, and a getter per call cost about a tenth of a translated spec's time.
import * as tla from './tla';
export const append = tla.append;
export const apply = tla.apply;
export const cardinality = tla.cardinality;
export const concat = tla.concat;
export const div = tla.div;
export const domain = tla.domain;
export const equals = tla.equals;
export const except = tla.except;
export const exists = tla.exists;
export const field = tla.field;
export const fn = tla.fn;
export const forall = tla.forall;
export const head = tla.head;
export const intersect = tla.intersect;
export const interval = tla.interval;
export const isIn = tla.isIn;
export const len = tla.len;
export const mod = tla.mod;
export const rec = tla.rec;
export const set = tla.set;
export const setFilter = tla.setFilter;
export const setMap = tla.setMap;
export const setMinus = tla.setMinus;
export const subSeq = tla.subSeq;
export const subseteq = tla.subseteq;
export const subsets = tla.subsets;
export const tail = tla.tail;
export const toSet = tla.toSet;
export const tuple = tla.tuple;
export const union = tla.union;
export const unionAll = tla.unionAll;
export type { SetLike } from './tla';
/** Immutable.js, whose Lists, Maps and Sets are the values of sets, functions, records and sequences (a model file outside the repository imports it from here). */
import * as Immutable from 'immutable';
export { Immutable };

/** 0, 1, …, n-1. */
export function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}
export { RESULT_SCHEMA, RESULT_SCHEMA_VERSION, toJson } from './json';
export type { JsonStep } from './json';
export { DEFAULT_GRAPH_LIMIT, exploreGraph, findPath } from './graph';
export type { GraphEdge, GraphNode, StateGraph } from './graph';
export {
  attrs,
  changedLines,
  describeWaits,
  escapeHtml,
  explainTrace,
  findWaitCycle,
  fromItf,
  fromItfValue,
  getLanes,
  inlineSvg,
  ITF_FORMAT_DESCRIPTION,
  label,
  loopText,
  NO_LANE,
  ONE_LANE,
  quote,
  sameState,
  showValue,
  stateChanges,
  stateLines,
  toGraphDot,
  toHtmlReport,
  toItf,
  toItfValue,
  toTraceDot,
  toWaitForDot,
  verdictText,
} from './writers';
export type { ExplainedStep, ExplainedTrace, GraphDotOptions, HtmlReportInput, HtmlTrace, ItfState, ItfTrace, ItfValue, StateChange } from './writers';
export { defineSpec, runSpec, toMismatchReport, toReproduceCommand, toShellWord } from './spec';
export type { ScenarioRun, Spec, SpecRow, SpecScenario } from './spec';
export { combinations, MAX_COMBINATIONS, resolveAxes, runSweep } from './sweep';
export type { SweepAxis, SweepResult, SweepRow } from './sweep';
