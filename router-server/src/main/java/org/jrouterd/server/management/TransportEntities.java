package org.jrouterd.server.management;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.jrouterd.transport.amqp.ConnectionSnapshot;
import org.jrouterd.transport.amqp.DeliveryTotals;
import org.jrouterd.transport.amqp.LinkSnapshot;
import org.jrouterd.transport.server.AmqpServer;

/**
 * The {@code connection} and {@code router.link} entities, and the {@code router} entity's totals, from the
 * transport's snapshots, each read on its connection's event loop (see {@link AmqpServer#connections()}).
 *
 * <p>Threads: immutable; the futures complete on an event loop.
 */
public final class TransportEntities {

    private final String routerId;
    private final AmqpServer server;

    public TransportEntities(String routerId, AmqpServer server) {
        this.routerId = routerId;
        this.server = server;
    }

    /** {@code connection}: every live connection. */
    public CompletableFuture<List<Map<String, Object>>> connections() {
        return server.connections().thenApply(snapshots -> {
            List<Map<String, Object>> all = new ArrayList<>(snapshots.size());
            for (ConnectionSnapshot c : snapshots) {
                Map<String, Object> entity = new LinkedHashMap<>();
                entity.put("name", "connection/" + c.host());
                entity.put("identity", Long.toString(c.identity()));
                entity.put("host", c.host());
                entity.put("role", c.role());
                entity.put("protocol", ConnectionSnapshot.PROTOCOL);
                entity.put("dir", c.dir());
                entity.put("container", c.container());
                entity.put("isAuthenticated", c.isAuthenticated());
                entity.put("user", c.user());
                entity.put("isEncrypted", c.isEncrypted());
                entity.put("sasl", c.sasl());
                entity.put("properties", c.properties());
                entity.put("sslSsf", c.sslSsf());
                entity.put("ssl", c.ssl());
                entity.put("sslProto", c.sslProto());
                entity.put("sslCipher", c.sslCipher());
                entity.put("opened", c.opened());
                entity.put("active", true);
                entity.put("adminStatus", c.adminStatus());
                entity.put("operStatus", c.operStatus());
                entity.put("uptimeSeconds", c.uptimeSeconds());
                entity.put("lastDlvSeconds", c.lastDlvSeconds());
                entity.put("enableProtocolTrace", false);
                all.add(entity);
            }
            return all;
        });
    }

    /** {@code router.link}: every link of every live connection; {@code owningAddr} is the address's hash key. */
    public CompletableFuture<List<Map<String, Object>>> links() {
        return server.links().thenApply(snapshots -> {
            List<Map<String, Object>> all = new ArrayList<>(snapshots.size());
            for (LinkSnapshot l : snapshots) {
                Map<String, Object> entity = new LinkedHashMap<>();
                entity.put("name", l.linkName());
                entity.put("identity", Long.toString(l.identity()));
                entity.put("linkType", l.linkType());
                entity.put("linkDir", l.linkDir());
                entity.put("linkName", l.linkName());
                entity.put("owningAddr", l.address() == null ? null : AddressKeys.key(l.address(), routerId));
                entity.put("capacity", (long) l.capacity());
                entity.put("undeliveredCount", l.undeliveredCount());
                entity.put("unsettledCount", l.unsettledCount());
                entity.put("deliveryCount", l.deliveryCount());
                entity.put("presettledCount", l.presettledCount());
                entity.put("droppedPresettledCount", l.droppedPresettledCount());
                entity.put("acceptedCount", l.acceptedCount());
                entity.put("rejectedCount", l.rejectedCount());
                entity.put("releasedCount", l.releasedCount());
                entity.put("modifiedCount", l.modifiedCount());
                entity.put("deliveriesDelayed1Sec", l.deliveriesDelayed1Sec());
                entity.put("deliveriesDelayed10Sec", l.deliveriesDelayed10Sec());
                entity.put("deliveriesStuck", l.deliveriesStuck());
                entity.put("openMovingAverage", null);
                entity.put("creditAvailable", (long) l.creditAvailable());
                entity.put("zeroCreditSeconds", l.zeroCreditSeconds());
                entity.put("settleRate", l.settleRate());
                entity.put("adminStatus", l.adminStatus());
                entity.put("operStatus", l.operStatus());
                entity.put("connectionId", l.connectionId());
                entity.put("peer", null);
                entity.put("priority", (long) l.priority());
                all.add(entity);
            }
            return all;
        });
    }

    /**
     * The {@code router} entity's counts that come from connections and links: how many there are now, and the
     * delivery totals since the router started (see {@link DeliveryTotals} for which links count where).
     */
    public CompletableFuture<Map<String, Object>> routerCounts() {
        CompletableFuture<List<ConnectionSnapshot>> connections = server.connections();
        CompletableFuture<DeliveryTotals> totals = server.registry().deliveryTotals();
        return CompletableFuture.allOf(connections, totals).thenApply(ignored -> {
            DeliveryTotals t = totals.join();
            List<ConnectionSnapshot> conns = connections.join();
            Map<String, Object> counts = new LinkedHashMap<>();
            counts.put("linkCount", t.liveLinks());
            counts.put("linksBlocked", t.blockedLinks());
            counts.put("connectionCount", (long) conns.size());
            counts.put("presettledDeliveries", t.presettledDeliveries());
            counts.put("droppedPresettledDeliveries", t.droppedPresettledDeliveries());
            counts.put("acceptedDeliveries", t.acceptedDeliveries());
            counts.put("rejectedDeliveries", t.rejectedDeliveries());
            counts.put("releasedDeliveries", t.releasedDeliveries());
            counts.put("modifiedDeliveries", t.modifiedDeliveries());
            counts.put("deliveriesDelayed1Sec", t.deliveriesDelayed1Sec());
            counts.put("deliveriesDelayed10Sec", t.deliveriesDelayed10Sec());
            counts.put("deliveriesStuck", t.deliveriesStuck());
            counts.put("deliveriesIngress", t.deliveriesIngress());
            counts.put("deliveriesEgress", t.deliveriesEgress());
            counts.put("deliveriesTransit", t.deliveriesTransit());
            return counts;
        });
    }
}
