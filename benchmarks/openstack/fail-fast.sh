#!/usr/bin/env bash
# Time to failure of an oslo.messaging RPC call to a topic no server serves, through jrouterd started with the
# shipped conf/openstack-rpc.conf: as shipped (qdrouterd's behaviour: the call waits its whole timeout) and with
# its commented 'failFast: yes' lines switched on. Prints markdown for docs/benchmarks.md.
#
#   benchmarks/openstack/fail-fast.sh [--calls N] [--timeout SECONDS]
#
# Needs Debian's python3-oslo.messaging and python3-pyngus. Everything runs on 127.0.0.1 and stops by itself.
set -euo pipefail
home="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
calls=50
timeout_s=10
while [ $# -gt 0 ]; do
  case "$1" in
    --calls) calls="$2"; shift 2 ;;
    --timeout) timeout_s="$2"; shift 2 ;;
    -h|--help) sed -n '2,8p' "$0"; exit 0 ;;
    *) echo "fail-fast.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
out="$home/benchmarks/target/fail-fast-$(date -u +%Y%m%d-%H%M%S)"
mkdir -p "$out"
router_pid=""
cleanup() { [ -n "$router_pid" ] && kill "$router_pid" 2>/dev/null || true; }
trap cleanup EXIT

run() {   # run NAME FAILFAST CALLS: one router, CALLS unserved calls; prints the script's JSON line
  local conf="$out/$1.conf"
  sed -e 's/host: 0.0.0.0/host: 127.0.0.1/' -e 's/port: 5672/port: 0/' -e 's/output: \S*/output: stderr/' \
    "$home/conf/openstack-rpc.conf" >"$conf"
  [ "$2" = yes ] && sed -i 's/    # failFast: yes/    failFast: yes/' "$conf"
  timeout 600 "$home/bin/jrouterd" -c "$conf" >"$out/$1.log" 2>&1 &
  router_pid=$!
  local port=""
  for _ in $(seq 1 3000); do
    port=$(sed -n 's/.*Listening on 127\.0\.0\.1:\([0-9]*\).*/\1/p' "$out/$1.log" | head -n 1)
    [ -n "$port" ] && break
    sleep 0.1
  done
  [ -n "$port" ] || { echo "router did not start: $out/$1.log" >&2; exit 1; }
  timeout 900 /usr/bin/python3 "$home/benchmarks/openstack/unserved_calls.py" "amqp://127.0.0.1:$port//" "$3" \
    "$timeout_s" 2>>"$out/$1.err" | tail -n 1
  kill "$router_pid"; wait "$router_pid" 2>/dev/null || true; router_pid=""
}

shipped=$(run shipped no 3)
failfast=$(run failfast yes "$calls")
echo "| configuration | calls | raised | median s | worst s |"
echo "|---|---|---|---|---|"
for pair in "as shipped (waits for a server):$shipped" "failFast: yes:$failfast"; do
  name="${pair%%:\{*}"; json="{${pair#*:\{}"
  /usr/bin/python3 -c 'import json,sys; d=json.loads(sys.argv[2]); print("| %s | %d | %s | %.3f | %.3f |" % (sys.argv[1], d["calls"], ",".join(d["raised"]), d["median"], d["worst"]))' "$name" "$json"
done
echo "(timeout $timeout_s s; logs: $out)"
