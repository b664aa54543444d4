package org.jrouterd.transport.sasl;

/** SASL ANONYMOUS (RFC 4505): always succeeds; the identity is {@code anonymous}. Stateless. */
public final class AnonymousMechanism implements SaslMechanism {

    /** The mechanism name. */
    public static final String NAME = "ANONYMOUS";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public SaslStep evaluate(byte[] response) {
        return SaslStep.success("anonymous");
    }
}
