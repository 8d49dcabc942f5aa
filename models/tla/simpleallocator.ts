/**
 * SimpleAllocator: Stephan Merz's resource allocator, from tlaplus/Examples,
 * specifications/allocator/SimpleAllocator.tla (read from the fork
 * ahelwer/Examples at commit 8b1a53fc15230eccb62c169707fe1a386b21220f; the
 * stored tlaplus/Examples copy has neither the .tla nor the .cfg).
 *
 * The variables are TLA+ functions from clients to sets of resources,
 * `[Clients -> SUBSET Resources]`, held as interned Immutable.js values.
 * Next is `\E c \in Clients, S \in SUBSET Resources : Request(c,S) \/
 * Allocate(c,S) \/ Return(c,S)`: one `choose` per disjunct over all (c, S),
 * so that, as in TLC, each (c, S, disjunct) that is enabled generates one
 * successor.
 *
 * Constants: the model's SimpleAllocator.cfg is not in the stored copies, so
 * the defaults (3 clients, 2 resources) are the sizes whose counts equal the
 * manifest's 400 distinct states and depth 6; 2 clients and 2 or 3
 * resources give 64 and 512 distinct states.
 *
 * Fairness: SF_vars(\E S : Allocate(c,S)) is the strong fairness of all of
 * c's Allocate choices, exactly. WF_vars(Return(c, alloc[c])) names an
 * action whose S depends on the state; a fairness target here is a set of
 * actions, so it is the weak fairness of all of c's Return choices. Both are
 * enabled exactly when alloc[c] # {}; the union also accepts a partial
 * return as the step taken, which here only shrinks alloc[c].
 */
import { List, Map as IMap, Set as ISet } from 'immutable';
import { alwaysEventually, choose, defineModel, intKnob, leadsTo, range, strongFair, weakFair } from '../../checker';
import type { StateView } from '../../checker';

type Assignment = IMap<string, ISet<string>>;

/** SUBSET S, smallest sets first. */
function subsets<T>(xs: readonly T[]): ISet<T>[] {
  return range(2 ** xs.length).map((m) => ISet(xs.filter((_, k) => ((m >> k) & 1) === 1))).sort((a, b) => a.size - b.size);
}

export default defineModel({
  name: 'tla/simpleallocator',
  description: "SimpleAllocator (Merz, tlaplus/Examples): clients request, obtain and return sets of resources",
  knobs: {
    clients: intKnob(1, 3, 3, 'number of clients c1, c2, ...'),
    resources: intKnob(1, 3, 2, 'number of resources r1, r2, ...'),
  },
  build: ({ clients, resources }, v) => {
    const Clients = range(clients).map((k) => `c${k + 1}`);
    const Resources = range(resources).map((k) => `r${k + 1}`);
    const none: Assignment = IMap(Clients.map((c) => [c, ISet<string>()]));
    // Init: unsat = [c \in Clients |-> {}], alloc = [c \in Clients |-> {}].
    const unsat = v.value('unsat', none);
    const alloc = v.value('alloc', none);
    const available = (s: StateView) => ISet(Resources).subtract(List(Clients).flatMap((c) => s.get(alloc).get(c)!));
    // S ranges over SUBSET Resources, and every action has the conjunct S # {}: the choices are the
    // non-empty subsets, which is the same set of successors without choices that can never fire.
    const nonEmpty = subsets(Resources).filter((S) => !S.isEmpty());
    const pairs = Clients.flatMap((c) => nonEmpty.map((S) => [c, S] as const));
    const label = (name: string) => ([c, S]: readonly [string, ISet<string>]) => `${name}(${c},{${S.toArray().join(',')}})`;
    const Request = choose('Request', pairs,
      (s, [c]) => s.get(unsat).get(c)!.isEmpty() && s.get(alloc).get(c)!.isEmpty(),
      (s, [c, S]) => s.set(unsat, s.get(unsat).set(c, S)),
      { label: label('Request'), metaOf: ([c]) => ({ lane: c }) });
    const Allocate = choose('Allocate', pairs,
      (s, [c, S]) => S.isSubset(available(s).intersect(s.get(unsat).get(c)!)),
      (s, [c, S]) => {
        s.set(alloc, s.get(alloc).update(c, (a) => a!.union(S)));
        s.set(unsat, s.get(unsat).update(c, (u) => u!.subtract(S)));
      },
      { label: label('Allocate'), metaOf: ([c]) => ({ lane: c }) });
    const Return = choose('Return', pairs,
      (s, [c, S]) => S.isSubset(s.get(alloc).get(c)!),
      (s, [c, S]) => s.set(alloc, s.get(alloc).update(c, (a) => a!.subtract(S))),
      { label: label('Return'), metaOf: ([c]) => ({ lane: c }) });
    const holds = (c: string, r: string, f: typeof alloc) => (s: StateView) => s.get(f).get(c)!.has(r);
    return {
      init: () => {},
      actions: [Request, Allocate, Return],
      invariants: {
        ResourceMutex: (s) => Clients.every((c1) => Clients.every((c2) => c1 === c2 || s.get(alloc).get(c1)!.intersect(s.get(alloc).get(c2)!).isEmpty())),
      },
      liveness: {
        ...Object.fromEntries(Clients.map((c) => [`ClientsWillReturn(${c})`, leadsTo((s) => s.get(unsat).get(c)!.isEmpty(), (s) => s.get(alloc).get(c)!.isEmpty())])),
        ...Object.fromEntries(Clients.flatMap((c) => Resources.map((r) => [`ClientsWillObtain(${c},${r})`, leadsTo(holds(c, r, unsat), holds(c, r, alloc))]))),
        ...Object.fromEntries(Clients.map((c) => [`InfOftenSatisfied(${c})`, alwaysEventually((s) => s.get(unsat).get(c)!.isEmpty())])),
      },
      fairness: Clients.flatMap((c) => [
        // WF_vars(Return(c, alloc[c])) as the weak fairness of all of c's Return choices (see above).
        { ...weakFair(...nonEmpty.map((S) => label('Return')([c, S]))), name: `WF_vars(Return(${c}, alloc[${c}]))` },
        { ...strongFair(...nonEmpty.map((S) => label('Allocate')([c, S]))), name: `SF_vars(\\E S : Allocate(${c}, S))` },
      ]),
    };
  },
});
