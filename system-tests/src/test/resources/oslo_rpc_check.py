"""oslo.messaging RPC over its AMQP 1.0 driver through one router: call, directed call, cast, fanout to two
servers, and a call that no server serves (it must fail within its timeout, not hang; at once through fail-fast
addresses).

usage: oslo_rpc_check.py TRANSPORT_URL
Prints one line per check; the system test reads them.
"""
import sys
import time

from oslo_config import cfg
import oslo_messaging as messaging

TOPIC = 'jrouterd_check'


class Endpoint(object):
    def __init__(self, name):
        self.name = name
        self.casts = []
        self.fanouts = []

    def echo(self, ctxt, text):
        return '%s:%s' % (self.name, text.upper())

    def remember(self, ctxt, text):
        self.casts.append(text)

    def hear(self, ctxt, text):
        self.fanouts.append(text)


def wait_for(condition, seconds):
    deadline = time.time() + seconds
    while not condition() and time.time() < deadline:
        time.sleep(0.05)
    return condition()


def main(url):
    cfg.CONF([], project='jrouterd-check')
    transport = messaging.get_rpc_transport(cfg.CONF, url=url)
    endpoints = [Endpoint('server1'), Endpoint('server2')]
    servers = [messaging.get_rpc_server(transport, messaging.Target(topic=TOPIC, server=e.name), [e],
                                        executor='threading') for e in endpoints]
    for server in servers:
        server.start()
    client = messaging.get_rpc_client(transport, messaging.Target(topic=TOPIC), timeout=20)
    print('call %s' % client.call({}, 'echo', text='hello'))
    print('directed %s' % client.prepare(server='server2').call({}, 'echo', text='to two'))
    client.cast({}, 'remember', text='c1')
    client.prepare(fanout=True).cast({}, 'hear', text='f1')
    wait_for(lambda: sum(len(e.casts) for e in endpoints) == 1 and all(e.fanouts for e in endpoints), 20)
    print('casts %d' % sum(len(e.casts) for e in endpoints))
    print('fanout %s' % ' '.join('%s=%s' % (e.name, ','.join(e.fanouts)) for e in endpoints))
    nobody = messaging.get_rpc_client(transport, messaging.Target(topic='nobody_serves_this'), timeout=3)
    started = time.time()
    try:
        nobody.call({}, 'echo', text='x')
        print('unserved returned')
    except messaging.MessagingTimeout:
        print('unserved MessagingTimeout after %.0f s' % (time.time() - started))
    except messaging.MessageDeliveryFailure:
        # a fail-fast address: the router rejected the call at once (no server anywhere)
        print('unserved MessageDeliveryFailure after %.3f s' % (time.time() - started))
    for server in servers:
        server.stop()
        server.wait()
    transport.cleanup()
    print('done')


if __name__ == '__main__':
    main(sys.argv[1])
