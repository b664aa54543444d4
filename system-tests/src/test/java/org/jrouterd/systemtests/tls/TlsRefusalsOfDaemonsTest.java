package org.jrouterd.systemtests.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.jrouterd.systemtests.launch.FreePort;
import org.jrouterd.systemtests.launch.RouterKind;
import org.jrouterd.systemtests.launch.RouterProcess;
import org.jrouterd.systemtests.launch.TestLogFolder;
import org.jrouterd.transport.tls.TestCertificates;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Connectors of one jrouterd daemon dial a TLS listener of another that requires client certificates and presents
 * a certificate naming only {@code wrong.example}: the connector that checks host names refuses it, the one with an
 * expired client certificate is refused by the listener, and the one that does not check host names and presents a
 * good certificate gets in, while the listening router carries on.
 */
@Timeout(120)
class TlsRefusalsOfDaemonsTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @RegisterExtension
    final TestLogFolder logs = new TestLogFolder();

    private RouterProcess start(String id, String config, int port) throws IOException {
        Path file = Files.writeString(logs.path().resolve("router-" + id + ".conf"), config);
        return RouterProcess.start(id, RouterKind.JROUTERD, file, logs.path().resolve("router-" + id + ".log"), port);
    }

    private static String profile(String name, TestCertificates.Issued issued, Path ca) {
        return "sslProfile {\n    name: " + name + "\n    certFile: " + issued.cert() + "\n    privateKeyFile: "
                + issued.key() + "\n    caCertFile: " + ca + "\n}\n\n";
    }

    private static String connector(String name, int port, String profile, boolean verifyHostname) {
        return "connector {\n    name: " + name + "\n    host: 127.0.0.1\n    port: " + port
                + "\n    sslProfile: " + profile + "\n    verifyHostname: " + (verifyHostname ? "yes" : "no") + "\n}\n\n";
    }

    @Test
    void wrongHostNameAndExpiredCertificateAreRefusedAndAGoodPeerGetsIn() throws Exception {
        TestCertificates certs = TestCertificates.create(logs.path().resolve("certs"));
        int serverPort = FreePort.onLoopback();
        int dialerPort = FreePort.onLoopback();
        Path ca = certs.caCert();
        String server = "router {\n    id: Server\n}\n\n" + profile("wrong-host", certs.wrongHostServer(), ca)
                + "listener {\n    host: 127.0.0.1\n    port: " + serverPort + "\n    sslProfile: wrong-host\n"
                + "    requireSsl: yes\n    authenticatePeer: yes\n    saslMechanisms: EXTERNAL ANONYMOUS\n}\n";
        String dialer = "router {\n    id: Dialer\n}\n\n"
                + "listener {\n    host: 127.0.0.1\n    port: " + dialerPort + "\n}\n\n"
                + profile("good", certs.client(), ca) + profile("expired", certs.expiredClient(), ca)
                + connector("checks-host", serverPort, "good", true)
                + connector("expired-cert", serverPort, "expired", false)
                + connector("trusts-host", serverPort, "good", false);
        try (RouterProcess listening = start("Server", server, serverPort);
             RouterProcess dialling = start("Dialer", dialer, dialerPort)) {
            await().atMost(WAIT).untilAsserted(() -> {
                List<String> lines = dialling.log().lines();
                assertThat(lines).anyMatch(line -> line.contains("Connector checks-host: cannot open AMQP connection")
                        && line.contains("TLS handshake failed: No subject alternative names matching IP address "
                        + "127.0.0.1 found"));
                assertThat(lines).anyMatch(line -> line.contains("Connector expired-cert: cannot open AMQP "
                        + "connection") && line.contains("TLS"));
                assertThat(lines).anyMatch(line -> line.contains("Connector trusts-host: Connection Opened"));
            });
            List<String> served = listening.log().lines();
            assertThat(served).anyMatch(line -> line.contains("TLS handshake failed: Received fatal alert: "
                    + "certificate_unknown"));
            assertThat(served).anyMatch(line -> line.contains("TLS handshake failed: PKIX path validation failed")
                    && line.contains("validity check failed"));
            assertThat(served).anyMatch(line -> line.contains("Connection Opened: dir=in")
                    && line.contains("encrypted=TLSv1.3") && line.contains("container_id=Dialer"));
        }
    }
}
