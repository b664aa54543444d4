package org.jrouterd.transport.tls;

/**
 * A user event the TLS stage of a pipeline fires before it closes a connection it refuses (plain bytes on a
 * {@code requireSsl} listener, nothing within the handshake time-out): the AMQP handler after it records the
 * reason, which the connection's end line logs. Immutable.
 *
 * @param reason why, in words
 */
public record TlsRefusal(String reason) {
}
