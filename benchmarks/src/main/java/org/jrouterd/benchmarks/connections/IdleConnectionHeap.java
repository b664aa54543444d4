package org.jrouterd.benchmarks.connections;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Live heap per idle AMQP connection in a jrouterd daemon: starts {@code bin/jrouterd}, takes a class
 * histogram (after a full collection), opens N connections (SASL ANONYMOUS and Open, then idle but for an empty
 * frame every few seconds so that the router's 16 s idle time-out does not close them), takes another, and prints
 * the difference divided by N with the classes that grew most. With {@code --fill} it then keeps opening connections
 * until the router stops answering (or up to {@code --max}) and reports how many it held. Prints markdown for
 * docs/benchmarks.md on stdout, progress on stderr.
 *
 * <p>Threads: the main thread measures; {@code --threads} openers handshake in parallel; one heartbeat thread
 * owns the open connections' writes once they are open.
 */
@Command(name = "idle-connection-heap", mixinStandardHelpOptions = true,
        description = "Live heap per idle AMQP connection in a jrouterd daemon, and how many fit.")
public final class IdleConnectionHeap implements Callable<Integer> {

    private static final long HEARTBEAT_MILLIS = 4_000;

    @Option(names = "--connections", description = "Idle connections to measure with (default ${DEFAULT-VALUE}).")
    int connections = 5_000;

    @Option(names = "--router-heap", description = "The router's -Xmx (default ${DEFAULT-VALUE}).")
    String routerHeap = "1g";

    @Option(names = "--router-jvm-option", description = "Another JVM option for the router (repeatable).")
    List<String> routerOptions = new ArrayList<>();

    @Option(names = "--fill", description = "Then open connections until the router fails or --max is reached.")
    boolean fill;

    @Option(names = "--max", description = "Bound for --fill (default: this JVM's file limit less 500).")
    int max = -1;

    @Option(names = "--threads", description = "Parallel openers (default ${DEFAULT-VALUE}).")
    int threads = 4;

    @Option(names = "--timeout-ms", description = "Per read, how long the router may take (default ${DEFAULT-VALUE}).")
    int timeoutMillis = 10_000;

    @Option(names = "--settle-seconds", description = "Idle time after the last Open, before measuring, so that "
            + "every connection has sent a heartbeat since (default ${DEFAULT-VALUE}).")
    int settleSeconds = 10;

    @Option(names = "--top", description = "Classes to list (default ${DEFAULT-VALUE}).")
    int top = 15;

    @Option(names = "--launcher", description = "The router's launcher (default ${DEFAULT-VALUE}).")
    Path launcher = Path.of("bin", "jrouterd");

    @Option(names = "--log", description = "The router's log (default ${DEFAULT-VALUE}).")
    Path log = Path.of("target", "idle-connection-heap-router.log");

    private final Queue<RawAmqpConnection> open = new ConcurrentLinkedQueue<>();

    /** Entry point. */
    public static void main(String[] args) {
        System.exit(new CommandLine(new IdleConnectionHeap()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        List<String> jvm = new ArrayList<>(List.of("-Xmx" + routerHeap, "-XX:+ExitOnOutOfMemoryError"));
        jvm.addAll(routerOptions);
        if (log.getParent() != null) {
            Files.createDirectories(log.getParent());
        }
        StringBuilder report = new StringBuilder();
        Thread heartbeat = new Thread(this::heartbeats, "heartbeat");
        heartbeat.setDaemon(true);
        heartbeat.start();
        try (RouterJvm router = RouterJvm.start(launcher, jvm, log)) {
            RawAmqpConnection.open(router.address(), timeoutMillis).close();   // warm up the first connection path
            HeapHistogram idle = router.histogram();
            long started = System.nanoTime();
            String failure = openMore(router, connections);
            if (failure != null) {
                throw new IOException("opening " + connections + " connections failed: " + failure);
            }
            double openSeconds = (System.nanoTime() - started) / 1e9;
            Thread.sleep(settleSeconds * 1000L);   // a benchmark, not a test: idle means idle for a while
            HeapHistogram loaded = router.histogram();
            perConnection(report, jvm, idle, loaded, openSeconds);
            if (fill) {
                fill(report, router, idle);
            }
            heartbeat.interrupt();
            heartbeat.join();
            closeAll(report);
        } finally {
            heartbeat.interrupt();
        }
        System.out.print(report);
        return 0;
    }

    private void perConnection(StringBuilder report, List<String> jvm, HeapHistogram idle, HeapHistogram loaded,
                               double openSeconds) {
        long grown = loaded.totalBytes() - idle.totalBytes();
        report.append("Router JVM: ").append(String.join(" ", jvm)).append("; ").append(Runtime.version())
                .append("; ").append(Instant.now().truncatedTo(ChronoUnit.SECONDS)).append("\n\n");
        report.append(String.format("| idle connections | live heap before | live heap after | per connection |%n"
                + "|---:|---:|---:|---:|%n| %,d | %,d B | %,d B | **%,d B** (%.1f KB) |%n%n", connections,
                idle.totalBytes(), loaded.totalBytes(), grown / connections, grown / connections / 1024.0));
        report.append(String.format("Opened in %.1f s, then idle for %d s (an empty frame every %d s). "
                + "Classes that grew most, per connection:%n%n", openSeconds, settleSeconds, HEARTBEAT_MILLIS / 1000));
        report.append("| class | instances | bytes |\n|---|---:|---:|\n");
        for (HeapHistogram.Entry entry : loaded.growthSince(idle, top)) {
            report.append(String.format("| `%s` | %.2f | %,d |%n", entry.name(),
                    entry.instances() / (double) connections, entry.bytes() / connections));
        }
        report.append('\n');
        System.err.print(report);
    }

    private void fill(StringBuilder report, RouterJvm router, HeapHistogram idle) throws InterruptedException {
        int bound = max > 0 ? max : fileLimit() - 500;
        String failure = null;
        int batch = 1_000;
        while (failure == null && open.size() < bound) {
            failure = openMore(router, Math.min(batch, bound - open.size()));
            System.err.printf("fill: %,d open%s%n", open.size(), failure == null ? "" : "; " + failure);
        }
        boolean alive = router.isAlive();
        String answered = "no";
        if (alive) {
            try {
                RawAmqpConnection.open(router.address(), timeoutMillis).close();
                answered = "yes";
            } catch (IOException e) {
                answered = "no (" + e.getMessage() + ")";
            }
        }
        String heap = "";
        if (alive) {
            try {
                HeapHistogram full = router.histogram();
                heap = String.format(", live heap %,d B (%,d B more than idle, %,d B per connection)",
                        full.totalBytes(), full.totalBytes() - idle.totalBytes(),
                        (full.totalBytes() - idle.totalBytes()) / Math.max(1, open.size()));
            } catch (IOException e) {
                heap = ", no histogram (" + e.getMessage().lines().findFirst().orElse("") + "...)";
            }
        }
        report.append(String.format("Fill (-Xmx%s): **%,d** idle connections open when it stopped: %s%s; "
                        + "router alive: %s; a new client completed its Open: %s.%n%n", routerHeap, open.size(),
                failure == null ? "reached the bound of " + String.format("%,d", bound) : failure, heap,
                alive ? "yes" : "no", answered));
    }

    /** Opens {@code count} more connections with the openers; returns why one failed, or null. */
    private String openMore(RouterJvm router, int count) throws InterruptedException {
        InetSocketAddress address = router.address();
        AtomicReference<String> failure = new AtomicReference<>();
        ExecutorService openers = Executors.newFixedThreadPool(threads);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int share = count / threads + (t < count % threads ? 1 : 0);
            done.add(openers.submit(() -> {
                for (int i = 0; i < share && failure.get() == null; i++) {
                    try {
                        open.add(RawAmqpConnection.open(address, timeoutMillis));
                    } catch (IOException e) {
                        failure.compareAndSet(null, "connection " + (open.size() + 1) + " failed: " + e.getMessage());
                    }
                }
            }));
        }
        openers.shutdown();
        if (!openers.awaitTermination(1, TimeUnit.HOURS)) {
            return "openers did not finish";
        }
        return failure.get();
    }

    /** Closes every connection the AMQP way, once the heartbeat thread has stopped. */
    private void closeAll(StringBuilder report) {
        int closedByRouter = 0;
        int total = open.size();
        RawAmqpConnection connection;
        while ((connection = open.poll()) != null) {
            try {
                connection.close();
                closedByRouter++;
            } catch (IOException e) {
                // counted as not answered
            }
        }
        report.append(String.format("Closed all %,d; the router answered %,d Close frames.%n%n", total,
                closedByRouter));
    }

    private void heartbeats() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                Thread.sleep(HEARTBEAT_MILLIS);
                for (RawAmqpConnection connection : open) {
                    connection.heartbeat();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static int fileLimit() {
        if (java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
            return (int) Math.min(Integer.MAX_VALUE, unix.getMaxFileDescriptorCount());
        }
        return 4_096;
    }
}
