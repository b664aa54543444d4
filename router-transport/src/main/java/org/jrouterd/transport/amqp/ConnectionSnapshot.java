package org.jrouterd.transport.amqp;

import java.util.Map;

/**
 * One connection as qdrouterd 1.19's management entity {@code connection} shows it, read on the connection's own
 * event loop at one instant. Immutable; nothing keeps it once it has been handed out.
 *
 * @param identity         router-wide connection id (1, 2, ... in the order connections started); also the
 *                         {@code qd.conn-id} an inter-router connection sends and the id its links report
 * @param host             for an accepted connection the peer's {@code ip:port}; for a connector's, the configured
 *                         {@code host:port} it dialled, as qdrouterd shows both
 * @param container        the container-id from the peer's Open; null until it arrived
 * @param role             {@code normal}, {@code inter-router}, {@code route-container} or {@code edge}
 * @param dir              {@code in} (accepted by a listener) or {@code out} (opened by a connector)
 * @param opened           whether the peer's Open has arrived
 * @param adminStatus      {@code enabled}, or {@code deleted} once management asked to close it
 * @param operStatus       {@code up}, or {@code closing} once this router has sent (or queued) its Close
 * @param isAuthenticated  whether a SASL exchange succeeded
 * @param isEncrypted      whether the connection is encrypted (its TLS handshake completed)
 * @param sasl             the SASL mechanism used, e.g. {@code ANONYMOUS} or {@code PLAIN}; null without SASL
 * @param user             the authenticated identity: the SASL user, {@code anonymous} for a client that skipped
 *                         SASL (as proton reports it), the configured user for a connector; null before it is known
 * @param ssl              whether TLS is in use (as isEncrypted)
 * @param sslProto         the TLS protocol, e.g. {@code TLSv1.3}; null without TLS
 * @param sslCipher        the TLS cipher suite in OpenSSL's naming; null without TLS
 * @param sslSsf           the TLS security strength factor: the cipher's key bits; 0 without TLS
 * @param uptimeSeconds    whole seconds since the connection started (its socket connected)
 * @param lastDlvSeconds   whole seconds since a delivery last arrived on or left by the connection (to within one
 *                         I/O batch); null when none has
 * @param properties       the peer's Open properties (keys as strings; symbol values as strings, numbers, strings
 *                         and booleans as they came, anything else as its text), in the peer's order; empty without
 * @param linkCount        links of the connection the router tracks (endpoint and inter-router), for convenience
 */
public record ConnectionSnapshot(long identity, String host, String container, String role, String dir,
                                 boolean opened, String adminStatus, String operStatus, boolean isAuthenticated,
                                 boolean isEncrypted, String sasl, String user, boolean ssl, String sslProto,
                                 String sslCipher, long sslSsf, long uptimeSeconds, Long lastDlvSeconds,
                                 Map<String, Object> properties, int linkCount) {

    /** The {@code protocol} attribute: always {@code amqp}. */
    public static final String PROTOCOL = "amqp";
    public static final String DIR_IN = "in";
    public static final String DIR_OUT = "out";
    public static final String ADMIN_ENABLED = "enabled";
    public static final String ADMIN_DELETED = "deleted";
    public static final String OPER_UP = "up";
    public static final String OPER_CLOSING = "closing";
}
