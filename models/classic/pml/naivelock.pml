/* Broken mutex (test and set are separate steps): Promela twin of
 * models/classic/tla/NaiveLock.tla.
 *
 * State space is 1:1 with the TLA+ one: the only globals are the TLA+
 * variables lock and pc; each of the N processes is i = _pid and is a single
 * do-loop whose options are the three TLA+ actions, each one d_step.
 * Mutex is an assertion at the end of every action; deadlock = SPIN
 * "invalid end state".
 *
 *   spin -DN=2 -a naivelock.pml && gcc -O2 -DNOREDUCE -o pan pan.c && ./pan
 */
#ifndef N
#define N 5
#endif
#if N > 16
#error "naivelock.pml: the unrolled Mutex below supports N <= 16"
#endif

/* pc values */
#define NCS 0
#define SET 1
#define CS  2

bool lock;      /* FALSE */
byte pc[N];     /* all "ncs" */

#define INCS(k)  (((k) < N && pc[(k) % N] == CS) -> 1 : 0)
#define MUTEX ((INCS(0) + INCS(1) + INCS(2) + INCS(3) + INCS(4) + INCS(5) + \
                INCS(6) + INCS(7) + INCS(8) + INCS(9) + INCS(10) + INCS(11) + \
                INCS(12) + INCS(13) + INCS(14) + INCS(15)) <= 1)

active [N] proctype Proc()
{
  do
  :: d_step { pc[_pid] == NCS && !lock ->                       /* Test(i) */
              pc[_pid] = SET;
              printf("MSC: Test(%d)\n", _pid);
              assert(MUTEX) }
  :: d_step { pc[_pid] == SET ->                                /* Set(i)  */
              lock = true; pc[_pid] = CS;
              printf("MSC: Set(%d)\n", _pid);
              assert(MUTEX) }
  :: d_step { pc[_pid] == CS ->                                 /* Exit(i) */
              lock = false; pc[_pid] = NCS;
              printf("MSC: Exit(%d)\n", _pid);
              assert(MUTEX) }
  od
}
