package org.jrouterd.transport.sasl;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.jrouterd.transport.sasl.users.UserCredentials;
import org.jrouterd.transport.sasl.users.UserLookup;

/**
 * SASL PLAIN (RFC 4616), checked against the SCRAM user store: the password given is turned into SCRAM keys with
 * the user's salt and count, and those are compared with the stored ones. One exchange on one connection; owned
 * by that connection's I/O thread.
 */
public final class PlainMechanism implements SaslMechanism {

    /** The mechanism name. */
    public static final String NAME = "PLAIN";

    private final UserLookup users;

    public PlainMechanism(UserLookup users) {
        this.users = users;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public SaslStep evaluate(byte[] response) {
        int first = indexOf(response, 0);
        int second = first < 0 ? -1 : indexOf(response, first + 1);
        if (second < 0) {
            return SaslStep.failure(null, "PLAIN response is not authzid NUL authcid NUL password");
        }
        String authzid;
        String user;
        String password;
        try {
            authzid = utf8(response, 0, first);
            user = utf8(response, first + 1, second);
            password = utf8(response, second + 1, response.length);
        } catch (CharacterCodingException e) {
            return SaslStep.failure(null, "PLAIN response is not UTF-8");
        }
        if (!authzid.isEmpty() && !authzid.equals(user)) {
            return SaslStep.failure(user, "authorization identity " + authzid + " differs from the user");
        }
        UserCredentials credentials = users.find(user);
        if (credentials == null) {
            return SaslStep.failure(user, "no such user");
        }
        return credentials.verifies(password) ? SaslStep.success(user) : SaslStep.failure(user, "wrong password");
    }

    private static int indexOf(byte[] bytes, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == 0) {
                return i;
            }
        }
        return -1;
    }

    private static String utf8(byte[] bytes, int from, int to) throws CharacterCodingException {
        return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(bytes, from, to - from)).toString();
    }
}
