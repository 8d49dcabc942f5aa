#!/usr/bin/env bash
# Reproduce the SPIN reference runs for the classic models.
#
#   bench/spin/run.sh MODEL [N] [MODE] [REPS]
#
#   MODEL  philo | filter | naivelock | locksem   (models/classic/pml/MODEL.pml)
#   N      number of processes (ignored by locksem; default 5)
#   MODE   full  - complete state space, BFS and DFS, properties off (-A -E):
#                  states stored / matched / transitions / depth / pan time
#          cex   - BFS (-DBFS) error search with trail replay: shortest
#                  deadlock ("invalid end state", asserts ignored with -A) and
#                  shortest assertion violation (end states ignored with -E);
#                  prints the number of actions and the action sequence
#          time  - REPS (default 3) runs each of BFS and DFS full search under
#                  /usr/bin/time -v: wall time and max RSS per run + median
#          all   - full then cex (default)
#
# Environment: SPIN_M  DFS depth limit for pan -m   (default 2000000)
#              SPIN_W  hash table size for pan -w   (default 24, pan's default)
#              CFLAGS_EXTRA  extra gcc flags for pan.c
#
# Compile: spin -DN=N -a MODEL.pml; gcc -O2 -DNOREDUCE -DSAFETY [-DBFS] pan.c
# (no partial-order reduction; default exact state storage, no compression
# options).  Needs: apt-get install -y spin gcc time
set -euo pipefail

MODEL=${1:?usage: run.sh MODEL [N] [full|cex|time|all] [REPS]}
N=${2:-5}
MODE=${3:-all}
REPS=${4:-3}
SPIN_M=${SPIN_M:-2000000}
SPIN_W=${SPIN_W:-24}
CFLAGS_EXTRA=${CFLAGS_EXTRA:-}

HERE=$(cd "$(dirname "$0")" && pwd)
PML="$HERE/../../models/classic/pml/$MODEL.pml"
[ -f "$PML" ] || { echo "no such model: $PML" >&2; exit 2; }
command -v spin >/dev/null || { echo "spin not installed (apt-get install -y spin)" >&2; exit 2; }

WORK=$(mktemp -d /tmp/spinrun.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
cp "$PML" "$WORK/model.pml"
cd "$WORK"
if [ "$MODEL" = locksem ]; then LABEL="locksem"; else LABEL="$MODEL N=$N"; fi

# build VARIANT(bfs|dfs) [extra -D flags] -> ./pan.VARIANT
build() {
  local v=$1; shift
  local flags="-DNOREDUCE -DSAFETY"
  [ "$v" = bfs ] && flags="$flags -DBFS"
  spin -DN="$N" "$@" -a model.pml >/dev/null
  # -w: the unrolled macros index arrays only under a constant (k < N) guard,
  # gcc's static bound warnings about them are spurious.
  gcc -O2 -w $flags $CFLAGS_EXTRA -o "pan.$v" pan.c
}

# summarise a pan output file
summary() {
  awk -v tag="$1" '
    /^State-vector/     { sv=$2; for (i=1;i<=NF;i++) if ($i=="reached") { d=$(i+1); sub(",","",d) } ;
                          for (i=1;i<=NF;i++) if ($i=="errors:") e=$(i+1) }
    /states, stored/    { st=$1 }
    /states, matched/   { ma=$1 }
    /transitions \(=/   { tr=$1 }
    /total actual memory/ { mem=$1 }
    /elapsed time/      { t=$4 }
    /max search depth too small/ { small=1 }
    END { printf "%-4s stored=%s matched=%s transitions=%s depth_reached=%s errors=%s state_vector=%sB pan_mem=%sMB pan_time=%ss%s\n",
                 tag, st, ma, tr, d, e, sv, mem, t, (small ? "  WARNING: -m too small" : "") }' "$2"
}

full() {
  echo "== $LABEL: complete state space (-A -E, no POR)"
  build bfs; ./pan.bfs -A -E -w"$SPIN_W" > out.bfs 2>&1 || true
  summary BFS out.bfs
  build dfs; ./pan.dfs -A -E -w"$SPIN_W" -m"$SPIN_M" > out.dfs 2>&1 || true
  summary DFS out.dfs
}

# replay the trail of model.pml and print actions
replay() {
  local kind=$1; shift
  if [ ! -f model.pml.trail ]; then
    echo "  $kind: no counterexample (errors: 0)"
    return
  fi
  spin -DN="$N" "$@" -t model.pml > replay.txt 2>&1 || true
  local acts n ends at
  acts=$(grep -o 'MSC: [A-Za-z]*\(([0-9]*)\)\?' replay.txt | sed 's/MSC: //' | tr '\n' ' ')
  n=$(grep -c 'MSC: ' replay.txt || true)
  ends=$(grep -o 'trail ends after [0-9]* steps' replay.txt || true)
  at=$(grep -o '(at depth [0-9]*)' "out.$kind" | head -1 || true)
  echo "  $kind: len $n: ${acts% }   [pan: $(grep -o '^pan:1: [a-z ]*' "out.$kind" | sed 's/^pan:1: //') $at; spin replay: $ends]"
  rm -f model.pml.trail
}

cex() {
  echo "== $LABEL: shortest counterexamples (BFS, no POR)"
  build bfs
  rm -f model.pml.trail
  ./pan.bfs -A -w"$SPIN_W" > out.deadlock 2>&1 || true
  replay deadlock
  ./pan.bfs -E -w"$SPIN_W" > out.assert 2>&1 || true
  replay assert
  if [ "$MODEL" = locksem ]; then
    # TLA+ invariant NotStuck as an assertion
    build bfs -DNOTSTUCK
    ./pan.bfs -E -w"$SPIN_W" > out.notstuck 2>&1 || true
    if [ -f model.pml.trail ]; then
      spin -DN="$N" -DNOTSTUCK -t model.pml > replay.txt 2>&1 || true
      echo "  assert NotStuck: len $(grep -c 'MSC: ' replay.txt): $(grep -o 'MSC: [A-Za-z]*' replay.txt | sed 's/MSC: //' | tr '\n' ' ')  [pan: $(grep -o '(at depth [0-9]*)' out.notstuck)]"
      rm -f model.pml.trail
    else
      echo "  assert NotStuck: no counterexample"
    fi
  fi
}

secs() { # h:mm:ss or m:ss.ss -> seconds
  awk -F: '{ if (NF==3) print $1*3600+$2*60+$3; else print $1*60+$2 }' <<<"$1"
}
median() { sort -g | awk '{a[NR]=$1} END { print a[int((NR+1)/2)] }'; }

timing() {
  echo "== $LABEL: timing, $REPS runs each (/usr/bin/time -v; full search -A -E)"
  local v
  for v in bfs dfs; do
    build "$v"
    local args="-A -E -w$SPIN_W"
    [ "$v" = dfs ] && args="$args -m$SPIN_M"
    : > walls; : > rss
    for r in $(seq 1 "$REPS"); do
      /usr/bin/time -v ./pan.$v $args > out.t 2> time.t || true
      local w m
      w=$(secs "$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' time.t)")
      m=$(sed -n 's/.*Maximum resident set size (kbytes): //p' time.t)
      echo "$w" >> walls; echo "$m" >> rss
      printf '  %s run %d: wall=%ss maxRSS=%sKB  ' "${v^^}" "$r" "$w" "$m"
      summary "" out.t | sed 's/^ *//'
    done
    echo "  ${v^^} median: wall=$(median < walls)s maxRSS=$(median < rss)KB  (pan flags: $args)"
  done
}

case "$MODE" in
  full) full ;;
  cex)  cex ;;
  time) timing ;;
  all)  full; cex ;;
  *) echo "unknown mode $MODE" >&2; exit 2 ;;
esac
