package org.jrouterd.transport.sasl;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.jrouterd.transport.sasl.scram.ScramAlgorithm;
import org.jrouterd.transport.sasl.users.UserCredentials;
import org.jrouterd.transport.sasl.users.UserLookup;
import org.junit.jupiter.api.Test;

/** The SCRAM exchanges of RFC 5802 §5 (SHA-1) and RFC 7677 §3 (SHA-256), byte for byte, on both sides. */
class ScramVectorsTest {

    private static final String SHA1_SALT = "QSXCR+Q6sek8bf92";
    private static final String SHA256_SALT = "W22ZaJ0SNY7soEsUEjb6gQ==";

    private static UserLookup userPencil(ScramAlgorithm algorithm, String salt) {
        byte[] saltBytes = Base64.getDecoder().decode(salt);
        UserCredentials user = new UserCredentials("user", saltBytes, 4096,
                Map.of(algorithm, algorithm.keys("pencil", saltBytes, 4096)));
        return name -> name.equals("user") ? user : null;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    @Test
    void serverAnswersRfc5802ExchangeWithItsServerSignature() {
        ScramServerMechanism server = new ScramServerMechanism(ScramAlgorithm.SHA_1,
                userPencil(ScramAlgorithm.SHA_1, SHA1_SALT), "3rfcNHYJY1ZVvWVs7j");
        SaslStep first = server.evaluate(utf8("n,,n=user,r=fyko+d2lbbFgONRv9qkxdawL"));
        assertThat(first.status()).isEqualTo(SaslStep.Status.CHALLENGE);
        assertThat(text(first.data()))
                .isEqualTo("r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,s=QSXCR+Q6sek8bf92,i=4096");
        SaslStep last = server.evaluate(utf8("c=biws,r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,"
                + "p=v0X8v3Bz2T0CJGbJQyF0X+HI4Ts="));
        assertThat(last.status()).isEqualTo(SaslStep.Status.SUCCESS);
        assertThat(last.user()).isEqualTo("user");
        assertThat(text(last.data())).isEqualTo("v=rmF9pqV8S7suAoZWja4dJRkFsKQ=");
    }

    @Test
    void serverAnswersRfc7677ExchangeWithItsServerSignature() {
        ScramServerMechanism server = new ScramServerMechanism(ScramAlgorithm.SHA_256,
                userPencil(ScramAlgorithm.SHA_256, SHA256_SALT), "%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0");
        SaslStep first = server.evaluate(utf8("n,,n=user,r=rOprNGfwEbeRWgbNEkqO"));
        assertThat(text(first.data())).isEqualTo(
                "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096");
        SaslStep last = server.evaluate(utf8("c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,"
                + "p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ="));
        assertThat(last.status()).isEqualTo(SaslStep.Status.SUCCESS);
        assertThat(text(last.data())).isEqualTo("v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=");
    }

    @Test
    void clientSendsRfc5802MessagesAndChecksTheServerSignature() {
        ScramClientMechanism client = new ScramClientMechanism(ScramAlgorithm.SHA_1, "user", "pencil",
                "fyko+d2lbbFgONRv9qkxdawL");
        assertThat(text(client.initialResponse())).isEqualTo("n,,n=user,r=fyko+d2lbbFgONRv9qkxdawL");
        byte[] last = client.respond(utf8("r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,s=QSXCR+Q6sek8bf92,i=4096"));
        assertThat(text(last)).isEqualTo("c=biws,r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,"
                + "p=v0X8v3Bz2T0CJGbJQyF0X+HI4Ts=");
        assertThat(client.verifiesServer(utf8("v=rmF9pqV8S7suAoZWja4dJRkFsKQ="))).isTrue();
        assertThat(client.verifiesServer(utf8("v=AmF9pqV8S7suAoZWja4dJRkFsKQ="))).isFalse();
        assertThat(client.verifiesServer(utf8("e=invalid-proof"))).isFalse();
    }

    @Test
    void clientSendsRfc7677Messages() {
        ScramClientMechanism client = new ScramClientMechanism(ScramAlgorithm.SHA_256, "user", "pencil",
                "rOprNGfwEbeRWgbNEkqO");
        client.initialResponse();
        byte[] last = client.respond(utf8(
                "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096"));
        assertThat(text(last)).isEqualTo("c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,"
                + "p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=");
        assertThat(client.verifiesServer(utf8("v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4="))).isTrue();
    }

    @Test
    void clientRefusesAServerNonceThatDoesNotExtendItsOwn() {
        ScramClientMechanism client = new ScramClientMechanism(ScramAlgorithm.SHA_256, "user", "pencil", "abc");
        client.initialResponse();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> client.respond(utf8("r=xyz123,s=QSXCR+Q6,i=4096")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
