/* Peterson's filter lock for N processes: Promela twin of
 * models/classic/tla/Filter.tla.
 *
 * State space is 1:1 with the TLA+ one: the only globals are the TLA+
 * variables pc, lv, level, victim (victim[0] unused, as in the TLA+ spec);
 * each of the N processes is i = _pid and is a single do-loop whose options
 * are the four TLA+ actions, each one d_step.  A process never leaves its
 * loop head, so process control state adds no states.
 *
 * Mutex is checked as an assertion at the end of every action, i.e. on every
 * reachable state except the initial one (where it holds trivially).
 * Deadlock = SPIN "invalid end state".
 *
 *   spin -DN=3 -a filter.pml && gcc -O2 -DNOREDUCE -o pan pan.c && ./pan
 */
#ifndef N
#define N 5
#endif
#if N > 16
#error "filter.pml: the unrolled quantifiers below support N <= 16"
#endif

/* pc values */
#define SETLEVEL  0
#define SETVICTIM 1
#define WAIT      2
#define CS        3

byte pc[N];          /* all "setLevel" */
byte lv[N] = 1;      /* all 1 (Promela initialises every element) */
byte level[N];       /* all 0 */
byte victim[N];      /* all 0; index 0 unused */

/* \A k \in P \ {i} : level[k] < lv[i]   (unrolled for k = 0..15;
   the k >= N terms are constant TRUE and never index the array) */
#define LOW(k, i)  ((k) >= N || (k) == (i) || level[(k) % N] < lv[i])
#define ALL_LOWER(i) (LOW(0,i) && LOW(1,i) && LOW(2,i) && LOW(3,i) && \
                      LOW(4,i) && LOW(5,i) && LOW(6,i) && LOW(7,i) && \
                      LOW(8,i) && LOW(9,i) && LOW(10,i) && LOW(11,i) && \
                      LOW(12,i) && LOW(13,i) && LOW(14,i) && LOW(15,i))

/* Mutex == at most one process in "cs" */
#define INCS(k)  (((k) < N && pc[(k) % N] == CS) -> 1 : 0)
#define MUTEX ((INCS(0) + INCS(1) + INCS(2) + INCS(3) + INCS(4) + INCS(5) + \
                INCS(6) + INCS(7) + INCS(8) + INCS(9) + INCS(10) + INCS(11) + \
                INCS(12) + INCS(13) + INCS(14) + INCS(15)) <= 1)

active [N] proctype Proc()
{
  do
  :: d_step { pc[_pid] == SETLEVEL ->                           /* SetLevel(i)  */
              level[_pid] = lv[_pid]; pc[_pid] = SETVICTIM;
              printf("MSC: SetLevel(%d)\n", _pid);
              assert(MUTEX) }
  :: d_step { pc[_pid] == SETVICTIM ->                          /* SetVictim(i) */
              victim[lv[_pid]] = _pid; pc[_pid] = WAIT;
              printf("MSC: SetVictim(%d)\n", _pid);
              assert(MUTEX) }
  :: d_step { pc[_pid] == WAIT &&                               /* Wait(i)      */
              (ALL_LOWER(_pid) || victim[lv[_pid]] != _pid) ->
              if
              :: lv[_pid] < N - 1 -> lv[_pid] = lv[_pid] + 1; pc[_pid] = SETLEVEL
              :: else -> pc[_pid] = CS
              fi;
              printf("MSC: Wait(%d)\n", _pid);
              assert(MUTEX) }
  :: d_step { pc[_pid] == CS ->                                 /* Exit(i)      */
              level[_pid] = 0; lv[_pid] = 1; pc[_pid] = SETLEVEL;
              printf("MSC: Exit(%d)\n", _pid);
              assert(MUTEX) }
  od
}
