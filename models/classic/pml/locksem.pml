/* Lock + semaphore deadlock: Promela twin of models/classic/tla/LockSem.tla.
 *
 * Thread A: lock(L); wait(S); unlock(L).  Thread B: lock(L); post(S);
 * unlock(L).  One single process whose do-loop has the seven TLA+ actions of
 * Next as d_step options; the globals are exactly the TLA+ variables, so the
 * state space is 1:1 with the TLA+ one.  Terminated is a stuttering step
 * (skip), so the finished state is not an invalid end state, as in TLC.
 * Deadlock (A holds L and waits on S = 0) = SPIN "invalid end state".
 * With -DNOTSTUCK the TLA+ invariant NotStuck is also asserted after every
 * action.
 *
 *   spin -a locksem.pml && gcc -O2 -DNOREDUCE -o pan pan.c && ./pan
 */
#define FREE   0   /* L */
#define HOLD_A 1
#define HOLD_B 2

#define LOCK   0   /* pcA, pcB */
#define WAIT   1   /* pcA only */
#define POST   1   /* pcB only */
#define UNLOCK 2
#define DONE   3

byte L;         /* "free" */
byte S;         /* 0 */
byte pcA;       /* "lock" */
byte pcB;       /* "lock" */

#ifdef NOTSTUCK
#define CHECK assert(!(pcA == WAIT && pcB == LOCK && S == 0))
#else
#define CHECK skip
#endif

active proctype Main()
{
  do
  :: d_step { pcA == LOCK && L == FREE -> L = HOLD_A; pcA = WAIT;   printf("MSC: ALock\n");   CHECK }
  :: d_step { pcA == WAIT && S > 0     -> S = S - 1;  pcA = UNLOCK; printf("MSC: AWait\n");   CHECK }
  :: d_step { pcA == UNLOCK            -> L = FREE;   pcA = DONE;   printf("MSC: AUnlock\n"); CHECK }
  :: d_step { pcB == LOCK && L == FREE -> L = HOLD_B; pcB = POST;   printf("MSC: BLock\n");   CHECK }
  :: d_step { pcB == POST              -> S = S + 1;  pcB = UNLOCK; printf("MSC: BPost\n");   CHECK }
  :: d_step { pcB == UNLOCK            -> L = FREE;   pcB = DONE;   printf("MSC: BUnlock\n"); CHECK }
  :: d_step { pcA == DONE && pcB == DONE -> skip;                   printf("MSC: Terminated\n") }
  od
}
