"""oslo.messaging through routers (AMQP 1.0 driver) and RabbitMQ (rabbit driver), one role per process.

usage:
  oslo_scenarios.py server URL TOPIC NAME SECONDS
      an RPC server (threading executor) named NAME on TOPIC: echo(text) returns 'NAME:TEXT'; each cast and fanout
      it receives is printed at once ('cast NAME TEXT', 'fanout NAME TEXT'); prints 'ready NAME' once listening;
      stops after SECONDS
  oslo_scenarios.py calls URL TOPIC COUNT THREADS TIMEOUT [SERVER]
      COUNT calls over THREADS threads (each its own client), directed at SERVER if given; every result checked;
      prints 'calls ok=N wrong=N failed=N seconds=S' and one 'error ...' line per kind of failure
  oslo_scenarios.py calls-for URL TOPIC SECONDS TIMEOUT
      sequential calls for SECONDS; prints 'progress ok=N failed=N' every second, then the 'calls ...' line
  oslo_scenarios.py casts URL TOPIC COUNT
      COUNT casts to any server, then one fanout cast, then one call; prints 'casts sent=N'
  oslo_scenarios.py hybrid RPC_URL RABBIT_URL COUNT
      an RPC server on RPC_URL and a notification listener on RABBIT_URL; COUNT calls through the router and
      COUNT notifications through RabbitMQ, interleaved; prints 'hybrid calls=N notifications=N'
"""
import os
import sys
import threading
import time

from oslo_config import cfg
import oslo_messaging as messaging


_OUT = threading.Lock()


def out(line):
    # The threading executor calls endpoints on several threads: one line at a time, whole.
    with _OUT:
        sys.stdout.write(line + '\n')
        sys.stdout.flush()


class Echo(object):
    def __init__(self, name):
        self.name = name

    def echo(self, ctxt, text):
        return '%s:%s' % (self.name, text)

    def remember(self, ctxt, text):
        out('cast %s %s' % (self.name, text))

    def hear(self, ctxt, text):
        out('fanout %s %s' % (self.name, text))


def rpc_transport(url):
    return messaging.get_rpc_transport(cfg.CONF, url=url)


def server(url, topic, name, seconds):
    transport = rpc_transport(url)
    rpc = messaging.get_rpc_server(transport, messaging.Target(topic=topic, server=name), [Echo(name)],
                                   executor='threading')
    rpc.start()
    out('ready %s' % name)
    time.sleep(float(seconds))
    rpc.stop()
    rpc.wait()
    transport.cleanup()


def run_calls(transport, topic, count, timeout, server_name, tally, lock):
    target = messaging.Target(topic=topic, server=server_name) if server_name else messaging.Target(topic=topic)
    client = messaging.get_rpc_client(transport, target, timeout=timeout)
    for i in range(count):
        text = 'm%d-%s' % (i, threading.current_thread().name)
        try:
            result = client.call({}, 'echo', text=text)
            good = result.endswith(':' + text) and (not server_name or result.startswith(server_name + ':'))
            with lock:
                tally['ok' if good else 'wrong'] += 1
        except Exception as e:  # every failure is counted and named, none stops the run
            with lock:
                tally['failed'] += 1
                tally['errors'].setdefault(type(e).__name__, str(e)[:200])


def print_tally(tally, started):
    out('calls ok=%d wrong=%d failed=%d seconds=%.2f' % (tally['ok'], tally['wrong'], tally['failed'],
                                                         time.time() - started))
    for kind, message in sorted(tally['errors'].items()):
        out('error %s %s' % (kind, message))


def calls(url, topic, count, threads, timeout, server_name=None):
    transport = rpc_transport(url)
    tally = {'ok': 0, 'wrong': 0, 'failed': 0, 'errors': {}}
    lock = threading.Lock()
    count, threads = int(count), int(threads)
    started = time.time()
    workers = [threading.Thread(target=run_calls, name='t%d' % t,
                                args=(transport, topic, count // threads + (1 if t < count % threads else 0),
                                      int(timeout), server_name, tally, lock)) for t in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    print_tally(tally, started)
    transport.cleanup()


def calls_for(url, topic, seconds, timeout):
    transport = rpc_transport(url)
    client = messaging.get_rpc_client(transport, messaging.Target(topic=topic), timeout=int(timeout))
    tally = {'ok': 0, 'wrong': 0, 'failed': 0, 'errors': {}}
    started = time.time()
    last_report = started
    i = 0
    while time.time() - started < float(seconds):
        text = 'n%d' % i
        i += 1
        try:
            result = client.call({}, 'echo', text=text)
            tally['ok' if result.endswith(':' + text) else 'wrong'] += 1
        except Exception as e:
            tally['failed'] += 1
            tally['errors'].setdefault(type(e).__name__, str(e)[:200])
        if time.time() - last_report >= 1:
            last_report = time.time()
            out('progress ok=%d failed=%d' % (tally['ok'], tally['failed']))
    print_tally(tally, started)
    transport.cleanup()


def casts(url, topic, count):
    transport = rpc_transport(url)
    client = messaging.get_rpc_client(transport, messaging.Target(topic=topic))
    for i in range(int(count)):
        client.cast({}, 'remember', text='c%d' % i)
    client.prepare(fanout=True).cast({}, 'hear', text='everyone')
    # Casts are not acknowledged: a call's round trip on the same connection makes sure they have left before
    # the transport is torn down.
    client.prepare(timeout=20).call({}, 'echo', text='flush')
    out('casts sent=%d' % int(count))
    transport.cleanup()


class Notifications(object):
    def __init__(self):
        self.received = 0
        self.lock = threading.Lock()

    def info(self, ctxt, publisher_id, event_type, payload, metadata):
        with self.lock:
            self.received += 1
        return messaging.NotificationResult.HANDLED


def hybrid(rpc_url, rabbit_url, count):
    count = int(count)
    rpc = rpc_transport(rpc_url)
    notify_transport = messaging.get_notification_transport(cfg.CONF, url=rabbit_url)
    server = messaging.get_rpc_server(rpc, messaging.Target(topic='hybrid', server='s1'), [Echo('s1')],
                                      executor='threading')
    server.start()
    received = Notifications()
    listener = messaging.get_notification_listener(notify_transport, [messaging.Target(topic='notifications')],
                                                   [received], executor='threading')
    listener.start()
    notifier = messaging.Notifier(notify_transport, publisher_id='jrouterd.check', driver='messaging',
                                  topics=['notifications'])
    client = messaging.get_rpc_client(rpc, messaging.Target(topic='hybrid'), timeout=20)
    ok = 0
    for i in range(count):
        if client.call({}, 'echo', text='h%d' % i) == 's1:h%d' % i:
            ok += 1
        notifier.info({}, 'jrouterd.check', {'n': i})
    deadline = time.time() + 30
    while received.received < count and time.time() < deadline:
        time.sleep(0.05)
    out('hybrid calls=%d notifications=%d' % (ok, received.received))
    listener.stop()
    listener.wait()
    server.stop()
    server.wait()
    rpc.cleanup()
    notify_transport.cleanup()


if __name__ == '__main__':
    # OSLO_CONFIG_FILE: an oslo.config file for the driver's own options (e.g. [oslo_messaging_amqp] ssl).
    config = os.environ.get('OSLO_CONFIG_FILE')
    cfg.CONF(['--config-file', config] if config else [], project='jrouterd-scenarios')
    command, args = sys.argv[1], sys.argv[2:]
    {'server': server, 'calls': calls, 'calls-for': calls_for, 'casts': casts, 'hybrid': hybrid}[command](*args)
