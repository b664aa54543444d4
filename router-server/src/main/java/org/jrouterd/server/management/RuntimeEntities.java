package org.jrouterd.server.management;

import org.jrouterd.core.address.AddressConfigTable;
import org.jrouterd.core.engine.CoreProxy;
import org.jrouterd.transport.server.AmqpServer;

/**
 * The entity types a running router can change through management — {@code listener}, {@code connector},
 * {@code router.config.address}, {@code connection} — built once by the starting router, which adds what it
 * started with; management then creates and deletes through the same parts.
 *
 * <p>Threads: see each part; built by the starting thread.
 *
 * @param listeners   the listeners
 * @param connectors  the connectors
 * @param addresses   the address entries
 * @param connections connection UPDATE
 */
public record RuntimeEntities(ListenerEntities listeners, ConnectorEntities connectors, AddressEntities addresses,
                              org.jrouterd.mgmt.agent.EntityWriter connections) {

    /** Empty parts over a router's server, core and address table. */
    public static RuntimeEntities of(AmqpServer server, CoreProxy core, AddressConfigTable table) {
        return new RuntimeEntities(new ListenerEntities(server), new ConnectorEntities(server),
                new AddressEntities(core, table, server.registry()::barrier), new ConnectionWriter(server));
    }
}
