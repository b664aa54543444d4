package org.jrouterd.benchmarks.load;

import org.apache.qpid.proton.amqp.messaging.Accepted;
import org.apache.qpid.proton.amqp.messaging.Source;
import org.apache.qpid.proton.amqp.messaging.Target;
import org.apache.qpid.proton.amqp.transport.SenderSettleMode;
import org.apache.qpid.proton.engine.Delivery;
import org.apache.qpid.proton.engine.Receiver;
import org.apache.qpid.proton.engine.Sender;
import org.apache.qpid.proton.engine.Session;

/**
 * Request/reply client: keeps {@code --outstanding} requests in flight to the service address, each carrying its own
 * reply address as {@code reply-to} and its send time in the body; the responder echoes the body, so the round trip
 * is measured on one clock. Done after {@code warmup + count} replies.
 *
 * <p>Threads: owned by its connection's thread.
 */
final class RequesterLoad implements LinkLoad {
    private final String serviceAddress;
    private final String replyAddress;
    private final MessageTemplate request;
    private final int outstanding;
    private final int window;
    private final long warmup;
    private final long total;
    private final boolean presettled;
    private final LinkStats stats;
    private Sender sender;
    private Receiver replies;
    private long tag;
    private long sent;
    private int waiting;

    RequesterLoad(BenchOptions options, String serviceAddress, String replyAddress, LinkStats stats) {
        this.serviceAddress = serviceAddress;
        this.replyAddress = replyAddress;
        this.request = MessageTemplate.of(serviceAddress, replyAddress, options.bodySize);
        this.outstanding = options.outstanding;
        this.window = Math.max(options.credit, options.outstanding);
        this.warmup = options.warmup;
        this.total = options.warmup + options.count;
        this.presettled = options.presettled;
        this.stats = stats;
    }

    /** Attaches the reply receiver first, then the request sender. */
    void attach(Session session) {
        replies = session.receiver("bench-replies-" + replyAddress);
        Source source = new Source();
        source.setAddress(replyAddress);
        replies.setSource(source);
        replies.setTarget(new Target());
        replies.setContext(this);
        replies.open();
        replies.flow(window);

        sender = session.sender("bench-requests-" + replyAddress);
        Target target = new Target();
        target.setAddress(serviceAddress);
        sender.setTarget(target);
        sender.setSource(new Source());
        if (presettled) {
            sender.setSenderSettleMode(SenderSettleMode.SETTLED);
        }
        sender.setContext(this);
        sender.open();
    }

    @Override
    public boolean doWork(long now) {
        if (sender == null) {
            return false;
        }
        boolean work = consumeReplies();
        byte[] bytes = request.bytes();
        while (waiting < outstanding && sent < total && sender.getCredit() > 0) {
            Delivery delivery = sender.delivery(nextTag());
            request.stamp(System.nanoTime());
            sender.send(bytes, 0, bytes.length);
            sender.advance();
            if (presettled) {
                delivery.settle();
            }
            sent++;
            stats.sent();
            waiting++;
            work = true;
        }
        return work;
    }

    private boolean consumeReplies() {
        boolean work = false;
        Delivery delivery;
        while ((delivery = replies.current()) != null && delivery.isReadable() && !delivery.isPartial()) {
            long stamp = MessageScanner.timestamp(replies.recv());
            long arrival = System.nanoTime();
            replies.advance();
            if (!delivery.remotelySettled()) {
                delivery.disposition(Accepted.getInstance());
            }
            delivery.settle();
            waiting--;
            stats.count(arrival, warmup);
            stats.roundTrip(arrival, stamp, warmup);
            work = true;
        }
        int credit = replies.getCredit();
        if (credit < window / 2) {
            replies.flow(window - credit);
        }
        return work;
    }

    @Override
    public void onDelivery(Delivery delivery, long now) {
        if (delivery.getLink() == sender && delivery.remotelySettled() && !delivery.isSettled()) {
            delivery.settle();
        }
    }

    @Override
    public boolean finished(long now) {
        return stats.received >= total;
    }

    private byte[] nextTag() {
        byte[] b = new byte[8];
        MessageTemplate.writeLong(b, 0, tag++);
        return b;
    }
}
