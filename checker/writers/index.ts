/**
 * The writers: pure functions from results and models to DOT, ITF and HTML
 * text. They never write files (cli/write.ts does) or run Graphviz
 * (cli/render.ts does).
 */
export { describeWaits, explainTrace, findWaitCycle, getLanes, loopText, NO_LANE, ONE_LANE } from './explain';
export type { ExplainedStep, ExplainedTrace } from './explain';
export { toTraceDot } from './trace-dot';
export { toWaitForDot } from './waitfor-dot';
export { toGraphDot } from './graph-dot';
export type { GraphDotOptions } from './graph-dot';
export { fromItf, fromItfValue, ITF_FORMAT_DESCRIPTION, toItf, toItfValue } from './itf';
export type { ItfState, ItfTrace, ItfValue } from './itf';
export { escapeHtml, inlineSvg, toHtmlReport, verdictText } from './html';
export type { HtmlReportInput, HtmlTrace } from './html';
export { changedLines, sameState, showValue, stateChanges, stateLines } from './values';
export type { StateChange } from './values';
export { attrs, label, quote } from './dot';
