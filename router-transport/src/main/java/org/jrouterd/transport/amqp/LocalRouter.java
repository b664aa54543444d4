package org.jrouterd.transport.amqp;

import java.util.Objects;
import org.jrouterd.core.address.AddressConfigTable;
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
 */
public record LocalRouter(String id, CoreProxy core, ForwardingTable forwarding, AddressConfigTable addressConfig,
                          SaslMechanisms sasl) {

    public LocalRouter {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(core, "core");
        Objects.requireNonNull(forwarding, "forwarding");
        Objects.requireNonNull(addressConfig, "addressConfig");
        Objects.requireNonNull(sasl, "sasl");
    }
}
