package org.jrouterd.junit;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.jms.Connection;
import java.time.Duration;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The time from the extension's {@code beforeEach} (a fresh router per test) to the router answering an AMQP
 * protocol header on a new socket is under a second; also printed, with the time to a Qpid JMS connection open.
 */
class StartTimeTest {

    /** Registered first (static fields come before instance fields): notes when {@code beforeEach} starts. */
    @RegisterExtension
    @Order(1)
    static final BeforeEachClock CLOCK = new BeforeEachClock();

    @RegisterExtension
    @Order(2)
    final RouterExtension router = RouterExtension.create();

    @RepeatedTest(3)
    void routerAnswersAmqpWithinASecondOfBeforeEach() throws Exception {
        AmqpClients.exchangeProtocolHeaders(router.host(), router.port());
        Duration toAmqpHeader = CLOCK.sinceBeforeEach();
        try (Connection connection = AmqpClients.jms(router.url())) {
            connection.getClientID();   // the AMQP Open has been answered
        }
        Duration toJmsOpen = CLOCK.sinceBeforeEach();
        System.out.printf("router start: beforeEach to AMQP header answered %d ms, to a Qpid JMS connection "
                + "opened %d ms%n", toAmqpHeader.toMillis(), toJmsOpen.toMillis());
        assertThat(toAmqpHeader).isLessThan(Duration.ofSeconds(1));
    }

    /** Threads: written by JUnit's thread in {@code beforeEach}, read by the same test's thread. */
    static final class BeforeEachClock implements BeforeEachCallback {
        private volatile long beforeEachNanos;

        @Override
        public void beforeEach(ExtensionContext context) {
            beforeEachNanos = System.nanoTime();
        }

        Duration sinceBeforeEach() {
            return Duration.ofNanos(System.nanoTime() - beforeEachNanos);
        }
    }
}
