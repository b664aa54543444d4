package org.jrouterd.mgmt.schema;

import static org.jrouterd.mgmt.schema.AttributeDef.bool;
import static org.jrouterd.mgmt.schema.AttributeDef.enumOf;
import static org.jrouterd.mgmt.schema.AttributeDef.integer;
import static org.jrouterd.mgmt.schema.AttributeDef.path;
import static org.jrouterd.mgmt.schema.AttributeDef.port;
import static org.jrouterd.mgmt.schema.AttributeDef.properties;
import static org.jrouterd.mgmt.schema.AttributeDef.string;

import java.util.List;

/**
 * The entity types about connections: listener, connector, sslProfile, authServicePlugin and the TCP/HTTP adaptor
 * listeners and connectors. Reconstructed from qdrouterd 1.19's {@code qdrouter.json}; descriptions are ours.
 */
final class ConnectionTypes {

    static final String[] ROLES = {"normal", "inter-router", "route-container", "edge"};
    static final String[] UNIMPLEMENTED_ROLES = {"route-container", "edge"};

    private static final String HTTP_ONLY = "only an http listener uses it, and http listeners are not supported "
            + "yet";


    private ConnectionTypes() {
    }

    static List<EntityType> all() {
        return List.of(sslProfile(), authServicePlugin(), listener(), connector(),
                adaptor("httpListener", "0.0.0.0", true), adaptor("httpConnector", null, true),
                adaptor("tcpListener", "0.0.0.0", false), adaptor("tcpConnector", null, false));
    }

    static EntityType sslProfile() {
        return EntityType.configuration("sslProfile")
                .implemented()
                .operations("CREATE", "DELETE")
                .doc("TLS settings shared by listeners and connectors.")
                .attribute(string("ciphers").doc("Enabled cipher suites, OpenSSL cipher-list syntax."))
                .attribute(string("protocols").rule(ValueRules.TLS_PROTOCOL_LIST)
                        .doc("Allowed TLS protocols separated by spaces, e.g. 'TLSv1.2 TLSv1.3'."))
                .attribute(path("caCertFile").alias("certDb").doc("PEM file of trusted CA certificates."))
                .attribute(path("certFile").doc("PEM certificate presented by this end."))
                .attribute(path("privateKeyFile").alias("keyFile").doc("PEM private key of certFile."))
                .attribute(path("passwordFile").deprecated("use 'password: file:PATH'")
                        .doc("File holding the key password; deprecated, use password: file:PATH."))
                .attribute(string("password").secret()
                        .doc("Key password: literal, pass:TEXT, literal:TEXT, env:VAR or file:PATH."))
                .attribute(string("uidFormat").rule(ValueRules.UID_FORMAT)
                        .doc("Certificate fields that make a user id: c s l o u n, fingerprints 1 2 5."))
                .attribute(path("uidNameMappingFile").alias("displayNameFile")
                        .doc("File mapping user ids to display names."))
                .build();
    }

    static EntityType authServicePlugin() {
        return EntityType.configuration("authServicePlugin")
                .operations("CREATE", "DELETE")
                .doc("Delegates SASL authentication to a remote service.")
                .attribute(string("authService").deprecated("use 'host' and 'port'")
                        .doc("host:port of the service; deprecated."))
                .attribute(string("host").def("").doc("Host of the authentication service."))
                .attribute(port("port").def("amqp").doc("Port of the authentication service."))
                .attribute(string("realm").alias("saslInitHostname").doc("Hostname sent in sasl-init."))
                .attribute(string("sslProfile").alias("authSslProfile").doc("sslProfile for the service."))
                .build();
    }

    static EntityType listener() {
        EntityType.Builder listener = EntityType.configuration("listener")
                .implemented()
                .operations("CREATE", "DELETE")
                .doc("Accepts incoming AMQP connections.")
                .attribute(string("host").def("").alias("addr")
                        .doc("Address to bind; empty means every local address."))
                .attribute(port("port").def("amqp").doc("Port or service name; 0 picks a free port and logs it."));
        connectionAttributes(listener, true);
        return listener
                .attribute(string("saslPlugin").notImplemented().doc("authServicePlugin to authenticate with."))
                .attribute(bool("requireEncryption").def(false)
                        .doc("Refuse connections that are not encrypted (as requireSsl)."))
                .attribute(bool("requireSsl").def(false)
                        .doc("Refuse connections without TLS; without it a listener with an sslProfile accepts TLS "
                                + "and plain connections on the same port."))
                .attribute(path("trustedCertsFile").alias("trustedCerts").notImplemented()
                        .deprecated("use the sslProfile's 'caCertFile'")
                        .doc("PEM file narrowing the CAs accepted for client certificates."))
                .attribute(bool("authenticatePeer").def(false).doc("Require clients to authenticate."))
                .attribute(bool("saslPlainWithoutTls").def(false)
                        .doc("jrouterd only: offer SASL PLAIN on connections without TLS (by default PLAIN, which "
                                + "sends the password itself, is offered only over TLS)."))
                .attribute(integer("initialHandshakeTimeoutSeconds").def(0).min(0).notImplemented()
                        .doc("Close connections that do not send Open within this time; 0 disables."))
                .attribute(bool("multiTenant").def(false).notImplemented()
                        .doc("Scope addresses by the vhost named in Open."))
                .attribute(string("failoverUrls").alias("failoverList").notImplemented()
                        .doc("Comma-separated failover URLs offered to clients."))
                .attribute(bool("healthz").def(true).noEffect(HTTP_ONLY).doc("Serve /healthz on an http listener."))
                .attribute(bool("metrics").def(true).noEffect(HTTP_ONLY).doc("Serve /metrics on an http listener."))
                .attribute(bool("websockets").def(true).noEffect(HTTP_ONLY)
                        .doc("Accept AMQP over WebSocket on an http listener."))
                .attribute(bool("http").def(false).notImplemented()
                        .doc("Accept HTTP (and AMQP over WebSocket) instead of plain AMQP."))
                .attribute(path("httpRootDir").alias("httpRoot").notImplemented()
                        .doc("Directory of static files served over HTTP."))
                .build();
    }

    static EntityType connector() {
        EntityType.Builder connector = EntityType.configuration("connector")
                .operations("CREATE", "DELETE")
                .doc("Makes an outgoing AMQP connection and keeps it up (retry with back-off).")
                .attribute(string("host").def("127.0.0.1").alias("addr").doc("Host to connect to."))
                .attribute(port("port").def("amqp").doc("Port or service name to connect to."));
        connectionAttributes(connector, false);
        return connector
                .implemented()
                .attribute(bool("allowRedirect").def(true)
                        .noEffect("jrouterd does not follow a peer's redirect yet: it retries the same address and "
                                + "then failoverUrls")
                        .doc("Follow a redirect from the peer."))
                .attribute(bool("verifyHostname").def(true).alias("verifyHostName")
                        .doc("Check the peer certificate's host name (with an sslProfile)."))
                .attribute(string("saslUsername").doc("User name for SASL."))
                .attribute(string("saslPassword").secret()
                        .doc("SASL password: literal, pass:TEXT, env:VAR or file:PATH."))
                .attribute(string("failoverUrls").alias("failoverList")
                        .doc("Comma-separated alternative host:port URLs (read-only in qdrouterd; jrouterd also "
                                + "accepts it from the configuration)."))
                .attribute(string("connectionStatus").readOnly().doc("CONNECTING, SUCCESS or FAILED."))
                .attribute(string("connectionMsg").readOnly().doc("Why the last attempt failed, or empty."))
                .build();
    }

    /** Attributes listeners and connectors share. */
    private static void connectionAttributes(EntityType.Builder type, boolean listener) {
        type.attribute(enumOf("socketAddressFamily", "IPv4", "IPv6").alias("protocolFamily").notImplemented()
                        .doc("Force IPv4 or IPv6; by default taken from the address."))
                .attribute(enumOf("role", ROLES).def("normal").notImplementedValues(UNIMPLEMENTED_ROLES)
                        .doc("What the peer is: a client, another router, a broker, or an edge router."))
                .attribute(integer("cost").def(1).min(1).max(Integer.MAX_VALUE)
                        .doc("Cost of an inter-router connection; each side uses the larger of its own and the "
                                + "peer's."))
                .attribute(string("sslProfile").doc("Name of the sslProfile for TLS."))
                .attribute(string("saslMechanisms").doc("SASL mechanisms, separated by spaces."))
                .attribute(integer("maxFrameSize").def(16384).min(512).max(Integer.MAX_VALUE)
                        .doc("Largest AMQP frame, in bytes."))
                .attribute(integer("maxSessions").def(32768).min(0).max(65536)
                        .doc("Most sessions per connection; 0 means the default."))
                .attribute(integer("maxSessionFrames").min(0).notImplemented()
                        .doc("Session incoming window, in frames."))
                .attribute(integer("idleTimeoutSeconds").def(16).min(0).doc("Idle time-out; 0 disables it."))
                .attribute(enumOf("stripAnnotations", "in", "out", "both", "no").def("both")
                        .doc("Where client x-opt-qd.* annotations are removed."))
                .attribute(integer("linkCapacity").def(250).min(1).max(Integer.MAX_VALUE)
                        .doc("Credit window of each link, in deliveries."))
                .attribute(string("messageLoggingComponents").def("none").alias("logMessage").notImplemented()
                        .doc("Message parts to log: none, all, or a comma-separated list."))
                .attribute(string("policyVhost").notImplemented().doc("vhost policy applied to the connections."))
                .attribute(properties("openProperties").notImplemented().rule(ValueRules.OPEN_PROPERTIES)
                        .doc("Extra connection properties sent in Open (a JSON map)."));
    }

    private static EntityType adaptor(String name, String defaultHost, boolean http) {
        EntityType.Builder type = EntityType.configuration(name)
                .operations("CREATE", "DELETE")
                .doc((http ? "HTTP" : "TCP") + " adaptor: bridges " + (http ? "HTTP" : "TCP") + " to AMQP.")
                .attribute(string("address").doc("AMQP address of the bridge."))
                .attribute((defaultHost == null ? string("host") : string("host").def(defaultHost))
                        .doc("Host to bind or connect to."))
                .attribute(port("port").doc("Port to bind or connect to."))
                .attribute(string("siteId").doc("Identifies where connections are handled."));
        if (http) {
            type.attribute(enumOf("protocolVersion", "HTTP1", "HTTP2").def("HTTP1").doc("HTTP version."))
                    .attribute(enumOf("aggregation", "json", "multipart").doc("Multicast response aggregation."))
                    .attribute(bool("eventChannel").def(false).doc("Requests are events; no responses."))
                    .attribute(string("sslProfile").doc("Name of the sslProfile for TLS."));
        }
        return type.build();
    }
}
