package org.jrouterd.server.management;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.jrouterd.mgmt.agent.EntityChangeRefused;
import org.jrouterd.mgmt.agent.EntityWriter;
import org.jrouterd.transport.server.AmqpServer;

/**
 * {@code connection} UPDATE as qdrouterd does it: {@code adminStatus=deleted} closes the connection with
 * {@code amqp:connection:forced} (how an operator kicks a stuck client) and answers the connection with
 * {@code operStatus closing}; an inter-router connection is refused with 403 Forbidden, as qdrouterd refuses it.
 *
 * <p>Threads: immutable; called on the management thread, the close runs on the connection's event loop.
 */
final class ConnectionWriter implements EntityWriter {

    private final AmqpServer server;

    ConnectionWriter(AmqpServer server) {
        this.server = server;
    }

    @Override
    public CompletableFuture<Map<String, Object>> update(Map<String, Object> entity, Map<String, Object> changes) {
        Object status = changes.get("adminStatus");
        Map<String, Object> after = new LinkedHashMap<>(entity);
        if (status == null || "enabled".equals(status)) {
            return CompletableFuture.completedFuture(after);
        }
        if (!"deleted".equals(status)) {
            return CompletableFuture.failedFuture(new EntityChangeRefused(EntityChangeRefused.BAD_REQUEST,
                    "connection: attribute 'adminStatus': '" + status + "' is not one of enabled, deleted"));
        }
        if ("inter-router".equals(entity.get("role"))) {
            return CompletableFuture.failedFuture(new EntityChangeRefused(EntityChangeRefused.FORBIDDEN,
                    "Forbidden"));
        }
        long id = Long.parseLong(String.valueOf(entity.get("identity")));
        return server.closeConnection(id).thenApply(closing -> {
            after.put("adminStatus", "deleted");
            after.put("operStatus", "closing");
            return after;
        });
    }
}
