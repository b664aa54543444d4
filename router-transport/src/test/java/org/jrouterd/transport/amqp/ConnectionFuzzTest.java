package org.jrouterd.transport.amqp;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.qpid.proton.amqp.transport.Close;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzzes one connection's input: mutated recorded sessions ({@link PeerSessions}, {@link FrameMutator}) fed to an
 * {@link AmqpConnectionHandler} in an embedded channel, for a bounded time on up to two threads. Each input fails
 * the run if
 * <ul>
 *   <li>an exception escapes to Netty (the channel records one, or the handler's {@code exceptionCaught} logs);
 *   <li>the handler keeps an input buffer, or a written buffer outlives its release, or Netty reports a leak;
 *   <li>the connection hangs: once the input has ended and the peer stays silent, the router must close the
 *       socket within {@link #SILENCE_BOUND_SECONDS} of (virtual) time — its idle time-out or handshake time-out
 *       must fire — and every step must end within a bounded number of event-loop runs;
 *   <li>what the router wrote does not decode as AMQP.
 * </ul>
 * A failure names the input's seed; {@code -Djrouterd.fuzz.replay=<seed>} runs that one input alone with its log.
 * {@code -Djrouterd.fuzz.seconds=<n>} sets the run's length (default 20), {@code -Djrouterd.fuzz.seed=<n>} the
 * first seed (default random, printed).
 */
class ConnectionFuzzTest {

    /** Virtual seconds of silence after which any connection must be closed: 16 s idle time-out, 2 s grace. */
    static final int SILENCE_BOUND_SECONDS = 40;
    private static final long SECONDS = Long.getLong("jrouterd.fuzz.seconds", 20);
    private static final String REPLAY = System.getProperty("jrouterd.fuzz.replay");
    private static final String SERVER_LOG = "SERVER";

    @Test
    @Timeout(60)
    void everyCorpusSessionEndsWithACleanClose() {
        for (List<byte[]> session : PeerSessions.corpus()) {
            try (EngineUnderTest engine = EngineUnderTest.withDefaults()) {
                engine.feedAll(session);
                Close close = AmqpWire.close(engine.frames());
                assertThat(close).as("the router's Close in %s", engine.frames()).isNotNull();
                assertThat(close.getError()).as("error of the router's Close").isNull();
                assertThat(engine.isOpen()).isFalse();
            }
        }
    }

    @Test
    @Timeout(60)
    void noFoundInputEscapesHangsOrLeaks() {
        List<List<byte[]>> seeds = List.of(PeerSessions.secondAttachOnTheSameHandle(),
                PeerSessions.reorderedTransfers(), PeerSessions.senderSettlesWhileTheNextDeliveryArrives(),
                PeerSessions.detachBeforeBegin(), PeerSessions.detachAfterItsSessionEnded());
        try (LogCapture escapes = LogCapture.of(Level.WARN, SERVER_LOG)) {
            for (List<byte[]> seed : seeds) {
                String failure = runOne(seed, escapes);
                assertThat(failure).as("explicit seed").isNull();
            }
        }
    }

    @Test
    @Timeout(SILENCE_BOUND_SECONDS + 600)
    void noMutatedSessionEscapesHangsOrLeaks() throws Exception {
        if (REPLAY != null) {
            replay(Long.parseLong(REPLAY));
            return;
        }
        long firstSeed = Long.getLong("jrouterd.fuzz.seed", new Random().nextLong());
        int workers = Math.min(2, Runtime.getRuntime().availableProcessors());
        System.out.printf("fuzzing for %d s on %d threads from seed %d%n", SECONDS, workers, firstSeed);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(SECONDS);
        AtomicLong inputs = new AtomicLong();
        List<String> failures;
        try (LogCapture quiet = LogCapture.of(Level.WARN, "ROUTER", "PROTOCOL");
             LogCapture escapes = LogCapture.of(Level.WARN, SERVER_LOG);
             LogCapture leaks = LogCapture.of(Level.ERROR, "io.netty.util.ResourceLeakDetector")) {
            ExecutorService pool = Executors.newFixedThreadPool(workers);
            try {
                List<Future<String>> results = new ArrayList<>();
                for (int w = 0; w < workers; w++) {
                    long start = firstSeed + w;
                    results.add(pool.submit(() -> fuzz(start, workers, deadline, inputs, escapes)));
                }
                failures = new ArrayList<>();
                for (Future<String> result : results) {
                    String failure = result.get();
                    if (failure != null) {
                        failures.add(failure);
                    }
                }
            } finally {
                pool.shutdownNow();
            }
            provokeLeakReports();
            for (ILoggingEvent leak : leaks.events()) {
                failures.add("Netty reported a leak (inputs from seed " + firstSeed + "): "
                        + leak.getFormattedMessage());
            }
        }
        System.out.printf("fuzzed %d inputs in %d s (%d/s)%n", inputs.get(), SECONDS,
                inputs.get() / Math.max(1, SECONDS));
        assertThat(failures).as("fuzz failures (replay one with -Djrouterd.fuzz.replay=<seed>)").isEmpty();
    }

    /** Runs inputs {@code seed}, {@code seed + step}, ... until the deadline; returns the first failure. */
    private static String fuzz(long seed, int step, long deadline, AtomicLong inputs, LogCapture escapes) {
        FrameMutator mutator = new FrameMutator(PeerSessions.corpus());
        for (long s = seed; System.nanoTime() - deadline < 0; s += step) {
            String failure;
            try {
                failure = runOne(mutator.mutate(s), escapes);
            } catch (RuntimeException | AssertionError e) {
                failure = "the mutator failed: " + e;
            }
            inputs.incrementAndGet();
            if (failure != null) {
                return "seed " + s + ": " + failure;
            }
        }
        return null;
    }

    private static void replay(long seed) {
        List<byte[]> reads = new FrameMutator(PeerSessions.corpus()).mutate(seed);
        reads.forEach(read -> System.out.println("read: " + AmqpWire.hex(read)));
        try (LogCapture escapes = LogCapture.of(Level.DEBUG, SERVER_LOG, "ROUTER")) {
            assertThat(runOne(reads, escapes)).as("seed %d", seed).isNull();
        }
    }

    /**
     * Feeds one input, then lets virtual time pass in silence; returns what went wrong, or null.
     */
    static String runOne(List<byte[]> reads, LogCapture escapes) {
        String thread = Thread.currentThread().getName();
        EngineUnderTest engine = EngineUnderTest.withDefaults();
        try {
            engine.feedAll(reads);
            for (int waited = 0; engine.isOpen() && waited < SILENCE_BOUND_SECONDS; waited += 4) {
                engine.advance(4, TimeUnit.SECONDS);
            }
            if (engine.isOpen()) {
                return "hang: still open " + SILENCE_BOUND_SECONDS + " s after the input ended; wrote "
                        + engine.frames();
            }
            AmqpWire.decode(engine.written());
        } catch (RuntimeException | AssertionError e) {
            return "escaped: " + stackTrace(e);
        } finally {
            try {
                engine.close();
            } catch (RuntimeException | AssertionError e) {
                return "escaped on close: " + stackTrace(e);
            }
        }
        for (ILoggingEvent event : escapes.events()) {
            if (event.getThreadName().equals(thread) && event.getLevel().isGreaterOrEqual(Level.WARN)
                    && event.getThrowableProxy() != null) {
                escapes.clear();
                return "exception reached the handler: " + event.getFormattedMessage() + " "
                        + event.getThrowableProxy().getClassName() + ": " + event.getThrowableProxy().getMessage();
            }
        }
        return null;
    }

    private static String stackTrace(Throwable e) {
        java.io.StringWriter out = new java.io.StringWriter();
        e.printStackTrace(new java.io.PrintWriter(out));
        return out.toString();
    }

    /** As Netty notices leaks only when the garbage collector has run and buffers are allocated after. */
    private static void provokeLeakReports() {
        for (int round = 0; round < 3; round++) {
            System.gc();
            for (int i = 0; i < 64; i++) {
                ByteBuf probe = PooledByteBufAllocator.DEFAULT.buffer(16);
                probe.release();
            }
        }
    }
}
