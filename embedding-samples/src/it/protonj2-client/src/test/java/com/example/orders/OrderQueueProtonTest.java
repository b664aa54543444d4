package com.example.orders;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.TimeUnit;
import org.apache.qpid.protonj2.client.Client;
import org.apache.qpid.protonj2.client.Connection;
import org.apache.qpid.protonj2.client.Delivery;
import org.apache.qpid.protonj2.client.Message;
import org.apache.qpid.protonj2.client.Receiver;
import org.apache.qpid.protonj2.client.Sender;
import org.apache.qpid.protonj2.client.Tracker;
import org.jrouterd.junit.RouterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class OrderQueueProtonTest {

    // A fresh router for each test: the field is not static.
    @RegisterExtension
    final RouterExtension router = RouterExtension.create();

    @Test
    void anOrderSentIsAcceptedByTheConsumer() throws Exception {
        try (Client client = Client.create();
             Connection connection = client.connect(router.host(), router.port())) {
            Receiver receiver = connection.openReceiver("orders");
            router.awaitConsumer("orders");

            Sender sender = connection.openSender("orders");
            Tracker tracker = sender.send(Message.create("order 1"));   // sent, not yet settled

            Delivery delivery = receiver.receive(10, TimeUnit.SECONDS);   // accepted as it is received
            assertEquals("order 1", delivery.message().body());

            tracker.awaitAccepted(10, TimeUnit.SECONDS);   // the consumer's outcome, passed back by the router
        }
    }
}
