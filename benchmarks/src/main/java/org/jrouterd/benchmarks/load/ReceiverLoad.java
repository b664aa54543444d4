package org.jrouterd.benchmarks.load;

import java.util.function.BooleanSupplier;

import org.apache.qpid.proton.amqp.messaging.Accepted;
import org.apache.qpid.proton.amqp.messaging.Source;
import org.apache.qpid.proton.amqp.messaging.Target;
import org.apache.qpid.proton.codec.ReadableBuffer;
import org.apache.qpid.proton.engine.Delivery;
import org.apache.qpid.proton.engine.Receiver;
import org.apache.qpid.proton.engine.Session;

/**
 * Consumes messages: reads each complete delivery's timestamp without copying ({@code Receiver.recv()}), accepts and
 * settles it (or just settles a pre-settled one), and refills credit in one batch when it falls below half the
 * window. Done after {@code warmup + count} messages, or when the senders are done and nothing came for a while
 * (pre-settled messages may be dropped on the way).
 *
 * <p>Threads: owned by its connection's thread.
 */
final class ReceiverLoad implements LinkLoad {
    private static final long IDLE_NANOS = 1_000_000_000L;

    private final int window;
    private final long warmup;
    private final long total;
    private final LinkStats stats;
    private final BooleanSupplier sendersDone;
    private Receiver receiver;
    private long lastArrival = System.nanoTime();

    ReceiverLoad(BenchOptions options, LinkStats stats, BooleanSupplier sendersDone) {
        this.window = options.credit;
        this.warmup = options.warmup;
        this.total = options.warmup + options.count;
        this.stats = stats;
        this.sendersDone = sendersDone;
    }

    /** Attaches a receiver link from {@code address} on {@code session}. */
    void attach(Session session, String address) {
        Receiver r = session.receiver("bench-receiver-" + address + "-" + System.nanoTime());
        Source source = new Source();
        source.setAddress(address);
        r.setSource(source);
        r.setTarget(new Target());
        adopt(r);
        r.open();
    }

    /** Uses {@code r} (attached here or by the peer) and grants the first credit window. */
    void adopt(Receiver r) {
        r.setContext(this);
        receiver = r;
        r.flow(window);
    }

    @Override
    public boolean doWork(long now) {
        if (receiver == null) {
            return false;
        }
        boolean work = false;
        Delivery delivery;
        while ((delivery = receiver.current()) != null && delivery.isReadable() && !delivery.isPartial()) {
            ReadableBuffer bytes = receiver.recv();
            long stamp = MessageScanner.timestamp(bytes);
            long arrival = System.nanoTime();
            receiver.advance();
            if (!delivery.remotelySettled()) {
                delivery.disposition(Accepted.getInstance());
            }
            delivery.settle();
            stats.count(arrival, warmup);
            stats.latency(arrival, stamp, warmup);
            lastArrival = arrival;
            work = true;
        }
        int credit = receiver.getCredit();
        if (credit < window / 2 && stats.received < total) {
            receiver.flow(window - credit);
            work = true;
        }
        return work;
    }

    @Override
    public boolean finished(long now) {
        return stats.received >= total || sendersDone.getAsBoolean() && now - lastArrival > IDLE_NANOS;
    }
}
