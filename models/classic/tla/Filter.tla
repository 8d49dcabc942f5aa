---------------------------- MODULE Filter ----------------------------
(* Peterson's filter lock for N processes. A process climbs levels     *)
(* 1..N-1; at each level it names itself the victim and waits until    *)
(* nobody else is at its level or above, or somebody else became the   *)
(* victim. victim[0] is never used. The interleave model is            *)
(* models/classic/filter.ts; its Promela twin is ../pml/filter.pml.    *)
EXTENDS Naturals
CONSTANT N
VARIABLES pc, lv, level, victim
vars == <<pc, lv, level, victim>>
Procs == 0..(N - 1)

Init == /\ pc = [i \in Procs |-> "setLevel"]
        /\ lv = [i \in Procs |-> 1]
        /\ level = [i \in Procs |-> 0]
        /\ victim = [l \in 0..(N - 1) |-> 0]

SetLevel(i) ==
    /\ pc[i] = "setLevel"
    /\ level' = [level EXCEPT ![i] = lv[i]]
    /\ pc' = [pc EXCEPT ![i] = "setVictim"]
    /\ UNCHANGED <<lv, victim>>

SetVictim(i) ==
    /\ pc[i] = "setVictim"
    /\ victim' = [victim EXCEPT ![lv[i]] = i]
    /\ pc' = [pc EXCEPT ![i] = "wait"]
    /\ UNCHANGED <<lv, level>>

Wait(i) ==
    /\ pc[i] = "wait"
    /\ \/ \A k \in Procs \ {i} : level[k] < lv[i]
       \/ victim[lv[i]] # i
    /\ IF lv[i] < N - 1
         THEN /\ lv' = [lv EXCEPT ![i] = lv[i] + 1]
              /\ pc' = [pc EXCEPT ![i] = "setLevel"]
         ELSE /\ pc' = [pc EXCEPT ![i] = "cs"]
              /\ UNCHANGED lv
    /\ UNCHANGED <<level, victim>>

Exit(i) ==
    /\ pc[i] = "cs"
    /\ level' = [level EXCEPT ![i] = 0]
    /\ lv' = [lv EXCEPT ![i] = 1]
    /\ pc' = [pc EXCEPT ![i] = "setLevel"]
    /\ UNCHANGED victim

Proc(i) == SetLevel(i) \/ SetVictim(i) \/ Wait(i) \/ Exit(i)
Next == \E i \in Procs : Proc(i)

\* knob fair=true: every process is weakly fair
Spec == Init /\ [][Next]_vars /\ \A i \in Procs : WF_vars(Proc(i))

Mutex == \A i, j \in Procs : i # j => ~(pc[i] = "cs" /\ pc[j] = "cs")

\* liveness Starvation(i), one property per i
Starvation(i) == (pc[i] = "wait") ~> (pc[i] = "cs")
======================================================================
