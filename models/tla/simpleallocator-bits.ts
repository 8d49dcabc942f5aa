/**
 * tla/simpleallocator with bit masks: the same spec (SimpleAllocator.tla,
 * see simpleallocator.ts for the source and the constants) written the way
 * a model is written without set values. unsat[c] and alloc[c] are
 * integers whose bit k says that resource r(k+1) is in the set, one array
 * element per client, and the set operations are `&`, `|` and `~`. The
 * actions, labels, properties and fairness are those of tla/simpleallocator,
 * so the counts and verdicts are equal (models/tla/tla.test.ts); the bench
 * compares the two forms' speed (docs/benchmarks.md#tla-values).
 */
import { alwaysEventually, choose, defineModel, intKnob, leadsTo, range, strongFair, weakFair } from '../../checker';
import type { StateView } from '../../checker';

export default defineModel({
  name: 'tla/simpleallocator-bits',
  description: 'tla/simpleallocator written with bit masks instead of sets and functions',
  knobs: {
    clients: intKnob(1, 6, 3, 'number of clients c1, c2, ...'),
    resources: intKnob(1, 4, 2, 'number of resources r1, r2, ...'),
  },
  build: ({ clients, resources }, v) => {
    const Clients = range(clients);
    const all = 2 ** resources - 1;
    const unsat = v.array('unsat', clients, v.int(0, all));
    const alloc = v.array('alloc', clients, v.int(0, all));
    const available = (s: StateView) => Clients.reduce((free, c) => free & ~s.get(alloc, c), all);
    // The non-empty subsets of Resources as masks, smallest sets first, as in tla/simpleallocator.
    const size = (S: number) => range(resources).filter((k) => (S >> k) & 1).length;
    const nonEmpty = range(all + 1).filter((S) => S !== 0).sort((a, b) => size(a) - size(b));
    const pairs = Clients.flatMap((c) => nonEmpty.map((S) => [c, S] as const));
    const names = (S: number) => range(resources).filter((k) => (S >> k) & 1).map((k) => `r${k + 1}`).join(',');
    const label = (name: string) => ([c, S]: readonly [number, number]) => `${name}(c${c + 1},{${names(S)}})`;
    const lane = ([c]: readonly [number, number]) => ({ lane: `c${c + 1}` });
    const Request = choose('Request', pairs,
      (s, [c]) => s.get(unsat, c) === 0 && s.get(alloc, c) === 0,
      (s, [c, S]) => s.set(unsat, c, S),
      { label: label('Request'), metaOf: lane });
    const Allocate = choose('Allocate', pairs,
      (s, [c, S]) => (S & ~(available(s) & s.get(unsat, c))) === 0,
      (s, [c, S]) => {
        s.set(alloc, c, s.get(alloc, c) | S);
        s.set(unsat, c, s.get(unsat, c) & ~S);
      },
      { label: label('Allocate'), metaOf: lane });
    const Return = choose('Return', pairs,
      (s, [c, S]) => (S & ~s.get(alloc, c)) === 0,
      (s, [c, S]) => s.set(alloc, c, s.get(alloc, c) & ~S),
      { label: label('Return'), metaOf: lane });
    const holds = (c: number, k: number, f: typeof alloc) => (s: StateView) => ((s.get(f, c) >> k) & 1) === 1;
    return {
      init: () => {},
      actions: [Request, Allocate, Return],
      invariants: {
        ResourceMutex: (s) => Clients.every((c1) => Clients.every((c2) => c1 === c2 || (s.get(alloc, c1) & s.get(alloc, c2)) === 0)),
      },
      liveness: {
        ...Object.fromEntries(Clients.map((c) => [`ClientsWillReturn(c${c + 1})`, leadsTo((s) => s.get(unsat, c) === 0, (s) => s.get(alloc, c) === 0)])),
        ...Object.fromEntries(Clients.flatMap((c) => range(resources).map((k) => [`ClientsWillObtain(c${c + 1},r${k + 1})`, leadsTo(holds(c, k, unsat), holds(c, k, alloc))]))),
        ...Object.fromEntries(Clients.map((c) => [`InfOftenSatisfied(c${c + 1})`, alwaysEventually((s) => s.get(unsat, c) === 0)])),
      },
      fairness: Clients.flatMap((c) => [
        { ...weakFair(...nonEmpty.map((S) => label('Return')([c, S]))), name: `WF_vars(Return(c${c + 1}, alloc[c${c + 1}]))` },
        { ...strongFair(...nonEmpty.map((S) => label('Allocate')([c, S]))), name: `SF_vars(\\E S : Allocate(c${c + 1}, S))` },
      ]),
    };
  },
});
