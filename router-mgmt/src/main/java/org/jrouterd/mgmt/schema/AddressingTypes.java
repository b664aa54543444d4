package org.jrouterd.mgmt.schema;

import static org.jrouterd.mgmt.schema.AttributeDef.bool;
import static org.jrouterd.mgmt.schema.AttributeDef.enumOf;
import static org.jrouterd.mgmt.schema.AttributeDef.integer;
import static org.jrouterd.mgmt.schema.AttributeDef.string;

import java.util.List;
import org.jrouterd.core.address.AddressConfig;
import org.jrouterd.core.address.Distribution;

/**
 * The entity types about addresses: {@code router.config.address}, {@code linkRoute}, {@code autoLink},
 * {@code exchange}, {@code binding}.
 */
final class AddressingTypes {

    static final String[] DISTRIBUTIONS = {"multicast", "closest", "balanced", "unavailable"};

    private AddressingTypes() {
    }

    static List<EntityType> all() {
        return List.of(address(), linkRoute(), autoLink(), exchange(), binding());
    }

    static EntityType address() {
        return EntityType.configuration("router.config.address")
                .implemented()
                .operations("CREATE", "DELETE")
                .doc("How messages to matching addresses are distributed.")
                .attribute(string("prefix").doc("Address prefix, matched by whole tokens. Not with pattern."))
                .attribute(string("pattern").hashAllowed()
                        .doc("Address pattern: '*' one token, '#' zero or more. Not with prefix."))
                .attribute(enumOf("distribution", DISTRIBUTIONS).def("balanced")
                        .doc("multicast, closest, balanced or unavailable."))
                .attribute(bool("waypoint").def(false).notImplemented().doc("The address is a waypoint."))
                .attribute(integer("ingressPhase").min(0).max(9).notImplemented().doc("Override the ingress phase."))
                .attribute(integer("egressPhase").min(0).max(9).notImplemented().doc("Override the egress phase."))
                .attribute(integer("priority").min(0).max(AddressConfig.MAX_PRIORITY)
                        .doc("Priority for messages that carry none, 0 to 9."))
                .attribute(bool("failFast").def(false)
                        .doc("jrouterd: an unsettled message with no consumer anywhere in the mesh is rejected at once"
                                + " (amqp:not-found) instead of waiting for credit; for RPC (request/reply)."))
                .attribute(bool("enableFallback").def(false).notImplemented()
                        .doc("Send undeliverable messages to a fallback destination."))
                .rule(AddressingTypes::checkAddressEntry)
                .build();
    }

    /** The core's own validation of an address entry, so that the config and the core agree. */
    private static EntityRule.Problem checkAddressEntry(java.util.Map<String, Object> attributes) {
        String prefix = (String) attributes.get("prefix");
        String pattern = (String) attributes.get("pattern");
        Long priority = (Long) attributes.get("priority");
        try {
            new AddressConfig(prefix, pattern, Distribution.parse((String) attributes.get("distribution")),
                    priority == null ? AddressConfig.NO_PRIORITY : priority.intValue());
            return null;
        } catch (IllegalArgumentException e) {
            String about = prefix == null && pattern != null ? "pattern" : "prefix";
            if (prefix == null && pattern == null) {
                return new EntityRule.Problem(null, "needs exactly one of the attributes 'prefix' or 'pattern', "
                        + "but neither is set");
            }
            if (prefix != null && pattern != null) {
                return new EntityRule.Problem("pattern", "needs exactly one of the attributes 'prefix' or "
                        + "'pattern', but both are set");
            }
            return new EntityRule.Problem(about, "attribute '" + about + "': " + e.getMessage());
        }
    }

    static EntityType linkRoute() {
        return EntityType.configuration("router.config.linkRoute")
                .operations("CREATE", "DELETE")
                .doc("Routes link attaches for matching addresses to a container (e.g. a broker).")
                .attribute(string("prefix").doc("Address prefix. Not with pattern."))
                .attribute(string("pattern").hashAllowed().doc("Address pattern. Not with prefix."))
                .attribute(string("addExternalPrefix").doc("Prefix added to the address towards the container."))
                .attribute(string("delExternalPrefix").doc("Prefix removed from the address towards the container."))
                .attribute(string("containerId").doc("Container id of the destination. Not with connection."))
                .attribute(string("connection").doc("Name of the listener/connector to use. Not with containerId."))
                .attribute(enumOf("distribution", "linkBalanced").def("linkBalanced").doc("Always linkBalanced."))
                .attribute(enumOf("direction", "in", "out").required().alias("dir")
                        .doc("in: client senders; out: client receivers."))
                .attribute(enumOf("operStatus", "inactive", "active").readOnly().doc("Whether the route is usable."))
                .rule(attributes -> exactlyOne(attributes, "prefix", "pattern"))
                .rule(attributes -> atMostOne(attributes, "containerId", "connection"))
                .build();
    }

    static EntityType autoLink() {
        return EntityType.configuration("router.config.autoLink")
                .operations("CREATE", "DELETE")
                .doc("A link the router attaches itself to a node on a container (a broker queue).")
                .attribute(string("address").required().alias("addr").doc("Address the link serves."))
                .attribute(enumOf("direction", "in", "out").required().alias("dir")
                        .doc("in: into the router; out: out of the router."))
                .attribute(integer("phase").min(0).max(9).doc("Address phase; default 0 for out, 1 for in."))
                .attribute(string("containerId").doc("Container id of the peer. Not with connection."))
                .attribute(string("connection").doc("Name of the listener/connector to use. Not with containerId."))
                .attribute(string("externalAddress").alias("externalAddr").doc("Address of the node on the peer."))
                .attribute(bool("fallback").def(false).doc("The link is the address's fallback destination."))
                .attribute(string("linkRef").readOnly().doc("The router.link, when attached."))
                .attribute(enumOf("operStatus", "inactive", "attaching", "failed", "active", "quiescing", "idle")
                        .readOnly().doc("Attach state."))
                .attribute(string("lastError").readOnly().doc("Why the last attach failed."))
                .rule(attributes -> atMostOne(attributes, "containerId", "connection"))
                .build();
    }

    static EntityType exchange() {
        return EntityType.configuration("router.config.exchange")
                .operations("CREATE", "DELETE")
                .doc("A topic exchange (experimental in qdrouterd).")
                .attribute(string("address").required().doc("Address publishers send to."))
                .attribute(integer("phase").min(0).max(9).doc("Address phase; default 0."))
                .attribute(string("alternateAddress").doc("Where unmatched messages go."))
                .attribute(integer("alternatePhase").min(0).max(9).doc("Phase of alternateAddress."))
                .attribute(enumOf("matchMethod", "amqp", "mqtt").def("amqp").doc("Key matching: amqp or mqtt."))
                .attribute(integer("bindingCount").readOnly().doc("Bindings of this exchange."))
                .attribute(integer("receivedCount").readOnly().doc("Deliveries received."))
                .attribute(integer("droppedCount").readOnly().doc("Deliveries dropped: no match."))
                .attribute(integer("forwardedCount").readOnly().doc("Deliveries forwarded."))
                .attribute(integer("divertedCount").readOnly().doc("Deliveries sent to alternateAddress."))
                .build();
    }

    static EntityType binding() {
        return EntityType.configuration("router.config.binding")
                .operations("CREATE", "DELETE")
                .doc("A keyed next hop of an exchange (experimental in qdrouterd).")
                .attribute(string("exchangeName").required().doc("Name of the exchange."))
                .attribute(string("bindingKey").hashAllowed().doc("Key pattern matched against the subject."))
                .attribute(string("nextHopAddress").required().doc("Where matching messages go."))
                .attribute(integer("nextHopPhase").min(0).max(9).doc("Phase of nextHopAddress."))
                .attribute(integer("matchedCount").readOnly().doc("Deliveries that matched."))
                .build();
    }

    static EntityRule.Problem exactlyOne(java.util.Map<String, Object> attributes, String first, String second) {
        boolean hasFirst = attributes.get(first) != null;
        boolean hasSecond = attributes.get(second) != null;
        if (hasFirst && hasSecond) {
            return new EntityRule.Problem(second, "needs exactly one of the attributes '" + first + "' or '"
                    + second + "', but both are set");
        }
        if (!hasFirst && !hasSecond) {
            return new EntityRule.Problem(null, "needs exactly one of the attributes '" + first + "' or '"
                    + second + "', but neither is set");
        }
        return null;
    }

    static EntityRule.Problem atMostOne(java.util.Map<String, Object> attributes, String first, String second) {
        if (attributes.get(first) != null && attributes.get(second) != null) {
            return new EntityRule.Problem(second, "takes at most one of the attributes '" + first + "' or '"
                    + second + "', but both are set");
        }
        return null;
    }
}
