package org.jrouterd.transport.sasl.scram;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The SCRAM hash families (RFC 5802, RFC 7677), each the JDK's digest, HMAC and PBKDF2 of one hash: nothing here
 * is hand-written cryptography. Stateless; shared by all threads.
 */
public enum ScramAlgorithm {
    SHA_1("SCRAM-SHA-1", "SHA-1", "HmacSHA1", "PBKDF2WithHmacSHA1", 20),
    SHA_256("SCRAM-SHA-256", "SHA-256", "HmacSHA256", "PBKDF2WithHmacSHA256", 32),
    SHA_512("SCRAM-SHA-512", "SHA-512", "HmacSHA512", "PBKDF2WithHmacSHA512", 64);

    private final String mechanism;
    private final String digest;
    private final String hmac;
    private final String pbkdf2;
    private final int length;

    ScramAlgorithm(String mechanism, String digest, String hmac, String pbkdf2, int length) {
        this.mechanism = mechanism;
        this.digest = digest;
        this.hmac = hmac;
        this.pbkdf2 = pbkdf2;
        this.length = length;
    }

    /** The SASL mechanism name, e.g. {@code SCRAM-SHA-256}. */
    public String mechanismName() {
        return mechanism;
    }

    /** The hash's output length in bytes. */
    public int hashLength() {
        return length;
    }

    /** The algorithm of a SASL mechanism name, or null when it is not a SCRAM one. */
    public static ScramAlgorithm ofMechanism(String name) {
        if (name == null) {
            return null;
        }
        String upper = name.toUpperCase(Locale.ROOT);
        for (ScramAlgorithm algorithm : values()) {
            if (algorithm.mechanism.equals(upper)) {
                return algorithm;
            }
        }
        return null;
    }

    /**
     * SaltedPassword := Hi(Normalize(password), salt, i), with PBKDF2 (Hi is PBKDF2 with one block of HMAC's
     * length). Normalize is Unicode NFKC, the core of SASLprep; the JDK encodes the characters as UTF-8.
     *
     * @throws IllegalArgumentException for an empty password (HMAC takes no empty key) or a bad count
     */
    public byte[] saltedPassword(String password, byte[] salt, int iterations) {
        if (password.isEmpty()) {
            throw new IllegalArgumentException("empty password");
        }
        if (iterations < 1) {
            throw new IllegalArgumentException("iteration count must be positive: " + iterations);
        }
        char[] chars = Normalizer.normalize(password, Normalizer.Form.NFKC).toCharArray();
        PBEKeySpec spec = new PBEKeySpec(chars, salt, iterations, length * 8);
        try {
            return SecretKeyFactory.getInstance(pbkdf2).generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no " + pbkdf2, e);
        } finally {
            spec.clearPassword();
            java.util.Arrays.fill(chars, '\0');
        }
    }

    /** HMAC(key, message). */
    public byte[] hmac(byte[] key, byte[] message) {
        try {
            Mac mac = Mac.getInstance(hmac);
            mac.init(new SecretKeySpec(key, hmac));
            return mac.doFinal(message);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no " + hmac, e);
        }
    }

    /** H(bytes). */
    public byte[] hash(byte[] bytes) {
        try {
            return MessageDigest.getInstance(digest).digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no " + digest, e);
        }
    }

    /** The stored and server keys for a password: what a user store keeps instead of it. */
    public ScramKeys keys(String password, byte[] salt, int iterations) {
        byte[] salted = saltedPassword(password, salt, iterations);
        byte[] clientKey = hmac(salted, ScramKeys.CLIENT_KEY);
        byte[] serverKey = hmac(salted, ScramKeys.SERVER_KEY);
        return new ScramKeys(hash(clientKey), serverKey);
    }

    /** Exclusive-or of two arrays of one length. */
    static byte[] xor(byte[] a, byte[] b) {
        byte[] out = new byte[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = (byte) (a[i] ^ b[i]);
        }
        return out;
    }
}
