#!/usr/bin/python3
"""Polls a router's $management as `qdstat -l` and `qdstat -a` do, every INTERVAL seconds, over one connection,
until DURATION seconds have passed; prints how many polls were answered and their median round trip.

    poll.py HOST:PORT INTERVAL DURATION
"""
import signal
import sys
import time

from proton import Message
from proton.utils import BlockingConnection, SyncRequestResponse

# The attribute lists qdstat 1.19 asks for (libexec/qdstat displayRouterLinks and displayAddresses query every
# attribute of the type, in pages of count 500).
QUERIES = ["org.apache.qpid.dispatch.router.link", "org.apache.qpid.dispatch.router.address"]


def main():
    url, interval, duration = "amqp://" + sys.argv[1], float(sys.argv[2]), float(sys.argv[3])
    connection = BlockingConnection(url, timeout=10)
    client = SyncRequestResponse(connection, "$management")
    trips = []
    end = time.monotonic() + duration
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        poll(client, interval, end, trips)
    finally:
        trips.sort()
        print("polls %d median_ms %.2f" % (len(trips), 1000 * trips[len(trips) // 2] if trips else 0), flush=True)
        connection.close()


def poll(client, interval, end, trips):
    while time.monotonic() < end:
        started = time.monotonic()
        for entity_type in QUERIES:
            request = Message(properties={"operation": "QUERY", "type": "org.amqp.management",
                                          "entityType": entity_type, "offset": 0, "count": 500},
                              body={"attributeNames": []})
            response = client.call(request)
            if response.properties["statusCode"] != 200:
                raise SystemExit("QUERY %s: %s" % (entity_type, response.properties))
        trips.append(time.monotonic() - started)
        time.sleep(max(0.0, interval - (time.monotonic() - started)))


if __name__ == "__main__":
    main()
