package com.example.prices;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.amqp.AmqpClient;
import io.vertx.amqp.AmqpClientOptions;
import io.vertx.amqp.AmqpConnection;
import io.vertx.amqp.AmqpMessage;
import io.vertx.amqp.AmqpReceiver;
import io.vertx.amqp.AmqpSender;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jrouterd.server.Router;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Vert.x 4.5 runs on Netty 4.1 in the same JVM as the embedded router. */
class PriceFeedTest {
    static Router router;
    static Vertx vertx;

    @BeforeAll
    static void start() {
        router = Router.builder().listener("127.0.0.1", 0).start();
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stop() throws Exception {
        await(vertx.close());
        router.close();
    }

    @Test
    void aPriceSentIsReceivedAndAccepted() throws Exception {
        AmqpClient client = AmqpClient.create(vertx,
                new AmqpClientOptions().setHost("127.0.0.1").setPort(router.port()));
        AmqpConnection connection = await(client.connect());
        CompletableFuture<String> received = new CompletableFuture<>();
        AmqpReceiver receiver = await(connection.createReceiver("prices"));
        receiver.handler(message -> received.complete(message.bodyAsString()));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (router.consumerCount("prices") == 0 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        AmqpSender sender = await(connection.createSender("prices"));
        await(sender.sendWithAck(AmqpMessage.create().withBody("EUR 1.17").build()));   // accepted by the receiver
        assertEquals("EUR 1.17", received.get(10, TimeUnit.SECONDS));
        await(client.close());
    }

    @Test
    void theApplicationRunsOnNetty41() {
        String version = io.netty.util.Version.identify().get("netty-transport").artifactVersion();
        assertEquals("4.1.", version.substring(0, 4), version);
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
