package org.jrouterd.benchmarks.load;

import java.util.HashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;

import org.apache.qpid.proton.amqp.messaging.Accepted;
import org.apache.qpid.proton.amqp.messaging.Source;
import org.apache.qpid.proton.amqp.messaging.Target;
import org.apache.qpid.proton.amqp.transport.SenderSettleMode;
import org.apache.qpid.proton.engine.Delivery;
import org.apache.qpid.proton.engine.Link;
import org.apache.qpid.proton.engine.Receiver;
import org.apache.qpid.proton.engine.Sender;
import org.apache.qpid.proton.engine.Session;

/**
 * Request/reply service: for each request, finds {@code reply-to} by scanning the encoded message, and sends back
 * a message to that address whose body is the request's body (so the requester's timestamp comes back). Keeps one
 * sender link per reply address (opened on first use; on a listening responder, the requester's own receiver link).
 * A request waits, unconsumed, while its reply link has no credit: back-pressure instead of a queue.
 */
final class ResponderLoad implements LinkLoad {
    private final boolean presettled;
    private final int window;
    private final BooleanSupplier done;
    private final Map<String, ReplyRoute> routes = new HashMap<>();
    private final String[] replyTo = new String[1];
    private final LinkStats stats;
    private Session session;
    private Receiver requests;
    private byte[] in = new byte[4096];
    private byte[] out = new byte[4096];
    private Delivery parked;
    private int parkedLength;
    private long tag;

    /** A sender link to one reply address and the encoded properties of replies sent on it. */
    private record ReplyRoute(Sender sender, byte[] properties) {
    }

    ResponderLoad(BenchOptions options, LinkStats stats, BooleanSupplier done) {
        this.presettled = options.presettled;
        this.window = options.credit;
        this.stats = stats;
        this.done = done;
    }

    /** Attaches the request receiver on {@code address}. */
    void attach(Session s, String address) {
        session = s;
        Receiver r = s.receiver("bench-service-" + address + "-" + System.nanoTime());
        Source source = new Source();
        source.setAddress(address);
        r.setSource(source);
        r.setTarget(new Target());
        adoptRequests(r);
        r.open();
    }

    /** Uses {@code r} for requests and grants the first window. */
    void adoptRequests(Receiver r) {
        r.setContext(this);
        requests = r;
        r.flow(window);
    }

    /** Listening side: the requester's reply receiver, seen here as a sender from its source address. */
    void adoptReplyLink(Sender s) {
        String address = s.getRemoteSource() instanceof Source src ? src.getAddress() : null;
        if (presettled) {
            s.setSenderSettleMode(SenderSettleMode.SETTLED);
        }
        s.setContext(this);
        if (address != null) {
            routes.put(address, new ReplyRoute(s, MessageTemplate.properties(address, null)));
        }
    }

    @Override
    public boolean doWork(long now) {
        if (requests == null) {
            return false;
        }
        boolean work = false;
        if (parked != null) {
            if (!tryReply(parkedLength)) {
                return false;
            }
            settle(parked);
            parked = null;
            work = true;
        }
        Delivery delivery;
        while ((delivery = requests.current()) != null && delivery.isReadable() && !delivery.isPartial()) {
            int length = delivery.pending();
            if (length > in.length) {
                in = new byte[Math.max(length, in.length * 2)];
            }
            int got = requests.recv(in, 0, length);
            requests.advance();
            work = true;
            if (!tryReply(got)) {
                parked = delivery;
                parkedLength = got;
                break;
            }
            settle(delivery);
        }
        int credit = requests.getCredit();
        if (credit < window / 2) {
            requests.flow(window - credit);
        }
        return work;
    }

    /** Replies to the request in {@code in[0..length)} unless its reply link has no credit yet. */
    private boolean tryReply(int length) {
        int body = MessageScanner.scan(in, length, replyTo);
        if (body < 0 || replyTo[0] == null) {
            return true;    // nothing to answer: drop it
        }
        ReplyRoute route = route(replyTo[0]);
        if (route == null || route.sender.getCredit() <= 0) {
            return false;
        }
        reply(route, in, body, length);
        return true;
    }

    private void settle(Delivery delivery) {
        if (!delivery.remotelySettled()) {
            delivery.disposition(Accepted.getInstance());
        }
        delivery.settle();
        stats.count(System.nanoTime(), Long.MAX_VALUE);
    }

    private void reply(ReplyRoute route, byte[] request, int body, int length) {
        byte[] properties = route.properties;
        int size = properties.length + length - body;
        if (size > out.length) {
            out = new byte[Math.max(size, out.length * 2)];
        }
        System.arraycopy(properties, 0, out, 0, properties.length);
        System.arraycopy(request, body, out, properties.length, length - body);
        Delivery d = route.sender.delivery(nextTag());
        route.sender.send(out, 0, size);
        route.sender.advance();
        if (presettled) {
            d.settle();
        }
        stats.sent();
    }

    private ReplyRoute route(String address) {
        ReplyRoute route = routes.get(address);
        if (route == null && session != null) {
            Sender s = session.sender("bench-reply-" + address);
            Target target = new Target();
            target.setAddress(address);
            s.setTarget(target);
            s.setSource(new Source());
            adoptReplyLink(s);
            route = new ReplyRoute(s, MessageTemplate.properties(address, null));
            routes.put(address, route);
            s.open();
        }
        return route;
    }

    @Override
    public void onDelivery(Delivery delivery, long now) {
        Link link = delivery.getLink();
        if (link != requests && delivery.remotelySettled() && !delivery.isSettled()) {
            delivery.settle();
        }
    }

    @Override
    public boolean finished(long now) {
        return done.getAsBoolean();
    }

    private byte[] nextTag() {
        byte[] b = new byte[8];
        MessageTemplate.writeLong(b, 0, tag++);
        return b;
    }
}
