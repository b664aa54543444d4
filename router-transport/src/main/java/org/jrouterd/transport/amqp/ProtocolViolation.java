package org.jrouterd.transport.amqp;

/**
 * A frame the peer may not send in the state the connection is in, found while handling it: the connection is
 * closed with an AMQP Close carrying {@link #condition()} (AMQP 1.0 part 2.8.15-2.8.18 names them).
 *
 * <p>Threads: immutable; thrown and caught on the connection's event loop.
 */
final class ProtocolViolation extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String condition;

    ProtocolViolation(String condition, String description) {
        super(description, null, false, false);
        this.condition = condition;
    }

    /** The AMQP error condition, e.g. {@code amqp:session:handle-in-use}. */
    String condition() {
        return condition;
    }
}
