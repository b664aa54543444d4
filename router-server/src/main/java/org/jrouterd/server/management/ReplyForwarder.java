package org.jrouterd.server.management;

import java.nio.BufferOverflowException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.messaging.MessageAnnotations;
import org.apache.qpid.proton.codec.DroppingWritableBuffer;
import org.apache.qpid.proton.codec.ReadableBuffer;
import org.apache.qpid.proton.message.Message;
import org.jrouterd.core.address.AddressName;
import org.jrouterd.core.forward.AddressRoute;
import org.jrouterd.core.forward.ForwardingTable;
import org.jrouterd.core.forward.Forwarder;
import org.jrouterd.core.forward.InterRouterEnvelope;
import org.jrouterd.core.forward.NeighbourLinks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes the agent's responses like any message from a local producer: pre-settled, to the consumer of the
 * reply-to address here, or towards the router that owns it ({@code _topo/0/<other>/…}, a request that came
 * across the mesh) with this router as ingress and trace. A response whose address has no consumer is dropped and
 * counted, as qdrouterd drops it.
 *
 * <p>Threads: any thread (the management thread, or the thread that completed the agent's future); the counters
 * are atomic.
 */
public final class ReplyForwarder {

    private static final Logger LOG = LoggerFactory.getLogger("AGENT");
    private static final Symbol INGRESS = Symbol.valueOf("x-opt-qd.ingress");
    private static final Symbol TRACE = Symbol.valueOf("x-opt-qd.trace");
    /** Beyond this a response is not sent (a query pages; qdstat asks for 500 rows at a time). */
    private static final int MAX_RESPONSE_BYTES = 256 * 1024 * 1024;

    private final String selfId;
    private final ForwardingTable forwarding;
    private final AtomicInteger cursor = new AtomicInteger();
    private final AtomicLong unroutable = new AtomicLong();

    public ReplyForwarder(String selfId, ForwardingTable forwarding) {
        this.selfId = selfId;
        this.forwarding = forwarding;
    }

    /** Routes one response to its {@code to} address. */
    public void send(Message response) {
        String to = response.getAddress();
        if (to == null) {
            unroutable.incrementAndGet();
            return;
        }
        AddressRoute route = forwarding.resolve(AddressName.normalize(to), selfId);
        byte[] local = encode(response);
        Forwarder.Result result = Forwarder.forward(route, ReadableBuffer.ByteBufferReader.wrap(local), 0, true,
                false, null, cursor.getAndIncrement(), new Journey(response));
        if (result != Forwarder.Result.FORWARDED) {
            unroutable.incrementAndGet();
            LOG.debug("Management response to {} dropped: no consumer of that address", to);
        }
    }

    /** Responses dropped because their address had no consumer. */
    public long unroutableCount() {
        return unroutable.get();
    }

    /**
     * The encoded message. proton-j's map encoding may ask for more room than it writes, so the buffer starts at
     * twice the measured size and doubles until the message fits.
     */
    static byte[] encode(Message message) {
        DroppingWritableBuffer sizer = new DroppingWritableBuffer();
        message.encode(sizer);
        for (int capacity = Math.max(256, 2 * sizer.position()); ; capacity *= 2) {
            byte[] buffer = new byte[capacity];
            try {
                int length = message.encode(buffer, 0, capacity);
                return Arrays.copyOf(buffer, length);
            } catch (BufferOverflowException e) {
                if (capacity > MAX_RESPONSE_BYTES) {
                    throw e;
                }
            }
        }
    }

    /** A response's journey: it enters the mesh here; neighbours get it with this router as ingress and trace. */
    private final class Journey implements InterRouterEnvelope {
        private final Message response;
        private ReadableBuffer forNeighbours;

        Journey(Message response) {
            this.response = response;
        }

        @Override
        public String ingress() {
            return selfId;
        }

        @Override
        public boolean enteredHere() {
            return true;
        }

        @Override
        public boolean fromContainer() {
            return true;
        }

        @Override
        public boolean visited(String routerId) {
            return false;
        }

        @Override
        public int priority() {
            return NeighbourLinks.DEFAULT_PRIORITY;
        }

        @Override
        public ReadableBuffer payloadForNeighbours() {
            if (forNeighbours == null) {
                String self = "0/" + selfId;
                Message stamped = Message.Factory.create(response.getHeader(), response.getDeliveryAnnotations(),
                        new MessageAnnotations(Map.of(INGRESS, self, TRACE, List.of(self))),
                        response.getProperties(), response.getApplicationProperties(), response.getBody(),
                        response.getFooter());
                forNeighbours = ReadableBuffer.ByteBufferReader.wrap(encode(stamped));
            }
            return forNeighbours.duplicate();
        }
    }
}
