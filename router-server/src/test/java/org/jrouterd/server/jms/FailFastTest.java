package org.jrouterd.server.jms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.qpid.jms.JmsConnectionFactory;
import org.jrouterd.core.address.AddressConfig;
import org.jrouterd.core.address.Distribution;
import org.jrouterd.mgmt.config.ConfigParser;
import org.jrouterd.server.Router;
import org.jrouterd.server.config.ConfiguredRouter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fail-fast addresses (a jrouterd extension for RPC): an unsettled message to an address with no consumer is rejected
 * at once with {@code amqp:not-found}; other addresses keep qdrouterd's behaviour (the sender waits for credit).
 */
@Timeout(60)
class FailFastTest {

    @TempDir
    Path folder;

    @Test
    void aMessageWithNoConsumerIsRejectedAtOnceAndOneWithAConsumerIsDelivered() throws Exception {
        try (Router router = Router.builder().id("FailFast").listener("127.0.0.1", 0)
                .address(AddressConfig.prefix("rpc", Distribution.BALANCED).withFailFast(true)).start()) {
            JmsConnectionFactory factory = new JmsConnectionFactory("amqp://127.0.0.1:" + router.port());
            try (Connection connection = factory.createConnection()) {
                connection.start();
                Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                MessageProducer producer = session.createProducer(session.createQueue("rpc.compute"));
                long start = System.nanoTime();
                assertThatThrownBy(() -> producer.send(session.createTextMessage("call")))
                        .isInstanceOf(JMSException.class).hasMessageContaining("no consumer for address rpc.compute");
                assertThat(System.nanoTime() - start).as("failed at once, not after a time-out")
                        .isLessThan(Duration.ofSeconds(2).toNanos());

                MessageProducer anonymous = session.createProducer(null);
                assertThatThrownBy(() -> anonymous.send(session.createQueue("rpc.network"),
                        session.createTextMessage("call"))).isInstanceOf(JMSException.class)
                        .hasMessageContaining("no consumer for address rpc.network");

                Session serving = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                MessageConsumer server = serving.createConsumer(serving.createQueue("rpc.compute"));
                await().atMost(Duration.ofSeconds(10)).until(() -> router.consumerCount("rpc.compute") == 1);
                CompletableFuture<Void> sent = CompletableFuture.runAsync(() -> send(producer, session, "served"));
                assertThat(((TextMessage) server.receive(10_000)).getText()).isEqualTo("served");
                sent.get(10, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void otherAddressesStillWaitForAConsumerAsQdrouterdDoes() throws Exception {
        try (Router router = Router.builder().id("Waits").listener("127.0.0.1", 0)
                .address(AddressConfig.prefix("rpc", Distribution.BALANCED).withFailFast(true)).start()) {
            JmsConnectionFactory factory = new JmsConnectionFactory("amqp://127.0.0.1:" + router.port());
            try (Connection connection = factory.createConnection()) {
                connection.start();
                Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                MessageProducer producer = session.createProducer(session.createQueue("notifications"));
                CompletableFuture<Void> sent = CompletableFuture.runAsync(() -> send(producer, session, "waits"));
                assertThatThrownBy(() -> sent.get(1, TimeUnit.SECONDS)).isInstanceOf(TimeoutException.class);
                Session receiving = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                MessageConsumer consumer = receiving.createConsumer(receiving.createQueue("notifications"));
                assertThat(((TextMessage) consumer.receive(10_000)).getText()).isEqualTo("waits");
                sent.get(10, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void theConfigFileTurnsItOnPerAddressPrefix() throws Exception {
        Path conf = folder.resolve("router.conf");
        Files.writeString(conf, String.join("\n",
                "router {", "    id: FromFile", "}",
                "address {", "    prefix: openstack.org/om/rpc", "    distribution: balanced", "    failFast: yes", "}",
                "listener {", "    host: 127.0.0.1", "    port: 0", "}", ""));
        try (Router router = ConfiguredRouter.from(ConfigParser.parse(conf)).builder().start()) {
            JmsConnectionFactory factory = new JmsConnectionFactory("amqp://127.0.0.1:" + router.port());
            try (Connection connection = factory.createConnection()) {
                Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                MessageProducer producer = session.createProducer(
                        session.createQueue("openstack.org/om/rpc/anycast/nova/compute"));
                assertThatThrownBy(() -> producer.send(session.createTextMessage("call")))
                        .isInstanceOf(JMSException.class).hasMessageContaining("no consumer");
            }
        }
    }

    private static void send(MessageProducer producer, Session session, String text) {
        try {
            producer.send(session.createTextMessage(text));
        } catch (JMSException e) {
            throw new IllegalStateException(e);
        }
    }
}
