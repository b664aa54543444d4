package org.jrouterd.transport.sasl;

/**
 * One SASL authentication exchange on one connection, for one mechanism. Created per connection by
 * {@link SaslMechanisms}; used only on that connection's I/O thread.
 */
public interface SaslMechanism {

    /** The mechanism's SASL name, e.g. {@code ANONYMOUS}. */
    String name();

    /**
     * Evaluates the client's initial response (or a later response to a challenge).
     *
     * @param response the bytes the client sent; empty when it sent none
     * @return the next step: success with the authenticated identity, failure, or a challenge
     */
    SaslStep evaluate(byte[] response);
}
