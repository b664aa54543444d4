package org.jrouterd.benchmarks.jmh;

import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.codec.ReadableBuffer;
import org.jrouterd.core.message.AnnotationRewriter;
import org.jrouterd.core.message.RoutingPrefix;
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
 * Per-message parsing on the data path: {@link RoutingPrefix#scan} plus {@code to()} (and the router annotations of
 * an inter-router message), and {@link AnnotationRewriter#rewrite} as at an ingress router (add ingress and trace)
 * and at a transit router (strip and re-add). Run with {@code -prof gc} to see bytes allocated per operation.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class MessagePrefixBenchmark {

    @Param({"100"})
    int bodySize;

    private final RoutingPrefix prefix = new RoutingPrefix();
    private final AnnotationRewriter rewriter = new AnnotationRewriter();
    private ReadableBuffer fromClient;
    private ReadableBuffer fromRouter;
    private Map<Symbol, Object> ingressAnnotations;

    @Setup(Level.Trial)
    public void setUp() {
        fromClient = ReadableBuffer.ByteBufferReader.wrap(ByteBuffer.wrap(MessageSamples.fromClient(bodySize)));
        fromRouter = ReadableBuffer.ByteBufferReader.wrap(ByteBuffer.wrap(MessageSamples.fromRouter(bodySize)));
        ingressAnnotations = new LinkedHashMap<>();
        ingressAnnotations.put(Symbol.valueOf("x-opt-qd.ingress"), "0/RouterA");
        ingressAnnotations.put(Symbol.valueOf("x-opt-qd.trace"), List.of("0/RouterA"));
    }

    @Benchmark
    public String scanClientMessageTo() {
        prefix.scan(fromClient);
        return prefix.to();
    }

    @Benchmark
    public Object scanRouterMessageAnnotations() {
        prefix.scan(fromRouter);
        String to = prefix.routerTo();
        return to != null ? prefix.routerTrace() : prefix.to();
    }

    @Benchmark
    public ReadableBuffer rewriteAtIngress() {
        prefix.scan(fromClient);
        return rewriter.rewrite(fromClient, prefix, true, ingressAnnotations);
    }

    @Benchmark
    public ReadableBuffer rewriteAtTransit() {
        prefix.scan(fromRouter);
        return rewriter.rewrite(fromRouter, prefix, true, ingressAnnotations);
    }
}
