---------------------------- MODULE LockSem ----------------------------
(* Two threads, a lock L and a semaphore S. A: lock L, wait S, unlock  *)
(* L. B: lock L, post S, unlock L. If A takes L first it waits on S    *)
(* holding L, and B can never post: a deadlock. Terminated lets a      *)
(* finished run stutter, so TLC does not call the normal end a         *)
(* deadlock (interleave declares it terminal instead). The interleave  *)
(* model is models/classic/locksem.ts; ../pml/locksem.pml its twin.    *)
EXTENDS Naturals
VARIABLES L, S, pcA, pcB
vars == <<L, S, pcA, pcB>>

Init == L = "free" /\ S = 0 /\ pcA = "lock" /\ pcB = "lock"

ALock == /\ pcA = "lock" /\ L = "free"
         /\ L' = "A" /\ pcA' = "wait" /\ UNCHANGED <<S, pcB>>
AWait == /\ pcA = "wait" /\ S > 0
         /\ S' = S - 1 /\ pcA' = "unlock" /\ UNCHANGED <<L, pcB>>
AUnlock == /\ pcA = "unlock"
           /\ L' = "free" /\ pcA' = "done" /\ UNCHANGED <<S, pcB>>
BLock == /\ pcB = "lock" /\ L = "free"
         /\ L' = "B" /\ pcB' = "post" /\ UNCHANGED <<S, pcA>>
BPost == /\ pcB = "post"
         /\ S' = S + 1 /\ pcB' = "unlock" /\ UNCHANGED <<L, pcA>>
BUnlock == /\ pcB = "unlock"
           /\ L' = "free" /\ pcB' = "done" /\ UNCHANGED <<S, pcA>>
Terminated == pcA = "done" /\ pcB = "done" /\ UNCHANGED vars

Next == ALock \/ AWait \/ AUnlock \/ BLock \/ BPost \/ BUnlock \/ Terminated
Spec == Init /\ [][Next]_vars
========================================================================
