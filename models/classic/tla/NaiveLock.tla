--------------------------- MODULE NaiveLock ---------------------------
(* A broken lock: a process tests the flag in one step and sets it in   *)
(* the next, so two processes can both pass the test. The interleave    *)
(* model is models/classic/naivelock.ts; ../pml/naivelock.pml its twin. *)
EXTENDS Naturals
CONSTANT N
VARIABLES lock, pc
vars == <<lock, pc>>
Procs == 0..(N - 1)

Init == /\ lock = FALSE
        /\ pc = [i \in Procs |-> "ncs"]

Test(i) == /\ pc[i] = "ncs"
           /\ ~lock
           /\ pc' = [pc EXCEPT ![i] = "set"]
           /\ UNCHANGED lock
Set(i) == /\ pc[i] = "set"
          /\ lock' = TRUE
          /\ pc' = [pc EXCEPT ![i] = "cs"]
Exit(i) == /\ pc[i] = "cs"
           /\ lock' = FALSE
           /\ pc' = [pc EXCEPT ![i] = "ncs"]

Next == \E i \in Procs : Test(i) \/ Set(i) \/ Exit(i)
Spec == Init /\ [][Next]_vars

Mutex == \A i, j \in Procs : i # j => ~(pc[i] = "cs" /\ pc[j] = "cs")
========================================================================
