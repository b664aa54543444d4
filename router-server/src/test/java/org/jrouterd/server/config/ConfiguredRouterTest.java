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
            assertThat(spec.saslMechanisms()).isEqualTo(List.of("PLAIN"));
            assertThat(spec.saslUsername()).isEqualTo("alice");
            assertThat(spec.saslPassword()).isEqualTo("secret");
            assertThat(spec.failoverUrls()).containsExactly("127.0.0.1:2", "amqp://127.0.0.1:3");
        }
    }
}
