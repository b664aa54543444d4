package org.jrouterd.transport.sasl.scram;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * A user's SCRAM verifier for one hash: StoredKey = H(ClientKey) and ServerKey (RFC 5802 §3). Knowing them does
 * not give the password, nor let anyone pass as the user. Immutable.
 *
 * @param storedKey H(HMAC(SaltedPassword, "Client Key"))
 * @param serverKey HMAC(SaltedPassword, "Server Key")
 */
public record ScramKeys(byte[] storedKey, byte[] serverKey) {

    static final byte[] CLIENT_KEY = "Client Key".getBytes(StandardCharsets.US_ASCII);
    static final byte[] SERVER_KEY = "Server Key".getBytes(StandardCharsets.US_ASCII);

    public ScramKeys {
        storedKey = storedKey.clone();
        serverKey = serverKey.clone();
    }

    @Override
    public byte[] storedKey() {
        return storedKey.clone();
    }

    @Override
    public byte[] serverKey() {
        return serverKey.clone();
    }

    /** Whether both keys equal {@code other}'s, compared in constant time. */
    public boolean matches(ScramKeys other) {
        boolean stored = MessageDigest.isEqual(storedKey, other.storedKey);
        boolean server = MessageDigest.isEqual(serverKey, other.serverKey);
        return stored & server;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ScramKeys other && matches(other);
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(storedKey);
    }

    @Override
    public String toString() {
        return "ScramKeys[...]";
    }
}
