package org.jrouterd.server.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import org.jrouterd.server.Router;
import org.jrouterd.transport.connector.AmqpConnector;
import org.jrouterd.transport.connector.AmqpConnector.Status;
import org.jrouterd.transport.connector.ConnectorSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A connector keeps its outgoing connection up: retries, connects, reconnects, fails over. */
@Timeout(60)
class ConnectorTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    /** A loopback port nothing listens on right now (the peer router binds it later). */
    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static Router peer(String id, int port) {
        return Router.builder().id(id).ioThreads(1).listener("127.0.0.1", port).start();
    }

    /** Waits until the connector reports {@code status} with a message that contains every one of {@code parts}. */
    private static void awaitStatus(AmqpConnector connector, Status status, String... parts) {
        await().atMost(WAIT).untilAsserted(() -> {
            String message = connector.statusMessage();
            assertThat(connector.status()).as("status; message %s", message).isEqualTo(status);
            assertThat(message).contains(parts);
        });
    }

    @Test
    void connectorRetriesWhileItsPeerIsDownConnectsWhenItComesUpAndReconnectsAfterARestart() throws IOException {
        int port = freePort();
        ConnectorSpec spec = ConnectorSpec.defaults("toB", "127.0.0.1", port).withRetry(20, 200);
        try (Router a = Router.builder().id("A").ioThreads(1).connector(spec).start()) {
            AmqpConnector connector = a.connectors().get(0);

            // The status and its message are two fields, written one after the other on the connector's event
            // loop (and a retry may start meanwhile): wait for the pair, not for the status alone.
            awaitStatus(connector, Status.FAILED, "cannot connect to 127.0.0.1:" + port);
            assertThat(connector.connectionCount()).isZero();

            try (Router b = peer("B", port)) {
                awaitStatus(connector, Status.SUCCESS, "Connection Opened", "container=B");
                assertThat(connector.connectionCount()).isEqualTo(1);
            }

            await().atMost(WAIT).until(() -> connector.status() != Status.SUCCESS);
            assertThat(connector.status()).isIn(Status.FAILED, Status.CONNECTING);

            try (Router restarted = peer("B2", port)) {
                awaitStatus(connector, Status.SUCCESS, "container=B2");
                assertThat(connector.connectionCount()).isEqualTo(2);
            }
        }
    }

    @Test
    void connectorFailsOverToTheNextAddressWhenThePrimaryIsDown() throws IOException {
        int down = freePort();
        try (Router b = Router.builder().id("Backup").ioThreads(1).listener("127.0.0.1", 0).start()) {
            ConnectorSpec spec = ConnectorSpec.defaults("toPrimary", "127.0.0.1", down).withRetry(20, 200)
                    .withFailoverUrls(List.of("amqp://127.0.0.1:" + b.port()));
            try (Router a = Router.builder().id("A").ioThreads(1).connector(spec).start()) {
                AmqpConnector connector = a.connectors().get(0);
                awaitStatus(connector, Status.SUCCESS, "127.0.0.1:" + b.port(), "container=Backup");
            }
        }
    }

    @Test
    void retryDelaysDoubleUpToTheMaximumWithJitter() {
        ConnectorSpec spec = ConnectorSpec.defaults("x", "127.0.0.1", 1).withRetry(100, 1000);
        try (Router a = Router.builder().id("A").ioThreads(1).connector(spec).start()) {
            AmqpConnector connector = a.connectors().get(0);
            for (int i = 0; i < 50; i++) {
                assertThat(connector.retryDelay(0)).isBetween(75L, 125L);
                assertThat(connector.retryDelay(2)).isBetween(300L, 500L);
                assertThat(connector.retryDelay(30)).isBetween(750L, 1250L);
            }
        }
    }
}
