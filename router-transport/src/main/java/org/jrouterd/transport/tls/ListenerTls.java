package org.jrouterd.transport.tls;

import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import java.util.Objects;
import org.jrouterd.transport.sasl.external.UidNameMapping;

/**
 * What a listener does about TLS: its server context (from its {@code sslProfile}), whether plain connections are
 * refused ({@code requireSsl}) or accepted on the same port beside TLS ones (told apart by their first bytes, as
 * qdrouterd does), whether clients must present a certificate, and how long a TLS handshake may take. Immutable.
 *
 * @param profile              the sslProfile the context was made from
 * @param contexts             the server context, rebuilt when the profile's files change
 * @param requireSsl           whether plain connections are refused
 * @param clientAuth           {@code REQUIRE}, {@code OPTIONAL} or {@code NONE}: what the context asks of clients
 * @param handshakeTimeoutMillis how long a connection may take from its first byte to the end of the TLS
 *                             handshake (and how long it may stay silent before its first byte)
 * @param uidNames             the profile's {@code uidNameMappingFile}: names for the user ids SASL EXTERNAL
 *                             derives from client certificates ({@link UidNameMapping#NONE} without one)
 */
public record ListenerTls(TlsProfile profile, TlsContextSource contexts, boolean requireSsl, ClientAuth clientAuth,
                          long handshakeTimeoutMillis, UidNameMapping uidNames) {

    /** The TLS handshake time-out when none is set: a peer that stalls is cut off after it. */
    public static final long DEFAULT_HANDSHAKE_TIMEOUT_MILLIS = 10_000;

    public ListenerTls {
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(contexts, "contexts");
        Objects.requireNonNull(clientAuth, "clientAuth");
        Objects.requireNonNull(uidNames, "uidNames");
        if (handshakeTimeoutMillis < 1) {
            throw new IllegalArgumentException("handshakeTimeoutMillis must be positive");
        }
    }

    /**
     * A listener's TLS with qdrouterd's rule for client certificates: required when the listener offers SASL
     * EXTERNAL and the profile names a CA, asked for (optional) with a CA otherwise, not asked for without one.
     */
    public static ListenerTls of(TlsProfile profile, boolean requireSsl, boolean requireClientCertificate)
            throws TlsSetupException {
        ClientAuth clientAuth = profile.caCertFile() == null ? ClientAuth.NONE
                : requireClientCertificate ? ClientAuth.REQUIRE : ClientAuth.OPTIONAL;
        return new ListenerTls(profile, TlsContextSource.watching(profile, () -> TlsContexts.server(profile,
                clientAuth)), requireSsl, clientAuth, DEFAULT_HANDSHAKE_TIMEOUT_MILLIS, UidNameMapping.NONE);
    }

    /** The server context for a new connection (the newest, after a rotation). */
    public SslContext context() {
        return contexts.current();
    }

    /** The same, with another handshake time-out. */
    public ListenerTls withHandshakeTimeoutMillis(long millis) {
        return new ListenerTls(profile, contexts, requireSsl, clientAuth, millis, uidNames);
    }

    /** The same, with the names of a {@code uidNameMappingFile}. */
    public ListenerTls withUidNames(UidNameMapping names) {
        return new ListenerTls(profile, contexts, requireSsl, clientAuth, handshakeTimeoutMillis, names);
    }
}
