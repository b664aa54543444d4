package org.jrouterd.systemtests.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import jakarta.jms.Connection;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.qpid.jms.JmsConnectionFactory;
import org.jrouterd.systemtests.launch.ChildProcess;
import org.jrouterd.systemtests.launch.FreePort;
import org.jrouterd.systemtests.launch.Jrouterd;
import org.jrouterd.systemtests.launch.RouterKind;
import org.jrouterd.systemtests.launch.RouterProcess;
import org.jrouterd.systemtests.launch.TestLogFolder;
import org.jrouterd.systemtests.openstack.Oslo;
import org.jrouterd.transport.tls.TestCertificates;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * TLS and SASL together, as a broker deployment has them, against one jrouterd daemon: a listener that requires TLS
 * and SASL authentication (SCRAM, PLAIN) and one that requires a client certificate (EXTERNAL), users in a store
 * written by {@code bin/jrouterd-passwd}, certificates made by BouncyCastle in the test. Qpid JMS over {@code amqps://} with SCRAM-SHA-256, Qpid JMS with a client certificate and EXTERNAL,
 * Python Proton with {@code SSLDomain} and PLAIN, and oslo.messaging RPC over TLS with a user name and password in
 * its transport_url; each identity is the one the router logs.
 */
@Timeout(300)
class SecureClientsTest {

    private static final Path PYTHON = Path.of("/usr/bin/python3");
    private static final String PASSWORD = "s3cret-alice";

    @RegisterExtension
    final TestLogFolder logs = new TestLogFolder();

    private TestCertificates certs;

    private void passwd(String name, String... args) {
        List<String> command = new ArrayList<>(List.of(Jrouterd.home().resolve("bin/jrouterd-passwd").toString()));
        command.addAll(List.of(args));
        try (ChildProcess tool = ChildProcess.start(name, command, Map.of(), Jrouterd.home(),
                logs.path().resolve(name + ".out"))) {
            tool.awaitExitCode(0, Duration.ofSeconds(240));
        }
    }

    private RouterProcess startRouter(int port, int certificatePort) throws IOException {
        Path folder = logs.path();
        certs = TestCertificates.create(folder.resolve("certs"));
        Path store = folder.resolve("users");
        Files.writeString(folder.resolve("alice.password"), PASSWORD + "\n");
        passwd("passwd-alice", "-f", store.toString(), "--password-file", folder.resolve("alice.password").toString(),
                "add", "alice");
        Path sasl = Files.createDirectories(folder.resolve("sasl2"));
        Files.writeString(sasl.resolve("qdrouterd.conf"), String.join("\n",
                "mech_list: SCRAM-SHA-256 PLAIN EXTERNAL",
                "jrouterd_user_store: " + store, ""));
        String config = String.join("\n",
                "router {",
                "    mode: standalone",
                "    id: Secure.Router",
                "    saslConfigDir: " + sasl,
                "    saslConfigName: qdrouterd",
                "}",
                "sslProfile {",
                "    name: server",
                "    certFile: " + certs.server().cert(),
                "    privateKeyFile: " + certs.server().encryptedKey(),
                "    password: file:" + Files.writeString(folder.resolve("key.password"), TestCertificates.PASSWORD),
                "    caCertFile: " + certs.caCert(),
                "    uidFormat: n",
                "}",
                "listener {",
                "    host: 127.0.0.1",
                "    port: " + port,
                "    sslProfile: server",
                "    requireSsl: yes",
                "    authenticatePeer: yes",
                "    saslMechanisms: SCRAM-SHA-256 PLAIN",
                "}",
                "listener {                  # EXTERNAL listed: a client certificate is required, as with qdrouterd",
                "    host: 127.0.0.1",
                "    port: " + certificatePort,
                "    sslProfile: server",
                "    requireSsl: yes",
                "    authenticatePeer: yes",
                "    saslMechanisms: EXTERNAL",
                "}",
                "address {",
                "    prefix: openstack.org/om/rpc/multicast",
                "    distribution: multicast",
                "}",
                "");
        Path file = Files.writeString(folder.resolve("router-Secure.conf"), config);
        return RouterProcess.start("Secure", RouterKind.JROUTERD, file, folder.resolve("router-Secure.log"), port);
    }

    private String amqps(int port, String options) {
        return "amqps://localhost:" + port + "?transport.trustStoreLocation=" + certs.trustStore()
                + "&transport.trustStorePassword=" + TestCertificates.PASSWORD + "&transport.storeType=PKCS12"
                + "&jms.forceAsyncSend=true&jms.connectTimeout=15000" + options;
    }

    private static void roundTrip(Connection connection, String queue) throws Exception {
        connection.start();
        try (Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
            MessageConsumer consumer = session.createConsumer(session.createQueue(queue));
            session.createProducer(session.createQueue(queue)).send(session.createTextMessage("secure " + queue));
            TextMessage received = (TextMessage) consumer.receive(10_000);
            assertThat(received).as("the message back through the router").isNotNull();
            assertThat(received.getText()).isEqualTo("secure " + queue);
        }
    }

    private static void awaitOpened(RouterProcess router, String words) {
        await().atMost(Duration.ofSeconds(10)).until(() -> router.log().lines().stream()
                .anyMatch(line -> line.contains("Connection Opened") && line.contains(words)));
    }

    @Test
    void jmsPythonAndOsloOverTlsAuthenticateWithScramPlainAndTheirCertificate() throws Exception {
        int port = FreePort.onLoopback();
        int certificatePort = FreePort.onLoopback();
        try (RouterProcess router = startRouter(port, certificatePort)) {
            // Qpid JMS, amqps:// and SCRAM-SHA-256.
            try (Connection scram = new JmsConnectionFactory(amqps(port, "&amqp.saslMechanisms=SCRAM-SHA-256"))
                    .createConnection("alice", PASSWORD)) {
                roundTrip(scram, "jms.scram");
            }
            awaitOpened(router, "encrypted=TLSv1.3 auth=SCRAM-SHA-256 user=alice");

            // Qpid JMS with the client certificate: mutual TLS and EXTERNAL; the user id is the certificate's CN.
            String keyStore = "&transport.keyStoreLocation=" + certs.client().pkcs12()
                    + "&transport.keyStorePassword=" + TestCertificates.PASSWORD + "&amqp.saslMechanisms=EXTERNAL";
            try (Connection external = new JmsConnectionFactory(amqps(certificatePort, keyStore))
                    .createConnection()) {
                roundTrip(external, "jms.external");
            }
            awaitOpened(router, "auth=EXTERNAL user=client");

            // Python Proton: SSLDomain (router certificate and host name verified) and PLAIN.
            String script = String.join("\n",
                    "import sys",
                    "from proton import Message, SSLDomain",
                    "from proton.reactor import AtMostOnce",
                    "from proton.utils import BlockingConnection",
                    "domain = SSLDomain(SSLDomain.MODE_CLIENT)",
                    "domain.set_trusted_ca_db(sys.argv[2])",
                    "domain.set_peer_authentication(SSLDomain.VERIFY_PEER_NAME)",
                    "c = BlockingConnection(sys.argv[1], ssl_domain=domain, user='alice', password=sys.argv[3],",
                    "                       allowed_mechs='PLAIN', timeout=15)",
                    "r = c.create_receiver('python.tls.plain')",
                    "s = c.create_sender('python.tls.plain', options=AtMostOnce())",
                    "s.send(Message(body='python over tls with plain'))",
                    "print('ok', r.receive(timeout=10).body)",
                    "c.close()");
            try (ChildProcess python = ChildProcess.start("python-tls-plain", List.of(PYTHON.toString(), "-c", script,
                    "amqps://localhost:" + port, certs.caCert().toString(), PASSWORD),
                    Map.of("PYTHONUNBUFFERED", "1"), Jrouterd.home(), logs.path().resolve("python-tls-plain.out"))) {
                python.awaitExitCode(0, Duration.ofSeconds(60));
                assertThat(python.output().lines()).contains("ok python over tls with plain");
            }
            awaitOpened(router, "auth=PLAIN user=alice");

            // oslo.messaging RPC over TLS (the AMQP 1.0 driver's ssl options) with alice in its transport_url.
            Path osloConf = Files.writeString(logs.path().resolve("oslo.conf"), String.join("\n",
                    "[oslo_messaging_amqp]",
                    "ssl = True",
                    "ssl_ca_file = " + certs.caCert(),
                    ""));
            Oslo oslo = new Oslo(logs.path(), osloConf);
            String url = "amqp://alice:" + PASSWORD + "@localhost:" + port + "//";
            try (ChildProcess server = oslo.server(url, "secure", "s1", 120)) {
                Oslo.Calls calls = oslo.calls(url, "secure", 100, 2, 20, null);
                assertThat(calls.ok()).as("RPC over TLS as alice: %s", calls.errors()).isEqualTo(100);
            }
            assertThat(router.log().lines()).as("oslo's connections are TLS and alice's")
                    .anyMatch(line -> line.contains("Connection Opened") && line.contains("encrypted=TLSv1")
                            && line.contains("user=alice") && line.contains("oslo_scenarios.py"));
        }
    }
}
