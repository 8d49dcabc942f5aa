/* Dining philosophers: Promela twin of models/classic/tla/Philo.tla.
 *
 * State space is 1:1 with the TLA+ one: the only globals are the TLA+
 * variables pc and fork; each of the N processes is philosopher i = _pid and
 * consists of a single do-loop whose options are the TLA+ actions, each one
 * d_step (one indivisible transition).  A process never leaves its loop head,
 * so process control state adds no states.  Deadlock (no action enabled) is
 * reported by SPIN as an "invalid end state".
 *
 *   spin -DN=5 -a philo.pml && gcc -O2 -DNOREDUCE -o pan pan.c && ./pan
 */
#ifndef N
#define N 5
#endif

/* pc values */
#define THINK   0
#define HASLEFT 1
#define EAT     2

#define RIGHT(i) (((i) + 1) % N)

byte pc[N];     /* all THINK (0) */
bool fork[N];   /* all FALSE */

active [N] proctype Phil()
{
  do
  :: d_step { pc[_pid] == THINK && !fork[_pid] ->               /* PickLeft(i)  */
              fork[_pid] = true; pc[_pid] = HASLEFT;
              printf("MSC: PickLeft(%d)\n", _pid) }
  :: d_step { pc[_pid] == HASLEFT && !fork[RIGHT(_pid)] ->      /* PickRight(i) */
              fork[RIGHT(_pid)] = true; pc[_pid] = EAT;
              printf("MSC: PickRight(%d)\n", _pid) }
  :: d_step { pc[_pid] == EAT ->                                /* Release(i)   */
              fork[_pid] = false; fork[RIGHT(_pid)] = false; pc[_pid] = THINK;
              printf("MSC: Release(%d)\n", _pid) }
  od
}
