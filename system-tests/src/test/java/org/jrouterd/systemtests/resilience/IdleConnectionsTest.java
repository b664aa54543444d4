package org.jrouterd.systemtests.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.management.UnixOperatingSystemMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
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
 * 10,000 idle AMQP connections (SASL ANONYMOUS and Open done, then only an empty frame every 4 s, within the
 * router's 16 s idle time-out) held by a router with a 512 MiB heap, with room to spare: its live heap stays under
 * 60% of the maximum, it still serves a new client, and once all are closed its heap is back to idle. At about
 * 85 KB per idle connection (proton's buffers, three encoders with their type registries) 10,000 did not fit.
 */
@Timeout(180)
class IdleConnectionsTest {

    private static final int CONNECTIONS = 10_000;
    private static final int OPENERS = 4;
    private static final long MAX_HEAP = 512L * 1024 * 1024;
    private static final long IDLE_SLACK = 8L * 1024 * 1024;
    private static final long HEARTBEAT_MILLIS = 4_000;

    @RegisterExtension
    final TestLogFolder logs = new TestLogFolder();

    @Test
    void tenThousandIdleConnectionsFitInHalfAGibibyteWithRoomToSpare() throws Exception {
        requireOpenFiles("this test's JVM", ownFileLimit());
        RouterHeap heap = new RouterHeap(logs.path().resolve("router.pid"));
        List<String> command = new ArrayList<>(List.of(Jrouterd.launcher().toString(), "--listen", "127.0.0.1:0",
                "--id", "Idle"));
        command.addAll(List.of(heap.pidFileOption()));
        try (RouterProcess router = RouterProcess.start("Idle", logs.path(), command, "-Xmx512m")) {
            requireOpenFiles("the router", routerFileLimit(logs.path().resolve("router.pid")));
            InetSocketAddress address = new InetSocketAddress("127.0.0.1", router.port());
            RawAmqpClient.open(address, null, 10_000).close();   // load the classes of a connection's life
            long idle = heap.liveBytes();

            Queue<RawAmqpClient> open = new ConcurrentLinkedQueue<>();
            Queue<String> failures = openAll(address, open);
            assertThat(failures).as("connections that failed to open (router log: %s)", router.log().file())
                    .isEmpty();
            Heartbeats heartbeats = new Heartbeats(open);
            heartbeats.start();
            try {
                long held = heap.liveBytes();
                System.out.printf("[idle] %,d idle connections: live heap %,d B (idle %,d B), %,d B each%n",
                        CONNECTIONS, held, idle, (held - idle) / CONNECTIONS);
                assertThat(held).as("live heap with %,d idle connections, of %,d max", CONNECTIONS, MAX_HEAP)
                        .isLessThan(MAX_HEAP * 60 / 100);
                assertThat(ServedClient.roundTrip(router.port(), "beside-idle")).isEqualTo("still serving");
                assertThat(heartbeats.failed.get()).as("idle connections the router closed").isZero();
                // An empty frame is a legal heartbeat on any channel, with or without a session (AMQP 1.0, 2.3.2).
                assertThat(router.log().lines()).as("the router's log: no idle connection ended")
                        .noneMatch(line -> line.contains("ended:"));
            } finally {
                heartbeats.stop();
            }
            int answered = 0;
            RawAmqpClient client;
            while ((client = open.poll()) != null) {
                try {
                    client.close();
                    answered++;
                } catch (IOException e) {
                    // counted below
                }
            }
            assertThat(answered).as("idle connections closed with an AMQP Close").isEqualTo(CONNECTIONS);
            Awaitility.await("the router's live heap back within 8 MiB of its idle " + idle + " B")
                    .atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1))
                    .until(heap::liveBytes, live -> live < idle + IDLE_SLACK);
        }
    }

    /** Opens the connections with a few threads, each from its own loopback address. */
    private static Queue<String> openAll(InetSocketAddress router, Queue<RawAmqpClient> open)
            throws InterruptedException {
        Queue<String> failures = new ConcurrentLinkedQueue<>();
        AtomicInteger next = new AtomicInteger();
        List<Thread> openers = new ArrayList<>();
        for (int t = 0; t < OPENERS; t++) {
            InetSocketAddress local = new InetSocketAddress("127.0.0." + (2 + t), 0);
            Thread opener = new Thread(() -> {
                while (next.getAndIncrement() < CONNECTIONS && failures.size() < 10) {
                    try {
                        open.add(RawAmqpClient.open(router, local, 10_000));
                    } catch (IOException e) {
                        failures.add(e.toString());
                    }
                }
            }, "opener-" + t);
            opener.start();
            openers.add(opener);
        }
        for (Thread opener : openers) {
            opener.join();
        }
        return failures;
    }

    private static void requireOpenFiles(String who, long limit) {
        assertThat(limit).as("%s may open only %,d files; %,d idle connections need more (raise `ulimit -n`)", who,
                limit, CONNECTIONS).isGreaterThan(CONNECTIONS + 500);
    }

    private static long ownFileLimit() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof UnixOperatingSystemMXBean unix
                ? unix.getMaxFileDescriptorCount() : Long.MAX_VALUE;
    }

    /** The router's soft limit of open files, from {@code /proc/<pid>/limits} (Linux). */
    private static long routerFileLimit(Path pidFile) throws IOException {
        Awaitility.await("pid file").atMost(Duration.ofSeconds(10)).until(() -> Files.exists(pidFile));
        Path limits = Path.of("/proc", Files.readString(pidFile).trim(), "limits");
        if (!Files.exists(limits)) {
            return Long.MAX_VALUE;
        }
        return Files.readAllLines(limits).stream().filter(line -> line.startsWith("Max open files"))
                .map(line -> line.substring("Max open files".length()).trim().split("\\s+")[0])
                .mapToLong(Long::parseLong).findFirst().orElse(Long.MAX_VALUE);
    }

    /**
     * Writes an empty frame on every open connection every 4 s, as an idle client does within the router's idle
     * time-out.
     *
     * <p>Threads: its own thread writes; the test thread starts and stops it, and closes the connections only after.
     */
    private static final class Heartbeats {
        private final Queue<RawAmqpClient> open;
        private final AtomicInteger failed = new AtomicInteger();
        private final Thread thread;
        private volatile boolean stopped;

        Heartbeats(Queue<RawAmqpClient> open) {
            this.open = open;
            this.thread = new Thread(this::run, "heartbeats");
            thread.setDaemon(true);
        }

        void start() {
            thread.start();
        }

        void stop() throws InterruptedException {
            stopped = true;
            thread.interrupt();
            thread.join();
        }

        private void run() {
            while (!stopped) {
                for (RawAmqpClient client : open) {
                    if (!client.heartbeat()) {
                        failed.incrementAndGet();
                    }
                }
                try {
                    Thread.sleep(HEARTBEAT_MILLIS);   // a client's heartbeat period, not a wait for a condition
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }
}
