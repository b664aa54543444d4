#!/usr/bin/env bash
# TLS against plain TCP through one jrouterd, with the JDK's TLS and with OpenSSL (netty-tcnative-boringssl-static
# on the router's class path), in one invocation: new connections per second (TCP or TLS handshake up to the
# router's AMQP header; 4 client threads) and one producer/consumer pair, 100 B unsettled, with the router's CPU
# per message. The router has a plain listener and a TLS one (requireSsl); certificates are made with openssl in
# the output folder. Rounds alternate providers and transports. Prints markdown for docs/benchmarks.md.
#
#   benchmarks/tls/run.sh [--rounds N] [--count N] [--seconds N]
#
# Everything runs on 127.0.0.1 and stops by itself.
set -euo pipefail
home="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
rounds=3
count=300000
seconds=10
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) rounds="$2"; shift 2 ;;
    --count) count="$2"; shift 2 ;;
    --seconds) seconds="$2"; shift 2 ;;
    -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
    *) echo "tls/run.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
out="$home/benchmarks/target/tls-$(date -u +%Y%m%d-%H%M%S)"
mkdir -p "$out"
bench="$home/bin/jrouterd-bench"
router_pid=""
cleanup() { [ -n "$router_pid" ] && kill "$router_pid" 2>/dev/null || true; }
trap cleanup EXIT

"$bench" --help >/dev/null 2>&1 || true   # builds the load tool (and its lib/ with netty-tcnative) first
tcnative=$(ls "$home"/benchmarks/target/lib/netty-tcnative-*.jar | tr '\n' ':')

# A CA and a server certificate for 127.0.0.1 / localhost (RSA 2048, as most deployments).
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=bench-ca" -keyout "$out/ca.key" -out "$out/ca.pem" \
  2>/dev/null
openssl req -newkey rsa:2048 -nodes -subj "/CN=localhost" -keyout "$out/server.key" -out "$out/server.csr" 2>/dev/null
printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\n' >"$out/san.ext"
openssl x509 -req -in "$out/server.csr" -CA "$out/ca.pem" -CAkey "$out/ca.key" -CAcreateserial -days 2 \
  -extfile "$out/san.ext" -out "$out/server.pem" 2>/dev/null

free_port() { "$bench" free-port; }

start_router() {   # start_router PROVIDER: jdk or openssl; sets plain and tls ports
  plain=$(free_port); tls=$(free_port)
  cat >"$out/router.conf" <<CONF
router {
    mode: standalone
    id: TlsBench
}
sslProfile {
    name: bench
    certFile: $out/server.pem
    privateKeyFile: $out/server.key
    caCertFile: $out/ca.pem
}
listener {
    host: 127.0.0.1
    port: $plain
}
listener {
    host: 127.0.0.1
    port: $tls
    sslProfile: bench
    requireSsl: yes
}
CONF
  local extra=""
  [ "$1" = openssl ] && extra="$tcnative"
  JROUTERD_CLASSPATH="$extra" timeout 3600 "$home/bin/jrouterd" -c "$out/router.conf" >"$out/router-$1.log" 2>&1 &
  router_pid=$!
  for _ in $(seq 1 3000); do
    if grep -q "Listening on 127.0.0.1:$tls" "$out/router-$1.log" 2>/dev/null; then
      java_pid=$(pgrep -P "$router_pid" | head -n 1)   # bin/jrouterd execs java under timeout
      return 0
    fi
    sleep 0.1
  done
  echo "router did not start: $out/router-$1.log" >&2; exit 1
}

stop_router() { kill "$router_pid"; wait "$router_pid" 2>/dev/null || true; router_pid=""; }

results="$out/results.jsonl"
for round in $(seq 1 "$rounds"); do
  for provider in jdk openssl; do
    start_router "$provider"
    for transport in plain tls; do
      port=$plain; tlsopt=()
      [ "$transport" = tls ] && { port=$tls; tlsopt=(--tls-ca "$out/ca.pem"); }
      "$bench" handshakes --connect "127.0.0.1:$port" "${tlsopt[@]}" --seconds "$seconds" --threads 4 \
        --label "handshakes $provider $transport" 2>>"$out/bench.err" | tail -n 1 >>"$results"
      timeout 600 "$bench" pair --connect "127.0.0.1:$port" "${tlsopt[@]}" -c "$count" -w 20000 -b 100 \
        --cpu-pid "$java_pid" --json-only --label "pair $provider $transport" 2>>"$out/bench.err" \
        | tail -n 1 >>"$results"
    done
    stop_router
  done
done

/usr/bin/python3 - "$results" "$out" <<'PY'
import json, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip().startswith('{')]
def med(label, key):
    vals = [r[key] for r in rows if r.get('label') == label and r.get(key) is not None]
    return statistics.median(vals) if vals else float('nan')
print('| provider | transport | new connections/s | 100 B msg/s | router CPU µs/msg |')
print('|---|---|---|---|---|')
for p in ('jdk', 'openssl'):
    for t in ('plain', 'tls'):
        print('| %s | %s | %.0f | %.0f | %.2f |' % (p, t, med('handshakes %s %s' % (p, t), 'perSecond'),
              med('pair %s %s' % (p, t), 'throughput'), med('pair %s %s' % (p, t), 'cpuUsPerMsg')))
print()
for p in ('jdk', 'openssl'):
    hs = med('handshakes %s tls' % p, 'perSecond') / med('handshakes %s plain' % p, 'perSecond')
    tp = med('pair %s tls' % p, 'throughput') / med('pair %s plain' % p, 'throughput')
    cpu = med('pair %s tls' % p, 'cpuUsPerMsg') / med('pair %s plain' % p, 'cpuUsPerMsg')
    print('- %s: TLS/plain new connections %.2f, throughput %.2f, CPU per message %.2f' % (p, hs, tp, cpu))
print('(results and logs: %s)' % sys.argv[2])
PY
