package org.jrouterd.transport.amqp;

/**
 * What a connection that this router opens (a connector's) needs beyond its settings: the host name to put in
 * the Open, the SASL identity to use, and whom to tell about the handshake. Immutable.
 *
 * @param hostname     the peer's host name, sent in the Open
 * @param hostPort     the configured {@code host:port} dialled, which management shows as the connection's host
 * @param saslUsername SASL user for PLAIN, or null for ANONYMOUS
 * @param saslPassword SASL password for PLAIN, or null
 * @param observer     told when the peer's Open arrives and when the connection ends; called on the event loop
 */
public record OutboundOptions(String hostname, String hostPort, String saslUsername, String saslPassword,
                              ConnectionObserver observer) {

    /** Hears about the life of an outgoing connection; called on its event loop. */
    public interface ConnectionObserver {

        /** The peer answered our Open: the connection is up. */
        void opened(String remoteContainer);

        /** The connection ended; {@code reason} says why, as well as it is known. */
        void closed(String reason);
    }
}
