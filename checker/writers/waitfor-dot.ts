/**
 * The wait-for graph at a deadlock: each blocked thread, the resource it
 * waits on (BQL, a semaphore, a condition), and who holds it or would post
 * it. The cycle is drawn in red; the graph's title names it in words.
 * Pure: ExplainedTrace in, DOT text out; only for traces that have waits.
 */
import type { ExplainedTrace } from './explain';
import { attrs, FONT, label, quote, wrap } from './dot';

const RED = '#C62828';

/** The wait-for DOT of a deadlock trace whose model has explain.waits. Deterministic; valid for Graphviz. */
export function toWaitForDot(t: ExplainedTrace): string {
  const waits = t.waits ?? [];
  const cycle = t.cycle ?? [];
  const cycleEdges = new Set(cycle.map((w) => `${w.thread}\u0000${w.on}`));
  const cycleThreads = new Set(cycle.map((w) => w.thread));
  const threads: string[] = [];
  const resources: string[] = [];
  const addThread = (x: string) => void (threads.includes(x) || threads.push(x));
  for (const w of waits) {
    addThread(w.thread);
    if (w.holder !== undefined) addThread(w.holder);
    if (!resources.includes(w.on)) resources.push(w.on);
  }
  const tid = (x: string) => quote(`thread:${x}`);
  const rid = (x: string) => quote(`resource:${x}`);
  const out: string[] = [];
  const title = [`${t.model} — who waits for whom at the deadlock (after step ${t.steps.length - 1})`, ...wrap(t.cycleText ?? '', 80)];
  out.push('digraph waitfor {');
  out.push(`  graph${attrs({ label: label(title, 'center'), labelloc: 't', fontname: FONT, fontsize: 12, rankdir: 'LR', nodesep: 0.4 })};`);
  out.push(`  node${attrs({ fontname: FONT, fontsize: 10 })};`);
  out.push(`  edge${attrs({ fontname: FONT, fontsize: 9 })};`);
  for (const x of threads) {
    const blocked = waits.some((w) => w.thread === x);
    out.push(`  ${tid(x)}${attrs({ label: label([x], 'center'), shape: 'ellipse', style: 'filled', fillcolor: cycleThreads.has(x) ? '#FFE0E0' : blocked ? '#FFF3E0' : 'white', color: cycleThreads.has(x) ? RED : 'black', penwidth: cycleThreads.has(x) ? 2 : 1 })};`);
  }
  for (const r of resources) {
    const inCycle = cycle.some((w) => w.on === r);
    out.push(`  ${rid(r)}${attrs({ label: label([r], 'center'), shape: 'box', style: 'rounded,filled', fillcolor: '#FFFDE7', color: inCycle ? RED : 'black', penwidth: inCycle ? 2 : 1 })};`);
  }
  for (const w of waits) {
    const hot = cycleEdges.has(`${w.thread}\u0000${w.on}`);
    out.push(`  ${tid(w.thread)} -> ${rid(w.on)}${attrs({ label: label(['waits for', ...(w.source ? wrap(w.source, 36) : [])], 'center'), color: hot ? RED : 'black', fontcolor: hot ? RED : 'black', penwidth: hot ? 2.5 : 1 })};`);
  }
  // One "released only by" edge per (resource, holder), red when the cycle goes through it.
  const released: string[] = [];
  for (const w of waits) {
    if (w.holder === undefined || released.includes(`${w.on}\u0000${w.holder}`)) continue;
    released.push(`${w.on}\u0000${w.holder}`);
    const hot = cycle.some((c) => c.on === w.on && c.holder === w.holder);
    out.push(`  ${rid(w.on)} -> ${tid(w.holder)}${attrs({ label: 'released only by', style: 'dashed', color: hot ? RED : '#555555', fontcolor: hot ? RED : '#555555', penwidth: hot ? 2.5 : 1 })};`);
  }
  out.push('}');
  return out.join('\n') + '\n';
}
