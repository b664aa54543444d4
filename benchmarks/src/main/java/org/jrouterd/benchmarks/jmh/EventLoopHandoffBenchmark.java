package org.jrouterd.benchmarks.jmh;

import java.util.Queue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.internal.PlatformDependent;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Handing deliveries from one thread to another connection's event loop, as an inbound I/O thread does for each
 * message: one {@code EventLoop.execute} per delivery, against deliveries put on an MPSC queue with one
 * {@code execute} per batch ("woken once when it goes from empty to non-empty"). Time per delivery, including the
 * target loop's work, for a read batch of {@code batch} deliveries.
 *
 * <p>Threads: the JMH thread produces; one Netty NIO event loop consumes.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class EventLoopHandoffBenchmark {
    private static final int DELIVERIES = 1024;

    @Param({"16", "256"})
    int batch;

    private EventLoopGroup group;
    private EventLoop loop;
    private final AtomicLong handled = new AtomicLong();
    private final Queue<Object> inbox = PlatformDependent.newMpscQueue();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final Object delivery = new Object();
    private final Runnable handleOne = handled::incrementAndGet;
    private final Runnable drain = this::drain;

    @Setup(Level.Trial)
    public void setUp() {
        group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        loop = group.next();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Benchmark
    @OperationsPerInvocation(DELIVERIES)
    public long executePerDelivery() {
        long target = handled.get() + DELIVERIES;
        for (int i = 0; i < DELIVERIES; i++) {
            loop.execute(handleOne);
        }
        return await(target);
    }

    @Benchmark
    @OperationsPerInvocation(DELIVERIES)
    public long queueAndWakeOncePerBatch() {
        long target = handled.get() + DELIVERIES;
        for (int i = 0; i < DELIVERIES; i += batch) {
            for (int k = 0; k < batch; k++) {
                inbox.offer(delivery);
            }
            if (scheduled.compareAndSet(false, true)) {
                loop.execute(drain);
            }
        }
        return await(target);
    }

    private void drain() {
        scheduled.set(false);
        long n = 0;
        while (inbox.poll() != null) {
            n++;
        }
        handled.addAndGet(n);
        if (!inbox.isEmpty() && scheduled.compareAndSet(false, true)) {
            loop.execute(drain);
        }
    }

    private long await(long target) {
        long v;
        while ((v = handled.get()) < target) {
            Thread.onSpinWait();
        }
        return v;
    }
}
