#!/usr/bin/env python3
"""Independent brute-force BFS over the four classic TLA+ models in
models/classic/tla/*.tla (Philo, Filter, NaiveLock, LockSem).

Written directly from the TLA+ text, with no code shared with interleave or
with the Promela models, to serve as a reference for state counts.

A state is a tuple of the TLA+ variables (functions over 0..N-1 as tuples).
Numbers are reported with TLC's meaning:
  distinct   number of distinct reachable states
  generated  initial states + every successor generated (duplicates included;
             LockSem's Terminated step generates the state itself)
  depth      number of BFS levels, the initial states being level 1
These are for the COMPLETE state graph (exploration does not stop at the first
violation).  Counterexamples are shortest ones: the first violating state in
BFS discovery order, with successors generated in the order
  for i in 0..N-1: actions in the order they appear in Next
(LockSem: the order of Next).  Invariants are checked on each state when it is
first discovered (initial states included); a deadlock is a state with no
successor at all, found when the state is expanded.  The length is the number
of actions in the trace.

Usage: python3 bfs.py                 # the default table
       python3 bfs.py Philo 5 Filter 3 LockSem
"""
import sys
import time
from collections import deque


# --------------------------------------------------------------- Philo
def philo(N):
    P = range(N)
    right = lambda i: (i + 1) % N

    def upd(t, k, v):
        l = list(t)
        l[k] = v
        return tuple(l)

    init = [(("think",) * N, (False,) * N)]

    def succ(s):
        pc, fork = s
        out = []
        for i in P:
            # PickLeft(i)
            if pc[i] == "think" and not fork[i]:
                out.append((f"PickLeft({i})", (upd(pc, i, "hasLeft"), upd(fork, i, True))))
            # PickRight(i)
            if pc[i] == "hasLeft" and not fork[right(i)]:
                out.append((f"PickRight({i})", (upd(pc, i, "eat"), upd(fork, right(i), True))))
            # Release(i)  fork' = [fork EXCEPT ![i] = FALSE, ![Right(i)] = FALSE]
            if pc[i] == "eat":
                f = upd(upd(fork, i, False), right(i), False)
                out.append((f"Release({i})", (upd(pc, i, "think"), f)))
        return out

    invs = {
        "NotAllHoldLeft": lambda s: not all(s[0][i] == "hasLeft" for i in P),
    }
    return init, succ, invs


# --------------------------------------------------------------- Filter
def filt(N):
    P = range(N)

    def upd(t, k, v):
        l = list(t)
        l[k] = v
        return tuple(l)

    # state = (pc, lv, level, victim); victim indexed by 0..N-1 (index 0 unused)
    init = [(("setLevel",) * N, (1,) * N, (0,) * N, (0,) * N)]

    def succ(s):
        pc, lv, level, victim = s
        out = []
        for i in P:
            if pc[i] == "setLevel":
                out.append((f"SetLevel({i})", (upd(pc, i, "setVictim"), lv, upd(level, i, lv[i]), victim)))
            if pc[i] == "setVictim":
                out.append((f"SetVictim({i})", (upd(pc, i, "wait"), lv, level, upd(victim, lv[i], i))))
            if pc[i] == "wait":
                if all(level[k] < lv[i] for k in P if k != i) or victim[lv[i]] != i:
                    if lv[i] < N - 1:
                        out.append((f"Wait({i})", (upd(pc, i, "setLevel"), upd(lv, i, lv[i] + 1), level, victim)))
                    else:
                        out.append((f"Wait({i})", (upd(pc, i, "cs"), lv, level, victim)))
            if pc[i] == "cs":
                out.append((f"Exit({i})", (upd(pc, i, "setLevel"), upd(lv, i, 1), upd(level, i, 0), victim)))
        return out

    invs = {
        "Mutex": lambda s: all(not (s[0][i] == "cs" and s[0][j] == "cs") for i in P for j in P if i != j),
    }
    return init, succ, invs


# --------------------------------------------------------------- NaiveLock
def naivelock(N):
    P = range(N)

    def upd(t, k, v):
        l = list(t)
        l[k] = v
        return tuple(l)

    init = [(False, ("ncs",) * N)]  # (lock, pc)

    def succ(s):
        lock, pc = s
        out = []
        for i in P:
            if pc[i] == "ncs" and not lock:
                out.append((f"Test({i})", (lock, upd(pc, i, "set"))))
            if pc[i] == "set":
                out.append((f"Set({i})", (True, upd(pc, i, "cs"))))
            if pc[i] == "cs":
                out.append((f"Exit({i})", (False, upd(pc, i, "ncs"))))
        return out

    invs = {
        "Mutex": lambda s: all(not (s[1][i] == "cs" and s[1][j] == "cs") for i in P for j in P if i != j),
    }
    return init, succ, invs


# --------------------------------------------------------------- LockSem
def locksem(_N=None):
    init = [("free", 0, "lock", "lock")]  # (L, S, pcA, pcB)

    def succ(s):
        L, S, pcA, pcB = s
        out = []
        if pcA == "lock" and L == "free":
            out.append(("ALock", ("A", S, "wait", pcB)))
        if pcA == "wait" and S > 0:
            out.append(("AWait", (L, S - 1, "unlock", pcB)))
        if pcA == "unlock":
            out.append(("AUnlock", ("free", S, "done", pcB)))
        if pcB == "lock" and L == "free":
            out.append(("BLock", ("B", S, pcA, "post")))
        if pcB == "post":
            out.append(("BPost", (L, S + 1, pcA, "unlock")))
        if pcB == "unlock":
            out.append(("BUnlock", ("free", S, pcA, "done")))
        if pcA == "done" and pcB == "done":
            out.append(("Terminated", s))
        return out

    invs = {
        "NotStuck": lambda s: not (s[2] == "wait" and s[3] == "lock" and s[1] == 0),
    }
    return init, succ, invs


MODELS = {"Philo": philo, "Filter": filt, "NaiveLock": naivelock, "LockSem": locksem}


def trace(parent, s):
    acts = []
    while parent[s] is not None:
        p, a = parent[s]
        acts.append(a)
        s = p
    acts.reverse()
    return acts


def bfs(init, succ, invs):
    parent = {}
    level = {}
    q = deque()
    generated = 0
    inv_cex = {name: None for name in invs}
    deadlock_cex = None
    n_deadlocks = 0

    def discover(s):
        for name, inv in invs.items():
            if inv_cex[name] is None and not inv(s):
                inv_cex[name] = trace(parent, s)

    for s in init:
        generated += 1
        if s not in parent:
            parent[s] = None
            level[s] = 1
            q.append(s)
            discover(s)
    depth = 1
    while q:
        s = q.popleft()
        nxt = succ(s)
        if not nxt:
            n_deadlocks += 1
            if deadlock_cex is None:
                deadlock_cex = trace(parent, s)
        for a, t in nxt:
            generated += 1
            if t not in parent:
                parent[t] = (s, a)
                level[t] = level[s] + 1
                depth = max(depth, level[t])
                q.append(t)
                discover(t)
    return {
        "distinct": len(parent),
        "generated": generated,
        "depth": depth,
        "deadlocks": n_deadlocks,
        "deadlock_cex": deadlock_cex,
        "inv_cex": inv_cex,
    }


def fmt_cex(c):
    if c is None:
        return "none (holds)"
    return f"len {len(c)}: " + (" ".join(c) if c else "(initial state)")


def run(name, N):
    init, succ, invs = MODELS[name](N)
    t0 = time.time()
    r = bfs(init, succ, invs)
    dt = time.time() - t0
    label = name if name == "LockSem" else f"{name} N={N}"
    print(f"{label}: distinct={r['distinct']} generated={r['generated']} depth={r['depth']} "
          f"deadlocked_states={r['deadlocks']}  ({dt:.1f}s)")
    print(f"  deadlock: {fmt_cex(r['deadlock_cex']) if r['deadlock_cex'] is not None else 'none (no deadlock)'}")
    for k, v in r["inv_cex"].items():
        print(f"  {k}: {fmt_cex(v)}")
    sys.stdout.flush()
    return r


DEFAULT = ([("Philo", n) for n in (2, 3, 4, 5, 8, 10)]
           + [("Filter", n) for n in (2, 3, 4)]
           + [("NaiveLock", n) for n in (2, 3, 4, 5)]
           + [("LockSem", None)])

if __name__ == "__main__":
    args = sys.argv[1:]
    jobs = []
    i = 0
    while i < len(args):
        name = args[i]
        if name == "LockSem":
            jobs.append((name, None))
            i += 1
        else:
            jobs.append((name, int(args[i + 1])))
            i += 2
    for name, N in (jobs or DEFAULT):
        run(name, N)
