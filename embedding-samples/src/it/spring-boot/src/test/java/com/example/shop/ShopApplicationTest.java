package com.example.shop;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.jms.Connection;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.qpid.jms.JmsConnectionFactory;
import org.jrouterd.server.Router;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Spring Boot 3.5 (Netty 4.1 under its managed versions, a reactor-netty web server) beside the embedded router. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ShopApplicationTest {
    static final Router router = Router.builder().listener("127.0.0.1", 0).start();

    @DynamicPropertySource
    static void amqp(DynamicPropertyRegistry registry) {
        registry.add("shop.amqp-url", () -> "amqp://127.0.0.1:" + router.port());
    }

    @AfterAll
    static void stopRouter() {
        router.close();
    }

    @Autowired
    WebTestClient web;

    @Test
    void anHttpOrderArrivesAsAnAmqpMessage() throws Exception {
        try (Connection connection = new JmsConnectionFactory("amqp://127.0.0.1:" + router.port()).createConnection()) {
            connection.start();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer consumer = session.createConsumer(session.createQueue("orders"));
            BlockingQueue<String> received = new LinkedBlockingQueue<>();
            consumer.setMessageListener(message -> {
                try {
                    received.add(((TextMessage) message).getText());
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (router.consumerCount("orders") == 0 && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }

            web.post().uri("/orders/teapot").exchange().expectStatus().isOk()
                    .expectBody(String.class).isEqualTo("ordered teapot");

            assertThat(received.poll(10, TimeUnit.SECONDS)).isEqualTo("teapot");
        }
    }

    @Test
    void theApplicationRunsOnNetty41() {
        assertThat(io.netty.util.Version.identify().get("netty-transport").artifactVersion()).startsWith("4.1.");
    }
}
