package org.jrouterd.benchmarks.jmh;

import java.util.concurrent.TimeUnit;

import org.jrouterd.core.address.AddressConfig;
import org.jrouterd.core.address.AddressConfigTable;
import org.jrouterd.core.address.Distribution;
import org.jrouterd.core.forward.AddressRoute;
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
 * Address lookup: the longest-match of an address against {@code entries} configured {@code address} entries (half
 * prefixes, half patterns with {@code *} and {@code #}), and the lookup of a mobile address among 100,000 published
 * routes ({@link ForwardingTable}, what anonymous relay does per message).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class AddressLookupBenchmark {

    @Param({"10", "10000"})
    int entries;

    private AddressConfigTable config;
    private ForwardingTable mobile;
    private String prefixHit;
    private String patternHit;
    private String miss;
    private char[] mobileHit;

    @Setup(Level.Trial)
    public void setUp() {
        config = new AddressConfigTable(Distribution.BALANCED);
        for (int i = 0; i < entries; i++) {
            if (i % 2 == 0) {
                config.add(AddressConfig.prefix("tenant" + i + ".rpc", Distribution.CLOSEST));
            } else {
                config.add(AddressConfig.pattern("tenant" + i + ".*.events.#", Distribution.MULTICAST));
            }
        }
        int middle = entries / 2;
        prefixHit = "tenant" + (middle - middle % 2) + ".rpc.compute.host-17";
        patternHit = "tenant" + (middle | 1) + ".nova.events.instance.created";
        miss = "openstack.org/unconfigured/address.42";
        mobile = new ForwardingTable();
        for (int i = 0; i < 100_000; i++) {
            mobile.publish(AddressRoute.unreachable("mobile.queue." + i, Distribution.BALANCED));
        }
        mobileHit = ("mobile.queue." + 54_321).toCharArray();
    }

    @Benchmark
    public Object configPrefixHit() {
        return config.lookup(prefixHit);
    }

    @Benchmark
    public Object configPatternHit() {
        return config.lookup(patternHit);
    }

    @Benchmark
    public Object configMiss() {
        return config.distributionFor(miss);
    }

    /**
     * 100,000 mobile addresses; the address is a new String each time (hash not cached), as when decoded from a
     * message's {@code to}.
     */
    @Benchmark
    public Object mobileAddressOf100k() {
        return mobile.lookup(new String(mobileHit));
    }
}
