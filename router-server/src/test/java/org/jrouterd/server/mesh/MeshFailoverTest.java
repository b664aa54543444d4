package org.jrouterd.server.mesh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import jakarta.jms.CompletionListener;
import jakarta.jms.Message;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jrouterd.server.Router;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Failover under load: in a triangle A-B-C where A reaches C through B (costs 1 + 1 against 10 direct), a JMS
 * sender on A streams to a receiver on C; the router in the middle goes away (clean stop, socket reset, or a
 * silent partition that only missing HELLOs reveal). Traffic must resume on the direct link within
 * 2 x helloMaxAgeSeconds; every message the sender saw accepted must have reached the receiver; duplicates
 * (messages a consumer accepted but whose outcome was lost with the router, so the sender re-sent them) are
 * counted and reported.
 */
@Timeout(120)
class MeshFailoverTest {

    private static final int HELLO_MAX_AGE_SECONDS = 3;
    private static final int MESSAGES = 6_000;
    private static final int WINDOW = 100;
    private static final String ADDRESS = "failover.orders";

    private final List<CuttableRelay> relays = new CopyOnWriteArrayList<>();

    @AfterEach
    void closeRelays() throws IOException {
        for (CuttableRelay relay : relays) {
            relay.close();
        }
    }

    /** Connections that involve B go through relays; the A-C connection is direct. */
    private int dial(MeshLayout.Connection connection, int listenerPort) {
        if (!connection.listener().equals("B") && !connection.connector().equals("B")) {
            return listenerPort;
        }
        try {
            CuttableRelay relay = new CuttableRelay(listenerPort);
            relays.add(relay);
            return relay.port();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private EmbeddedMesh triangle() {
        return EmbeddedMesh.start(MeshLayout.triangle(1, 1, 10),
                builder -> builder.linkStateTimers(1, HELLO_MAX_AGE_SECONDS, 30, 4, 60), this::dial);
    }

    @Test
    void cleanStopOfTheMiddleRouter() throws Exception {
        try (EmbeddedMesh mesh = triangle()) {
            Outcome outcome = streamThroughFault(mesh, () -> mesh.stop("B"));
            outcome.report("clean stop of B");
        }
    }

    @Test
    void socketResetOfTheMiddleRoutersConnections() throws Exception {
        try (EmbeddedMesh mesh = triangle()) {
            Outcome outcome = streamThroughFault(mesh, () -> relays.forEach(CuttableRelay::cut));
            outcome.report("sockets of B reset");
        }
    }

    @Test
    void silentPartitionIsDetectedByMissingHellos() throws Exception {
        try (EmbeddedMesh mesh = triangle()) {
            Outcome outcome = streamThroughFault(mesh, () -> relays.forEach(CuttableRelay::freeze));
            outcome.report("B partitioned silently");
            assertThat(outcome.outageMillis).as("detected by HELLO age, not at once")
                    .isGreaterThanOrEqualTo(1000L);
        }
    }

    /** What one run measured. */
    private record Outcome(long outageMillis, int resent, int duplicates, int received) {
        void report(String what) {
            System.out.printf("FAILOVER %s: traffic resumed after %d ms (limit %d ms); %d messages re-sent "
                    + "after released/modified outcomes; %d duplicates received; %d received%n", what, outageMillis,
                    2000L * HELLO_MAX_AGE_SECONDS, resent, duplicates, received);
        }
    }

    private Outcome streamThroughFault(EmbeddedMesh mesh, Runnable fault) throws Exception {
        mesh.awaitConverged(Duration.ofSeconds(30));
        Router a = mesh.router("A");
        MeshRoutingTest.awaitPath(a, "C", "B", 2);
        try (MeshClients clients = new MeshClients()) {
            Session receiving = clients.connect(mesh.router("C").port()).createSession(false,
                    Session.AUTO_ACKNOWLEDGE);
            List<Long> receiveTimes = new CopyOnWriteArrayList<>();
            MeshClients.Received received = new MeshClients.Received();
            receiving.createConsumer(receiving.createQueue(ADDRESS)).setMessageListener(message -> {
                receiveTimes.add(System.nanoTime());
                received.add(message);
            });
            await().atMost(Duration.ofSeconds(20)).until(() -> a.remoteDestinationCount(ADDRESS) == 1);

            Session sending = clients.connect(a.port()).createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer producer = sending.createProducer(sending.createQueue(ADDRESS));
            Semaphore window = new Semaphore(WINDOW);
            Set<Integer> accepted = ConcurrentHashMap.newKeySet();
            ConcurrentLinkedQueue<Integer> toResend = new ConcurrentLinkedQueue<>();
            AtomicInteger resent = new AtomicInteger();
            CompletionListener listener = new CompletionListener() {
                @Override
                public void onCompletion(Message message) {
                    accepted.add(MeshClients.seq(message));
                    window.release();
                }

                @Override
                public void onException(Message message, Exception exception) {
                    toResend.add(MeshClients.seq(message));
                    window.release();
                }
            };
            long faultAt = 0;
            CompletableFuture<Void> faulted = null;
            int next = 0;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (accepted.size() < MESSAGES) {
                assertThat(System.nanoTime() - deadline).as("all messages accepted within 60 s").isNegative();
                if (faultAt == 0 && accepted.size() >= MESSAGES / 3) {
                    // The fault happens beside the traffic, as a real one would: stopping a router takes a while,
                    // and the sender must not pause for it, or the pause would count as outage.
                    faultAt = System.nanoTime();
                    faulted = CompletableFuture.runAsync(fault, runnable -> {
                        Thread thread = new Thread(runnable, "failover-fault");
                        thread.setDaemon(true);
                        thread.start();
                    });
                }
                if (!window.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                    continue;
                }
                Integer retry = toResend.poll();
                int seq;
                if (retry != null) {
                    seq = retry;
                    resent.incrementAndGet();
                } else if (next < MESSAGES) {
                    seq = next++;
                } else {
                    window.release();
                    continue;
                }
                TextMessage message = sending.createTextMessage("order " + seq);
                message.setIntProperty("seq", seq);
                producer.send(message, listener);
            }
            faulted.get(30, TimeUnit.SECONDS);   // the fault itself completed (and threw nothing)
            await().atMost(Duration.ofSeconds(10)).until(() -> received.seen.containsAll(accepted));
            long outage = 0;
            List<Long> times = new ArrayList<>(receiveTimes);
            long previous = faultAt;
            for (long at : times) {
                if (at >= faultAt) {
                    outage = Math.max(outage, at - previous);
                    previous = at;
                }
            }
            long outageMillis = TimeUnit.NANOSECONDS.toMillis(outage);
            assertThat(accepted).hasSize(MESSAGES);
            assertThat(received.seen).as("every accepted message reached the receiver").containsAll(accepted);
            assertThat(received.duplicates.get()).as("duplicates only for re-sent messages")
                    .isLessThanOrEqualTo(resent.get());
            assertThat(outageMillis).as("traffic resumed within 2 x helloMaxAgeSeconds")
                    .isLessThan(2000L * HELLO_MAX_AGE_SECONDS);
            return new Outcome(outageMillis, resent.get(), received.duplicates.get(), received.total.get());
        }
    }
}
