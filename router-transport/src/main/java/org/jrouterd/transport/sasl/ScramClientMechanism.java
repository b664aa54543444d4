package org.jrouterd.transport.sasl;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import org.jrouterd.transport.sasl.scram.ScramAlgorithm;
import org.jrouterd.transport.sasl.scram.ScramAttributes;

/**
 * The client side of SCRAM-SHA-1/256/512 without channel binding, as a connector uses it: it sends the proof of
 * the password and checks the server's signature, so a server that does not know the user's keys is found out.
 * One exchange on one connection; owned by that connection's I/O thread.
 */
public final class ScramClientMechanism implements SaslClientMechanism {

    private static final String GS2_HEADER = "n,,";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final ScramAlgorithm algorithm;
    private final String user;
    private final String password;
    private final String clientNonce;
    private String clientFirstBare;
    private byte[] expectedServerSignature;

    public ScramClientMechanism(ScramAlgorithm algorithm, String user, String password) {
        this(algorithm, user, password, newNonce());
    }

    /** With a fixed client nonce: for the RFC's test vectors. */
    ScramClientMechanism(ScramAlgorithm algorithm, String user, String password, String clientNonce) {
        this.algorithm = algorithm;
        this.user = user;
        this.password = password;
        this.clientNonce = clientNonce;
    }

    private static String newNonce() {
        byte[] bytes = new byte[18];
        RANDOM.nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    @Override
    public String name() {
        return algorithm.mechanismName();
    }

    @Override
    public byte[] initialResponse() {
        clientFirstBare = "n=" + ScramAttributes.encodeName(user) + ",r=" + clientNonce;
        return (GS2_HEADER + clientFirstBare).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public byte[] respond(byte[] challenge) {
        if (clientFirstBare == null || expectedServerSignature != null) {
            throw new IllegalArgumentException("unexpected SCRAM challenge");
        }
        String serverFirst = new String(challenge, StandardCharsets.UTF_8);
        ScramAttributes attributes = ScramAttributes.parse(serverFirst);
        if (attributes.get('m') != null) {
            throw new IllegalArgumentException("mandatory SCRAM extension not supported");
        }
        String nonce = attributes.require('r');
        if (!nonce.startsWith(clientNonce) || nonce.length() == clientNonce.length()) {
            throw new IllegalArgumentException("server nonce does not extend ours");
        }
        byte[] salt = Base64.getDecoder().decode(attributes.require('s'));
        int iterations;
        try {
            iterations = Integer.parseInt(attributes.require('i'));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad iteration count");
        }
        String withoutProof = "c=" + Base64.getEncoder().encodeToString(GS2_HEADER.getBytes(StandardCharsets.UTF_8))
                + ",r=" + nonce;
        byte[] authMessage = (clientFirstBare + "," + serverFirst + "," + withoutProof)
                .getBytes(StandardCharsets.UTF_8);
        byte[] salted = algorithm.saltedPassword(password, salt, iterations);
        byte[] clientKey = algorithm.hmac(salted, "Client Key".getBytes(StandardCharsets.US_ASCII));
        byte[] clientSignature = algorithm.hmac(algorithm.hash(clientKey), authMessage);
        byte[] proof = new byte[clientKey.length];
        for (int i = 0; i < proof.length; i++) {
            proof[i] = (byte) (clientKey[i] ^ clientSignature[i]);
        }
        byte[] serverKey = algorithm.hmac(salted, "Server Key".getBytes(StandardCharsets.US_ASCII));
        expectedServerSignature = algorithm.hmac(serverKey, authMessage);
        return (withoutProof + ",p=" + Base64.getEncoder().encodeToString(proof)).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public boolean verifiesServer(byte[] additionalData) {
        if (expectedServerSignature == null || additionalData == null) {
            return false;
        }
        try {
            ScramAttributes attributes = ScramAttributes.parse(new String(additionalData, StandardCharsets.UTF_8));
            String signature = attributes.get('v');
            return signature != null
                    && MessageDigest.isEqual(Base64.getDecoder().decode(signature), expectedServerSignature);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
