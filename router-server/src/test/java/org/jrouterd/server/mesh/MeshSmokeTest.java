package org.jrouterd.server.mesh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import java.time.Duration;
import org.apache.qpid.jms.JmsConnectionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class MeshSmokeTest {

    @Test
    void twoRouters() throws Exception {
        try (EmbeddedMesh mesh = EmbeddedMesh.start(MeshLayout.line(2))) {
            mesh.awaitConverged(Duration.ofSeconds(20));
            JmsConnectionFactory fb = new JmsConnectionFactory("amqp://127.0.0.1:" + mesh.router("B").port()
                    + "?jms.forceAsyncSend=true");
            Connection cb = fb.createConnection();
            cb.start();
            Session sb = cb.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer consumer = sb.createConsumer(sb.createQueue("smoke"));
            await().atMost(Duration.ofSeconds(10)).until(() -> mesh.router("A").remoteDestinationCount("smoke") == 1);
            JmsConnectionFactory fa = new JmsConnectionFactory("amqp://127.0.0.1:" + mesh.router("A").port()
                    + "?jms.forceAsyncSend=true");
            Connection ca = fa.createConnection();
            ca.start();
            Session sa = ca.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer producer = sa.createProducer(sa.createQueue("smoke"));
            producer.send(sa.createTextMessage("hello"));
            Message m = consumer.receive(10_000);
            assertThat(m).isNotNull();
            ca.close();
            cb.close();
        }
    }
}
