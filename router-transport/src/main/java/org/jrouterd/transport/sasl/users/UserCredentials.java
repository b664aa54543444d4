package org.jrouterd.transport.sasl.users;

import java.security.SecureRandom;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import org.jrouterd.transport.sasl.scram.ScramAlgorithm;
import org.jrouterd.transport.sasl.scram.ScramKeys;

/**
 * One user of the store: a salt, an iteration count and the SCRAM keys per hash derived from the password with
 * them. The password itself is never kept. Immutable.
 *
 * @param name       the SASL user name
 * @param salt       the PBKDF2 salt
 * @param iterations the PBKDF2 iteration count
 * @param keys       StoredKey and ServerKey per hash
 */
public record UserCredentials(String name, byte[] salt, int iterations, Map<ScramAlgorithm, ScramKeys> keys) {

    /** The iteration count new users get (RFC 7677 asks for at least 4096). */
    public static final int DEFAULT_ITERATIONS = 4096;
    /** Bytes of salt new users get. */
    public static final int SALT_BYTES = 24;

    public UserCredentials {
        Objects.requireNonNull(name, "name");
        checkName(name);
        salt = salt.clone();
        if (iterations < 1) {
            throw new IllegalArgumentException("iteration count must be positive: " + iterations);
        }
        keys = Map.copyOf(keys);
    }

    @Override
    public byte[] salt() {
        return salt.clone();
    }

    /** Credentials for every SCRAM hash, with a new random salt. */
    public static UserCredentials create(String name, String password, int iterations, SecureRandom random) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        Map<ScramAlgorithm, ScramKeys> keys = new EnumMap<>(ScramAlgorithm.class);
        for (ScramAlgorithm algorithm : ScramAlgorithm.values()) {
            keys.put(algorithm, algorithm.keys(password, salt, iterations));
        }
        return new UserCredentials(name, salt, iterations, keys);
    }

    /**
     * Whether {@code password} is this user's: its keys, derived with this salt and count for the strongest hash
     * kept, equal the stored ones (compared in constant time). This is how PLAIN is checked.
     */
    public boolean verifies(String password) {
        ScramAlgorithm strongest = null;
        for (ScramAlgorithm algorithm : ScramAlgorithm.values()) {
            if (keys.containsKey(algorithm)) {
                strongest = algorithm;
            }
        }
        if (strongest == null || password.isEmpty()) {
            return false;
        }
        return strongest.keys(password, salt, iterations).matches(keys.get(strongest));
    }

    /** A user name the store can hold: not empty, no white space, no control characters. */
    public static void checkName(String name) {
        if (name.isEmpty()) {
            throw new IllegalArgumentException("user name is empty");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (Character.isWhitespace(c) || Character.isISOControl(c)) {
                throw new IllegalArgumentException("user name may hold no white space or control characters: "
                        + name.strip());
            }
        }
    }

    @Override
    public String toString() {
        return "UserCredentials[" + name + "]";
    }
}
