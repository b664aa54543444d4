package org.jrouterd.server.jms;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import java.util.BitSet;
import org.apache.qpid.jms.JmsConnectionFactory;
import org.jrouterd.server.Router;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Pre-settled traffic is flow-controlled to the consumer's pace: a producer far faster than its consumer loses
 * nothing, because credit returns only as copies leave the router.
 */
@Timeout(120)
class PresettledFlowTest {

    @Test
    void aFastPresettledProducerIsSlowedToASlowConsumerAndNothingIsDropped() throws Exception {
        int count = 5_000;
        try (Router router = Router.builder().id("Presettled").listener("127.0.0.1", 0).start()) {
            String url = "amqp://127.0.0.1:" + router.port();
            try (Connection consuming = new JmsConnectionFactory(url + "?jms.prefetchPolicy.all=1").createConnection();
                 Connection producing = new JmsConnectionFactory(url + "?jms.presettlePolicy.presettleProducers=true")
                         .createConnection()) {
                consuming.start();
                Session session = consuming.createSession(false, Session.AUTO_ACKNOWLEDGE);
                MessageConsumer consumer = session.createConsumer(session.createQueue("presettled"));
                Session sending = producing.createSession(false, Session.AUTO_ACKNOWLEDGE);
                MessageProducer producer = sending.createProducer(sending.createQueue("presettled"));
                Thread sender = new Thread(() -> {
                    try {
                        for (int i = 0; i < count; i++) {
                            Message message = sending.createTextMessage("m" + i);
                            message.setIntProperty("seq", i);
                            producer.send(message);
                        }
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }, "presettled-sender");
                sender.start();
                BitSet seen = new BitSet(count);
                for (int i = 0; i < count; i++) {
                    Message message = consumer.receive(20_000);
                    assertThat(message).as("message %d of %d", i + 1, count).isNotNull();
                    seen.set(message.getIntProperty("seq"));
                }
                sender.join(20_000);
                assertThat(seen.cardinality()).isEqualTo(count);
            }
        }
    }
}
