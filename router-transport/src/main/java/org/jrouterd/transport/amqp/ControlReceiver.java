package org.jrouterd.transport.amqp;

import org.apache.qpid.proton.codec.ReadableBuffer;
import org.apache.qpid.proton.engine.Delivery;
import org.apache.qpid.proton.engine.Receiver;
import org.jrouterd.core.linkstate.ControlEnvelope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The incoming inter-router control link: HELLO, RA, LSU, LSR, MAU and MAR from the neighbour. Each message is
 * decoded (they are few and small) and handed to the core thread; it is settled at once (control messages travel
 * pre-settled), and credit is kept topped up.
 *
 * <p>Threads: owned by its connection's event loop.
 */
final class ControlReceiver {

    private static final Logger LOG = LoggerFactory.getLogger("ROUTER_HELLO");
    /** Control messages are small; a bigger one is not from a router. */
    private static final int MAX_CONTROL_MESSAGE = 1 << 20;

    private final AmqpConnection connection;
    private final Receiver receiver;
    private final long connectionId;
    private final int capacity;
    private final LinkCounters counters;
    private boolean closed;

    ControlReceiver(AmqpConnection connection, Receiver receiver, long connectionId, int capacity) {
        this.connection = connection;
        this.receiver = receiver;
        this.connectionId = connectionId;
        this.capacity = capacity;
        this.counters = new LinkCounters(connection.nextLinkId(), connection.nowMillis());
        counters.describe(LinkSnapshot.ROUTER_CONTROL, LinkSnapshot.CONTROL_PRIORITY);
    }

    Receiver receiver() {
        return receiver;
    }

    /** Grants credit up to the window. */
    void topUpCredit() {
        int credit = receiver.getCredit();
        if (!closed && credit <= capacity / 2) {
            receiver.flow(capacity - credit);
        }
    }

    /** A delivery event: hands a complete control message to the core. */
    void onDelivery(Delivery delivery) {
        if (closed) {
            return;
        }
        if (delivery.isPartial()) {
            if (delivery.pending() > MAX_CONTROL_MESSAGE) {
                connection.detachWithError(receiver, "amqp:link:message-size-exceeded",
                        "control messages are at most " + MAX_CONTROL_MESSAGE + " bytes");
            }
            return;
        }
        ReadableBuffer payload = receiver.recv();
        receiver.advance();
        counters.deliveries++;
        if (delivery.remotelySettled()) {
            counters.presettled++;
        }
        delivery.settle();
        if (!delivery.isAborted()) {
            try {
                connection.router().core().controlReceived(connectionId, ControlEnvelope.decode(payload));
            } catch (IllegalArgumentException e) {
                LOG.warn("Ignoring a malformed control message on connection {}: {}", connectionId, e.getMessage());
            }
        }
        topUpCredit();
    }

    void close() {
        closed = true;
    }

    boolean isClosed() {
        return closed;
    }

    /** The link as management shows it (control messages are settled on arrival: none is ever unsettled). */
    LinkSnapshot snapshot(long nowMillis) {
        return counters.snapshot(nowMillis, receiver.getName(), LinkSnapshot.DIR_IN, null, connectionId, capacity,
                receiver.getCredit(), 0, 0, counters.deliveries, 0, 0);
    }
}
