package org.jrouterd.transport.amqp;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.codec.ReadableBuffer;
import org.jrouterd.core.forward.InterRouterEnvelope;
import org.jrouterd.core.forward.NeighbourLinks;
import org.jrouterd.core.message.AnnotationRewriter;
import org.jrouterd.core.message.RoutingPrefix;

/**
 * The mesh journey of the message being forwarded on one connection: where it entered the mesh, which routers
 * it passed, and, when a copy goes to a neighbour, the message re-encoded with this router's annotations:
 * {@code x-opt-qd.ingress} (kept if set), {@code x-opt-qd.trace} with this router appended, and
 * {@code x-opt-qd.to} set to the producer link's target address (inter-router links are anonymous).
 *
 * <p>Threads: one per connection, owned by its event loop; reset for each message and used only while that
 * message is forwarded (it reads the connection's scanner, which still describes the message then).
 */
final class ForwardingEnvelope implements InterRouterEnvelope {

    static final Symbol INGRESS = Symbol.valueOf("x-opt-qd.ingress");
    static final Symbol TRACE = Symbol.valueOf("x-opt-qd.trace");
    static final Symbol TO = Symbol.valueOf("x-opt-qd.to");
    private static final String AREA_PREFIX = "0/";

    private final String selfId;
    private final String selfEntry;
    private final AnnotationRewriter rewriter;
    private ReadableBuffer original;
    private RoutingPrefix scanned;
    private boolean strip;
    private String ingress;
    private boolean fromNeighbour;
    private String toOverride;
    private int priority;
    private ReadableBuffer forNeighbours;

    ForwardingEnvelope(String selfId, AnnotationRewriter rewriter) {
        this.selfId = selfId;
        this.selfEntry = AREA_PREFIX + selfId;
        this.rewriter = rewriter;
    }

    /**
     * Describes the next message.
     *
     * @param message       the message as received (before any stripping), never moved
     * @param scan          the connection's scanner after scanning {@code message}
     * @param stripClient   whether the client's {@code x-opt-qd.*} annotations are to be removed
     * @param neighbour     whether it came from another router (then ingress and trace are honoured)
     * @param targetAddress the producer link's target address, to carry as {@code x-opt-qd.to}; or null
     */
    ForwardingEnvelope reset(ReadableBuffer message, RoutingPrefix scan, boolean stripClient, boolean neighbour,
                             String targetAddress) {
        this.original = message;
        this.scanned = scan;
        this.strip = stripClient;
        this.fromNeighbour = neighbour;
        this.toOverride = targetAddress;
        this.forNeighbours = null;
        String annotated = stripClient ? null : scan.routerIngress();
        this.ingress = annotated == null ? null
                : annotated.startsWith(AREA_PREFIX) ? annotated.substring(AREA_PREFIX.length()) : annotated;
        int headerPriority = scan.priority();
        this.priority = headerPriority < 0 ? NeighbourLinks.DEFAULT_PRIORITY
                : Math.min(headerPriority, NeighbourLinks.PRIORITIES - 1);
        return this;
    }

    /** Forgets the message (so that its buffer can be collected). */
    void clear() {
        original = null;
        scanned = null;
        forNeighbours = null;
    }

    @Override
    public String ingress() {
        return ingress != null ? ingress : selfId;
    }

    @Override
    public boolean enteredHere() {
        return ingress == null || ingress.equals(selfId);
    }

    @Override
    public boolean visited(String routerId) {
        if (!fromNeighbour && strip) {
            return false;
        }
        List<String> trace = scanned.routerTrace();
        for (int i = 0, n = trace.size(); i < n; i++) {
            String entry = trace.get(i);
            if (entry.length() == routerId.length() + AREA_PREFIX.length() && entry.startsWith(AREA_PREFIX)
                    && entry.endsWith(routerId)) {
                return true;
            }
        }
        return false;
    }

    /** Whether the message has passed this router before (it came round a loop). */
    boolean looped() {
        return fromNeighbour && visited(selfId);
    }

    @Override
    public int priority() {
        return priority;
    }

    @Override
    public ReadableBuffer payloadForNeighbours() {
        if (forNeighbours == null) {
            Map<Symbol, Object> put = new HashMap<>(4);
            if (ingress == null) {
                put.put(INGRESS, selfEntry);
            }
            List<String> trace = strip ? List.of() : scanned.routerTrace();
            List<String> longer = new ArrayList<>(trace.size() + 1);
            longer.addAll(trace);
            longer.add(selfEntry);
            put.put(TRACE, longer);
            if (toOverride != null && (strip || scanned.routerTo() == null)) {
                put.put(TO, toOverride);
            }
            forNeighbours = rewriter.rewrite(original, scanned, strip, put);
        }
        return forNeighbours;
    }
}
