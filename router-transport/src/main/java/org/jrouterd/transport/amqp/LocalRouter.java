package org.jrouterd.transport.amqp;

import java.util.Objects;
import org.jrouterd.core.address.AddressConfigTable;
import org.jrouterd.core.delivery.MessageMemory;
import org.jrouterd.core.engine.CoreProxy;
import org.jrouterd.core.forward.ForwardingTable;
import org.jrouterd.transport.sasl.SaslMechanisms;

/**
 * What a connection needs from the router it belongs to: the router's identity, the way into the core thread,
 * the published routes, and the configured address table. Immutable holder; shared by all I/O threads.
 *
 * @param id            the router id (the AMQP container-id of its connections)
 * @param core          posts actions to the core thread
 * @param forwarding    the published routes (read on I/O threads)
 * @param addressConfig the configured address entries; read-only once the router has started
 * @param sasl          the SASL mechanisms listeners may offer
 * @param memory        the budget of bytes held for messages in flight
 * @param writeTimeoutMillis how long a connection's socket may accept no bytes while the router has bytes for it,
 *                      before the connection is closed hard; 0 disables it
 */
public record LocalRouter(String id, CoreProxy core, ForwardingTable forwarding, AddressConfigTable addressConfig,
                          SaslMechanisms sasl, MessageMemory memory, long writeTimeoutMillis) {

    /** Default write time-out: a peer that reads nothing for this long is cut off. */
    public static final long DEFAULT_WRITE_TIMEOUT_MILLIS = 60_000;

    /** A router with the default message budget (a share of the heap) and write time-out. */
    public LocalRouter(String id, CoreProxy core, ForwardingTable forwarding, AddressConfigTable addressConfig,
                       SaslMechanisms sasl) {
        this(id, core, forwarding, addressConfig, sasl, MessageMemory.fromHeap(), DEFAULT_WRITE_TIMEOUT_MILLIS);
    }

    public LocalRouter {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(core, "core");
        Objects.requireNonNull(forwarding, "forwarding");
        Objects.requireNonNull(addressConfig, "addressConfig");
        Objects.requireNonNull(sasl, "sasl");
        Objects.requireNonNull(memory, "memory");
        if (writeTimeoutMillis < 0) {
            throw new IllegalArgumentException("write time-out must not be negative: " + writeTimeoutMillis);
        }
    }
}
