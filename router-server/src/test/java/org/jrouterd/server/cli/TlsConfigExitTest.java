package org.jrouterd.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.jrouterd.server.MainAccess;
import org.jrouterd.server.config.ConfiguredRouter;
import org.jrouterd.transport.server.ListenerSpec;
import org.jrouterd.transport.tls.TestCertificates;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * An sslProfile that cannot work stops the start with exit code 2 and one {@code file:line: message} line at the
 * attribute at fault; a good one configures TLS on the listener and connector that name it.
 */
class TlsConfigExitTest {

    @TempDir
    static Path folder;
    static TestCertificates certs;
    static Path garbled;

    @BeforeAll
    static void generate() throws IOException {
        certs = TestCertificates.create(folder.resolve("certs"));
        garbled = Files.writeString(folder.resolve("garbled.pem"),
                "-----BEGIN PRIVATE KEY-----\n@@@@ not base64 @@@@\n-----END PRIVATE KEY-----\n");
    }

    /** An sslProfile section (lines 1-7) and a listener naming it (lines 8-12). */
    private static String config(String cert, String key, String password, String ca, String listenerExtra) {
        return "sslProfile {\n"                                   // 1
                + "    name: tls\n"                                // 2
                + "    certFile: " + cert + "\n"                   // 3
                + "    privateKeyFile: " + key + "\n"              // 4
                + "    password: " + password + "\n"               // 5
                + "    caCertFile: " + ca + "\n"                   // 6
                + "}\n"                                            // 7
                + "listener {\n"                                   // 8
                + "    host: 127.0.0.1\n"                          // 9
                + "    port: 0\n"                                  // 10
                + listenerExtra                                    // 11...
                + "}\n";
    }

    static Stream<Arguments> brokenProfiles() {
        TestCertificates.Issued server = certs.server();
        String key = server.encryptedKey().toString();
        String cert = server.cert().toString();
        String ca = certs.caCert().toString();
        String pw = "literal:" + TestCertificates.PASSWORD;
        String uses = "    sslProfile: tls\n";
        return Stream.of(
                Arguments.of("missing certificate", config(folder.resolve("none.pem").toString(), key, pw, ca, uses),
                        3, "does not exist"),
                Arguments.of("garbled key", config(cert, garbled.toString(), pw, ca, uses), 4,
                        "is not a valid PEM private key"),
                Arguments.of("wrong key password", config(cert, key, "literal:wrong", ca, uses), 5,
                        "wrong password"),
                Arguments.of("password variable unset", config(cert, key, "env:JROUTERD_NO_SUCH_VARIABLE", ca, uses),
                        5, "JROUTERD_NO_SUCH_VARIABLE"),
                Arguments.of("garbled CA file", config(cert, key, pw, garbled.toString(), uses), 6,
                        "caCertFile"),
                Arguments.of("key of another certificate", config(cert, certs.client().key().toString(), pw, ca, uses),
                        4, "does not belong to the certificate"),
                Arguments.of("unknown sslProfile name", config(cert, key, pw, ca, "    sslProfile: nosuch\n"), 11,
                        "there is no sslProfile named 'nosuch'"),
                Arguments.of("requireSsl without sslProfile", config(cert, key, pw, ca, "    requireSsl: yes\n"), 11,
                        "TLS is required but the listener names no sslProfile"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenProfiles")
    void aBrokenProfileExitsWithTwoAtTheLineAtFault(String what, String text, int line, String says)
            throws IOException {
        Path file = Files.writeString(folder.resolve("bad.conf"), text);
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        int code;
        try (PrintStream err = new PrintStream(captured, true, StandardCharsets.UTF_8)) {
            code = MainAccess.execute(new String[] {"-c", file.toString(), "--check"}, err);
        }
        String output = captured.toString(StandardCharsets.UTF_8);
        assertThat(code).as("exit code for %s; stderr: %s", what, output).isEqualTo(2);
        assertThat(output).as(what).startsWith(file + ":" + line + ": ").contains(says);
        assertThat(output.strip().lines().count()).as("one line: %s", output).isEqualTo(1);
        assertThat(output).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void aGoodProfileGivesTheListenerTlsWithRequireSslAndClientCertificates() throws Exception {
        String text = config(certs.server().encryptedPkcs1Key().toString().replace("-key-pkcs1-encrypted.pem",
                "-cert.pem"), certs.server().encryptedPkcs1Key().toString(), "literal:" + TestCertificates.PASSWORD,
                certs.caCert().toString(), "    sslProfile: tls\n    requireSsl: yes\n    authenticatePeer: yes\n"
                        + "    saslMechanisms: EXTERNAL\n");
        Path file = Files.writeString(folder.resolve("good.conf"), text);
        List<String> warnings = new ArrayList<>();
        ConfiguredRouter configured = MainAccess.configuredFor(new String[] {"-c", file.toString()}, warnings);
        ListenerSpec listener = configured.listeners().get(0).spec();
        assertThat(listener.tls()).isNotNull();
        assertThat(listener.tls().requireSsl()).isTrue();
        assertThat(listener.tls().clientAuth()).isEqualTo(io.netty.handler.ssl.ClientAuth.REQUIRE);
        assertThat(listener.tls().profile().name()).isEqualTo("tls");
    }

    @Test
    void authenticatePeerWithoutExternalAsksForSaslNotForACertificateAsQdrouterd() throws Exception {
        String text = config(certs.server().encryptedPkcs1Key().toString().replace("-key-pkcs1-encrypted.pem",
                "-cert.pem"), certs.server().encryptedPkcs1Key().toString(), "literal:" + TestCertificates.PASSWORD,
                certs.caCert().toString(), "    sslProfile: tls\n    requireSsl: yes\n    authenticatePeer: yes\n"
                        + "    saslMechanisms: SCRAM-SHA-256 PLAIN\n");
        Path file = Files.writeString(folder.resolve("sasl-over-tls.conf"), text);
        ConfiguredRouter configured = MainAccess.configuredFor(new String[] {"-c", file.toString()},
                new ArrayList<>());
        assertThat(configured.listeners().get(0).spec().tls().clientAuth())
                .as("a CA is set: a certificate is asked for, not required")
                .isEqualTo(io.netty.handler.ssl.ClientAuth.OPTIONAL);
    }
}
