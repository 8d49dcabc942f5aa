/**
 * TLA+ values as variable domains (types.ts) and their operators (tla.ts):
 * packing and interning, membership checks with coded errors, unbounded
 * integers, ITF by declared type with a round trip, and the counts of a model
 * written with sets and functions against the same model written with bit
 * masks and against a brute-force search written here.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { is, List, Map as IMap, Set as ISet } from 'immutable';
import {
  action,
  append,
  apply,
  buildModel,
  cardinality,
  check,
  concat,
  defineModel,
  domain,
  equals,
  except,
  exists,
  field,
  fn,
  forall,
  fromItf,
  head,
  interval,
  intersect,
  isIn,
  itfEncoders,
  len,
  members,
  PACK_LIMIT,
  rec,
  resolveKnobs,
  set,
  setFilter,
  setMap,
  setMinus,
  showValue,
  subSeq,
  subseteq,
  subsets,
  tail,
  toItf,
  tuple,
  union,
  unionAll,
  Vars,
} from './index';
import type { CheckResult, ModelBody, ModelDefinition, KnobSpecs } from './index';
import { findModel } from '../models';
import { memoryIo } from '../cli/io';
import { runCli } from '../cli/main';

function model(build: (v: Vars) => ModelBody): ModelDefinition<KnobSpecs> {
  return defineModel({ name: 'test/values', build: (_k, v) => build(v) }) as ModelDefinition<KnobSpecs>;
}

async function checkOf(def: ModelDefinition<KnobSpecs>, opts = {}): Promise<CheckResult> {
  return check(buildModel(def, resolveKnobs(def)), opts);
}

describe('value domains', () => {
  const v = new Vars();
  const Proc = v.enum('p1', 'p2', 'p3');

  it('lists SUBSET S with the empty set first (the default), packed when small', () => {
    const d = v.setOf(Proc);
    expect(d.kind).toBe('finite');
    expect(d.text).toBe('SUBSET {p1, p2, p3}');
    const all = members(d);
    expect(all).toHaveLength(8);
    expect(is(all[0], ISet())).toBe(true);
    expect(new Set(all.map((s) => showValue(s))).size).toBe(8);
    expect(d.width).toBe(3);
  });

  it('counts [D -> R], records, bounded sequences and tuples as TLA+ does', () => {
    expect(members(v.fnOf(v.int(1, 2), v.bool()))).toHaveLength(4); // 2^2
    expect(members(v.recOf({ a: v.bool(), b: v.int(0, 2) }))).toHaveLength(6); // 2 * 3
    expect(members(v.seqOf(v.bool(), 2))).toHaveLength(7); // 1 + 2 + 4
    expect(members(v.tupleOf(Proc, v.bool()))).toHaveLength(6); // 3 * 2
    expect(is(members(v.fnOf(v.int(1, 2), v.bool()))[0], IMap([[1, false], [2, false]]))).toBe(true);
  });

  it('packs a function of small parts as digits, and interns larger and unbounded domains', () => {
    const know = v.fnOf(v.int(0, 3), v.setOf(v.int(0, 3))); // (2^4)^4 = 65536 members, 16 bits
    expect(PACK_LIMIT).toBeLessThan(65536);
    expect(know.kind).toBe('packed');
    expect(know.width).toBe(16);
    const x = IMap([[0, set(1)], [1, set()], [2, set(0, 3)], [3, set(2)]]);
    const code = know.type!.codeOf(x);
    expect(code).toBe(2 + 0 * 16 + 9 * 256 + 4 * 4096); // digits: the codes of {1}, {}, {0, 3}, {2} in SUBSET 0..3
    expect(is(know.type!.decode!(code), x)).toBe(true);
    expect(know.type!.codeOf(x.set(0, set(7)))).toBe(-1);
    expect(v.fnOf(v.int(0, 7), v.setOf(v.int(0, 7))).kind).toBe('value'); // 2^64 members
    expect(v.seqOf(Proc).kind).toBe('value');
    expect(v.ints().kind).toBe('value');
    expect(v.setOf(v.nats()).text).toBe('SUBSET Nat');
  });

  it('refuses a function domain that cannot be enumerated (IL116) when the model is built', () => {
    const def = model((vars) => {
      vars.scalar('f', vars.fnOf(vars.ints(), vars.bool()));
      return { init: () => {}, actions: [] };
    });
    expect(() => buildModel(def, {})).toThrow(expect.objectContaining({ code: 'IL116', message: expect.stringContaining('[Int -> BOOLEAN]: Int is infinite') }));
  });
});

describe('operators', () => {
  it('does set algebra, SUBSET, UNION and Cardinality', () => {
    const S = set(1, 2, 3);
    expect(is(union(S, set(4)), set(1, 2, 3, 4))).toBe(true);
    expect(is(intersect(S, [2, 3, 9]), set(2, 3))).toBe(true);
    expect(is(setMinus(S, set(1)), set(2, 3))).toBe(true);
    expect(subseteq(set(1), S)).toBe(true);
    expect(subseteq(set(4), S)).toBe(false);
    expect(isIn(2, S)).toBe(true);
    expect(isIn(-1, new Vars().nats())).toBe(false);
    expect(cardinality(subsets(S))).toBe(8);
    expect(is(unionAll(set(set(1), set(2, 3))), S)).toBe(true);
    expect(is(setMap(S, (x) => x % 2), set(0, 1))).toBe(true);
    expect(is(setFilter(S, (x) => x > 1), set(2, 3))).toBe(true);
    expect(exists(S, (x) => x === 3)).toBe(true);
    expect(forall(S, (x) => x > 1)).toBe(false);
    expect(is(interval(2, 4), set(2, 3, 4))).toBe(true);
    expect(interval(3, 2).size).toBe(0);
    // Sets are values: equal whatever the order they were built in.
    expect(equals(set(3, 1), set(1, 3))).toBe(true);
  });

  it('gives the same results on members of a SUBSET domain (bit masks) as on fresh sets', () => {
    const d = new Vars().setOf(new Vars().int(1, 3));
    const all = members(d);
    for (const a of all) {
      expect(cardinality(a)).toBe(ISet([...a]).size);
      for (const x of [0, 1, 2, 3, 4, 'a']) expect(isIn(x, a)).toBe(ISet([...a]).has(x as number));
      for (const b of all) {
        // Fresh copies carry no tag, so they take the plain Immutable path.
        const [x, y] = [ISet([...a]), ISet([...b])];
        expect(is(union(a, b), x.union(y))).toBe(true);
        expect(is(intersect(a, b), x.intersect(y))).toBe(true);
        expect(is(setMinus(a, b), x.subtract(y))).toBe(true);
        expect(subseteq(a, b)).toBe(x.isSubset(y));
        // One operand fresh: it is found in the domain by value.
        expect(is(setMinus(x, b), x.subtract(y))).toBe(true);
        expect(subseteq(a, y)).toBe(x.isSubset(y));
        // A result in the domain is the domain's own member, found again without hashing.
        expect(d.type!.codeOf(union(a, b))).toBe(all.findIndex((m) => is(m, x.union(y))));
        expect(union(a, b)).toBe(all[d.type!.codeOf(x.union(y))]);
      }
      // Quantifiers, set maps and UNION over members and over fresh copies agree.
      const fresh = ISet([...a]);
      expect(forall(a, (x) => x > 1)).toBe(forall(fresh, (x) => x > 1));
      expect(exists(a, (x) => x === 2)).toBe(exists(fresh, (x) => x === 2));
      expect(is(setMap(a, (x) => x * 10), setMap(fresh, (x) => x * 10))).toBe(true);
    }
    // A set of members of one SUBSET domain (built once per distinct set), and its UNION.
    const pairs = all.flatMap((a) => all.map((b) => [a, b] as const));
    for (const [a, b] of pairs) {
      const S = setMap([0, 1], (k) => (k === 0 ? a : b));
      expect(is(S, ISet([ISet([...a]), ISet([...b])]))).toBe(true);
      expect(is(unionAll(S), ISet([...a]).union(ISet([...b])))).toBe(true);
      expect(is(unionAll(ISet([ISet([...a]), ISet([...b])])), unionAll(S))).toBe(true);
    }
    // Members of two different SUBSET domains over the same elements meet by value.
    const other = members(new Vars().setOf(new Vars().int(1, 3)));
    expect(is(union(all[1]!, other[2]!), set(1, 2))).toBe(true);
    expect(subseteq(other[1]!, all[3]!)).toBe(true);
  });

  it('applies and updates members of function, record and tuple domains on their codes, as on fresh Maps and Lists', () => {
    const v = new Vars();
    const P = v.oneOf('p', 'q', 'r');
    const listed = v.fnOf(P, v.setOf(v.int(0, 2))); // 8^3 = 512 members: listed
    const packed = v.fnOf(v.int(0, 4), v.setOf(v.int(0, 4))); // 32^5: packed as digits
    const record = v.recOf({ kind: v.oneOf('req', 'ack'), n: v.int(0, 3) });
    const pair = v.tupleOf(v.bool(), v.int(1, 3));
    const fresh = <K, V>(f: IMap<K, V>) => IMap<K, V>([...f.entries()]);
    for (const f of members(listed).filter((_, k) => k % 7 === 0)) {
      for (const x of ['p', 'q', 'r'] as const) {
        expect(is(apply(f, x), fresh(f).get(x))).toBe(true);
        const g = except(f, x, (old) => union(old, set(2)));
        expect(is(g, fresh(f).set(x, fresh(f).get(x)!.union([2])))).toBe(true);
        // The result is the domain's own member: its code is known without hashing.
        expect(listed.type!.codeOf(g)).toBe(members(listed).findIndex((m) => is(m, g)));
      }
      expect(() => apply(f, 's')).toThrow(expect.objectContaining({ code: 'IL114' }));
      // A new value outside the range gives a Map that is no member (writing it is IL113).
      expect(listed.type!.codeOf(except(f, 'p', set(7)))).toBe(-1);
      expect(is(except(f, 's', set(1)), f)).toBe(true);
    }
    const know = packed.type!.decode!(123456) as IMap<number, ISet<number>>;
    for (let x = 0; x < 5; x++) {
      expect(is(apply(know, x), fresh(know).get(x))).toBe(true);
      const g = except(know, x, set(0, 4));
      expect(is(g, fresh(know).set(x, set(0, 4)))).toBe(true);
      expect(packed.type!.codeOf(g)).toBe(packed.type!.codeOf(fresh(g)));
    }
    for (const r of members(record)) {
      expect(field(r, 'n')).toBe(fresh(r).get('n'));
      expect(is(except(r, 'kind', 'ack'), fresh(r).set('kind', 'ack'))).toBe(true);
    }
    for (const t of members(pair)) {
      expect(apply(t, 2)).toBe(List([...t]).get(1));
      expect(is(except(t, 1, true), List([...t]).set(0, true))).toBe(true);
      expect(() => apply(t, 3)).toThrow(expect.objectContaining({ code: 'IL114' }));
    }
  });

  it('builds, applies and updates functions and records', () => {
    const f = fn(interval(1, 3), (x) => x * x);
    expect(apply(f, 2)).toBe(4);
    expect(is(domain(f), set(1, 2, 3))).toBe(true);
    expect(apply(except(f, 2, 0), 2)).toBe(0);
    expect(apply(except(f, 2, (old) => old + 1), 2)).toBe(5);
    // As in TLA+, EXCEPT at a point outside the domain leaves the function as it is.
    expect(is(except(f, 7, 0), f)).toBe(true);
    const r = rec({ kind: 'req', from: 'p1' });
    expect(field(r, 'from')).toBe('p1');
    expect(is(domain(r), set('kind', 'from'))).toBe(true);
    expect(() => apply(f, 4)).toThrow(expect.objectContaining({ code: 'IL114' }));
    expect(() => field(r, 'to')).toThrow(expect.objectContaining({ code: 'IL115', message: expect.stringContaining('no field to (its fields: kind, from)') }));
    expect(() => cardinality(5 as never)).toThrow(expect.objectContaining({ code: 'IL117', message: 'Cardinality expects a set, got 5' }));
    expect(() => members(new Vars().ints())).toThrow(expect.objectContaining({ code: 'IL116' }));
  });

  it('does sequences 1-based, as TLA+', () => {
    const s = tuple('a', 'b', 'c');
    expect(len(append(s, 'd'))).toBe(4);
    expect(head(s)).toBe('a');
    expect(is(tail(s), tuple('b', 'c'))).toBe(true);
    expect(is(subSeq(s, 2, 3), tuple('b', 'c'))).toBe(true);
    expect(subSeq(s, 3, 2).size).toBe(0);
    expect(apply(s, 1)).toBe('a');
    expect(is(concat(s, tuple('d')), tuple('a', 'b', 'c', 'd'))).toBe(true);
    expect(is(domain(s), set(1, 2, 3))).toBe(true);
    expect(() => head(tuple())).toThrow(expect.objectContaining({ code: 'IL114' }));
    expect(() => apply(s, 0)).toThrow(expect.objectContaining({ code: 'IL114' }));
  });
});

describe('model errors name the variable, the action and the state', () => {
  const Proc = ['p1', 'p2'] as const;

  it('IL113: a value outside its declared domain, with the part that is outside', async () => {
    const r = await checkOf(
      model((v) => {
        const P = v.enum(...Proc);
        const msgs = v.scalar('msgs', v.fnOf(P, v.seqOf(v.recOf({ type: v.enum('req', 'ack'), n: v.int(0, 1) }))));
        return {
          init: () => {},
          actions: [action('Send', null, (s) => s.set(msgs, except(s.get(msgs), 'p2', (q) => append(q, rec({ type: 'nack' as 'req', n: 0 })))))],
        };
      }),
    );
    expect(r.error!.code).toBe('IL113');
    expect(r.error!.message).toBe(
      "model 'test/values', action 'Send': msgs := [p1 |-> <<>>, p2 |-> <<[type |-> nack, n |-> 0]>>] is outside its domain [{p1, p2} -> Seq([type: {req, ack}, n: 0..1])]: msgs[p2][1].type = nack is not in {req, ack}. State: {\"msgs\":{\"p1\":[],\"p2\":[]}}",
    );
  });

  it('IL113 also for a packed domain, and at an initial state', () => {
    const def = model((v) => {
      const s = v.scalar('s', v.setOf(v.int(0, 2)));
      return { init: (st) => st.set(s, set(1, 5)), actions: [] };
    });
    expect(() => buildModel(def, {})).toThrow(expect.objectContaining({ code: 'IL113', message: "model 'test/values': initial state 0: s := {1, 5} is outside its domain SUBSET 0..2: an element of s = 5 is not in 0..2" }));
  });

  it('IL114, IL115 and IL117 from operators inside an action', async () => {
    const run = (effect: (f: IMap<number, boolean>) => unknown) =>
      checkOf(
        model((v) => {
          const f = v.scalar('f', v.fnOf(v.int(1, 2), v.bool()));
          return { init: () => {}, actions: [action('Go', null, (s) => void effect(s.get(f)))] };
        }),
      );
    const outside = await run((f) => apply(f, 3));
    expect(outside.error!.code).toBe('IL114');
    expect(outside.error!.message).toBe("model 'test/values', action 'Go': [1 |-> FALSE, 2 |-> FALSE][3]: 3 is not in the function's domain {1, 2}. State: {\"f\":{\"1\":false,\"2\":false}}");
    const noField = await run(() => field(rec({ a: 1 }), 'b'));
    expect(noField.error!.code).toBe('IL115');
    expect(noField.error!.message).toContain("action 'Go': [a |-> 1].b: the record has no field b");
    const wrong = await run((f) => cardinality(f as never));
    expect(wrong.error!.code).toBe('IL117');
  });

  it('IL116: enumerating an infinite domain inside an action', async () => {
    const r = await checkOf(
      model((v) => {
        const Int = v.ints();
        const x = v.scalar('x', Int);
        return { init: () => {}, actions: [action('Pick', null, (s) => s.set(x, members(Int)[0]!))] };
      }),
    );
    expect(r.error!.code).toBe('IL116');
    expect(r.error!.message).toContain("action 'Pick': Int is infinite, so it cannot be enumerated");
  });
});

describe('unbounded integers', () => {
  it('make a too-small bound a TypeOK violation with a trace, not a model error', async () => {
    // x counts up without bound; TypeOK == x \in 0..3 fails after 4 steps (x = 4), found at BFS depth 5.
    const r = await checkOf(
      model((v) => {
        const x = v.scalar('x', v.ints());
        return { init: () => {}, actions: [action('Inc', null, (s) => s.set(x, s.get(x) + 1))], invariants: { TypeOK: (s) => s.get(x) >= 0 && s.get(x) <= 3 } };
      }),
    );
    expect(r.verdict).toBe('violation');
    const cx = r.properties.find((p) => p.name === 'TypeOK')!.counterexample!;
    expect(cx.steps.map((s) => s.state.get('x'))).toEqual([0, 1, 2, 3, 4]);
  });

  it('refuses an integer beyond what a number holds exactly (IL113)', async () => {
    const r = await checkOf(
      model((v) => {
        const x = v.scalar('x', v.ints());
        return { init: () => {}, actions: [action('Big', null, (s) => s.set(x, 2 ** 53))] };
      }),
    );
    expect(r.error!.code).toBe('IL113');
    expect(r.error!.message).toContain('x = 9007199254740992 is beyond the integers a number holds exactly');
  });
});

describe('ITF by declared type', () => {
  // Every variable starts at a value whose contents alone would be encoded wrongly: an empty set (an empty List
  // to toJS), a function on strings (a record by contents), a tuple (an array by contents).
  const def = model((v) => {
    const P = v.enum('p1', 'p2');
    const S = v.scalar('S', v.setOf(v.int(0, 9)));
    const f = v.scalar('f', v.fnOf(P, v.int(0, 3)));
    const r = v.scalar('r', v.recOf({ a: v.bool(), t: v.tupleOf(P, v.ints()) }));
    const q = v.scalar('q', v.seqOf(P));
    const arr = v.array('arr', 2, v.setOf(P));
    return {
      init: () => {},
      actions: [
        action('Step', (s) => cardinality(s.get(S)) === 0, (s) => {
          s.set(S, set(3, 1));
          s.set(f, except(s.get(f), 'p2', 3));
          s.set(r, rec({ a: true, t: tuple<'p2' | number>('p2', -7) }));
          s.set(q, append(s.get(q), 'p1'));
          s.set(arr, 1, set('p1', 'p2'));
        }),
      ],
      invariants: { Unchanged: (s) => cardinality(s.get(S)) === 0 },
    };
  });

  it('writes #set, #map, #tup and records by the declared domain, and reads back equal values', async () => {
    const built = buildModel(def, {});
    const r = await check(built, {});
    const p = r.properties.find((x) => x.name === 'Unchanged')!;
    const itf = toItf(built, p, 'test', p.counterexample!, itfEncoders(built.layout));
    expect(itf.states[0]).toMatchObject({
      S: { '#set': [] },
      f: { '#map': [['p1', { '#bigint': '0' }], ['p2', { '#bigint': '0' }]] },
      r: { a: false, t: { '#tup': ['p1', { '#bigint': '0' }] } },
      q: [],
      arr: [{ '#set': [] }, { '#set': [] }],
    });
    expect(itf.states[1]).toMatchObject({
      S: { '#set': [{ '#bigint': '1' }, { '#bigint': '3' }] },
      f: { '#map': [['p1', { '#bigint': '0' }], ['p2', { '#bigint': '3' }]] },
      r: { a: true, t: { '#tup': ['p2', { '#bigint': '-7' }] } },
      q: ['p1'],
      arr: [{ '#set': [] }, { '#set': ['p1', 'p2'] }],
    });
    const back = fromItf(JSON.parse(JSON.stringify(itf)));
    p.counterexample!.steps.forEach((step, i) => {
      for (const name of back.vars) expect(is(back.states[i]!.values[name], step.state.get(name))).toBe(true);
    });
  });

  it('shows the values in TLA+ notation in the terminal trace', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'interleave-values-'));
    // A model file outside the repository can only import 'interleave': everything above must come from there.
    fs.writeFileSync(
      path.join(dir, 'sets.ts'),
      `import { action, append, cardinality, defineModel, except, rec, set, tuple } from 'interleave';
export default defineModel({
  name: 'user/sets',
  build: (_k, v) => {
    const P = v.enum('p1', 'p2');
    const S = v.scalar('S', v.setOf(v.int(0, 9)));
    const f = v.scalar('f', v.fnOf(P, v.int(0, 3)));
    const r = v.scalar('r', v.recOf({ a: v.bool(), t: v.tupleOf(P, v.ints()) }));
    const q = v.scalar('q', v.seqOf(P));
    return {
      init: () => {},
      actions: [action('Step', (s) => cardinality(s.get(S)) === 0, (s) => {
        s.set(S, set(3, 1));
        s.set(f, except(s.get(f), 'p2', 3));
        s.set(r, rec({ a: true, t: tuple('p2', -7) }));
        s.set(q, append(s.get(q), 'p1'));
      })],
      invariants: { Unchanged: (s) => cardinality(s.get(S)) === 0 },
    };
  },
});
`,
    );
    const io = memoryIo(dir);
    const code = await runCli(['check', './sets.ts', '--out', path.join(dir, 'out')], io);
    expect(io.stderr).not.toContain('error');
    expect(code).toBe(12);
    for (const line of ['S = {}', 'f = [p1 |-> 0, p2 |-> 0]', 'r = [a |-> FALSE, t |-> <<p1, 0>>]', 'q = <<>>', 'S: {} -> {1, 3}', 'f.p2: 0 -> 3', 'r.t: <<p1, 0>> -> <<p2, -7>>', 'q: <<>> -> <<p1>>']) {
      expect(io.stdout).toContain(line);
    }
    const written = JSON.parse(fs.readFileSync(path.join(dir, 'out', 'trace.itf.json'), 'utf8'));
    expect(written.states[1].f).toEqual({ '#map': [['p1', { '#bigint': '0' }], ['p2', { '#bigint': '3' }]] });
    expect(written.states[0].S).toEqual({ '#set': [] });
  });
});

describe('classic/gossip: sets and functions against bit masks', () => {
  /** Brute-force BFS over bit masks, written from the TLA+ in models/classic/gossip.ts: distinct, generated (initial + successors), depth. */
  function bruteForce(N: number): [number, number, number] {
    const key = (k: number[]) => k.join(',');
    let level = [range(N).map((p) => 1 << p)];
    const seen = new Set([key(level[0]!)]);
    let generated = 1;
    let depth = 1;
    while (level.length > 0) {
      const next: number[][] = [];
      for (const k of level) {
        for (const p of range(N)) {
          for (const q of range(N)) {
            if (p === q || (k[p]! & ~k[q]!) === 0) continue;
            generated++;
            const s = [...k];
            s[q] = s[q]! | k[p]!;
            if (!seen.has(key(s))) {
              seen.add(key(s));
              next.push(s);
            }
          }
        }
      }
      if (next.length > 0) depth++;
      level = next;
    }
    return [seen.size, generated, depth];
  }
  function range(n: number): number[] {
    return Array.from({ length: n }, (_, i) => i);
  }

  it.each([
    [3, 62, 229, 5],
    [4, 3769, 31741, 7],
  ])('N=%i: %i distinct, %i generated, depth %i in every form', async (N, distinct, generated, depth) => {
    expect(bruteForce(N)).toEqual([distinct, generated, depth]);
    for (const [name, set] of [
      ['classic/gossip', { N, form: 'function' }],
      ['classic/gossip', { N, form: 'array' }],
      ['classic/gossip-bits', { N }],
    ] as const) {
      const def = findModel(name)!;
      const r = await check(buildModel(def, resolveKnobs(def, { set })), {});
      expect(r.verdict).toBe('ok');
      expect(r.stats).toMatchObject({ distinctStates: distinct, statesGenerated: generated, depth });
    }
  });
});
