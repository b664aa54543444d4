package org.jrouterd.benchmarks.load;

import org.apache.qpid.proton.amqp.messaging.Source;
import org.apache.qpid.proton.amqp.messaging.Target;
import org.apache.qpid.proton.amqp.transport.SenderSettleMode;
import org.apache.qpid.proton.engine.Delivery;
import org.apache.qpid.proton.engine.Sender;
import org.apache.qpid.proton.engine.Session;

/**
 * Sends {@code warmup + count} copies of one pre-encoded message, each stamped with its send time, as fast as credit
 * and {@code --max-in-flight} allow. Unsettled: settles locally when the peer settles. Counts completions in its
 * {@link LinkStats} only when it is the measuring side ({@code send} mode).
 *
 * <p>Threads: owned by its connection's thread.
 */
final class SenderLoad implements LinkLoad {
    /** Messages handed to proton-j per pass before the output is written: at most 256, at most ~256 KiB. */
    private static final int BATCH = 256;
    private static final int BATCH_BYTES = 256 * 1024;

    private final MessageTemplate message;
    private final long total;
    private final long warmup;
    private final boolean presettled;
    private final int maxInFlight;
    private final LinkStats stats;
    private final boolean measuring;
    private Sender sender;
    private long tag;
    private long sent;
    private long settled;
    private int inFlight;
    private final int batch;

    SenderLoad(BenchOptions options, String address, LinkStats stats, boolean measuring) {
        this.message = MessageTemplate.of(address, null, options.bodySize);
        this.warmup = options.warmup;
        this.total = options.warmup + options.count;
        this.presettled = options.presettled;
        this.maxInFlight = options.maxInFlight;
        this.stats = stats;
        this.measuring = measuring;
        this.batch = Math.max(1, Math.min(BATCH, BATCH_BYTES / message.length()));
    }

    /** Attaches a sender link to {@code address} on {@code session}. */
    void attach(Session session, String address) {
        Sender s = session.sender("bench-sender-" + address + "-" + System.nanoTime());
        Target target = new Target();
        target.setAddress(address);
        s.setTarget(target);
        s.setSource(new Source());
        adopt(s);
        s.open();
    }

    /** Uses {@code s} (attached here or by the peer) for sending. */
    void adopt(Sender s) {
        if (presettled) {
            s.setSenderSettleMode(SenderSettleMode.SETTLED);
        }
        s.setContext(this);
        sender = s;
    }

    @Override
    public boolean doWork(long now) {
        if (sender == null) {
            return false;
        }
        int budget = batch;
        byte[] bytes = message.bytes();
        while (budget > 0 && sent < total && sender.getCredit() > 0 && (presettled || inFlight < maxInFlight)) {
            Delivery delivery = sender.delivery(nextTag());
            message.stamp(System.nanoTime());
            sender.send(bytes, 0, bytes.length);
            sender.advance();
            sent++;
            stats.sent();
            if (presettled) {
                delivery.settle();
                if (measuring) {
                    stats.count(now, warmup);
                }
            } else {
                inFlight++;
            }
            budget--;
        }
        return budget < batch;
    }

    @Override
    public void onDelivery(Delivery delivery, long now) {
        if (delivery.remotelySettled() && !delivery.isSettled()) {
            delivery.settle();
            inFlight--;
            settled++;
            if (measuring) {
                stats.count(System.nanoTime(), warmup);
            }
        }
    }

    @Override
    public boolean finished(long now) {
        return sent >= total && (presettled || settled >= total);
    }

    /** Whether every message has been handed to proton-j. */
    boolean allSent() {
        return sent >= total;
    }

    private byte[] nextTag() {
        long t = tag++;
        if (t < 256) {
            return new byte[] {(byte) t};
        }
        byte[] b = new byte[8];
        MessageTemplate.writeLong(b, 0, t);
        return b;
    }
}
