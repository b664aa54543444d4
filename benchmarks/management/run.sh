#!/usr/bin/env bash
# Throughput of one producer/consumer pair (100 B, unsettled) through one jrouterd while its management is polled
# as `qdstat -l` and `qdstat -a` poll it (both queries every 100 ms, over one connection: poll.py), against the same
# pair without polling, alternated in one invocation; prints the medians and their ratio as markdown.
#
#   benchmarks/management/run.sh [--runs N] [--count N]
#
# Everything runs on 127.0.0.1 and stops by itself (message counts, durations, `timeout`).
set -euo pipefail
home="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
runs=5
count=300000
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs="$2"; shift 2 ;;
    --count) count="$2"; shift 2 ;;
    -h|--help) sed -n '2,8p' "$0"; exit 0 ;;
    *) echo "run.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
out="$home/benchmarks/target/management-$(date -u +%Y%m%d-%H%M%S)"
mkdir -p "$out"
router_pid=""
cleanup() { [ -n "$router_pid" ] && kill "$router_pid" 2>/dev/null || true; }
trap cleanup EXIT

"$home/bin/jrouterd-bench" --help >/dev/null 2>&1 || true   # builds the load tool first if needed
timeout 1800 "$home/bin/jrouterd" --listen 127.0.0.1:0 --id Bench >"$out/router.log" 2>&1 &
router_pid=$!
port=""
for _ in $(seq 1 3000); do
  port=$(sed -n 's/.*Listening on 127\.0\.0\.1:\([0-9]*\).*/\1/p' "$out/router.log" | head -n 1)
  [ -n "$port" ] && break
  sleep 0.1
done
[ -n "$port" ] || { echo "router did not start: $out/router.log" >&2; exit 1; }

pair() {   # pair LABEL: one run, prints its throughput
  timeout 300 "$home/bin/jrouterd-bench" pair --connect "127.0.0.1:$port" -c "$count" -w 20000 --json-only \
    --label "$1" 2>>"$out/bench.err" | tail -n 1 | tee -a "$out/results.jsonl" \
    | sed -n 's/.*"throughput":\([0-9.]*\).*/\1/p'
}

plain=()
polled=()
for run in $(seq 1 "$runs"); do
  plain+=("$(pair plain)")
  /usr/bin/python3 "$home/benchmarks/management/poll.py" "127.0.0.1:$port" 0.1 600 >"$out/poll-$run.txt" 2>&1 &
  poller=$!
  sleep 1
  polled+=("$(pair polled)")
  kill "$poller" 2>/dev/null || true
  wait "$poller" 2>/dev/null || true
  echo "run $run: plain ${plain[-1]} msg/s, polled ${polled[-1]} msg/s" >&2
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
p=$(median "${plain[@]}")
q=$(median "${polled[@]}")
echo "| | msg/s (median of $runs) |"
echo "|---|---|"
echo "| one pair, no polling | $p |"
echo "| one pair, qdstat -l and -a every 100 ms | $q |"
echo "| ratio polled / plain | $(awk -v a="$q" -v b="$p" 'BEGIN {printf "%.3f", a / b}') |"
echo "(results and logs: $out)"
