package org.jrouterd.transport.amqp;

import java.nio.ByteBuffer;
import java.util.function.LongSupplier;
import org.apache.qpid.proton.engine.Transport;
import org.apache.qpid.proton.engine.impl.TransportImpl;
import org.apache.qpid.proton.engine.impl.TransportInput;
import org.apache.qpid.proton.engine.impl.TransportLayer;
import org.apache.qpid.proton.engine.impl.TransportOutput;
import org.apache.qpid.proton.engine.impl.TransportWrapper;

/**
 * A pass-through layer of a proton-j transport, right above its frame parser and output adaptor, that keeps an
 * idle connection light: when a direction's traffic is sparse (its previous read, or write, was at least
 * {@link #SPARSE_NANOS} ago, or there was none) it frees the parser's, or the adaptor's, buffer (a maximum frame
 * each) once it is empty, and, on an
 * accepted connection, it takes the SASL layer above it out of the transport once the exchange is over. A busy
 * connection keeps its buffers, so the data path allocates nothing more. See {@link ProtonEngineInternals}.
 *
 * <p>Install with {@link #install} before {@code transport.sasl()}, so that SASL wraps this layer.
 *
 * <p>Threads: confined to the connection's event loop, like its transport.
 */
final class QuietConnectionLayer implements TransportLayer, TransportWrapper {

    /** Reads or writes closer together than this are a busy connection's: its buffers stay. */
    static final long SPARSE_NANOS = 1_000_000_000L;

    private final TransportImpl transport;
    private final LongSupplier nanoTime;
    private boolean saslToDrop;
    private TransportInput input;
    private TransportOutput output;
    private final Direction reads = new Direction(this);
    private final Direction writes = new Direction(this);

    private QuietConnectionLayer(TransportImpl transport, boolean saslToDrop, LongSupplier nanoTime) {
        this.transport = transport;
        this.saslToDrop = saslToDrop;
        this.nanoTime = nanoTime;
    }

    /**
     * Adds the layer to a transport that has not processed anything yet.
     *
     * @param dropSasl whether to remove the SASL layer (installed next) once its exchange is over
     * @return the layer, or null if the transport is not proton-j's
     */
    static QuietConnectionLayer install(Transport transport, boolean dropSasl) {
        return install(transport, dropSasl, System::nanoTime);
    }

    /** As {@link #install(Transport, boolean)}, with the clock given (tests move it). */
    static QuietConnectionLayer install(Transport transport, boolean dropSasl, LongSupplier nanoTime) {
        if (transport instanceof TransportImpl impl) {
            QuietConnectionLayer layer = new QuietConnectionLayer(impl, dropSasl, nanoTime);
            impl.addTransportLayer(layer);
            return layer;
        }
        return null;
    }

    /** Whether proton's frame parser holds an input buffer now (for tests). */
    boolean holdsInputBuffer() {
        return ProtonEngineInternals.holdsBuffer(input);
    }

    /** Whether proton's output adaptor holds an output buffer now (for tests). */
    boolean holdsOutputBuffer() {
        return ProtonEngineInternals.holdsBuffer(output);
    }

    @Override
    public TransportWrapper wrap(TransportInput under, TransportOutput out) {
        this.input = under;
        this.output = out;
        return this;
    }

    @Override
    public int capacity() {
        return input.capacity();
    }

    @Override
    public int position() {
        return input.position();
    }

    @Override
    public ByteBuffer tail() {
        return input.tail();
    }

    @Override
    public void process() {
        reads.activity();
        input.process();
        if (reads.sparse) {
            ProtonEngineInternals.releaseInputBuffer(input);
        }
    }

    @Override
    public void close_tail() {
        input.close_tail();
    }

    @Override
    public int pending() {
        int pending = output.pending();
        if (saslToDrop) {
            saslToDrop = !ProtonEngineInternals.dropFinishedSasl(transport, this, this);
        }
        if (pending == 0 && writes.quiet()) {
            ProtonEngineInternals.releaseOutputBuffer(output);
        }
        return pending;
    }

    @Override
    public ByteBuffer head() {
        return output.head();
    }

    @Override
    public void pop(int bytes) {
        writes.activity();
        output.pop(bytes);
        if (writes.sparse) {
            ProtonEngineInternals.releaseOutputBuffer(output);
        }
    }

    @Override
    public void close_head() {
        output.close_head();
    }

    /**
     * The reads or the writes of the connection: sparse when the previous one was long enough ago.
     *
     * <p>Threads: as its layer.
     */
    private static final class Direction {
        private final QuietConnectionLayer layer;
        private long last;
        private boolean seen;
        private boolean sparse = true;

        Direction(QuietConnectionLayer layer) {
            this.layer = layer;
        }

        void activity() {
            long now = layer.nanoTime.getAsLong();
            sparse = !seen || now - last >= SPARSE_NANOS;
            seen = true;
            last = now;
        }

        /** Whether nothing has moved this way for a while, or the last move came after a quiet spell. */
        boolean quiet() {
            return sparse || layer.nanoTime.getAsLong() - last >= SPARSE_NANOS;
        }
    }
}
