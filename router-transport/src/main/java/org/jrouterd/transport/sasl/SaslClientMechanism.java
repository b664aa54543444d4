package org.jrouterd.transport.sasl;

/** The client side of one SASL mechanism, for one connection; used only on that connection's I/O thread. */
public interface SaslClientMechanism {

    /** The mechanism's SASL name. */
    String name();

    /** The initial response sent with sasl-init (may be empty). */
    byte[] initialResponse();

    /**
     * The response to a server challenge.
     *
     * @throws IllegalArgumentException when the challenge is not what the mechanism expects
     */
    byte[] respond(byte[] challenge);

    /**
     * Whether the server proved itself in the successful outcome's additional data (SCRAM's server signature);
     * true for mechanisms that have no such proof.
     */
    boolean verifiesServer(byte[] additionalData);

    /** PLAIN with a user name and password. */
    static SaslClientMechanism plain(String user, String password) {
        return new SaslClientMechanism() {
            @Override
            public String name() {
                return PlainMechanism.NAME;
            }

            @Override
            public byte[] initialResponse() {
                byte[] name = user.getBytes(java.nio.charset.StandardCharsets.UTF_8);
                byte[] secret = password.getBytes(java.nio.charset.StandardCharsets.UTF_8);
                byte[] out = new byte[name.length + secret.length + 2];
                System.arraycopy(name, 0, out, 1, name.length);
                System.arraycopy(secret, 0, out, name.length + 2, secret.length);
                return out;
            }

            @Override
            public byte[] respond(byte[] challenge) {
                throw new IllegalArgumentException("PLAIN has no challenge");
            }

            @Override
            public boolean verifiesServer(byte[] additionalData) {
                return true;
            }
        };
    }

    /** ANONYMOUS. */
    static SaslClientMechanism anonymous() {
        return new SaslClientMechanism() {
            @Override
            public String name() {
                return AnonymousMechanism.NAME;
            }

            @Override
            public byte[] initialResponse() {
                return "anonymous".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            }

            @Override
            public byte[] respond(byte[] challenge) {
                throw new IllegalArgumentException("ANONYMOUS has no challenge");
            }

            @Override
            public boolean verifiesServer(byte[] additionalData) {
                return true;
            }
        };
    }
}
