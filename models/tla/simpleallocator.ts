/**
 * SimpleAllocator: Stephan Merz's resource allocator, from tlaplus/Examples,
 * specifications/allocator/SimpleAllocator.tla (read from the fork
 * ahelwer/Examples at commit 8b1a53fc15230eccb62c169707fe1a386b21220f; the
 * stored tlaplus/Examples copy has neither the .tla nor the .cfg).
 *
 * The variables are declared as TLA+ types them, `unsat, alloc \in
 * [Clients -> SUBSET Resources]` (64 members each with 3 clients and 2
 * resources: listed, so a state stores two small indices), and the actions
 * read as the spec, with `apply`, `except`, `union`, `setMinus` and
 * `subseteq`. Next is `\E c \in Clients, S \in SUBSET Resources :
 * Request(c,S) \/ Allocate(c,S) \/ Return(c,S)`: one `choose` per disjunct
 * over all (c, S), so that, as in TLC, each (c, S, disjunct) that is enabled
 * generates one successor. tla/simpleallocator-bits is the same spec with
 * bit masks, for the bench (docs/benchmarks.md#tla-values).
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
import { alwaysEventually, apply, choose, defineModel, definition, except, forall, intersect, intKnob, isIn, leadsTo, members, range, setMap, setMinus, strongFair, subseteq, union, unionAll, weakFair } from '../../checker';
import type { Immutable, StateView } from '../../checker';

export default defineModel({
  name: 'tla/simpleallocator',
  description: "SimpleAllocator (Merz, tlaplus/Examples): clients request, obtain and return sets of resources",
  knobs: {
    clients: intKnob(1, 6, 3, 'number of clients c1, c2, ...'),
    resources: intKnob(1, 4, 2, 'number of resources r1, r2, ...'),
  },
  build: ({ clients, resources }, v) => {
    // CONSTANTS Clients, Resources: model values c1, c2, ... and r1, r2, ...
    const Clients = v.oneOf(...(range(clients).map((k) => `c${k + 1}`) as [string, ...string[]]));
    const Resources = v.oneOf(...(range(resources).map((k) => `r${k + 1}`) as [string, ...string[]]));
    // VARIABLES unsat, alloc; TypeInvariant == unsat \in [Clients -> SUBSET Resources] /\ alloc \in [Clients -> SUBSET Resources]
    // Init: unsat = [c \in Clients |-> {}], alloc = [c \in Clients |-> {}], the domains' defaults.
    const SubsetResources = v.setOf(Resources);
    const unsat = v.scalar('unsat', v.fnOf(Clients, SubsetResources));
    const alloc = v.scalar('alloc', v.fnOf(Clients, SubsetResources));
    // available == Resources \ (UNION {alloc[c] : c \in Clients}), evaluated once per state (`definition`)
    const available = definition((s: StateView) => setMinus(Resources, unionAll(setMap(Clients, (c) => apply(s.get(alloc), c)))));
    // S ranges over SUBSET Resources, and every action has the conjunct S # {}: the choices are the
    // non-empty which is the same set of successors without choices that can never fire.
    const nonEmpty = members(SubsetResources).filter((S) => S.size > 0).sort((a, b) => a.size - b.size);
    const pairs = members(Clients).flatMap((c) => nonEmpty.map((S) => [c, S] as const));
    const label = (name: string) => ([c, S]: readonly [string, Immutable.Set<string>]) => `${name}(${c},{${S.toArray().join(',')}})`;
    // Request(c,S) == unsat[c] = {} /\ alloc[c] = {} /\ S # {} /\ unsat' = [unsat EXCEPT ![c] = S] /\ UNCHANGED alloc
    const Request = choose('Request', pairs,
      (s, [c]) => apply(s.get(unsat), c).isEmpty() && apply(s.get(alloc), c).isEmpty(),
      (s, [c, S]) => s.set(unsat, except(s.get(unsat), c, S)),
      { label: label('Request'), metaOf: ([c]) => ({ lane: c }) });
    // Allocate(c,S) == S # {} /\ S \subseteq available \cap unsat[c]
    //                 /\ alloc' = [alloc EXCEPT ![c] = @ \cup S] /\ unsat' = [unsat EXCEPT ![c] = @ \ S]
    // S \subseteq available \cap unsat[c] is tested as S \subseteq unsat[c] /\ S \subseteq available, the same
    // condition, so that `available` is only computed where c wants S (subseteq of two members of SUBSET Resources is a table look-up).
    const Allocate = choose('Allocate', pairs,
      (s, [c, S]) => subseteq(S, apply(s.get(unsat), c)) && subseteq(S, available(s)),
      (s, [c, S]) => {
        s.set(alloc, except(s.get(alloc), c, (a) => union(a, S)));
        s.set(unsat, except(s.get(unsat), c, (u) => setMinus(u, S)));
      },
      { label: label('Allocate'), metaOf: ([c]) => ({ lane: c }) });
    // Return(c,S) == S # {} /\ S \subseteq alloc[c] /\ alloc' = [alloc EXCEPT ![c] = @ \ S] /\ UNCHANGED unsat
    const Return = choose('Return', pairs,
      (s, [c, S]) => subseteq(S, apply(s.get(alloc), c)),
      (s, [c, S]) => s.set(alloc, except(s.get(alloc), c, (a) => setMinus(a, S))),
      { label: label('Return'), metaOf: ([c]) => ({ lane: c }) });
    const holds = (c: string, r: string, f: typeof alloc) => (s: StateView) => isIn(r, apply(s.get(f), c));
    return {
      init: () => {},
      actions: [Request, Allocate, Return],
      invariants: {
        // ResourceMutex == \A c1, c2 \in Clients : c1 # c2 => alloc[c1] \cap alloc[c2] = {}
        ResourceMutex: (s) => forall(Clients, (c1) => forall(Clients, (c2) => c1 === c2 || intersect(apply(s.get(alloc), c1), apply(s.get(alloc), c2)).isEmpty())),
      },
      liveness: {
        // ClientsWillReturn == \A c \in Clients : unsat[c] = {} ~> alloc[c] = {}
        ...Object.fromEntries(members(Clients).map((c) => [`ClientsWillReturn(${c})`, leadsTo((s) => apply(s.get(unsat), c).isEmpty(), (s) => apply(s.get(alloc), c).isEmpty())])),
        // ClientsWillObtain == \A c \in Clients, r \in Resources : r \in unsat[c] ~> r \in alloc[c]
        ...Object.fromEntries(members(Clients).flatMap((c) => members(Resources).map((r) => [`ClientsWillObtain(${c},${r})`, leadsTo(holds(c, r, unsat), holds(c, r, alloc))]))),
        // InfOftenSatisfied == \A c \in Clients : []<>(unsat[c] = {})
        ...Object.fromEntries(members(Clients).map((c) => [`InfOftenSatisfied(${c})`, alwaysEventually((s) => apply(s.get(unsat), c).isEmpty())])),
      },
      fairness: members(Clients).flatMap((c) => [
        // WF_vars(Return(c, alloc[c])) as the weak fairness of all of c's Return choices (see above).
        { ...weakFair(...nonEmpty.map((S) => label('Return')([c, S]))), name: `WF_vars(Return(${c}, alloc[${c}]))` },
        { ...strongFair(...nonEmpty.map((S) => label('Allocate')([c, S]))), name: `SF_vars(\\E S : Allocate(${c}, S))` },
      ]),
    };
  },
});
