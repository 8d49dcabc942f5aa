/**
 * ChangRoberts: leader election on a unidirectional ring, Stephan Merz's
 * PlusCal spec in tlaplus/Examples, specifications/chang_roberts/
 * ChangRoberts.tla (commit e2a100401fbf20752d63e49fb1d7b403822bff5d), with
 * MCChangRoberts.tla and MCChangRoberts.cfg (commit
 * 64cb2d2735843c6ac5d7bcce234ff7b2f5cc63c3): `N = 3`, `Id == [i \in 1..N
 * |-> i]`, `INVARIANTS TypeOK Correctness`, `PROPERTY Liveness`,
 * `CHECK_DEADLOCK FALSE`.
 *
 * Nodes 1..N pass identities along the ring through per-node message sets:
 * `msgs \in [Node -> SUBSET Id]` is one variable of that domain (512
 * members for N = 3, listed), read with `apply` and written with `except`
 * as the PlusCal translation writes it. Each PlusCal label is an action per node: n0(self), and
 * n1(self) once per `id` of `\E id \in msgs[self]` (`chooseFrom`: the set
 * depends on the state). The
 * translation's `Terminating` disjunct is kept: every node loops at n1 for
 * ever, so it never fires, and the end of the election is a state with no
 * successor, which CHECK_DEADLOCK FALSE accepts.
 *
 * Init: `initiator \in [Node -> BOOLEAN]`, 2^N initial states, `state`
 * derived from `initiator` (`initProduct` with `assign`).
 */
import { action, apply, choose, chooseFrom, defineModel, eventually, except, initProduct, intKnob, range, set, setMinus, subseteq, union, weakFair } from '../../checker';
import type { Immutable, StateView } from '../../checker';

export default defineModel({
  name: 'tla/changroberts',
  description: 'Chang-Roberts leader election on a ring (Merz, tlaplus/Examples): PlusCal nodes and message sets',
  knobs: { N: intKnob(2, 5, 3, 'number of nodes (MCChangRoberts.cfg: N = 3)') },
  build: ({ N }, v) => {
    const Node = range(N).map((k) => k + 1);
    const Id = (n: number) => n; // MCChangRoberts: Id == [i \in 1..N |-> i]
    const succ = (n: number) => (n === N ? 1 : n + 1);
    // msgs \in [Node -> SUBSET Id], initially [n \in Node |-> {}] (the domain's default).
    const NodeD = v.int(1, N); // Node == 1..N as a domain (Id is the identity, so SUBSET Id is SUBSET Node)
    const msgs = v.scalar('msgs', v.fnOf(NodeD, v.setOf(NodeD)));
    const pc = v.array('pc', N, v.oneOf('n0', 'n1', 'Done'));
    const initiator = v.array('initiator', N, v.bool());
    const state = v.array('state', N, v.oneOf('cand', 'lost', 'won'));
    const at = (n: number) => n - 1;
    // [box EXCEPT ![to] = @ \cup {id}]
    const send = (box: Immutable.Map<number, Immutable.Set<number>>, to: number, id: number) => except(box, to, (m) => union(m, set(id)));

    // Init: initiator \in [Node -> BOOLEAN], state = [self \in Node |-> IF initiator[self] THEN "cand" ELSE "lost"].
    const init = initProduct({ over: [initiator], assign: (s) => { for (const n of Node) s.set(state, at(n), s.get(initiator, at(n)) ? 'cand' : 'lost'); } });
    const n0 = choose('n0', Node, (s, self) => s.get(pc, at(self)) === 'n0', (s, self) => {
      if (s.get(initiator, at(self))) s.set(msgs, send(s.get(msgs), succ(self), Id(self))); // msgs' = [msgs EXCEPT ![succ(self)] = @ \cup {Id[self]}]
      s.set(pc, at(self), 'n1');
    }, { metaOf: (self) => ({ lane: `node${self}` }) });
    // n1(self) == pc[self] = "n1" /\ \E id \in msgs[self] : ..., one step per id in the set.
    const n1 = Node.map((self) => chooseFrom(`n1(${self})`,
      (s) => (s.get(pc, at(self)) === 'n1' ? apply(s.get(msgs), self).toArray().sort((a, b) => a - b) : []),
      (s, id) => {
        const rest = except(s.pre.get(msgs), self, (m) => setMinus(m, set(id))); // LET _msgs == [msgs EXCEPT ![self] = @ \ {id}]
        if (s.pre.get(state, at(self)) === 'lost') {
          s.set(msgs, send(rest, succ(self), id));
        } else if (id < Id(self)) {
          s.set(state, at(self), 'lost');
          s.set(msgs, send(rest, succ(self), id));
        } else {
          s.set(msgs, rest);
          if (id === Id(self)) s.set(state, at(self), 'won');
        }
      },
      { label: (id) => `n1(${self},${id})`, lane: `node${self}` }));
    const allDone = (s: StateView) => Node.every((n) => s.get(pc, at(n)) === 'Done');
    const anyInitiator = (s: StateView) => Node.some((n) => s.get(initiator, at(n)));
    return {
      init,
      actions: [n0, n1, action('Terminating', allDone, () => {})],
      invariants: {
        // TypeOK: msgs \in [Node -> SUBSET Id] is its domain; this conjunct restates it.
        TypeOK: (s) => Node.every((n) => subseteq(apply(s.get(msgs), n), Node)),
        Correctness: (s) => Node.every((n) => s.get(state, at(n)) !== 'won' || (s.get(initiator, at(n))
          && Node.every((m) => m === n || (s.get(state, at(m)) === 'lost' && (!s.get(initiator, at(m)) || Id(m) > Id(n)))))),
      },
      liveness: {
        // Liveness == (\E n : state[n] = "cand") => <>(\E n : state[n] = "won"), a formula about the
        // initial state: some node is a candidate initially iff some node is an initiator, and
        // initiator never changes, so it is <>(no initiator \/ some node won).
        Liveness: eventually((s) => !anyInitiator(s) || Node.some((n) => s.get(state, at(n)) === 'won'), '(\\E n : state[n] = "cand") => <>(\\E n : state[n] = "won")'),
      },
      // Spec: \A self \in Node : WF_vars(node(self)), node(self) == n0(self) \/ n1(self).
      fairness: Node.map((self) => ({ ...weakFair({ lane: `node${self}` }), name: `WF_vars(node(${self}))` })),
      checkDeadlock: false,
    };
  },
});
