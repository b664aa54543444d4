package org.jrouterd.transport.tls;

import io.netty.handler.ssl.SslContext;
import java.util.Objects;

/**
 * What a connector does about TLS: its client context (from its {@code sslProfile}) and whether the server's
 * certificate must name the host dialled ({@code verifyHostname}, on by default as in qdrouterd). The host is also
 * sent as SNI when it is a name. Immutable.
 *
 * @param profile                the sslProfile the context was made from
 * @param contexts               the client context, rebuilt when the profile's files change
 * @param verifyHostname         whether the server certificate must match the host connected to
 * @param handshakeTimeoutMillis how long the TLS handshake may take
 */
public record ConnectorTls(TlsProfile profile, TlsContextSource contexts, boolean verifyHostname,
                           long handshakeTimeoutMillis) {

    public ConnectorTls {
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(contexts, "contexts");
    }

    /** A connector's TLS from its profile. */
    public static ConnectorTls of(TlsProfile profile, boolean verifyHostname) throws TlsSetupException {
        return new ConnectorTls(profile, TlsContextSource.watching(profile,
                () -> TlsContexts.client(profile, verifyHostname)), verifyHostname,
                ListenerTls.DEFAULT_HANDSHAKE_TIMEOUT_MILLIS);
    }

    /** The client context for a new connection (the newest, after a rotation). */
    public SslContext context() {
        return contexts.current();
    }
}
