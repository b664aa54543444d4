"""oslo.messaging RPC load (any driver): one role per process, the same client code for every message bus.

usage:
  rpc_bench.py server URL SECONDS              an RPC server (threading executor) on topic 'bench'; prints 'ready'
  rpc_bench.py client URL CALLS THREADS OUT    CALLS calls over THREADS threads (one client each), after 50 warm-up
                                               calls per thread; writes each call's seconds to OUT, one per line,
                                               and prints '{"calls": N, "failed": N, "seconds": S}'
  rpc_bench.py summary LABEL WALL_SECONDS FILE...   merges latency files: one JSON line with calls/s, p50, p99, p99.9
"""
import json
import sys
import threading
import time

from oslo_config import cfg
import oslo_messaging as messaging


class Echo(object):
    def echo(self, ctxt, text):
        return text


def server(url, seconds):
    transport = messaging.get_rpc_transport(cfg.CONF, url=url)
    rpc = messaging.get_rpc_server(transport, messaging.Target(topic='bench', server='s1'), [Echo()],
                                   executor='threading')
    rpc.start()
    print('ready', flush=True)
    time.sleep(float(seconds))
    rpc.stop()
    rpc.wait()


def client(url, calls, threads, out):
    calls, threads = int(calls), int(threads)
    transport = messaging.get_rpc_transport(cfg.CONF, url=url)
    latencies, failed = [], [0]
    lock = threading.Lock()
    gate = threading.Barrier(threads + 1)

    def work(n):
        c = messaging.get_rpc_client(transport, messaging.Target(topic='bench'), timeout=30)
        for _ in range(50):
            c.call({}, 'echo', text='warm')
        gate.wait()
        mine = []
        for i in range(n):
            started = time.perf_counter()
            try:
                c.call({}, 'echo', text='x%d' % i)
                mine.append(time.perf_counter() - started)
            except Exception:
                with lock:
                    failed[0] += 1
        with lock:
            latencies.extend(mine)

    workers = [threading.Thread(target=work, args=(calls // threads,)) for _ in range(threads)]
    for w in workers:
        w.start()
    gate.wait()
    started = time.perf_counter()
    for w in workers:
        w.join()
    seconds = time.perf_counter() - started
    with open(out, 'w') as f:
        f.write('\n'.join('%.6f' % x for x in latencies))
    print(json.dumps({'calls': len(latencies), 'failed': failed[0], 'seconds': round(seconds, 3)}), flush=True)
    transport.cleanup()


def summary(label, wall, *files):
    latencies = []
    for name in files:
        with open(name) as f:
            latencies.extend(float(line) for line in f if line.strip())
    latencies.sort()

    def pct(p):
        return latencies[min(len(latencies) - 1, int(p / 100.0 * len(latencies)))] * 1000

    print(json.dumps({'label': label, 'calls': len(latencies), 'callsPerSecond': round(len(latencies) / float(wall), 1),
                      'p50ms': round(pct(50), 3), 'p99ms': round(pct(99), 3), 'p999ms': round(pct(99.9), 3)}))


if __name__ == '__main__':
    command, args = sys.argv[1], sys.argv[2:]
    if command != 'summary':
        cfg.CONF([], project='jrouterd-bench')
    {'server': server, 'client': client, 'summary': summary}[command](*args)
