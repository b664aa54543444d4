package org.jrouterd.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jrouterd.mgmt.config.ConfigParser;
import org.jrouterd.server.Router;
import org.jrouterd.transport.connector.ConnectorSpec;
import org.jrouterd.transport.server.ConnectionRole;
import org.jrouterd.transport.server.StripAnnotations;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A parsed qdrouterd.conf becomes a running router: the one path from entity creations to configuration. */
@Timeout(30)
class ConfiguredRouterTest {

    @TempDir
    Path folder;

    @Test
    void listenerConnectorAddressAndRouterSectionsAreApplied() throws Exception {
        Path conf = folder.resolve("router.conf");
        Files.writeString(conf, String.join("\n",
                "router {",
                "    id: Configured",
                "    worker-threads: 1",
                "}",
                "address {",
                "    prefix: news",
                "    distribution: multicast",
                "}",
                "listener {",
                "    host: 127.0.0.1",
                "    port: 0",
                "}",
                "connector {",
                "    name: upstream",
                "    host: 127.0.0.1",
                "    port: 1",
                "    max-frame-size: 4096",
                "    idleTimeoutSeconds: 30",
                "    stripAnnotations: no",
                "    failoverUrls: 127.0.0.1:2, amqp://127.0.0.1:3",
                "    saslUsername: alice",
                "    saslPassword: secret",
                "}",
                ""));
        ConfiguredRouter configured = ConfiguredRouter.from(ConfigParser.parse(conf));
        assertThat(configured.listenerCount()).isEqualTo(1);
        try (Router router = configured.builder().start()) {
            assertThat(router.id()).isEqualTo("Configured");
            assertThat(router.port()).isPositive();
            ConnectorSpec spec = router.connectors().get(0).spec();
            assertThat(spec.name()).isEqualTo("upstream");
            assertThat(spec.role()).isEqualTo(ConnectionRole.NORMAL);
            assertThat(spec.maxFrameSize()).isEqualTo(4096);
            assertThat(spec.maxSessions()).isEqualTo(32768);
            assertThat(spec.idleTimeoutSeconds()).isEqualTo(30);
            assertThat(spec.linkCapacity()).isEqualTo(250);
            assertThat(spec.stripAnnotations()).isEqualTo(StripAnnotations.NO);
            assertThat(spec.saslMechanisms()).as("with a saslUsername: SCRAM first, then PLAIN")
                    .isEqualTo(List.of("SCRAM-SHA-512", "SCRAM-SHA-256", "SCRAM-SHA-1", "PLAIN"));
            assertThat(spec.saslUsername()).isEqualTo("alice");
            assertThat(spec.saslPassword()).isEqualTo("secret");
            assertThat(spec.failoverUrls()).containsExactly("127.0.0.1:2", "amqp://127.0.0.1:3");
        }
    }

    @Test
    void saslConfigurationFileGivesTheMechanismsAndTheUserStore() throws Exception {
        Path sasl = Files.createDirectories(folder.resolve("sasl2"));
        Files.writeString(sasl.resolve("users"), org.jrouterd.transport.sasl.users.UserTable.empty().with(
                org.jrouterd.transport.sasl.users.UserCredentials.create("alice", "pw", 4096,
                        new java.security.SecureRandom())).format());
        Files.writeString(sasl.resolve("jrouterd-test.conf"), String.join("\n",
                "# a Cyrus file qdrouterd reads too",
                "pwcheck_method: auxprop",
                "mech_list: SCRAM-SHA-256 PLAIN",
                "sasldb_path: /var/lib/qdrouterd/qdrouterd.sasldb",
                "jrouterd_user_store: users",
                ""));
        Path conf = folder.resolve("router.conf");
        Files.writeString(conf, String.join("\n",
                "router {",
                "    id: Sasl",
                "    saslConfigDir: " + sasl,
                "    saslConfigName: jrouterd-test",
                "}",
                "listener {",
                "    name: secure",
                "    host: 127.0.0.1",
                "    port: 0",
                "    authenticatePeer: yes",
                "}",
                "listener {",
                "    name: open",
                "    host: 127.0.0.1",
                "    port: 0",
                "    saslMechanisms: ANONYMOUS SCRAM-SHA-512 SCRAM-SHA-256",
                "    saslPlainWithoutTls: yes",
                "}",
                ""));
        ConfiguredRouter configured = ConfiguredRouter.from(ConfigParser.parse(conf));
        assertThat(configured.listeners().get(0).spec().saslMechanisms()).as("mech_list, for a listener without any")
                .containsExactly("SCRAM-SHA-256", "PLAIN");
        assertThat(configured.listeners().get(1).spec().saslMechanisms())
                .containsExactly("ANONYMOUS", "SCRAM-SHA-512", "SCRAM-SHA-256");
        assertThat(configured.listeners().get(1).spec().saslPlainWithoutTls()).isTrue();
        assertThat(configured.listeners().get(0).spec().saslPlainWithoutTls()).isFalse();
    }

    @Test
    void aUserStoreThatCannotBeReadIsAnErrorAtItsLine() throws Exception {
        Path sasl = Files.createDirectories(folder.resolve("sasl2"));
        Files.writeString(sasl.resolve("qdrouterd.conf"), "jrouterd_user_store: /nonexistent/users\n");
        Path conf = folder.resolve("router.conf");
        Files.writeString(conf, String.join("\n", "router {", "    id: Sasl", "    saslConfigDir: " + sasl, "}", ""));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ConfiguredRouter.from(ConfigParser.parse(conf)))
                .isInstanceOf(org.jrouterd.mgmt.config.ConfigException.class)
                .hasMessageContaining("router.conf:3")
                .hasMessageContaining("/nonexistent/users");
    }
}
