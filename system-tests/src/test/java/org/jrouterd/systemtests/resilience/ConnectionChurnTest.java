package org.jrouterd.systemtests.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.jrouterd.systemtests.launch.Jrouterd;
import org.jrouterd.systemtests.launch.RouterProcess;
import org.jrouterd.systemtests.launch.TestLogFolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * 100,000 AMQP connections opened and closed as fast as four clients can (SASL ANONYMOUS, Open, Close, each on
 * its own socket) against a router with a 256 MiB heap. Before closed connections released everything at once,
 * each stayed reachable for the 16 s handshake time-out and the router ran out of memory after about 6,000. Now it
 * must survive, still serve a client, and its live heap must come back to where it was before the churn.
 */
@Timeout(180)
class ConnectionChurnTest {

    private static final int CONNECTIONS = 100_000;
    private static final int CLIENTS = 4;
    /** What the live heap may keep after the churn, over its idle size before (caches, JIT-related objects). */
    private static final long IDLE_SLACK = 8L * 1024 * 1024;

    @RegisterExtension
    final TestLogFolder logs = new TestLogFolder();

    @Test
    void aHundredThousandShortConnectionsLeaveTheRouterServingWithItsHeapBackToIdle() throws Exception {
        RouterHeap heap = new RouterHeap(logs.path().resolve("router.pid"));
        List<String> command = new ArrayList<>(List.of(Jrouterd.launcher().toString(), "--listen", "127.0.0.1:0",
                "--id", "Churn"));
        command.addAll(List.of(heap.pidFileOption()));
        try (RouterProcess router = RouterProcess.start("Churn", logs.path(), command, "-Xmx256m")) {
            InetSocketAddress address = new InetSocketAddress("127.0.0.1", router.port());
            RawAmqpClient.open(address, null, 10_000).close();   // load the classes of a connection's life
            long idle = heap.liveBytes();

            long started = System.nanoTime();
            ConcurrentLinkedQueue<String> failures = churn(address);
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            System.out.printf("[churn] %,d connections opened and closed in %.1f s%n", CONNECTIONS,
                    took.toMillis() / 1000.0);

            assertThat(failures).as("connections that failed (router log: %s)", router.log().file()).isEmpty();
            assertThat(router.isAlive()).as("router alive after the churn").isTrue();
            assertThat(ServedClient.roundTrip(router.port(), "after-churn")).isEqualTo("still serving");
            Awaitility.await("the router's live heap back within 8 MiB of its idle " + idle + " B")
                    .atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1))
                    .until(heap::liveBytes, live -> live < idle + IDLE_SLACK);
        }
    }

    /** Each client binds its own loopback address, so that together they have four times the ephemeral ports. */
    private static ConcurrentLinkedQueue<String> churn(InetSocketAddress router) throws InterruptedException {
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        AtomicInteger next = new AtomicInteger();
        List<Thread> clients = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            InetSocketAddress local = new InetSocketAddress("127.0.0." + (2 + c), 0);
            Thread client = new Thread(() -> {
                while (next.getAndIncrement() < CONNECTIONS && failures.size() < 10) {
                    try {
                        RawAmqpClient.open(router, local, 10_000).close();
                    } catch (IOException e) {
                        failures.add(e.toString());
                    }
                }
            }, "churn-" + c);
            client.start();
            clients.add(client);
        }
        for (Thread client : clients) {
            client.join();
        }
        return failures;
    }
}
