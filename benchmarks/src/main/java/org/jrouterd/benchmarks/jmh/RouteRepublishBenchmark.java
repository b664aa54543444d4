package org.jrouterd.benchmarks.jmh;

import java.util.concurrent.TimeUnit;

import org.jrouterd.core.address.Distribution;
import org.jrouterd.core.delivery.RoutedDelivery;
import org.jrouterd.core.engine.RouterCore;
import org.jrouterd.core.forward.ConsumerEndpoint;
import org.jrouterd.core.forward.ForwardingTable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The core thread's work when a consumer attaches and detaches (a forwarding-table republish each), on an address
 * that already has {@code consumers} consumers, with 100,000 other addresses in use.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RouteRepublishBenchmark {

    @Param({"1", "100"})
    int consumers;

    private RouterCore core;
    private final ConsumerEndpoint extra = new Stub();

    /** A consumer link that drops what it is given. */
    private static final class Stub implements ConsumerEndpoint {
        @Override
        public void deliver(RoutedDelivery delivery) {
        }

        @Override
        public int outstanding() {
            return 0;
        }
    }

    @Setup(Level.Trial)
    public void setUp() {
        core = new RouterCore(new ForwardingTable(), address -> Distribution.BALANCED);
        for (int i = 0; i < 100_000; i++) {
            core.attachConsumer("mobile.queue." + i, new Stub());
        }
        for (int i = 0; i < consumers; i++) {
            core.attachConsumer("service.rpc", new Stub());
        }
    }

    /** One attach and one detach: two republishes of the address's route. */
    @Benchmark
    public int attachThenDetach() {
        core.attachConsumer("service.rpc", extra);
        core.detachConsumer("service.rpc", extra);
        return core.addressCount();
    }
}
