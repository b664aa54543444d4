package org.jrouterd.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.jms.Connection;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.time.Duration;
import org.jrouterd.server.mesh.MeshLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A line of three routers A–B–C for the whole class, converged before the first test. */
@Timeout(60)
class MeshExtensionTest {

    @RegisterExtension
    static final MeshExtension MESH = MeshExtension.create(MeshLayout.line(3));

    @Test
    void everyRouterReachesEveryOtherBeforeTheTestsRun() {
        for (String from : MESH.mesh().running()) {
            for (String to : MESH.mesh().running()) {
                assertThat(from.equals(to) || MESH.router(from).reaches(to)).as(from + " reaches " + to).isTrue();
            }
        }
    }

    @Test
    void urlsNameEachRoutersOwnListener() {
        assertThat(MESH.url("A")).isEqualTo("amqp://127.0.0.1:" + MESH.port("A"));
        assertThat(MESH.port("A")).isNotEqualTo(MESH.port("C"));
        assertThat(MESH.router("B").id()).isEqualTo("B");
    }

    @Test
    void messageSentAtOneEndReachesTheConsumerAtTheOther() throws Exception {
        try (Connection atC = AmqpClients.jms(MESH.url("C"));
             Connection atA = AmqpClients.jmsAsyncSend(MESH.url("A"))) {
            Session consuming = atC.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer consumer = consuming.createConsumer(consuming.createQueue("across"));
            MESH.awaitConsumer("A", "across");
            Session producing = atA.createSession(false, Session.AUTO_ACKNOWLEDGE);
            producing.createProducer(producing.createQueue("across")).send(producing.createTextMessage("hop"));
            assertThat(((TextMessage) consumer.receive(10_000)).getText()).isEqualTo("hop");
        }
    }

    @Test
    void awaitConsumerFailsSayingWhatEachRouterSees() {
        assertThatThrownBy(() -> MESH.awaitConsumer("A", "nobody-listens", Duration.ofMillis(200)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("router A of the mesh A, B, C knows no consumer of 'nobody-listens' "
                        + "after 200 ms")
                .hasMessageContaining("A has 0 local consumer(s) and knows 0 other router(s) with one, reaches [B, C]")
                .hasMessageContaining("C has 0 local consumer(s)");
    }
}
