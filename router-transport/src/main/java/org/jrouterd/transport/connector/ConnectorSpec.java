package org.jrouterd.transport.connector;

import java.util.List;
import java.util.Objects;
import org.jrouterd.transport.server.ConnectionRole;
import org.jrouterd.transport.server.ConnectionSettings;
import org.jrouterd.transport.server.ListenerSpec;
import org.jrouterd.transport.server.StripAnnotations;
import org.jrouterd.transport.tls.ConnectorTls;

/**
 * What one connector is: where it connects (and where else it may fail over to), how it authenticates, how its
 * connection behaves and how it retries. Immutable; the defaults are qdrouterd's.
 *
 * @param name               the connector's name (for logs and management)
 * @param host               host to connect to [127.0.0.1]
 * @param port               port to connect to
 * @param role               connection role
 * @param cost               inter-router link cost [1]
 * @param maxFrameSize       largest AMQP frame accepted [16384]
 * @param maxSessions        most sessions the peer may open [32768]
 * @param idleTimeoutSeconds idle time-out [16]
 * @param linkCapacity       credit window of incoming links [250]
 * @param stripAnnotations   where client {@code x-opt-qd.*} annotations are removed [both]
 * @param saslMechanisms     mechanisms this side may use [ANONYMOUS, or PLAIN with a username]
 * @param saslUsername       SASL user name, or null
 * @param saslPassword       SASL password, or null
 * @param failoverUrls       further {@code host:port} addresses, tried in turn after a failure
 * @param minRetryMillis     first retry delay; doubles per failure [250]
 * @param maxRetryMillis     longest retry delay [10000]
 * @param tls                TLS from its sslProfile (with verifyHostname), or null for plain
 */
public record ConnectorSpec(String name, String host, int port, ConnectionRole role, int cost, int maxFrameSize,
                            int maxSessions, int idleTimeoutSeconds, int linkCapacity,
                            StripAnnotations stripAnnotations, List<String> saslMechanisms, String saslUsername,
                            String saslPassword, List<String> failoverUrls, long minRetryMillis,
                            long maxRetryMillis, ConnectorTls tls) implements ConnectionSettings {

    public ConnectorSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(stripAnnotations, "stripAnnotations");
        saslMechanisms = List.copyOf(saslMechanisms);
        failoverUrls = List.copyOf(failoverUrls);
        if (cost < 1) {
            throw new IllegalArgumentException("cost must be at least 1, got " + cost);
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("connector port must be 1..65535, got " + port);
        }
        if (maxFrameSize < ListenerSpec.MIN_MAX_FRAME_SIZE) {
            throw new IllegalArgumentException("maxFrameSize must be at least " + ListenerSpec.MIN_MAX_FRAME_SIZE);
        }
        if (minRetryMillis < 1 || maxRetryMillis < minRetryMillis) {
            throw new IllegalArgumentException("retry delays must satisfy 1 <= min <= max, got " + minRetryMillis
                    + ".." + maxRetryMillis);
        }
        for (String url : failoverUrls) {
            HostPort.parse(url);
        }
    }

    /** A plain connector (no TLS). */
    public ConnectorSpec(String name, String host, int port, ConnectionRole role, int cost, int maxFrameSize,
                         int maxSessions, int idleTimeoutSeconds, int linkCapacity,
                         StripAnnotations stripAnnotations, List<String> saslMechanisms, String saslUsername,
                         String saslPassword, List<String> failoverUrls, long minRetryMillis, long maxRetryMillis) {
        this(name, host, port, role, cost, maxFrameSize, maxSessions, idleTimeoutSeconds, linkCapacity,
                stripAnnotations, saslMechanisms, saslUsername, saslPassword, failoverUrls, minRetryMillis,
                maxRetryMillis, null);
    }

    /** The same connector with TLS (null: plain). */
    public ConnectorSpec withTls(ConnectorTls value) {
        return new ConnectorSpec(name, host, port, role, cost, maxFrameSize, maxSessions, idleTimeoutSeconds,
                linkCapacity, stripAnnotations, saslMechanisms, saslUsername, saslPassword, failoverUrls,
                minRetryMillis, maxRetryMillis, value);
    }

    /** A normal-role connector to {@code host:port} with qdrouterd's defaults. */
    public static ConnectorSpec defaults(String name, String host, int port) {
        return new ConnectorSpec(name, host, port, ConnectionRole.NORMAL, 1, 16384, 32768, 16, 250,
                StripAnnotations.BOTH, List.of("ANONYMOUS"), null, null, List.of(), 250, 10_000);
    }

    /** The same connector with these retry delays. */
    public ConnectorSpec withRetry(long minMillis, long maxMillis) {
        return new ConnectorSpec(name, host, port, role, cost, maxFrameSize, maxSessions, idleTimeoutSeconds,
                linkCapacity, stripAnnotations, saslMechanisms, saslUsername, saslPassword, failoverUrls, minMillis,
                maxMillis, tls);
    }

    /** The same connector with these failover addresses ({@code host:port}). */
    public ConnectorSpec withFailoverUrls(List<String> urls) {
        return new ConnectorSpec(name, host, port, role, cost, maxFrameSize, maxSessions, idleTimeoutSeconds,
                linkCapacity, stripAnnotations, saslMechanisms, saslUsername, saslPassword, urls, minRetryMillis,
                maxRetryMillis, tls);
    }

    /** The same connector with another role. */
    public ConnectorSpec withRole(ConnectionRole value) {
        return new ConnectorSpec(name, host, port, value, cost, maxFrameSize, maxSessions, idleTimeoutSeconds,
                linkCapacity, stripAnnotations, saslMechanisms, saslUsername, saslPassword, failoverUrls,
                minRetryMillis, maxRetryMillis, tls);
    }

    /** The same connector authenticating with these mechanisms, user name and (resolved) password. */
    public ConnectorSpec withSasl(List<String> mechanisms, String user, String password) {
        return new ConnectorSpec(name, host, port, role, cost, maxFrameSize, maxSessions, idleTimeoutSeconds,
                linkCapacity, stripAnnotations, mechanisms, user, password, failoverUrls, minRetryMillis,
                maxRetryMillis);
    }

    /** The same connector with another inter-router cost. */
    public ConnectorSpec withCost(int value) {
        return new ConnectorSpec(name, host, port, role, value, maxFrameSize, maxSessions, idleTimeoutSeconds,
                linkCapacity, stripAnnotations, saslMechanisms, saslUsername, saslPassword, failoverUrls,
                minRetryMillis, maxRetryMillis, tls);
    }

    /** The primary address followed by the failover addresses, in the order they are tried. */
    public List<HostPort> targets() {
        List<HostPort> all = new java.util.ArrayList<>();
        all.add(new HostPort(host, port));
        failoverUrls.forEach(url -> all.add(HostPort.parse(url)));
        return all;
    }

    /** A host and port to connect to. */
    public record HostPort(String host, int port) {

        /** Parses {@code host:port}, {@code amqp://host:port} or {@code [v6]:port}. */
        public static HostPort parse(String url) {
            String rest = url.contains("://") ? url.substring(url.indexOf("://") + 3) : url;
            int slash = rest.indexOf('/');
            if (slash >= 0) {
                rest = rest.substring(0, slash);
            }
            int colon = rest.lastIndexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException("failover address '" + url + "' needs host:port");
            }
            String host = rest.substring(0, colon).replace("[", "").replace("]", "");
            try {
                int port = Integer.parseInt(rest.substring(colon + 1));
                if (port < 1 || port > 65535) {
                    throw new NumberFormatException();
                }
                return new HostPort(host, port);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("failover address '" + url + "' has a bad port");
            }
        }

        @Override
        public String toString() {
            return host + ":" + port;
        }
    }
}
