/**
 * The reachable state graph as DOT, like TLC's `-dump dot,colorize,actionlabels`:
 * one node per state (its variables), edges labelled with the action and
 * coloured by lane (or by action when the model has no lanes), initial states
 * doubled, deadlocks and invariant violations in red, assertion failures as
 * red octagons, and the counterexample paths drawn thick and red; the cycle
 * of a liveness lasso has its states shaded blue.
 * Pure: StateGraph in, DOT text out. The size guard is in checker/graph.ts.
 */
import type { StateGraph } from '../graph';
import { attrs, colorAt, FONT, label } from './dot';
import { stateLines } from './values';

const RED = '#C62828';

export interface GraphDotOptions {
  /** Lanes in display order (colours follow it). */
  readonly lanes?: readonly string[];
  /** Counterexample paths to highlight, by property: node ids and edge indices. */
  readonly paths?: readonly { readonly property: string; readonly nodes: readonly number[]; readonly edges: readonly number[]; readonly loop?: number }[];
}

/** The state graph DOT. Deterministic; valid for Graphviz. */
export function toGraphDot(g: StateGraph, o: GraphDotOptions = {}): string {
  const byLane = g.edges.some((e) => e.lane !== undefined);
  const keys: string[] = [...(byLane ? (o.lanes ?? []) : [])];
  for (const e of g.edges) {
    const k = byLane ? (e.lane ?? '(no lane)') : e.action;
    if (!keys.includes(k)) keys.push(k);
  }
  const colorOf = (k: string) => colorAt(keys.indexOf(k));
  const hotNodes = new Set<number>();
  const hotEdges = new Set<number>();
  // A lasso's cycle (the nodes from its loop index on) is shaded blue.
  const cycleNodes = new Set<number>();
  for (const p of o.paths ?? []) {
    p.nodes.forEach((n) => hotNodes.add(n));
    p.edges.forEach((e) => hotEdges.add(e));
    if (p.loop !== undefined) p.nodes.slice(p.loop).forEach((n) => cycleNodes.add(n));
  }
  const out: string[] = [];
  const title = [`${g.model} — reachable state graph: ${g.nodes.length} states, ${g.edges.length} transitions`, `edges coloured by ${byLane ? 'lane' : 'action'}${(o.paths ?? []).length > 0 ? `; counterexample${(o.paths ?? []).length > 1 ? 's' : ''} (${(o.paths ?? []).map((p) => p.property).join(', ')}) in thick red` : ''}`];
  out.push('digraph states {');
  out.push(`  graph${attrs({ label: label(title, 'center'), labelloc: 't', fontname: FONT, fontsize: 12, nodesep: 0.3, ranksep: 0.4 })};`);
  out.push(`  node${attrs({ fontname: FONT, fontsize: 9, shape: 'box', style: 'rounded,filled', fillcolor: 'white' })};`);
  out.push(`  edge${attrs({ fontname: FONT, fontsize: 8 })};`);
  // Legend: one coloured entry per lane (or action).
  out.push('  subgraph cluster_legend {', `    graph${attrs({ label: byLane ? 'lanes' : 'actions', fontsize: 9, color: '#B0BEC5', style: 'rounded' })};`);
  keys.forEach((k, i) => out.push(`    legend${i}${attrs({ label: k, shape: 'box', style: 'rounded', color: colorOf(k), fontcolor: colorOf(k), fontsize: 9 })};`));
  if (keys.length > 1) out.push(`    { rank=same; ${keys.map((_, i) => `legend${i}`).join(' -> ')}${attrs({ style: 'invis' })}; }`);
  out.push('  }');
  for (const n of g.nodes) {
    const lines = [`#${n.id}${n.initial !== undefined ? ' (initial)' : ''}`, ...stateLines(n.state)];
    if (n.deadlock) lines.push('DEADLOCK');
    if (n.terminal) lines.push('terminal');
    for (const v of n.violates) lines.push(`violates ${v}`);
    const bad = n.deadlock || n.violates.length > 0;
    out.push(
      `  s${n.id}${attrs({
        label: label(lines),
        fillcolor: bad ? '#FFE0E0' : cycleNodes.has(n.id) ? '#BBDEFB' : n.initial !== undefined ? '#E3F2FD' : hotNodes.has(n.id) ? '#FFF8E1' : 'white',
        color: bad || hotNodes.has(n.id) ? RED : 'black',
        fontcolor: bad ? RED : 'black',
        penwidth: hotNodes.has(n.id) ? 2.5 : 1,
        peripheries: n.initial !== undefined ? 2 : undefined,
      })};`,
    );
  }
  g.edges.forEach((e, i) => {
    const c = colorOf(byLane ? (e.lane ?? '(no lane)') : e.action);
    const hot = hotEdges.has(i);
    let to = e.to !== undefined ? `s${e.to}` : '';
    if (e.to === undefined) {
      to = `a${i}`;
      out.push(`  ${to}${attrs({ label: label([`assertion ${e.assertion ?? ''}`, 'fails'], 'center'), shape: 'octagon', style: 'filled', fillcolor: '#FFE0E0', color: RED, fontcolor: RED })};`);
    }
    out.push(`  s${e.from} -> ${to}${attrs({ label: e.action, color: hot ? RED : c, fontcolor: hot ? RED : c, penwidth: hot ? 3.5 : 1.2 })};`);
  });
  out.push('}');
  return out.join('\n') + '\n';
}
