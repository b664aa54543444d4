package org.jrouterd.mgmt.schema;

import static org.jrouterd.mgmt.schema.AttributeDef.bool;
import static org.jrouterd.mgmt.schema.AttributeDef.entityId;
import static org.jrouterd.mgmt.schema.AttributeDef.enumOf;
import static org.jrouterd.mgmt.schema.AttributeDef.integer;
import static org.jrouterd.mgmt.schema.AttributeDef.list;
import static org.jrouterd.mgmt.schema.AttributeDef.map;
import static org.jrouterd.mgmt.schema.AttributeDef.string;

import java.util.List;

/**
 * The operational (runtime, read-only) types management reports: router.link, router.address, router.node,
 * connection, and the statistics types; plus the management node types. None can be written in a config file.
 */
final class OperationalTypes {

    private OperationalTypes() {
    }

    static List<EntityType> all() {
        return List.of(link(), address(), node(), connection(), logStats(), allocator(), vhostStats(),
                EntityType.operational("org.amqp.management").doc("The standard AMQP management node.")
                        .operations("QUERY", "GET-TYPES", "GET-ANNOTATIONS", "GET-OPERATIONS", "GET-ATTRIBUTES",
                                "GET-MGMT-NODES").build(),
                EntityType.operational("management").singleton().doc("qdrouterd's management extensions.")
                        .operations("GET-SCHEMA", "GET-JSON-SCHEMA", "GET-LOG", "PROFILE").build());
    }

    private static EntityType.Builder counters(EntityType.Builder type, String... names) {
        for (String name : names) {
            type.attribute(integer(name).readOnly().doc("Statistic."));
        }
        return type;
    }

    static EntityType link() {
        EntityType.Builder link = EntityType.operational("router.link")
                .operations("UPDATE")
                .doc("A link attached to the router: a client's, a route-container's or an inter-router link.")
                .attribute(enumOf("adminStatus", "enabled", "disabled").def("enabled").updatable()
                        .doc("Set to disabled to detach the link."))
                .attribute(enumOf("operStatus", "up", "down", "quiescing", "idle").readOnly().doc("Link state."))
                .attribute(string("linkName").readOnly().doc("Name from the Attach."))
                .attribute(enumOf("linkType", "endpoint", "router-control", "inter-router").readOnly()
                        .doc("endpoint, router-control or inter-router."))
                .attribute(enumOf("linkDir", "in", "out").readOnly().doc("Direction of delivery flow."))
                .attribute(string("owningAddr").readOnly().doc("Address of the link (hash key)."))
                .attribute(integer("capacity").readOnly().doc("Credit window."))
                .attribute(string("peer").readOnly().doc("Paired link of a link-routed link."))
                .attribute(integer("connectionId").readOnly().doc("Identity of the connection."))
                .attribute(integer("priority").readOnly().doc("Priority of an inter-router data link."))
                .attribute(list("ingressHistogram").readOnly().doc("Deliveries per ingress router."));
        return counters(link, "undeliveredCount", "unsettledCount", "deliveryCount", "presettledCount",
                "droppedPresettledCount", "acceptedCount", "rejectedCount", "releasedCount", "modifiedCount",
                "deliveriesDelayed1Sec", "deliveriesDelayed10Sec", "deliveriesStuck", "creditAvailable",
                "zeroCreditSeconds", "settleRate").build();
    }

    static EntityType address() {
        EntityType.Builder address = EntityType.operational("router.address")
                .doc("An address the router knows, by hash key (e.g. M0foo).")
                .attribute(enumOf("distribution", "flood", "multicast", "closest", "balanced", "linkBalanced",
                        "unavailable").readOnly().doc("Forwarding treatment."))
                .attribute(string("key").readOnly().doc("Hash key."))
                .attribute(list("remoteHostRouters").readOnly().doc("Routers with a destination."))
                .attribute(list("transitOutstanding").readOnly().doc("Outstanding deliveries per transit link."))
                .attribute(integer("priority").readOnly().doc("Priority, or -1."));
        return counters(address, "inProcess", "subscriberCount", "remoteCount", "containerCount",
                "deliveriesIngress", "deliveriesEgress", "deliveriesTransit", "deliveriesToContainer",
                "deliveriesFromContainer", "deliveriesIngressRouteContainer", "deliveriesEgressRouteContainer",
                "deliveriesRedirectedToFallback", "trackedDeliveries").build();
    }

    static EntityType node() {
        return EntityType.operational("router.node")
                .doc("Another router in the mesh.")
                .attribute(string("id").readOnly().doc("Router id."))
                .attribute(integer("protocolVersion").readOnly().doc("Router protocol version."))
                .attribute(integer("instance").readOnly().doc("Boot time of the router."))
                .attribute(list("linkState").readOnly().doc("Its neighbours."))
                .attribute(string("nextHop").readOnly().doc("Neighbour on the path to it."))
                .attribute(list("validOrigins").readOnly().doc("Valid multicast origins via it."))
                .attribute(string("address").readOnly().doc("Its topological address."))
                .attribute(entityId("routerLink").readOnly().doc("Local link to it, if a neighbour."))
                .attribute(integer("cost").readOnly().doc("Path cost."))
                .attribute(integer("lastTopoChange").readOnly().doc("Time of its last neighbourhood change."))
                .attribute(integer("index").readOnly().doc("Its index in statistics."))
                .build();
    }

    static EntityType connection() {
        return EntityType.operational("connection")
                .operations("UPDATE")
                .doc("An AMQP connection to the router, in or out.")
                .attribute(enumOf("adminStatus", "enabled", "deleted").def("enabled").updatable()
                        .doc("Set to deleted to close the connection."))
                .attribute(enumOf("operStatus", "up", "closing").readOnly().doc("Connection state."))
                .attribute(string("protocol").readOnly().doc("amqp, tcp or http."))
                .attribute(string("container").readOnly().doc("Peer container id."))
                .attribute(bool("opened").readOnly().doc("Open has been exchanged."))
                .attribute(string("host").readOnly().doc("Peer host:port (a connector's configured host:port)."))
                .attribute(enumOf("dir", "in", "out").readOnly().doc("Who connected."))
                .attribute(string("role").readOnly().doc("normal, inter-router, route-container or edge."))
                .attribute(bool("isAuthenticated").readOnly().doc("The user is authenticated."))
                .attribute(bool("isEncrypted").readOnly().doc("The connection is encrypted."))
                .attribute(bool("enableProtocolTrace").def(false).updatable().doc("Trace frames on it."))
                .attribute(string("sasl").readOnly().doc("SASL mechanism used."))
                .attribute(string("user").readOnly().doc("Authenticated user."))
                .attribute(bool("ssl").readOnly().doc("TLS is in use."))
                .attribute(string("sslProto").readOnly().doc("TLS protocol."))
                .attribute(string("sslCipher").readOnly().doc("TLS cipher."))
                .attribute(integer("sslSsf").readOnly().doc("TLS strength factor."))
                .attribute(string("tenant").readOnly().doc("Tenant of a multi-tenant listener."))
                .attribute(integer("uptimeSeconds").readOnly().doc("Seconds since it opened."))
                .attribute(map("properties").readOnly().doc("The peer's Open properties."))
                .attribute(integer("lastDlvSeconds").readOnly().doc("Seconds since its last delivery."))
                .build();
    }

    static EntityType logStats() {
        return counters(EntityType.operational("logStats").doc("Events per level of one log module."),
                "traceCount", "debugCount", "infoCount", "noticeCount", "warningCount", "errorCount",
                "criticalCount").build();
    }

    static EntityType allocator() {
        EntityType.Builder allocator = EntityType.operational("allocator").doc("A memory pool (qdrouterd).")
                .attribute(string("typeName").readOnly().doc("Pooled type."));
        return counters(allocator, "typeSize", "transferBatchSize", "localFreeListMax", "globalFreeListMax",
                "totalAllocFromHeap", "totalFreeToHeap", "heldByThreads", "batchesRebalancedToThreads",
                "batchesRebalancedToGlobal").build();
    }

    static EntityType vhostStats() {
        EntityType.Builder stats = EntityType.operational("vhostStats").doc("Connections and denials of a vhost.")
                .attribute(string("hostname").readOnly().doc("The vhost."))
                .attribute(map("perUserState").readOnly().doc("Connections per user."))
                .attribute(map("perHostState").readOnly().doc("Connections per host."));
        return counters(stats, "connectionsApproved", "connectionsDenied", "connectionsCurrent", "sessionDenied",
                "senderDenied", "receiverDenied", "maxMessageSizeDenied").build();
    }
}
