package org.jrouterd.systemtests.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.jms.Connection;
import jakarta.jms.JMSSecurityException;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.qpid.jms.JmsConnectionFactory;
import org.jrouterd.systemtests.launch.ChildProcess;
import org.jrouterd.systemtests.launch.Jrouterd;
import org.jrouterd.systemtests.launch.RouterProcess;
import org.jrouterd.systemtests.launch.TestLogFolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A jrouterd daemon whose users come from a store written by {@code bin/jrouterd-passwd}, named by the router's
 * {@code saslConfigDir}/{@code saslConfigName} file as a qdrouterd configuration names its Cyrus one. Qpid JMS logs
 * in with SCRAM-SHA-256, Python Proton with PLAIN on the listener that allows it without TLS; a bad password, an
 * unknown user, PLAIN where it needs TLS and ANONYMOUS under authenticatePeer are refused, and the client logged in
 * first still carries messages afterwards.
 */
@Timeout(300)
class SaslClientsTest {

    private static final Path PYTHON = Path.of("/usr/bin/python3");
    /** The first run of the launcher may build the tools' jars. */
    private static final Duration TOOL = Duration.ofSeconds(240);

    @RegisterExtension
    final TestLogFolder logs = new TestLogFolder();

    private void passwd(String name, String... args) {
        List<String> command = new java.util.ArrayList<>(List.of(Jrouterd.home().resolve("bin/jrouterd-passwd")
                .toString()));
        command.addAll(List.of(args));
        try (ChildProcess tool = ChildProcess.start(name, command, Map.of(), Jrouterd.home(),
                logs.path().resolve(name + ".out"))) {
            tool.awaitExitCode(0, TOOL);
        }
    }

    private Path configuration() throws IOException {
        Path folder = logs.path();
        Path store = folder.resolve("users");
        Files.writeString(folder.resolve("alice.password"), "s3cret-alice\n");
        Files.writeString(folder.resolve("bob.password"), "s3cret-bob\n");
        passwd("passwd-alice", "-f", store.toString(), "--password-file", folder.resolve("alice.password").toString(),
                "add", "alice");
        passwd("passwd-bob", "-f", store.toString(), "--password-file", folder.resolve("bob.password").toString(),
                "add", "bob");
        assertThat(Files.readString(store)).doesNotContain("s3cret");
        Path sasl = Files.createDirectories(folder.resolve("sasl2"));
        Files.writeString(sasl.resolve("qdrouterd.conf"), String.join("\n",
                "# Cyrus settings qdrouterd uses; jrouterd reads mech_list and its own key",
                "pwcheck_method: auxprop",
                "auxprop_plugin: sasldb",
                "sasldb_path: /var/lib/qdrouterd/qdrouterd.sasldb",
                "mech_list: SCRAM-SHA-256 SCRAM-SHA-512 PLAIN ANONYMOUS",
                "jrouterd_user_store: " + store,
                ""));
        Path conf = folder.resolve("sasl.conf");
        Files.writeString(conf, String.join("\n",
                "router {",
                "    mode: standalone",
                "    id: Sasl.Router",
                "    saslConfigDir: " + sasl,
                "    saslConfigName: qdrouterd",
                "}",
                "listener {",
                "    name: secure",
                "    host: 127.0.0.1",
                "    port: 0",
                "    authenticatePeer: yes",
                "    saslMechanisms: SCRAM-SHA-256 SCRAM-SHA-512 PLAIN ANONYMOUS",
                "}",
                "listener {",
                "    name: plain",
                "    host: 127.0.0.1",
                "    port: 0",
                "    authenticatePeer: yes",
                "    saslMechanisms: PLAIN",
                "    saslPlainWithoutTls: yes   # jrouterd's: PLAIN without TLS, for this test",
                "}",
                ""));
        return conf;
    }

    private static Connection jms(int port, String mechanism, String user, String password) throws Exception {
        Connection connection = new JmsConnectionFactory("amqp://127.0.0.1:" + port + "?amqp.saslMechanisms="
                + mechanism + "&jms.forceAsyncSend=true&jms.connectTimeout=10000&jms.requestTimeout=10000")
                .createConnection(user, password);
        connection.start();
        return connection;
    }

    private static void assertCarriesMessages(Connection connection) throws Exception {
        try (Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
            Queue queue = session.createQueue("sasl.system." + System.nanoTime());
            MessageConsumer consumer = session.createConsumer(queue);
            session.createProducer(queue).send(session.createTextMessage("hello"));
            TextMessage received = (TextMessage) consumer.receive(10_000);
            assertThat(received).as("message back through the router").isNotNull();
            assertThat(received.getText()).isEqualTo("hello");
        }
    }

    /** Runs a Python Proton client: PLAIN as {@code user}; prints 'ok <body>' or 'refused <error>'. */
    private List<String> python(String name, int port, String user, String password) {
        String script = String.join("\n",
                "import sys",
                "from proton import Message",
                "from proton.reactor import AtMostOnce",
                "from proton.utils import BlockingConnection",
                "try:",
                "    c = BlockingConnection(sys.argv[1], user=sys.argv[2], password=sys.argv[3],",
                "                           allowed_mechs='PLAIN', timeout=15)",
                "except Exception as e:",
                "    print('refused', type(e).__name__, e)",
                "    sys.exit(0)",
                "r = c.create_receiver('python.sasl')",
                "s = c.create_sender('python.sasl', options=AtMostOnce())",
                "s.send(Message(body='from python'))",
                "print('ok', r.receive(timeout=10).body)",
                "c.close()");
        try (ChildProcess client = ChildProcess.start(name, List.of(PYTHON.toString(), "-c", script,
                "127.0.0.1:" + port, user, password), Map.of("PYTHONUNBUFFERED", "1"), Jrouterd.home(),
                logs.path().resolve(name + ".out"))) {
            client.awaitExitCode(0, Duration.ofSeconds(60));
            return client.output().lines();
        }
    }

    @Test
    void clientsLogInWithUsersFromJrouterdPasswdAndEveryRefusalLeavesTheOthersRunning() throws Exception {
        Path conf = configuration();
        try (RouterProcess router = RouterProcess.start("Sasl.Router", logs.path(),
                List.of(Jrouterd.launcher().toString(), "-c", conf.toString()))) {
            List<Integer> ports = router.listeningPorts(2);
            int secure = ports.get(0);
            int plain = ports.get(1);
            Connection alice = jms(secure, "SCRAM-SHA-256", "alice", "s3cret-alice");
            try {
                assertCarriesMessages(alice);

                assertThat(python("python-plain-bob", plain, "bob", "s3cret-bob")).contains("ok from python");
                assertThat(python("python-bad-password", plain, "bob", "wrong")).anyMatch(l -> l.startsWith("refused"));
                assertThat(python("python-unknown-user", plain, "carol", "s3cret-bob"))
                        .anyMatch(l -> l.startsWith("refused"));
                assertThat(python("python-plain-without-tls", secure, "bob", "s3cret-bob"))
                        .as("PLAIN is not offered without TLS on the first listener")
                        .anyMatch(l -> l.startsWith("refused"));
                assertThatThrownBy(() -> jms(secure, "SCRAM-SHA-256", "alice", "wrong").close())
                        .isInstanceOf(JMSSecurityException.class);
                assertThatThrownBy(() -> jms(secure, "ANONYMOUS", "", "").close())
                        .as("ANONYMOUS is not offered under authenticatePeer")
                        .isInstanceOf(jakarta.jms.JMSException.class);

                assertCarriesMessages(alice);
            } finally {
                alice.close();
            }
            List<String> log = router.log().lines();
            assertThat(log).anyMatch(l -> l.contains("Connection Opened:") && l.contains("auth=SCRAM-SHA-256 user=alice"));
            assertThat(log).anyMatch(l -> l.contains("Connection Opened:") && l.contains("auth=PLAIN user=bob"));
            assertThat(log).anyMatch(l -> l.contains("SASL authentication failed: mechanism=PLAIN user=bob: wrong password"));
            assertThat(log).anyMatch(l -> l.contains("SASL authentication failed: mechanism=PLAIN user=carol: no such user"));
        }
    }
}
