import { is, List, Map as IMap, Record as IRecord, Set as ISet } from 'immutable';
import { action, buildModel, check, defineModel, resolveKnobs } from '../index';
import type { BuiltModel, CheckResult, ModelDefinition, KnobSpecs } from '../index';
import { AssertionSignal } from '../view';
import { checkNamed, violated } from './__fixtures__/helpers';
import { fromItf, fromItfValue, toItf, toItfValue } from './itf';

/** Replays an ITF trace against the model: every state must equal the replay's, and the violation must reproduce. */
function replayItf(model: BuiltModel, json: string): { states: number; failed?: string; last: Uint32Array } {
  const t = fromItf(JSON.parse(json));
  const equal = (buf: Uint32Array, values: Record<string, unknown>) => {
    const s = model.decode(buf);
    return t.vars.every((v) => is(s.get(v), values[v]));
  };
  const view = model.createView();
  const init = Array.from({ length: model.initStates.length }, (_, k) => model.initStates.get(k)).find((s) => equal(s, t.states[0]!.values));
  if (!init) throw new Error('state 0 is no initial state of the model');
  view.buf.set(init);
  for (let i = 1; i < t.states.length; i++) {
    const name = t.states[i]!.meta.action;
    const a = model.actions.find((x) => x.name === name);
    if (!a) throw new Error(`state ${i}: unknown action ${String(name)}`);
    if (!a.guard(view)) throw new Error(`state ${i}: ${a.name} is not enabled`);
    try {
      a.effect(view);
    } catch (e) {
      if (e instanceof AssertionSignal && i === t.states.length - 1) return { states: i + 1, failed: e.name, last: view.buf };
      throw e;
    }
    if (!equal(view.buf, t.states[i]!.values)) throw new Error(`state ${i} differs from the replay after ${a.name}: ${JSON.stringify(model.decode(view.buf).toJS())}`);
  }
  return { states: t.states.length, last: view.buf };
}

const rich = defineModel({
  name: 'test/rich',
  build: (_k, v) => {
    const seen = v.value('seen', ISet<number>());
    const owners = v.value('owners', IMap<number, string>());
    const rec = v.record('rec', { count: v.int(0, 3), busy: v.bool() });
    const log = v.seq('log', 3, v.oneOf('a', 'b'));
    return {
      init: () => {},
      actions: [0, 1, 2].map((i) =>
        action(`Add(${i})`, (s) => !s.get(seen).has(i) && s.len(log) < 3, (s) => {
          s.set(seen, s.get(seen).add(i));
          s.set(owners, s.get(owners).set(i, `t${i}`));
          s.set(rec.count, s.get(rec.count) + 1);
          s.set(rec.busy, true);
          s.push(log, i % 2 === 0 ? 'a' : 'b');
        }, { lane: `t${i}` }),
      ),
      invariants: { Small: (s) => s.get(seen).size < 2 },
    };
  },
});

async function run(def: ModelDefinition<KnobSpecs>): Promise<{ model: BuiltModel; result: CheckResult }> {
  const model = buildModel(def, resolveKnobs(def));
  return { model, result: await check(model) };
}

describe('ITF', () => {
  it('encodes values as ADR-015 says: #bigint, #set, #map, records, lists', () => {
    expect(toItfValue(3)).toEqual({ '#bigint': '3' });
    expect(toItfValue(ISet([2, 1]))).toEqual({ '#set': [{ '#bigint': '1' }, { '#bigint': '2' }] });
    expect(toItfValue(IMap([[1, 'x']]))).toEqual({ '#map': [[{ '#bigint': '1' }, 'x']] });
    const rec = { kind: 'record', fields: { b: { kind: 'bool' }, a: { kind: 'enum' } } } as const;
    expect(JSON.stringify(toItfValue(IMap({ b: true, a: 'x' }), rec))).toBe('{"a":"x","b":true}');
    // In a value variable a Map is a #map even when its keys are strings: its keys are data, not declared fields.
    expect(toItfValue(IMap({ b: true, a: 'x' }))).toEqual({ '#map': [['a', 'x'], ['b', true]] });
    expect(toItfValue(List(['a', List([1])]))).toEqual(['a', [{ '#bigint': '1' }]]);
    expect(fromItfValue({ '#bigint': '123456789012345678901234567890' })).toBe(123456789012345678901234567890n);
    expect(fromItfValue({ '#tup': [1, 'a'] })).toEqual(List([1, 'a']));
    expect(is(fromItfValue(toItfValue(ISet([IMap({ a: 1 })]))), ISet([IMap({ a: 1 })]))).toBe(true);
  });

  it('writes #meta, vars and one state per step with the action in its #meta', async () => {
    const { model, result } = await checkNamed('classic/locksem');
    const itf = toItf(model, violated(result, 'deadlock'), 'interleave test');
    expect(itf['#meta']).toMatchObject({ format: 'ITF', source: 'classic/locksem', property: 'deadlock' });
    expect(itf.vars).toEqual(['L', 'S', 'pcA', 'pcB']);
    expect(itf.states.map((s) => s['#meta'])).toEqual([{ index: 0, action: 'Init' }, { index: 1, action: 'ALock', lane: 'A' }]);
    expect(itf.states[1]).toMatchObject({ L: 'A', S: { '#bigint': '0' }, pcA: 'wait', pcB: 'lock' });
  });

  it.each([
    ['classic/naivelock', 'Mutex', {}, {}],
    ['classic/philo', 'deadlock', { N: 4 }, {}],
    ['test/bql', 'deadlock', {}, {}],
  ] as const)('round-trips the %s counterexample: read back, replayed, the violation reproduces', async (name, prop, set, opts) => {
    const { model, result } = await checkNamed(name, set, opts);
    const p = violated(result, prop);
    const json = JSON.stringify(toItf(model, p, 'interleave test'), null, 2);
    const replay = replayItf(model, json);
    expect(replay.states).toBe(p.counterexample!.steps.length);
    const view = model.createView();
    view.buf.set(replay.last);
    if (p.kind === 'deadlock') expect(model.actions.some((a) => a.guard(view))).toBe(false);
    else expect(model.invariants.find((i) => i.name === prop)!.check(view)).toBe(false);
  });

  it('round-trips an assertion violation: the last step fails the same assertion on replay', async () => {
    const { model, result } = await checkNamed('test/bql', { bug: 'assert' }, { deadlock: false });
    const p = violated(result, 'in_main_context');
    const itf = toItf(model, p, 'interleave test');
    expect(itf.states[itf.states.length - 1]!['#meta'].failed).toEqual({ assertion: 'in_main_context', detail: 'BQL held by vcpu0' });
    expect(replayItf(model, JSON.stringify(itf)).failed).toBe('in_main_context');
  });

  it('round-trips sets, maps, records and sequences of a value-rich model', async () => {
    const { model, result } = await run(rich as unknown as ModelDefinition<KnobSpecs>);
    const p = violated(result, 'Small');
    const itf = toItf(model, p, 'interleave test');
    const last = itf.states[itf.states.length - 1]!;
    expect(last.seen).toEqual({ '#set': [{ '#bigint': '0' }, { '#bigint': '1' }] });
    expect(last.owners).toEqual({ '#map': [[{ '#bigint': '0' }, 't0'], [{ '#bigint': '1' }, 't1']] });
    expect(last.rec).toEqual({ busy: true, count: { '#bigint': '2' } });
    expect(last.log).toEqual(['a', 'b']);
    expect(replayItf(model, JSON.stringify(itf)).states).toBe(3);
  });

  it('rejects a trace without vars or states, and a state missing a variable', () => {
    expect(() => fromItf({ states: [] })).toThrow('needs "vars" and "states"');
    expect(() => fromItf({ vars: ['x'], states: [{}] })).toThrow("no value for variable 'x'");
  });
});

describe('ITF lassos', () => {
  it("records where a liveness counterexample loops: ITF's loop is the state after the last one, #meta keeps interleave's loop", async () => {
    const { model, result } = await checkNamed('kit/spin');
    const p = violated(result, 'WaitEnds');
    const itf = toItf(model, p, 'interleave test');
    // Steps 0..4; the last state equals state 2, so the state after the last one is state 3.
    expect(p.counterexample).toMatchObject({ loop: 2, stutter: false, length: 4 });
    expect(itf.loop).toBe(3);
    expect(itf['#meta']).toMatchObject({ loop: 2, stutter: false, kind: 'liveness' });
    const json = JSON.stringify(itf);
    expect(replayItf(model, json).states).toBe(5);
    const t = fromItf(JSON.parse(json));
    expect(t.states[4]!.values).toEqual(t.states[2]!.values);
  });

  it('loops on the last state when the lasso stutters', async () => {
    const { model, result } = await checkNamed('classic/philo', { N: 3 }, { deadlock: false });
    const itf = toItf(model, violated(result, 'SomeoneEats'), 'interleave test');
    expect(itf.loop).toBe(3);
    expect(itf['#meta']).toMatchObject({ loop: 3, stutter: true });
  });
});

describe('ITF integers', () => {
  it('writes the exact digits of an integer beyond 2^53 and reads the same number back', () => {
    expect(toItfValue(2 ** 60)).toEqual({ '#bigint': '1152921504606846976' });
    expect(fromItfValue(toItfValue(2 ** 60))).toBe(2 ** 60);
    expect(toItfValue(-(2 ** 55) - 8)).toEqual({ '#bigint': '-36028797018963976' });
  });
});

/**
 * Every kind of variable the layout declares (bool, int, enum, thread id,
 * array, record, array of records, sequence) and every kind of value a value
 * variable takes (null, integers up to beyond 2^53, fractions,
 * strings, booleans, Lists, Maps keyed by numbers and by strings, Sets, nested
 * collections), each empty or at its default in state 0 and filled in state
 * 1. (A value variable's form follows its contents: one that holds a Set and
 * then a List changes form, as it changes type.)
 */
const everyKind = defineModel({
  name: 'test/every-kind',
  build: (_k, v) => {
    const flag = v.scalar('flag', v.bool());
    const n = v.scalar('n', v.int(-3, 3));
    const pc = v.scalar('pc', v.enum('idle', 'busy'));
    const owner = v.scalar('owner', v.threadId(['main', 'io']));
    const arr = v.array('arr', 2, v.int(0, 5));
    const rec = v.record('rec', { count: v.int(0, 3), busy: v.bool() });
    const recs = v.records('recs', 2, { at: v.oneOf('a', 'b') });
    const log = v.seq('log', 2, v.int(0, 9));
    const nil = v.value('nil', null as unknown);
    const big = v.value('big', 0);
    const frac = v.value('frac', 0.5);
    const text = v.value('text', '');
    const yes = v.value('yes', false);
    const list = v.value('list', List<unknown>());
    const byInt = v.value('byInt', IMap<number, string>());
    const byName = v.value('byName', IMap<string, number>());
    const set = v.value('set', ISet<number>());
    const nested = v.value('nested', IMap<number, ISet<List<string>>>());
    return {
      init: () => {},
      actions: [
        action('Fill', (s) => !s.get(flag), (s) => {
          s.set(flag, true);
          s.set(n, -3);
          s.set(pc, 'busy');
          s.set(owner, 'io');
          s.set(arr, 1, 5);
          s.set(rec.count, 2);
          s.set(recs.at, 1, 'b');
          s.push(log, 7);
          s.set(big, 2 ** 60);
          s.set(frac, 0.1);
          s.set(text, 'null');
          s.set(yes, true);
          s.set(list, List([1, null, 'a', List([true])]));
          s.set(byInt, IMap([[2, 'two'], [-1, 'minus']]));
          s.set(byName, IMap({ a: 1 }));
          s.set(set, ISet([3, 1]));
          s.set(nested, IMap([[1, ISet([List(['x'])])]]));
        }),
        action('Stretch', (s) => s.get(flag) && s.get(frac) === 0.1, (s) => s.set(frac, -2.5)),
      ],
      invariants: { NotStretched: (s) => s.get(frac) !== -2.5 },
    };
  },
});

/** The ITF form a value takes: the tag of a tagged object, else its JSON type. */
function itfForm(j: unknown): string {
  if (Array.isArray(j)) return 'array';
  if (j !== null && typeof j === 'object') return Object.keys(j).find((k) => k.startsWith('#')) ?? 'record';
  return typeof j;
}

describe('ITF round trip', () => {
  it('writes every kind of variable in one form in every state (an empty int-keyed Map too) and reads back equal values', async () => {
    const { model, result } = await run(everyKind as unknown as ModelDefinition<KnobSpecs>);
    const p = violated(result, 'NotStretched');
    const written = toItf(model, p, 'interleave test');
    const back = fromItf(JSON.parse(JSON.stringify(written)));
    // The engine's shortest counterexample: state 0, Fill, Stretch.
    expect(back.states.length).toBe(3);
    for (const name of back.vars) {
      expect([name, new Set(written.states.map((s) => itfForm(s[name]))).size]).toEqual([name, 1]);
      p.counterexample!.steps.forEach((step, i) => {
        expect([name, i, is(back.states[i]!.values[name], step.state.get(name as never))]).toEqual([name, i, true]);
      });
    }
    expect(written.states[0]!.byInt).toEqual({ '#map': [] });
    expect(written.states[0]!.rec).toEqual({ busy: false, count: { '#bigint': '0' } });
    expect(written.states[2]!.frac).toEqual({ '#unserializable': '-2.5' });
    expect(back.states[1]!.values.text).toBe('null');
    expect(back.states[0]!.values.nil).toBe(null);
  });

  it('writes an Immutable Record as an ITF record, read back as a Map of its fields', () => {
    const Point = IRecord({ x: 0, tag: 'p' });
    expect(toItfValue(Point({ x: 2 }))).toEqual({ tag: 'p', x: { '#bigint': '2' } });
    expect(is(fromItfValue(toItfValue(Point({ x: 2 }))), IMap({ x: 2, tag: 'p' }))).toBe(true);
  });
});
