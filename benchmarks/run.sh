#!/usr/bin/env bash
# The benchmark session of issue 3: one jrouterd, one TCP relay and the load tool, all on 127.0.0.1.
# Scenarios run in rounds (every scenario once per round, the same order each round) so that machine drift spreads
# over all of them; the summary gives medians per scenario and the ratios jrouterd / relay and jrouterd / direct.
#
#   benchmarks/run.sh [--quick] [--runs N] [--out DIR] [--profile | --mesh]
#
#   --quick   smaller counts (about a fifth), for a check that everything works (about 1-2 minutes)
#   --runs N  rounds, i.e. runs per scenario (default 3; medians need at least 3)
#   --out DIR where results.jsonl, summary.txt and the process logs go (default benchmarks/target/run-<time>)
#   --profile instead of the scenarios: the router under JFR during 1-router 100 B unsettled (3 million messages),
#             then its top CPU and allocation costs (jrouterd-bench jfr-top); the recording stays in DIR
#   --mesh    instead of the scenarios: two interior routers A-B (one inter-router connection) against the single
#             router, same invocation: senders on A, receivers (and RPC servers) on B; the mesh rows are charged
#             the CPU of A and B together
#
# Environment: ROUTER_IO_THREADS (default 2, also the relay's event loops), JAVA_OPTS for the router (bin/jrouterd),
# BENCH_JAVA_OPTS for the load tool and relay. Every run is bounded by a message count, --duration and `timeout`;
# the router and relay are killed on exit, whatever the exit.
set -euo pipefail
home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bench="$home/bin/jrouterd-bench"
runs=3
scale=1
profile=0
mesh=0
out=""
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) scale=5; shift ;;
    --profile) profile=1; shift ;;
    --mesh) mesh=1; shift ;;
    --runs) runs="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    -h|--help) sed -n '2,21p' "$0"; exit 0 ;;
    *) echo "run.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
out="${out:-$home/benchmarks/target/run-$(date -u +%Y%m%d-%H%M%S)}"
mkdir -p "$out"
results="$out/results.jsonl"
: > "$results"
io_threads="${ROUTER_IO_THREADS:-2}"

pids=()
cleanup() {
  for pid in "${pids[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in "${pids[@]}"; do
    wait "$pid" 2>/dev/null || true
  done
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# wait_for_port LOG: the port of the first "Listening on 127.0.0.1:<port>" line of LOG (waits up to 300 s: a build).
wait_for_port() {
  local log="$1" port=""
  for _ in $(seq 1 3000); do
    port=$(grep -o 'Listening on 127\.0\.0\.1:[0-9]*' "$log" 2>/dev/null | head -n 1 | cut -d: -f2 || true)
    [ -n "$port" ] && { echo "$port"; return 0; }
    sleep 0.1
  done
  echo "run.sh: nothing listening, see $log" >&2
  return 1
}

cpu_ticks() { awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$1/stat"; }

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
echo "run.sh: building when needed..." >&2
"$bench" free-port >/dev/null

if [ "$profile" = 1 ]; then
  JAVA_OPTS="${JAVA_OPTS:-} -XX:StartFlightRecording=name=bench,settings=profile,method-profiling=max"
  export JAVA_OPTS
fi
"$home/bin/jrouterd" --listen 127.0.0.1:0 --id bench --io-threads "$io_threads" 2> "$out/jrouterd.log" &
router_pid=$!
pids+=("$router_pid")
router_port=$(wait_for_port "$out/jrouterd.log")

if [ "$profile" = 1 ]; then
  echo "run.sh: profiling jrouterd (pid $router_pid, port $router_port) with JFR" >&2
  "$bench" pair --connect "127.0.0.1:$router_port" --cpu-pid "$router_pid" -b 100 -c 3000000 -w 300000 -d 120 \
    --label jrouterd/100B-unsettled-profiled | tee -a "$results"
  # Dump with jcmd: jrouterd's shutdown hook halts the JVM, which can beat JFR's dump-on-exit hook.
  jcmd "$router_pid" JFR.dump name=bench filename="$out/jrouterd.jfr" >&2
  kill -TERM "$router_pid"
  wait "$router_pid" 2>/dev/null || true
  "$bench" jfr-top "$out/jrouterd.jfr" 15 | tee "$out/profile.txt"
  echo "run.sh: recording $out/jrouterd.jfr, summary $out/profile.txt" >&2
  exit 0
fi

n() { echo $(( $1 / scale )); }

# wait_for_line LOG PATTERN: waits up to 60 s for a line matching PATTERN in LOG.
wait_for_line() {
  for _ in $(seq 1 600); do
    grep -q "$2" "$1" 2>/dev/null && return 0
    sleep 0.1
  done
  echo "run.sh: no '$2' in $1" >&2
  return 1
}

# run_scenario LABEL TARGET LOAD ADDRESS SECONDS: one run of the load tool (bounded by SECONDS, and by timeout),
# its JSON line appended to the results; uses $round and $runs for the progress line, counts failures.
failures=0
run_scenario() {
  local label="$1" target="$2" load="$3" address="$4" seconds="$5" line=""
  # shellcheck disable=SC2086  # word splitting of the argument lists is intended
  if line=$(timeout $((seconds + 30)) "$bench" $target $load -a "$address" -d "$seconds" --label "$label" \
              --json-only 2>> "$out/bench.log"); then
    :
  else
    failures=$((failures + 1))
    echo "run.sh: round $round: $label did not complete (see $out/bench.log)" >&2
  fi
  [ -n "$line" ] && echo "$line" >> "$results"
  printf 'run.sh: round %d/%d %-28s %s\n' "$round" "$runs" "$label" \
    "$(grep -o '"throughput":[0-9.]*' <<< "${line:-}" | cut -d: -f2) msg/s" >&2
}

if [ "$mesh" = 1 ]; then
  a_port=$("$bench" free-port); a_mesh=$("$bench" free-port); b_port=$("$bench" free-port)
  cat > "$out/mesh-a.conf" <<CONF
router {
    mode: interior
    id: Bench.A
}
listener {
    host: 127.0.0.1
    port: $a_port
}
listener {
    host: 127.0.0.1
    port: $a_mesh
    role: inter-router
}
CONF
  cat > "$out/mesh-b.conf" <<CONF
router {
    mode: interior
    id: Bench.B
}
listener {
    host: 127.0.0.1
    port: $b_port
}
connector {
    host: 127.0.0.1
    port: $a_mesh
    role: inter-router
}
CONF
  "$home/bin/jrouterd" -c "$out/mesh-a.conf" --io-threads "$io_threads" 2> "$out/mesh-a.log" &
  a_pid=$!; pids+=("$a_pid")
  "$home/bin/jrouterd" -c "$out/mesh-b.conf" --io-threads "$io_threads" 2> "$out/mesh-b.log" &
  b_pid=$!; pids+=("$b_pid")
  wait_for_line "$out/mesh-a.log" 'Routers reachable from Bench.A: \[Bench.B\]'
  wait_for_line "$out/mesh-b.log" 'Routers reachable from Bench.B: \[Bench.A\]'
  echo "run.sh: single router pid $router_pid port $router_port; mesh A pid $a_pid port $a_port, B pid $b_pid port $b_port" >&2
  single="--connect 127.0.0.1:$router_port --cpu-pid $router_pid"
  pair="--connect 127.0.0.1:$a_port --receive-at 127.0.0.1:$b_port --cpu-pid $a_pid --cpu-pid $b_pid"
  for round in $(seq 1 "$runs"); do
    index=0
    while IFS='|' read -r label target load; do
      index=$((index + 1))
      run_scenario "$label" "$target" "$load" "m$round.$index" 60
    done <<SCENARIOS
jrouterd/100B-unsettled|pair $single|-b 100 -c $(n 300000) -w $(n 30000)
mesh/100B-unsettled|pair $pair|-b 100 -c $(n 300000) -w $(n 30000)
jrouterd/100B-presettled|pair $single|-b 100 --presettled -c $(n 300000) -w $(n 30000)
mesh/100B-presettled|pair $pair|-b 100 --presettled -c $(n 300000) -w $(n 30000)
jrouterd/1KiB-unsettled|pair $single|-b 1024 -c $(n 200000) -w $(n 20000)
mesh/1KiB-unsettled|pair $pair|-b 1024 -c $(n 200000) -w $(n 20000)
jrouterd/rpc-1|rpc $single|--outstanding 1 -c $(n 10000) -w $(n 1000)
mesh/rpc-1|rpc $pair|--outstanding 1 -c $(n 10000) -w $(n 1000)
jrouterd/rpc-100|rpc $single|--outstanding 100 -c $(n 100000) -w $(n 10000)
mesh/rpc-100|rpc $pair|--outstanding 100 -c $(n 100000) -w $(n 10000)
SCENARIOS
  done
  {
    echo "jrouterd mesh benchmarks, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores"
    echo "router io threads: $io_threads; rounds: $runs; scale: 1/$scale"
    echo "load average before: $load_before; after: $(cut -d' ' -f1-3 /proc/loadavg)"
    echo
    "$bench" report "$results"
  } | tee "$out/summary.txt"
  echo "run.sh: results in $out" >&2
  [ "$failures" -eq 0 ]
  exit
fi

receiver_port=$("$bench" free-port)
"$bench" relay --listen 127.0.0.1:0 --target "127.0.0.1:$receiver_port" --io-threads "$io_threads" \
  2> "$out/relay.log" &
relay_pid=$!
pids+=("$relay_pid")
relay_port=$(wait_for_port "$out/relay.log")
echo "run.sh: jrouterd pid $router_pid port $router_port; relay pid $relay_pid port $relay_port -> $receiver_port" >&2

# Idle CPU of the router: 3 seconds with one idle connection-free router.
t0=$(cpu_ticks "$router_pid"); sleep 3; t1=$(cpu_ticks "$router_pid")
idle_ms=$(( (t1 - t0) * 1000 / $(getconf CLK_TCK 2>/dev/null || echo 100) ))
echo "{\"label\":\"jrouterd/idle\",\"mode\":\"idle\",\"idleCpuMsPer3s\":$idle_ms}" >> "$results"

# Each scenario: label | where (direct, relay, jrouterd; "-rpc" for request/reply) | load arguments.
scenarios() {
  cat <<SCENARIOS
direct/100B-unsettled|direct|-b 100 -c $(n 1000000) -w $(n 100000)
relay/100B-unsettled|relay|-b 100 -c $(n 1000000) -w $(n 100000)
jrouterd/100B-unsettled|jrouterd|-b 100 -c $(n 300000) -w $(n 30000)
direct/100B-presettled|direct|-b 100 --presettled -c $(n 1000000) -w $(n 100000)
relay/100B-presettled|relay|-b 100 --presettled -c $(n 1000000) -w $(n 100000)
jrouterd/100B-presettled|jrouterd|-b 100 --presettled -c $(n 300000) -w $(n 30000)
relay/16B-unsettled|relay|-b 16 -c $(n 1000000) -w $(n 100000)
jrouterd/16B-unsettled|jrouterd|-b 16 -c $(n 300000) -w $(n 30000)
relay/1KiB-unsettled|relay|-b 1024 -c $(n 500000) -w $(n 50000)
jrouterd/1KiB-unsettled|jrouterd|-b 1024 -c $(n 200000) -w $(n 20000)
relay/64KiB-unsettled|relay|-b 65536 --credit 64 --max-in-flight 64 -c $(n 30000) -w $(n 3000)
jrouterd/64KiB-unsettled|jrouterd|-b 65536 --credit 64 --max-in-flight 64 -c $(n 10000) -w $(n 1000)
direct/rpc-1|direct-rpc|--outstanding 1 -c $(n 20000) -w $(n 2000)
relay/rpc-1|relay-rpc|--outstanding 1 -c $(n 20000) -w $(n 2000)
jrouterd/rpc-1|jrouterd-rpc|--outstanding 1 -c $(n 10000) -w $(n 1000)
jrouterd/rpc-10|jrouterd-rpc|--outstanding 10 -c $(n 40000) -w $(n 4000)
jrouterd/rpc-100|jrouterd-rpc|--outstanding 100 -c $(n 100000) -w $(n 10000)
jrouterd/pairs-2|jrouterd|--connections 2 -c $(n 150000) -w $(n 15000)
jrouterd/pairs-4|jrouterd|--connections 4 -c $(n 75000) -w $(n 7500)
jrouterd/pairs-8|jrouterd|--connections 8 -c $(n 40000) -w $(n 4000)
SCENARIOS
}

# The mode and endpoints of the load tool for a scenario's "where".
target_args() {
  local relay="--connect 127.0.0.1:$relay_port --cpu-pid $relay_pid"
  local router="--connect 127.0.0.1:$router_port --cpu-pid $router_pid"
  case "$1" in
    direct) echo "direct" ;;
    relay) echo "direct --listen 127.0.0.1:$receiver_port $relay" ;;
    jrouterd) echo "pair $router" ;;
    direct-rpc) echo "rpc --listen 127.0.0.1:0" ;;
    relay-rpc) echo "rpc --listen 127.0.0.1:$receiver_port $relay" ;;
    jrouterd-rpc) echo "rpc $router" ;;
  esac
}

for round in $(seq 1 "$runs"); do
  index=0
  while IFS='|' read -r label where load; do
    index=$((index + 1))
    run_scenario "$label" "$(target_args "$where")" "$load" "b$round.$index" 40
  done < <(scenarios)
done

{
  cpu_model=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')
  echo "jrouterd benchmarks, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, $cpu_model"
  echo "java: $(java -version 2>&1 | head -n 1); router io threads: $io_threads; rounds: $runs; scale: 1/$scale"
  echo "load average before: $load_before; after: $(cut -d' ' -f1-3 /proc/loadavg) (other processes share the cores)"
  echo
  "$bench" report "$results"
} | tee "$out/summary.txt"
echo "run.sh: results in $out" >&2
[ "$failures" -eq 0 ]
