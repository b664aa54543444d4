#!/usr/bin/env bash
# oslo.messaging RPC through jrouterd, the reference qdrouterd and RabbitMQ, in one invocation, with the same
# client code (benchmarks/openstack/rpc_bench.py): one RPC server (threading executor); clients sequential (one
# thread), 8 threads in one process, and 4 processes of one thread each. Each bus is started, measured and stopped
# in turn; rounds alternate the buses. Prints markdown (medians over the rounds) for docs/benchmarks.md.
#
#   benchmarks/openstack/rpc.sh [--rounds N] [--calls N]
#
# jrouterd and qdrouterd run the shipped conf/openstack-rpc.conf (on a free loopback port); qdrouterd comes from
# QDROUTERD_HOME or ../shared/reference/qdrouterd-1.19.0; RabbitMQ is Debian's rabbitmq-server, run with its own
# node name, ports and data folder, all on 127.0.0.1. Needs python3-oslo.messaging and python3-pyngus. Everything
# stops by itself.
set -euo pipefail
home="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
rounds=3
calls=2000
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) rounds="$2"; shift 2 ;;
    --calls) calls="$2"; shift 2 ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    *) echo "rpc.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
qdhome="${QDROUTERD_HOME:-$home/../shared/reference/qdrouterd-1.19.0}"
[ -x "$qdhome/bin/qdrouterd" ] || { echo "rpc.sh: no qdrouterd in $qdhome (set QDROUTERD_HOME)" >&2; exit 2; }
out="$home/benchmarks/target/rpc-$(date -u +%Y%m%d-%H%M%S)"
mkdir -p "$out"
py=/usr/bin/python3
bench="$home/benchmarks/openstack/rpc_bench.py"
bus_pid=""
epmd_port=""
cleanup() {
  [ -n "$bus_pid" ] && { pkill -P "$bus_pid" 2>/dev/null || true; kill "$bus_pid" 2>/dev/null || true; }
  [ -n "$epmd_port" ] && ERL_EPMD_PORT="$epmd_port" epmd -kill >/dev/null 2>&1 || true
}
trap cleanup EXIT
free_port() { "$py" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

start_router() {   # start_router KIND: jrouterd or qdrouterd with the shipped config; sets url
  local port; port=$(free_port)
  local conf="$out/$1.conf"
  sed -e 's/host: 0.0.0.0/host: 127.0.0.1/' -e "s/port: 5672/port: $port/" -e 's/output: \S*/outputFile: stderr/' \
    "$home/conf/openstack-rpc.conf" >"$conf"
  if [ "$1" = jrouterd ]; then
    timeout 3600 "$home/bin/jrouterd" -c "$conf" >>"$out/$1.log" 2>&1 &
  else
    timeout 3600 "$qdhome/bin/qdrouterd" -c "$conf" >>"$out/$1.log" 2>&1 &
  fi
  bus_pid=$!
  url="amqp://127.0.0.1:$port//"
  wait_port "$port"
}

start_rabbit() {   # sets url
  local port; port=$(free_port)
  epmd_port=$(free_port)
  local base="$out/rabbitmq"
  rm -rf "$base"; mkdir -p "$base/home"
  echo "[]." >"$base/enabled_plugins"
  HOME="$base/home" RABBITMQ_NODENAME="jrouterd-bench-$port@localhost" RABBITMQ_NODE_IP_ADDRESS=127.0.0.1 \
    RABBITMQ_NODE_PORT="$port" RABBITMQ_DIST_PORT="$(free_port)" ERL_EPMD_ADDRESS=127.0.0.1 \
    ERL_EPMD_PORT="$epmd_port" RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}" \
    RABBITMQ_MNESIA_BASE="$base/mnesia" RABBITMQ_LOG_BASE="$base/log" \
    RABBITMQ_ENABLED_PLUGINS_FILE="$base/enabled_plugins" RABBITMQ_CONFIG_FILE="$base/rabbitmq" \
    timeout 3600 /usr/lib/rabbitmq/bin/rabbitmq-server >>"$out/rabbitmq.log" 2>&1 &
  bus_pid=$!
  url="rabbit://guest:guest@127.0.0.1:$port/"
  wait_port "$port"
}

wait_port() {
  for _ in $(seq 1 1200); do
    "$py" -c "import socket,sys; s=socket.socket(); s.settimeout(0.5); sys.exit(s.connect_ex(('127.0.0.1',$1)))" \
      && return 0
    sleep 0.1
  done
  echo "rpc.sh: nothing listens on 127.0.0.1:$1 (logs in $out)" >&2; exit 1
}

stop_bus() {
  pkill -P "$bus_pid" 2>/dev/null || true; kill "$bus_pid" 2>/dev/null || true; wait "$bus_pid" 2>/dev/null || true
  bus_pid=""
  if [ -n "$epmd_port" ]; then ERL_EPMD_PORT="$epmd_port" epmd -kill >/dev/null 2>&1 || true; epmd_port=""; fi
}

measure() {   # measure BUS SCENARIO PROCESSES THREADS: one scenario against $url; appends a JSON line
  local files=() pids=() start end
  start=$(date +%s.%N)
  for p in $(seq 1 "$3"); do
    files+=("$out/lat-$1-$2-$p.txt")
    timeout 600 "$py" "$bench" client "$url" "$((calls / $3))" "$4" "$out/lat-$1-$2-$p.txt" \
      >>"$out/clients.log" 2>&1 &
    pids+=($!)
  done
  for pid in "${pids[@]}"; do wait "$pid"; done
  end=$(date +%s.%N)
  # Calls/s from the clients' own measured phases (warm-up excluded): calls over the slowest client's time.
  local wall; wall=$(tail -n "$3" "$out/clients.log" | "$py" -c 'import json,sys; print(max(json.loads(l)["seconds"] for l in sys.stdin if l.startswith("{")))')
  "$py" "$bench" summary "$1 $2" "$wall" "${files[@]}" | tee -a "$out/results.jsonl"
}

for round in $(seq 1 "$rounds"); do
  for bus in jrouterd qdrouterd rabbitmq; do
    if [ "$bus" = rabbitmq ]; then start_rabbit; else start_router "$bus"; fi
    timeout 3600 "$py" "$bench" server "$url" 3000 >>"$out/server-$bus.log" 2>&1 &
    server_pid=$!
    for _ in $(seq 1 600); do grep -q '^ready' "$out/server-$bus.log" 2>/dev/null && break; sleep 0.1; done
    measure "$bus" sequential 1 1 >&2
    measure "$bus" 8-threads 1 8 >&2
    measure "$bus" 4-processes 4 1 >&2
    kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true
    : >"$out/server-$bus.log"
    stop_bus
  done
done

"$py" - "$out/results.jsonl" <<'PY'
import json, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
by = {}
for r in rows:
    by.setdefault(r['label'], []).append(r)
def med(label, key):
    return statistics.median(r[key] for r in by[label])
print('| scenario | bus | calls/s | p50 ms | p99 ms | p99.9 ms |')
print('|---|---|---|---|---|---|')
for scenario in ('sequential', '8-threads', '4-processes'):
    for bus in ('jrouterd', 'qdrouterd', 'rabbitmq'):
        label = '%s %s' % (bus, scenario)
        print('| %s | %s | %.0f | %.2f | %.2f | %.2f |' % (scenario, bus, med(label, 'callsPerSecond'),
              med(label, 'p50ms'), med(label, 'p99ms'), med(label, 'p999ms')))
print()
for scenario in ('sequential', '8-threads', '4-processes'):
    j, q, r = (med('%s %s' % (b, scenario), 'callsPerSecond') for b in ('jrouterd', 'qdrouterd', 'rabbitmq'))
    pj, pq = (med('%s %s' % (b, scenario), 'p99ms') for b in ('jrouterd', 'qdrouterd'))
    print('- %s: jrouterd/qdrouterd calls/s %.2f, p99 %.2f; jrouterd/RabbitMQ calls/s %.2f' % (scenario, j / q, pj / pq, j / r))
PY
echo "(rounds: $rounds, calls per scenario: $calls; results and logs: $out)"
