import type { WaitFor } from '../model';
import { checkNamed, violated } from './__fixtures__/helpers';
import { describeWaits, explainTrace, findWaitCycle, NO_LANE, ONE_LANE } from './explain';

describe('explainTrace', () => {
  it('uses the declared lanes, frames before each step and the summary after it', async () => {
    const { model, result } = await checkNamed('test/bql');
    const t = explainTrace(model, violated(result, 'deadlock'));
    expect(t.lanes).toEqual(['main', 'vcpu0']);
    expect(t.steps.map((s) => [s.lane, s.action])).toEqual([
      ['', 'Init'],
      ['main', 'main: bql_lock'],
    ]);
    expect(t.steps[1]!.frames).toBe('main > qemu_savevm_state');
    expect(t.steps[1]!.after).toEqual(['BQL: main', 'ready: 0']);
    expect(t.cycle!.map((w) => w.thread)).toEqual(['main', 'vcpu0']);
    expect(t.cycleText).toContain('Nobody can move: main → vcpu0 → main.');
  });

  it('shows the changed variables when the model has no summary, and all variables first', async () => {
    const { model, result } = await checkNamed('classic/naivelock');
    const t = explainTrace(model, violated(result, 'Mutex'));
    expect(t.steps[0]!.after).toEqual(['lock = FALSE', 'pc = <<ncs, ncs>>']);
    expect(t.steps.slice(1).map((s) => s.after)).toEqual([['pc[0] := set'], ['pc[1] := set'], ['lock := TRUE', 'pc[0] := cs'], ['pc[1] := cs']]);
    expect(t.lanes).toEqual(['proc 0', 'proc 1']);
    expect(t.verdict).toBe('invariant Mutex is false after step 4: at most one process is in its critical section');
    expect(t.waits).toBeUndefined();
  });

  it('names the failed assertion and its expression on the failing step', async () => {
    const { model, result } = await checkNamed('test/bql', { bug: 'assert' }, { deadlock: false });
    const t = explainTrace(model, violated(result, 'in_main_context'));
    const last = t.steps[t.steps.length - 1]!;
    expect(last.failed).toEqual({ assertion: 'in_main_context', expression: 'qemu_get_current_aio_context() == qemu_get_aio_context()', detail: 'BQL held by vcpu0' });
    expect(t.verdict).toContain('assertion in_main_context fails in step 2');
  });

  it('puts steps without a lane into a "(no lane)" lane, and a model without lanes into one lane', async () => {
    const { model, result } = await checkNamed('classic/locksem');
    const p = violated(result, 'deadlock');
    const cx = { length: 1, steps: [p.counterexample!.steps[0]!, { ...p.counterexample!.steps[1]!, lane: undefined }] };
    expect(explainTrace(model, p, cx).lanes).toEqual(['A', 'B', NO_LANE]);
    const bare = { ...model, actions: model.actions.map((a) => ({ ...a, lane: undefined })) };
    expect(explainTrace(bare, p, cx).lanes).toEqual([ONE_LANE]);
  });

  it('reports an explain hook that throws as model error IL207', async () => {
    const { model, result } = await checkNamed('test/bql');
    const broken = { ...model, explain: { ...model.explain!, summary: () => { throw new Error('boom'); } } };
    expect(() => explainTrace(broken, violated(result, 'deadlock'))).toThrow(expect.objectContaining({ code: 'IL207' }));
  });
});

describe('findWaitCycle', () => {
  const w = (thread: string, on: string, holder?: string): WaitFor => ({ thread, on, ...(holder ? { holder } : {}) });
  it('finds the cycle, not the threads leading into it', () => {
    const waits = [w('io', 'ctx', 'A'), w('A', 'S', 'B'), w('B', 'L', 'C'), w('C', 'M', 'A')];
    expect(findWaitCycle(waits).map((x) => `${x.thread}:${x.on}`)).toEqual(['A:S', 'B:L', 'C:M']);
  });
  it('returns no cycle when someone can still release', () => {
    expect(findWaitCycle([w('A', 'S', 'B'), w('B', 'X')])).toEqual([]);
    expect(describeWaits([w('A', 'S', 'B'), w('B', 'X')], [])).toBe('A waits for S, which only B can release; B waits for X, which nobody can release. There is no wait-for cycle.');
  });
  it('finds a thread waiting on itself', () => {
    expect(findWaitCycle([w('A', 'BQL', 'A')]).map((x) => x.on)).toEqual(['BQL']);
  });
});
