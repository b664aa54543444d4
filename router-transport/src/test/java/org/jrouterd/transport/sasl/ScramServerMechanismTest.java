package org.jrouterd.transport.sasl;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import org.jrouterd.transport.sasl.scram.ScramAlgorithm;
import org.jrouterd.transport.sasl.users.UserCredentials;
import org.jrouterd.transport.sasl.users.UserTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** SCRAM server and client against each other for every hash, and the ways an exchange fails. */
class ScramServerMechanismTest {

    private static final UserTable USERS = UserTable.empty()
            .with(UserCredentials.create("alice", "s3cret", 4096, new SecureRandom()));

    private static SaslStep run(ScramAlgorithm algorithm, String user, String password) {
        ScramServerMechanism server = new ScramServerMechanism(algorithm, USERS);
        ScramClientMechanism client = new ScramClientMechanism(algorithm, user, password);
        SaslStep first = server.evaluate(client.initialResponse());
        assertThat(first.status()).isEqualTo(SaslStep.Status.CHALLENGE);
        SaslStep last = server.evaluate(client.respond(first.data()));
        if (last.status() == SaslStep.Status.SUCCESS) {
            assertThat(client.verifiesServer(last.data())).as("server signature").isTrue();
        }
        return last;
    }

    @ParameterizedTest
    @EnumSource(ScramAlgorithm.class)
    void authenticatesAStoredUserWithEveryHash(ScramAlgorithm algorithm) {
        SaslStep last = run(algorithm, "alice", "s3cret");
        assertThat(last.status()).isEqualTo(SaslStep.Status.SUCCESS);
        assertThat(last.user()).isEqualTo("alice");
    }

    @ParameterizedTest
    @EnumSource(ScramAlgorithm.class)
    void refusesAWrongPassword(ScramAlgorithm algorithm) {
        SaslStep last = run(algorithm, "alice", "wrong");
        assertThat(last.status()).isEqualTo(SaslStep.Status.FAILURE);
        assertThat(last.reason()).isEqualTo("wrong password");
    }

    @Test
    void answersAnUnknownUserLikeAKnownOneUntilTheProofFails() {
        ScramServerMechanism server = new ScramServerMechanism(ScramAlgorithm.SHA_256, USERS);
        SaslStep first = server.evaluate("n,,n=mallory,r=abcdef".getBytes(StandardCharsets.UTF_8));
        assertThat(first.status()).isEqualTo(SaslStep.Status.CHALLENGE);
        assertThat(new String(first.data(), StandardCharsets.UTF_8)).contains(",s=").endsWith(",i=4096");
        SaslStep again = new ScramServerMechanism(ScramAlgorithm.SHA_256, USERS)
                .evaluate("n,,n=mallory,r=zzz".getBytes(StandardCharsets.UTF_8));
        String salt1 = new String(first.data(), StandardCharsets.UTF_8).replaceAll(".*,s=([^,]*),.*", "$1");
        String salt2 = new String(again.data(), StandardCharsets.UTF_8).replaceAll(".*,s=([^,]*),.*", "$1");
        assertThat(salt1).as("the same made-up salt each time").isEqualTo(salt2);
        assertThat(run(ScramAlgorithm.SHA_256, "mallory", "x").reason()).isEqualTo("no such user");
    }

    @Test
    void refusesChannelBindingAndGarbage() {
        assertThat(new ScramServerMechanism(ScramAlgorithm.SHA_1, USERS)
                .evaluate("p=tls-unique,,n=alice,r=abc".getBytes(StandardCharsets.UTF_8)).status())
                .isEqualTo(SaslStep.Status.FAILURE);
        assertThat(new ScramServerMechanism(ScramAlgorithm.SHA_1, USERS)
                .evaluate(new byte[] {(byte) 0xff, 0, 1}).status()).isEqualTo(SaslStep.Status.FAILURE);
        assertThat(new ScramServerMechanism(ScramAlgorithm.SHA_1, USERS)
                .evaluate(new byte[0]).status()).isEqualTo(SaslStep.Status.FAILURE);
    }

    @Test
    void refusesAFinalMessageWithAnotherNonceOrBinding() {
        ScramServerMechanism server = new ScramServerMechanism(ScramAlgorithm.SHA_256, USERS);
        server.evaluate("n,,n=alice,r=abc".getBytes(StandardCharsets.UTF_8));
        SaslStep last = server.evaluate("c=biws,r=abcOTHER,p=AAAA".getBytes(StandardCharsets.UTF_8));
        assertThat(last.status()).isEqualTo(SaslStep.Status.FAILURE);
        assertThat(last.reason()).contains("nonce");
        ScramServerMechanism server2 = new ScramServerMechanism(ScramAlgorithm.SHA_256, USERS);
        String first = new String(server2.evaluate("n,,n=alice,r=abc".getBytes(StandardCharsets.UTF_8)).data(),
                StandardCharsets.UTF_8);
        String nonce = first.substring(2, first.indexOf(','));
        SaslStep bad = server2.evaluate(("c=eSws,r=" + nonce + ",p=AAAA").getBytes(StandardCharsets.UTF_8));
        assertThat(bad.reason()).contains("channel-binding");
    }

    @Test
    void decodesEscapedUserNames() {
        UserTable users = UserTable.empty().with(UserCredentials.create("a,b=c", "pw", 4096, new SecureRandom()));
        ScramServerMechanism server = new ScramServerMechanism(ScramAlgorithm.SHA_512, users);
        ScramClientMechanism client = new ScramClientMechanism(ScramAlgorithm.SHA_512, "a,b=c", "pw");
        assertThat(new String(client.initialResponse(), StandardCharsets.UTF_8)).startsWith("n,,n=a=2Cb=3Dc,");
        SaslStep first = server.evaluate(new ScramClientMechanism(ScramAlgorithm.SHA_512, "a,b=c", "pw")
                .initialResponse());
        assertThat(first.status()).isEqualTo(SaslStep.Status.CHALLENGE);
    }
}
