---------------------------- MODULE Philo ----------------------------
(* Dining philosophers: N philosophers around N forks. Philosopher i   *)
(* takes fork i, then fork (i+1) % N, eats, and puts both down. The   *)
(* interleave model is models/classic/philo.ts, one action per         *)
(* action below and per i; its Promela twin is ../pml/philo.pml.       *)
EXTENDS Naturals
CONSTANT N
VARIABLES pc, fork
vars == <<pc, fork>>
Procs == 0..(N - 1)
RightOf(i) == (i + 1) % N

Init == /\ pc = [i \in Procs |-> "think"]
        /\ fork = [f \in Procs |-> FALSE]

PickLeft(i) ==
    /\ pc[i] = "think"
    /\ ~fork[i]
    /\ fork' = [fork EXCEPT ![i] = TRUE]
    /\ pc' = [pc EXCEPT ![i] = "hasLeft"]

PickRight(i) ==
    /\ pc[i] = "hasLeft"
    /\ ~fork[RightOf(i)]
    /\ fork' = [fork EXCEPT ![RightOf(i)] = TRUE]
    /\ pc' = [pc EXCEPT ![i] = "eat"]

Release(i) ==
    /\ pc[i] = "eat"
    /\ fork' = [fork EXCEPT ![i] = FALSE, ![RightOf(i)] = FALSE]
    /\ pc' = [pc EXCEPT ![i] = "think"]

Phil(i) == PickLeft(i) \/ PickRight(i) \/ Release(i)
Next == \E i \in Procs : Phil(i)

\* knob fair=true: every philosopher is weakly fair
Spec == Init /\ [][Next]_vars /\ \A i \in Procs : WF_vars(Phil(i))

\* liveness SomeoneEats (fails: the state where all hold their left fork
\* has no successor, and a behaviour may stutter there for ever)
SomeoneEats == []<>(\E i \in Procs : pc[i] = "eat")
======================================================================
