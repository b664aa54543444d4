package org.jrouterd.transport.sasl;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import org.jrouterd.transport.sasl.scram.ScramAlgorithm;
import org.jrouterd.transport.sasl.scram.ScramAttributes;
import org.jrouterd.transport.sasl.scram.ScramKeys;
import org.jrouterd.transport.sasl.users.UserCredentials;
import org.jrouterd.transport.sasl.users.UserLookup;

/**
 * The server side of SCRAM-SHA-1/256/512 (RFC 5802, RFC 7677) without channel binding: client-first, server-first
 * (nonce, salt, count), client-final with the proof, and the server signature in the outcome. A user the store
 * does not have is answered with a salt made up from the name, so the exchange looks the same as for a real user
 * until the proof fails. One exchange on one connection; owned by that connection's I/O thread.
 */
public final class ScramServerMechanism implements SaslMechanism {

    private static final byte[] PROCESS_SECRET = new byte[32];
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int NONCE_BYTES = 18;

    static {
        RANDOM.nextBytes(PROCESS_SECRET);
    }

    private final ScramAlgorithm algorithm;
    private final UserLookup users;
    private final String serverNonce;
    private String gs2Header;
    private String clientFirstBare;
    private String serverFirst;
    private String nonce;
    private String user;
    private UserCredentials credentials;
    private boolean finished;

    public ScramServerMechanism(ScramAlgorithm algorithm, UserLookup users) {
        this(algorithm, users, newNonce());
    }

    /** With a fixed server nonce: for the RFC's test vectors. */
    ScramServerMechanism(ScramAlgorithm algorithm, UserLookup users, String serverNonce) {
        this.algorithm = algorithm;
        this.users = users;
        this.serverNonce = serverNonce;
    }

    private static String newNonce() {
        byte[] bytes = new byte[NONCE_BYTES];
        RANDOM.nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    @Override
    public String name() {
        return algorithm.mechanismName();
    }

    @Override
    public SaslStep evaluate(byte[] response) {
        if (finished) {
            return SaslStep.failure(user, "SCRAM exchange already finished");
        }
        try {
            String text = new String(response, StandardCharsets.UTF_8);
            return serverFirst == null ? clientFirst(text) : clientFinal(text);
        } catch (IllegalArgumentException e) {
            finished = true;
            return SaslStep.failure(user, e.getMessage());
        }
    }

    private SaslStep clientFirst(String message) {
        // gs2-header: gs2-cbind-flag "," [ authzid ] ","
        int first = message.indexOf(',');
        int second = first < 0 ? -1 : message.indexOf(',', first + 1);
        if (second < 0) {
            throw new IllegalArgumentException("client-first-message has no GS2 header");
        }
        String flag = message.substring(0, first);
        if (flag.startsWith("p=")) {
            throw new IllegalArgumentException("channel binding is not supported");
        }
        if (!flag.equals("n") && !flag.equals("y")) {
            throw new IllegalArgumentException("bad GS2 channel-binding flag: " + flag);
        }
        gs2Header = message.substring(0, second + 1);
        clientFirstBare = message.substring(second + 1);
        ScramAttributes attributes = ScramAttributes.parse(clientFirstBare);
        if (attributes.get('m') != null) {
            throw new IllegalArgumentException("mandatory SCRAM extension not supported");
        }
        user = ScramAttributes.decodeName(attributes.require('n'));
        String authzid = message.substring(first + 1, second);
        if (!authzid.isEmpty() && !ScramAttributes.decodeName(authzid.startsWith("a=") ? authzid.substring(2)
                : authzid).equals(user)) {
            throw new IllegalArgumentException("authorization identity differs from the user");
        }
        String clientNonce = attributes.require('r');
        if (clientNonce.isEmpty()) {
            throw new IllegalArgumentException("empty client nonce");
        }
        nonce = clientNonce + serverNonce;
        UserCredentials found = users.find(user);
        credentials = found != null && found.keys().containsKey(algorithm) ? found : null;
        byte[] salt = credentials != null ? credentials.salt() : madeUpSalt(user);
        int iterations = credentials != null ? credentials.iterations() : UserCredentials.DEFAULT_ITERATIONS;
        serverFirst = "r=" + nonce + ",s=" + Base64.getEncoder().encodeToString(salt) + ",i=" + iterations;
        return SaslStep.challenge(serverFirst.getBytes(StandardCharsets.UTF_8));
    }

    private SaslStep clientFinal(String message) {
        finished = true;
        int proofAt = message.lastIndexOf(",p=");
        if (proofAt < 0) {
            throw new IllegalArgumentException("client-final-message has no proof");
        }
        String withoutProof = message.substring(0, proofAt);
        ScramAttributes attributes = ScramAttributes.parse(withoutProof);
        String binding = attributes.require('c');
        String expectedBinding = Base64.getEncoder().encodeToString(gs2Header.getBytes(StandardCharsets.UTF_8));
        if (!binding.equals(expectedBinding)) {
            throw new IllegalArgumentException("channel-binding attribute does not match the GS2 header");
        }
        if (!attributes.require('r').equals(nonce)) {
            throw new IllegalArgumentException("nonce does not match");
        }
        byte[] proof = Base64.getDecoder().decode(message.substring(proofAt + 3));
        if (credentials == null) {
            return SaslStep.failure(user, "no such user");
        }
        ScramKeys keys = credentials.keys().get(algorithm);
        byte[] authMessage = (clientFirstBare + "," + serverFirst + "," + withoutProof)
                .getBytes(StandardCharsets.UTF_8);
        byte[] storedKey = keys.storedKey();
        if (proof.length != storedKey.length) {
            return SaslStep.failure(user, "wrong password");
        }
        byte[] clientSignature = algorithm.hmac(storedKey, authMessage);
        byte[] clientKey = new byte[proof.length];
        for (int i = 0; i < proof.length; i++) {
            clientKey[i] = (byte) (proof[i] ^ clientSignature[i]);
        }
        if (!MessageDigest.isEqual(algorithm.hash(clientKey), storedKey)) {
            return SaslStep.failure(user, "wrong password");
        }
        byte[] serverSignature = algorithm.hmac(keys.serverKey(), authMessage);
        String serverFinal = "v=" + Base64.getEncoder().encodeToString(serverSignature);
        return SaslStep.success(user, serverFinal.getBytes(StandardCharsets.UTF_8));
    }

    /** The salt an unknown user gets: the same each time for one name in one process, unrelated to any real one. */
    private byte[] madeUpSalt(String name) {
        byte[] mac = ScramAlgorithm.SHA_256.hmac(PROCESS_SECRET, name.getBytes(StandardCharsets.UTF_8));
        return java.util.Arrays.copyOf(mac, UserCredentials.SALT_BYTES);
    }
}
