#!/usr/bin/env bash
# Independent check of interleave's liveness verdicts with SPIN's own
# liveness checker (acceptance cycles, `pan -a`), on the Promela twins in
# models/classic/pml/. Prints one line per run: model, N, property, fairness,
# SPIN's verdict.
#
#   bench/spin/liveness.sh            the table of bench/spin/README.md ("Liveness")
#
# How TLA+'s semantics are matched (see the README):
#   - weak fairness of every process (TLA+ WF_vars of the process's actions)
#     is SPIN's `-f` (weak fairness per process);
#   - no fairness: TLA+ lets a behaviour stop in any state. SPIN never stops a
#     run while a process can move, so a process that only stutters is added
#     (it flips a local bit: SPIN refuses `do :: skip od` as an unconditional
#     self-loop, and the bit is no variable of the model or the property):
#     without `-f` the scheduler may run it alone for ever, which is exactly
#     "stop here".
#     With `-f` it is harmless: it is always enabled and always taken, and it
#     forces nothing on the other processes.
#   - SPIN extends a run that ends (a deadlock) by stuttering for LTL, as TLA+.
# Compile: spin -a; gcc -O2 -DNOREDUCE (no partial-order reduction, so it
# cannot interact with fairness) -DNFAIR=N+2.  Needs: apt-get install -y spin gcc
set -euo pipefail
command -v spin >/dev/null || { echo "spin not installed (apt-get install -y spin)" >&2; exit 2; }
HERE=$(cd "$(dirname "$0")" && pwd)
PML="$HERE/../../models/classic/pml"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/spinlive.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

# run MODEL N NAME LTL FAIR(weak|none) -> prints a table line
run() {
  local model=$1 n=$2 name=$3 ltl=$4 fair=$5
  local dir="$WORK/$model-$n-$name-$fair"
  mkdir -p "$dir"
  cp "$PML/$model.pml" "$dir/model.pml"
  {
    echo '#include "model.pml"'
    echo 'active proctype stutter() { bit b; do :: b = 1 - b od }'
    echo "ltl $name { $ltl }"
  } > "$dir/live.pml"
  (
    cd "$dir"
    spin -DN="$n" -a live.pml >/dev/null
    gcc -O2 -w -DNOREDUCE -DNFAIR=$((n + 2)) -o pan pan.c
    local flags=(-a -m10000000)
    [ "$fair" = weak ] && flags+=(-f)
    ./pan "${flags[@]}" > out.txt 2>&1 || true
    local errors
    errors=$(awk '/errors:/ { print $NF; exit }' out.txt)
    local verdict
    if [ "$errors" = 0 ]; then verdict=holds; elif [ -n "$errors" ]; then verdict=violated; else verdict="error: $(tail -3 out.txt | tr '\n' ' ')"; fi
    printf '%-7s N=%-2s %-14s %-5s %s\n' "$model" "$n" "$name" "$fair" "$verdict"
  )
}

# Filter: Starvation(i) == [](pc[i] = "wait" => <>(pc[i] = "cs")), every i.
for n in 2 3 4; do
  for fair in weak none; do
    for ((i = 0; i < n; i++)); do
      run filter "$n" "Starvation$i" "[] ((pc[$i] == WAIT) -> <> (pc[$i] == CS))" "$fair"
    done
  done
done

# Philo: SomeoneEats == []<>(\E i : pc[i] = "eat").
for n in 2 3 4 5; do
  eat=$(for ((i = 0; i < n; i++)); do printf '%s(pc[%d] == EAT)' "$([ $i -gt 0 ] && echo ' || ')" "$i"; done)
  for fair in weak none; do
    run philo "$n" SomeoneEats "[] <> ($eat)" "$fair"
  done
done
