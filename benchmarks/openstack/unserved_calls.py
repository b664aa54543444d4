"""Time to failure of oslo.messaging RPC calls to a topic no server serves (AMQP 1.0 driver).

usage: unserved_calls.py TRANSPORT_URL CALLS TIMEOUT_SECONDS
Prints one JSON line: the exception each call raised and the median and worst seconds until it did.
"""
import json
import sys
import time

from oslo_config import cfg
import oslo_messaging as messaging


def main(url, calls, timeout):
    cfg.CONF([], project='jrouterd-bench')
    transport = messaging.get_rpc_transport(cfg.CONF, url=url)
    client = messaging.get_rpc_client(transport, messaging.Target(topic='nobody_serves_this'), timeout=timeout)
    times, kinds = [], set()
    for _ in range(calls):
        started = time.time()
        try:
            client.call({}, 'echo', text='x')
            kinds.add('returned')
        except (messaging.MessagingTimeout, messaging.MessageDeliveryFailure) as e:
            kinds.add(type(e).__name__)
        times.append(time.time() - started)
    transport.cleanup()
    times.sort()
    print(json.dumps({'calls': calls, 'timeout': timeout, 'raised': sorted(kinds),
                      'first': round(times[0] if calls == 1 else times[0], 4),
                      'median': round(times[len(times) // 2], 4), 'worst': round(times[-1], 4)}))


if __name__ == '__main__':
    main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]))
