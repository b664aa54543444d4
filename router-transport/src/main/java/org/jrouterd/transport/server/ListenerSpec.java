package org.jrouterd.transport.server;

import io.netty.handler.ssl.ClientAuth;
import java.util.List;
import java.util.Objects;
import org.jrouterd.transport.tls.ListenerTls;

/**
 * What one listener is: where it binds and how its connections behave. Immutable; the defaults are qdrouterd's.
 * The embedded API builds it now; the config file's {@code listener {}} section will fill it later.
 *
 * @param host               address to bind; {@code 127.0.0.1} by default
 * @param port               port to bind; 0 means ephemeral (the bound port is logged and reported)
 * @param role               connection role
 * @param maxFrameSize       largest AMQP frame accepted, in bytes [16384]
 * @param maxSessions        most sessions per connection [32768]
 * @param idleTimeoutSeconds idle time-out advertised and enforced; 0 disables it [16]
 * @param linkCapacity       credit window of incoming links, in deliveries [250]
 * @param stripAnnotations   where client {@code x-opt-qd.*} annotations are removed [both]
 * @param saslMechanisms     SASL mechanisms offered, in order [ANONYMOUS]
 * @param authenticatePeer   whether clients must authenticate (no SASL skip, no ANONYMOUS) [no]
 * @param cost               for role inter-router: the cost of the connections it accepts [1]
 * @param saslPlainWithoutTls whether PLAIN is offered on connections without TLS (jrouterd's
 *                           {@code saslPlainWithoutTls}; qdrouterd has no such attribute) [no]
 * @param tls                TLS from its sslProfile (with requireSsl and client certificates), or null for plain
 */
public record ListenerSpec(String host, int port, ConnectionRole role, int maxFrameSize, int maxSessions,
                           int idleTimeoutSeconds, int linkCapacity, StripAnnotations stripAnnotations,
                           List<String> saslMechanisms, boolean authenticatePeer, int cost,
                           boolean saslPlainWithoutTls, ListenerTls tls) implements ConnectionSettings {

    /** The smallest max-frame-size AMQP 1.0 allows. */
    public static final int MIN_MAX_FRAME_SIZE = 512;

    public ListenerSpec {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(stripAnnotations, "stripAnnotations");
        saslMechanisms = List.copyOf(saslMechanisms);
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535, got " + port);
        }
        if (maxFrameSize < MIN_MAX_FRAME_SIZE) {
            throw new IllegalArgumentException("maxFrameSize must be at least " + MIN_MAX_FRAME_SIZE + ", got "
                    + maxFrameSize);
        }
        if (maxSessions < 1 || maxSessions > 65536) {
            throw new IllegalArgumentException("maxSessions must be 1..65536, got " + maxSessions);
        }
        if (idleTimeoutSeconds < 0) {
            throw new IllegalArgumentException("idleTimeoutSeconds must not be negative, got " + idleTimeoutSeconds);
        }
        if (linkCapacity < 1) {
            throw new IllegalArgumentException("linkCapacity must be at least 1, got " + linkCapacity);
        }
        if (cost < 1) {
            throw new IllegalArgumentException("cost must be at least 1, got " + cost);
        }
        if (saslMechanisms.isEmpty()) {
            throw new IllegalArgumentException("saslMechanisms must name at least one mechanism");
        }
        boolean certificateRequired = tls != null && tls.clientAuth() == ClientAuth.REQUIRE;
        if (authenticatePeer && !certificateRequired
                && saslMechanisms.stream().allMatch(m -> m.equalsIgnoreCase("ANONYMOUS"))) {
            // Anonymous is not authentication: accepting it here would let an operator believe peers are checked.
            throw new IllegalArgumentException("authenticatePeer needs a SASL mechanism other than ANONYMOUS, or a "
                    + "client certificate required by the listener's sslProfile");
        }
    }

    /** A plain listener (no TLS) that offers PLAIN only over TLS, so never. */
    public ListenerSpec(String host, int port, ConnectionRole role, int maxFrameSize, int maxSessions,
                        int idleTimeoutSeconds, int linkCapacity, StripAnnotations stripAnnotations,
                        List<String> saslMechanisms, boolean authenticatePeer, int cost) {
        this(host, port, role, maxFrameSize, maxSessions, idleTimeoutSeconds, linkCapacity, stripAnnotations,
                saslMechanisms, authenticatePeer, cost, false, null);
    }

    /** A plain listener (no TLS). */
    public ListenerSpec(String host, int port, ConnectionRole role, int maxFrameSize, int maxSessions,
                        int idleTimeoutSeconds, int linkCapacity, StripAnnotations stripAnnotations,
                        List<String> saslMechanisms, boolean authenticatePeer, int cost, boolean saslPlainWithoutTls) {
        this(host, port, role, maxFrameSize, maxSessions, idleTimeoutSeconds, linkCapacity, stripAnnotations,
                saslMechanisms, authenticatePeer, cost, saslPlainWithoutTls, null);
    }

    /** A listener that offers PLAIN only over TLS. */
    public ListenerSpec(String host, int port, ConnectionRole role, int maxFrameSize, int maxSessions,
                        int idleTimeoutSeconds, int linkCapacity, StripAnnotations stripAnnotations,
                        List<String> saslMechanisms, boolean authenticatePeer, int cost, ListenerTls tls) {
        this(host, port, role, maxFrameSize, maxSessions, idleTimeoutSeconds, linkCapacity, stripAnnotations,
                saslMechanisms, authenticatePeer, cost, false, tls);
    }

    /** The same listener with TLS (null: plain). */
    public ListenerSpec withTls(ListenerTls value) {
        return new ListenerSpec(host, port, role, maxFrameSize, maxSessions, idleTimeoutSeconds, linkCapacity,
                stripAnnotations, saslMechanisms, authenticatePeer, cost, saslPlainWithoutTls, value);
    }

    /** The same listener with other SASL settings. */
    public ListenerSpec withSasl(List<String> mechanisms, boolean mustAuthenticate, boolean plainWithoutTls) {
        return new ListenerSpec(host, port, role, maxFrameSize, maxSessions, idleTimeoutSeconds, linkCapacity,
                stripAnnotations, mechanisms, mustAuthenticate, cost, plainWithoutTls, tls);
    }

    /** A normal listener with qdrouterd's defaults. */
    public static ListenerSpec defaults(String host, int port) {
        return new ListenerSpec(host, port, ConnectionRole.NORMAL, 16384, 32768, 16, 250, StripAnnotations.BOTH,
                List.of("ANONYMOUS"), false, 1);
    }

    public ListenerSpec withMaxFrameSize(int value) {
        return new ListenerSpec(host, port, role, value, maxSessions, idleTimeoutSeconds, linkCapacity,
                stripAnnotations, saslMechanisms, authenticatePeer, cost, saslPlainWithoutTls, tls);
    }

    public ListenerSpec withIdleTimeoutSeconds(int value) {
        return new ListenerSpec(host, port, role, maxFrameSize, maxSessions, value, linkCapacity,
                stripAnnotations, saslMechanisms, authenticatePeer, cost, saslPlainWithoutTls, tls);
    }

    public ListenerSpec withLinkCapacity(int value) {
        return new ListenerSpec(host, port, role, maxFrameSize, maxSessions, idleTimeoutSeconds, value,
                stripAnnotations, saslMechanisms, authenticatePeer, cost, saslPlainWithoutTls, tls);
    }

    public ListenerSpec withStripAnnotations(StripAnnotations value) {
        return new ListenerSpec(host, port, role, maxFrameSize, maxSessions, idleTimeoutSeconds, linkCapacity,
                value, saslMechanisms, authenticatePeer, cost, saslPlainWithoutTls, tls);
    }

    public ListenerSpec withMaxSessions(int value) {
        return new ListenerSpec(host, port, role, maxFrameSize, value, idleTimeoutSeconds, linkCapacity,
                stripAnnotations, saslMechanisms, authenticatePeer, cost, saslPlainWithoutTls, tls);
    }

    /** The same listener with another role. */
    public ListenerSpec withRole(ConnectionRole value) {
        return new ListenerSpec(host, port, value, maxFrameSize, maxSessions, idleTimeoutSeconds, linkCapacity,
                stripAnnotations, saslMechanisms, authenticatePeer, cost, saslPlainWithoutTls, tls);
    }

    /** The same listener with another inter-router cost. */
    public ListenerSpec withCost(int value) {
        return new ListenerSpec(host, port, role, maxFrameSize, maxSessions, idleTimeoutSeconds, linkCapacity,
                stripAnnotations, saslMechanisms, authenticatePeer, value, saslPlainWithoutTls, tls);
    }
}
