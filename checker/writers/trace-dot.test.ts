import { renderSvg } from '../../cli/render';
import { checkNamed, violated } from './__fixtures__/helpers';
import { explainTrace } from './explain';
import { toTraceDot } from './trace-dot';
import { toWaitForDot } from './waitfor-dot';

describe('swimlane trace DOT', () => {
  it('draws one column per lane and the acting step in its lane, with source and frames', async () => {
    const { model, result } = await checkNamed('test/bql');
    const dot = toTraceDot(explainTrace(model, violated(result, 'deadlock')));
    expect(dot).toContain('rh_0 [label="main"');
    expect(dot).toContain('rh_1 [label="vcpu0"');
    expect(dot).toMatch(/r1_0 \[label="main: bql_lock\\lmigration\/savevm.c:10 bql_lock\(\)\\lmain: main > qemu_savevm_state\\l"/);
    expect(dot).toContain('DEADLOCK: no action is enabled');
    expect(dot).toContain('rw_1 [label="waits for BQL\\lonly main can release it');
    const svg = await renderSvg(dot);
    expect(svg).toContain('qemu_savevm_state');
  });

  it('draws the failing assertion step in red with the assertion and its expression', async () => {
    const { model, result } = await checkNamed('test/bql', { bug: 'assert' }, { deadlock: false });
    const dot = toTraceDot(explainTrace(model, violated(result, 'in_main_context')));
    const node = dot.split('\n').find((l) => l.includes('ASSERTION in_main_context FAILED'))!;
    expect(node).toContain('color="#C62828"');
    expect(node).toMatch(/qemu_get_current_aio_context\(\) ==\\l\s*qemu_get_aio_context\(\)/);
    expect(node).toContain('aio_poll() <\\"quoted\\" &\\l  \\\\escaped>');
    expect(dot).toMatch(/r1_1 -> r2_0 \[color="#C62828"/);
    await expect(renderSvg(dot)).resolves.toContain('ASSERTION in_main_context FAILED');
  });

  it('links consecutive steps in order', async () => {
    const { model, result } = await checkNamed('classic/naivelock');
    const dot = toTraceDot(explainTrace(model, violated(result, 'Mutex')));
    const chain = dot.split('\n').filter((l) => /^ {2}r\d_\d -> r\d_\d \[color/.test(l)).map((l) => l.trim().split(' [')[0]);
    expect(chain).toEqual(['r1_0 -> r2_1', 'r2_1 -> r3_0', 'r3_0 -> r4_1']);
  });

  it('draws the wait-for graph with the cycle in red', async () => {
    const { model, result } = await checkNamed('test/bql');
    const dot = toWaitForDot(explainTrace(model, violated(result, 'deadlock')));
    expect(dot).toContain('"thread:main" -> "resource:ready" [label="waits for\\nmigration/savevm.c:12\\n  qemu_sem_wait(&ready)\\n", color="#C62828"');
    expect(dot).toContain('"resource:BQL" -> "thread:main" [label="released only by", style="dashed", color="#C62828"');
    expect(dot).toContain('Nobody can move: main -> vcpu0 ->');
    await expect(renderSvg(dot)).resolves.toContain('released only by');
  });
});
