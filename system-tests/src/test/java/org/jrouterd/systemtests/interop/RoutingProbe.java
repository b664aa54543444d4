package org.jrouterd.systemtests.interop;

import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Probe messages that find out whether a router has learnt where an address's consumers are, by using the
 * routing itself: they are sent, a few at a time and unsettled, from a producer's router until a condition on the
 * consumers holds (for example "the consumer on C has received a probe"). Mobile addresses spread through the
 * mesh in mobile-address updates about once a second, and neither kind offers a common way to ask another router
 * what it knows (jrouterd has no management yet), so this is the one check that works for both kinds.
 *
 * <p>A probe carries a negative {@link JmsClients#SEQ} that also names the prober ({@link #origin}), so the
 * receivers of a test tell probes from its messages: a test's messages have {@code seq >= 0}.
 *
 * <p>Threads: the test thread.
 */
final class RoutingProbe {

    /** At most this many probers in a test: origins {@code 0..ORIGINS-1}. */
    static final int ORIGINS = 16;
    private static final Duration OUTCOME = Duration.ofSeconds(10);

    private final MessageProducer producer;
    private final Session session;
    private final int origin;
    private int sent;

    /** A prober number {@code origin} for {@code address}, sending on {@code session}. */
    RoutingProbe(Session session, String address, int origin) throws JMSException {
        if (origin < 0 || origin >= ORIGINS) {
            throw new IllegalArgumentException("origin " + origin);
        }
        this.session = session;
        this.origin = origin;
        this.producer = session.createProducer(session.createQueue(address));
        producer.setDeliveryMode(DeliveryMode.NON_PERSISTENT);
    }

    /** Whether {@code seq} is a probe's (a test's own messages have {@code seq >= 0}). */
    static boolean isProbe(int seq) {
        return seq < 0;
    }

    /** The origin of probe {@code seq}. */
    static int origin(int seq) {
        return (-seq - 1) % ORIGINS;
    }

    /**
     * Sends bursts of {@code burst} probes, each burst waiting for its outcomes (any outcome: a probe may be
     * released while routes change), until {@code reached} holds.
     *
     * @throws AssertionError naming {@code what} when {@code timeout} passes first
     */
    void until(String what, int burst, Duration timeout, BooleanSupplier reached) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!reached.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("probes did not show that " + what + " within " + timeout + " ("
                        + sent + " probes sent)");
            }
            JmsClients.Outcomes outcomes = new JmsClients.Outcomes(burst);
            for (int i = 0; i < burst; i++) {
                TextMessage probe = session.createTextMessage("probe");
                probe.setIntProperty(JmsClients.SEQ, -(1 + origin + ORIGINS * sent++));
                producer.send(probe, outcomes);
            }
            if (!outcomes.await(OUTCOME)) {
                throw new AssertionError("probes for " + what + " got no outcome within " + OUTCOME);
            }
            // The consumer records a probe before it acknowledges it, so the outcome comes after the record.
        }
    }
}
