package org.jrouterd.transport.sasl;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import org.jrouterd.transport.sasl.users.UserCredentials;
import org.jrouterd.transport.sasl.users.UserTable;
import org.junit.jupiter.api.Test;

/** PLAIN checked against the SCRAM store. */
class PlainMechanismTest {

    private static final UserTable USERS = UserTable.empty()
            .with(UserCredentials.create("alice", "s3cret", 4096, new SecureRandom()));

    private static SaslStep plain(String text) {
        return new PlainMechanism(USERS).evaluate(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void acceptsTheRightPasswordWithAndWithoutAuthzid() {
        assertThat(plain("\0alice\0s3cret")).isEqualTo(SaslStep.success("alice"));
        assertThat(plain("alice\0alice\0s3cret").user()).isEqualTo("alice");
        assertThat(SaslClientMechanism.plain("alice", "s3cret").initialResponse())
                .isEqualTo("\0alice\0s3cret".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void refusesWrongPasswordUnknownUserOtherAuthzidAndGarbage() {
        assertThat(plain("\0alice\0nope").reason()).isEqualTo("wrong password");
        assertThat(plain("\0bob\0s3cret").reason()).isEqualTo("no such user");
        assertThat(plain("bob\0alice\0s3cret").status()).isEqualTo(SaslStep.Status.FAILURE);
        assertThat(plain("\0alice\0").status()).isEqualTo(SaslStep.Status.FAILURE);
        assertThat(plain("no nul at all").status()).isEqualTo(SaslStep.Status.FAILURE);
        assertThat(new PlainMechanism(USERS).evaluate(new byte[] {0, (byte) 0xc3, 0, 1}).reason())
                .contains("UTF-8");
    }
}
