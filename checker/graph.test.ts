import { renderSvg } from '../cli/render';
import { checkNamed, violated } from './writers/__fixtures__/helpers';
import { DEFAULT_GRAPH_LIMIT, exploreGraph, findPath } from './graph';
import { toGraphDot } from './writers/graph-dot';

describe('exploreGraph', () => {
  it('finds the whole reachable graph of locksem: 8 states, 8 transitions, one deadlock and the Terminated self-loop', async () => {
    const { model } = await checkNamed('classic/locksem');
    const g = exploreGraph(model);
    expect(g.nodes).toHaveLength(8);
    expect(g.edges).toHaveLength(8);
    expect(g.nodes.filter((n) => n.initial !== undefined).map((n) => n.id)).toEqual([0]);
    expect(g.nodes.filter((n) => n.deadlock).map((n) => n.state.toJS())).toEqual([{ L: 'A', S: 0, pcA: 'wait', pcB: 'lock' }]);
    expect(g.edges.filter((e) => e.from === e.to).map((e) => e.action)).toEqual(['Terminated']);
  });

  it('agrees with the checker on states and transitions', async () => {
    for (const [name, set] of [['classic/philo', { N: 3 }], ['classic/naivelock', { N: 3 }], ['classic/filter', { N: 2 }]] as const) {
      const { model, result } = await checkNamed(name, set, { deadlock: false, invariants: [], exact: true });
      const g = exploreGraph(model, { limit: 10000 });
      expect([name, g.nodes.length, g.edges.length]).toEqual([name, result.stats.distinctStates, result.stats.transitions]);
    }
  });

  it('marks invariant violations and assertion failures', async () => {
    const { model } = await checkNamed('test/bql', { bug: 'assert', stall: true });
    const g = exploreGraph(model);
    expect(g.nodes.filter((n) => n.violates.includes('stalled'))).toHaveLength(2);
    expect(g.edges.filter((e) => e.assertion === 'in_main_context').map((e) => e.to)).toEqual([undefined, undefined]);
  });

  it('refuses a graph above the limit with IL201, naming the limit and what to do', async () => {
    const { model } = await checkNamed('classic/philo', { N: 5 });
    expect(() => exploreGraph(model, { limit: 50 })).toThrow(expect.objectContaining({ code: 'IL201', kind: 'usage', message: expect.stringContaining('more than 50 states') }));
    expect(() => exploreGraph(model, { limit: 50 })).toThrow(expect.objectContaining({ hint: expect.stringContaining('--graph-limit 200') }));
    expect(DEFAULT_GRAPH_LIMIT).toBe(100);
  });

  it('refuses a graph with more than 3 transitions per allowed state', async () => {
    const { model } = await checkNamed('classic/naivelock', { N: 5 }); // 453 states, 1940 transitions
    expect(() => exploreGraph(model, { limit: 700 })).not.toThrow();
    expect(() => exploreGraph(model, { limit: 500 })).toThrow(expect.objectContaining({ code: 'IL201', message: expect.stringContaining('more than 1500 transitions') }));
  });

  it('finds the counterexample path and the graph DOT highlights it and renders', async () => {
    const { model, result } = await checkNamed('classic/naivelock');
    const p = violated(result, 'Mutex');
    const g = exploreGraph(model);
    const path = findPath(g, p.counterexample!)!;
    expect(path.edges.map((e) => g.edges[e]!.action)).toEqual(['Test(0)', 'Test(1)', 'Set(0)', 'Set(1)']);
    expect(g.nodes[path.nodes[path.nodes.length - 1]!]!.violates).toEqual(['Mutex']);
    const dot = toGraphDot(g, { paths: [{ property: 'Mutex', ...path }] });
    const hot = dot.split('\n').filter((l) => l.includes('penwidth="3.5"'));
    expect(hot).toHaveLength(4);
    expect(dot).toContain('peripheries="2"');
    await expect(renderSvg(dot)).resolves.toContain('violates Mutex');
  });
});
