package org.jrouterd.mgmt.schema;

import static org.jrouterd.mgmt.schema.AttributeDef.bool;
import static org.jrouterd.mgmt.schema.AttributeDef.enumOf;
import static org.jrouterd.mgmt.schema.AttributeDef.integer;
import static org.jrouterd.mgmt.schema.AttributeDef.map;
import static org.jrouterd.mgmt.schema.AttributeDef.path;
import static org.jrouterd.mgmt.schema.AttributeDef.string;

import java.util.List;

/** The router-wide entity types: router, log, policy, vhost (and its group settings), console. */
final class RouterTypes {

    /** The log modules qdrouterd 1.19 knows, plus the ones PROTOCOL.md lists. */
    static final String[] LOG_MODULES = {"ROUTER", "ROUTER_CORE", "ROUTER_HELLO", "ROUTER_LS", "ROUTER_MA",
        "MESSAGE", "SERVER", "AGENT", "AUTHSERVICE", "CONTAINER", "ERROR", "POLICY", "HTTP", "CONN_MGR", "PYTHON",
        "PROTOCOL", "TCP_ADAPTOR", "HTTP_ADAPTOR", "FLOW_LOG", "DEFAULT"};

    private static final String[] ROUTER_COUNTERS = {"addrCount", "linkCount", "blockedLinkCount", "nodeCount",
        "linkRouteCount", "autoLinkCount", "connectionCount", "presettledDeliveries", "droppedPresettledDeliveries",
        "acceptedDeliveries", "rejectedDeliveries", "releasedDeliveries", "modifiedDeliveries",
        "deliveriesDelayed1Sec", "deliveriesDelayed10Sec", "deliveriesStuck", "deliveriesIngress",
        "deliveriesEgress", "deliveriesTransit", "deliveriesIngressRouteContainer",
        "deliveriesEgressRouteContainer", "deliveriesRedirectedToFallback", "uptimeSeconds", "memoryUsage",
        // Not in qdrouterd's schema file, but its core agent sends it and qdstat -g shows it as "Links Blocked".
        "linksBlocked"};

    private RouterTypes() {
    }

    static List<EntityType> all() {
        EntityType groupSettings = vhostUserGroupSettings();
        return List.of(router(), log(), policy(), vhost(groupSettings), groupSettings, console());
    }

    static EntityType router() {
        EntityType.Builder router = EntityType.configuration("router")
                .singleton()
                .implemented()
                .doc("The router itself: its id, mode and timers. A missing router section gets the defaults.")
                .attribute(string("id").alias("routerId").rule(ValueRules.NO_WHITESPACE)
                        .doc("Router id; random when not set."))
                .attribute(enumOf("mode", "standalone", "interior", "edge").def("standalone")
                        .notImplementedValues("edge")
                        .doc("standalone, interior (joins a mesh over inter-router connections) or edge."))
                .attribute(string("area").def("0").readOnly().doc("Unused; always 0."))
                .attribute(string("version").readOnly().doc("Software version."))
                .attribute(string("hostName").readOnly().doc("Host the router runs on."))
                .attribute(integer("helloIntervalSeconds").def(1).min(1).alias("helloInterval")
                        .doc("Seconds between HELLOs to neighbours."))
                .attribute(integer("helloMaxAgeSeconds").def(3).min(1).alias("helloMaxAge")
                        .doc("Seconds without a HELLO before a neighbour is lost."))
                .attribute(integer("raIntervalSeconds").def(30).min(1).alias("raInterval")
                        .doc("Seconds between router advertisements when stable."))
                .attribute(integer("raIntervalFluxSeconds").def(4).min(1).alias("raIntervalFlux")
                        .doc("Seconds between router advertisements while the topology changes."))
                .attribute(integer("remoteLsMaxAgeSeconds").def(60).min(1).alias("remoteLsMaxAge")
                        .doc("Seconds without an RA before a router's link state expires."))
                .attribute(integer("workerThreads").def(4).min(1).max(1024)
                        .doc("Threads for message traffic: the number of I/O event loops."))
                .attribute(path("debugDumpFile").alias("debugDump")
                        .noEffect("qdrouterd dumps its memory pools there at exit; jrouterd has no memory pools")
                        .doc("File for debug dumps."))
                .attribute(path("saslConfigDir").alias("saslConfigPath")
                        .doc("Directory of the SASL configuration file <saslConfigName>.conf; jrouterd reads its "
                                + "mech_list and jrouterd_user_store (docs/security.md)."))
                .attribute(string("saslConfigName").def("qdrouterd")
                        .doc("Name of the SASL configuration: this string + '.conf' is the file's name."))
                .attribute(bool("allowResumableLinkRoute").def(true).noEffect("link routes are not supported yet")
                        .doc("Allow link routes with a non-zero timeout."))
                .attribute(bool("timestampsInUTC").def(false).doc("Log timestamps in UTC."))
                .attribute(string("timestampFormat")
                        .noEffect("log timestamps keep qdrouterd's default format; a custom format is not supported "
                                + "yet")
                        .doc("Format of log timestamps."))
                .attribute(bool("allowUnsettledMulticast").def(false)
                        .deprecated("qdrouterd 1.19 ignores it and so does jrouterd: unsettled multicast is always "
                                + "allowed, and its sender learns the outcome once every member has settled its copy")
                        .doc("Deprecated and ignored: unsettled multicast is always allowed."))
                .attribute(enumOf("defaultDistribution", AddressingTypes.DISTRIBUTIONS).def("balanced")
                        .doc("Distribution of addresses no address entry matches."))
                .attribute(string("metadata").noEffect("only management reads it, and jrouterd does not serve "
                        + "$management yet").doc("Free text for tools; no effect on routing."));
        for (String counter : ROUTER_COUNTERS) {
            router.attribute(integer(counter).readOnly().doc("Statistic."));
        }
        return router.build();
    }

    static EntityType log() {
        return EntityType.configuration("log")
                .implemented()
                .operations("UPDATE")
                .doc("Logging of one module; DEFAULT sets what other modules inherit.")
                .attribute(enumOf("module", LOG_MODULES).required().doc("The module; DEFAULT for all."))
                .attribute(string("enable").updatable().rule(ValueRules.LOG_ENABLE)
                        .doc("Levels: 'none' or e.g. 'info+', 'trace,debug,warning+'."))
                .attribute(bool("includeTimestamp").alias("timestamp").updatable().doc("Timestamp each line."))
                .attribute(bool("includeSource").alias("source").updatable().doc("Source file and line on each line."))
                .attribute(string("outputFile").alias("output").updatable()
                        .doc("stderr, stdout, syslog or a file name."))
                .build();
    }

    static EntityType policy() {
        return EntityType.configuration("policy")
                .singleton()
                .doc("Router-wide connection limits and vhost policy switch.")
                .attribute(integer("maxConnections").def(65535).min(0).doc("Most concurrent connections."))
                .attribute(integer("maxMessageSize").def(0).min(0).doc("Largest message in bytes; 0 means no limit."))
                .attribute(bool("enableVhostPolicy").def(false).doc("Enforce vhost policies."))
                .attribute(bool("enableVhostNamePatterns").def(false).doc("vhost hostnames are patterns."))
                .attribute(path("policyDir").def("").doc("Directory of vhost .json files."))
                .attribute(string("defaultVhost").def("$default").doc("vhost for connections that name none."))
                .attribute(integer("connectionsProcessed").readOnly().doc("Statistic."))
                .attribute(integer("connectionsDenied").readOnly().doc("Statistic."))
                .attribute(integer("connectionsCurrent").readOnly().doc("Statistic."))
                .attribute(integer("linksDenied").readOnly().doc("Statistic."))
                .attribute(integer("maxMessageSizeDenied").readOnly().doc("Statistic."))
                .attribute(integer("totalDenials").readOnly().doc("Statistic."))
                .build();
    }

    static EntityType vhost(EntityType groupSettings) {
        return EntityType.configuration("vhost")
                .operations("CREATE", "UPDATE", "DELETE")
                .doc("Policy for connections to one virtual host: limits and per-group permissions.")
                .attribute(string("hostname").required().alias("id").hashAllowed()
                        .doc("The vhost name (a pattern when enableVhostNamePatterns is set)."))
                .attribute(integer("maxConnections").def(65535).min(0).updatable().doc("Most connections."))
                .attribute(integer("maxMessageSize").min(0).doc("Largest message in bytes; overrides policy."))
                .attribute(integer("maxConnectionsPerUser").def(65535).min(0).updatable()
                        .doc("Most connections per user."))
                .attribute(integer("maxConnectionsPerHost").def(65535).min(0).updatable()
                        .doc("Most connections per remote host."))
                .attribute(bool("allowUnknownUser").def(false).updatable()
                        .doc("Users in no group connect with the $default group's settings."))
                .attribute(map("groups").updatable().rule(ValueRules.vhostGroups(groupSettings))
                        .doc("JSON map: group name to vhostUserGroupSettings."))
                .build();
    }

    static EntityType vhostUserGroupSettings() {
        return EntityType.configuration("vhostUserGroupSettings")
                .doc("Settings of one user group of a vhost (the values of vhost groups).")
                .attribute(string("users").doc("Users in the group, comma-separated."))
                .attribute(string("remoteHosts").doc("Hosts the users may connect from; '*' for all."))
                .attribute(integer("maxConnectionsPerUser").min(0).doc("Overrides the vhost value."))
                .attribute(integer("maxConnectionsPerHost").min(0).doc("Overrides the vhost value."))
                .attribute(integer("maxMessageSize").min(0).doc("Overrides the vhost value."))
                .attribute(integer("maxFrameSize").def(16384).doc("Frame size, overriding the listener."))
                .attribute(integer("maxSessionWindow").def(1638400).doc("Session window in bytes."))
                .attribute(integer("maxSessions").def(32768).doc("Sessions, overriding the listener."))
                .attribute(integer("maxSenders").def(Integer.MAX_VALUE).doc("Sending links; 0 forbids."))
                .attribute(integer("maxReceivers").def(Integer.MAX_VALUE).doc("Receiving links; 0 forbids."))
                .attribute(bool("allowDynamicSource").def(false).doc("May attach dynamic receivers."))
                .attribute(bool("allowAnonymousSender").def(false).doc("May attach senders without a target."))
                .attribute(bool("allowUserIdProxy").def(false).doc("May send another user's user-id."))
                .attribute(bool("allowWaypointLinks").def(true).doc("May claim waypoint capabilities."))
                .attribute(bool("allowDynamicLinkRoutes").def(true).doc("May create connection link routes."))
                .attribute(bool("allowAdminStatusUpdate").def(true).doc("May close other connections."))
                .attribute(bool("allowFallbackLinks").def(true).doc("May claim qd.fallback."))
                .attribute(string("sources").doc("Addresses the users may receive from; ${user} substituted."))
                .attribute(string("targets").doc("Addresses the users may send to; ${user} substituted."))
                .attribute(string("sourcePattern").doc("Patterns the users may receive from."))
                .attribute(string("targetPattern").doc("Patterns the users may send to."))
                .build();
    }

    static EntityType console() {
        return EntityType.configuration("console")
                .singleton()
                .deprecated()
                .doc("Deprecated web-console proxy.")
                .attribute(string("listener").doc("Listener the proxy forwards to."))
                .attribute(integer("wsport").def(5673).doc("WebSocket port."))
                .attribute(string("proxy").doc("Proxy program."))
                .attribute(string("home").doc("Console files."))
                .attribute(string("args").doc("Proxy arguments."))
                .build();
    }
}
