package org.jrouterd.transport.amqp;

import org.apache.qpid.proton.codec.ReadableBuffer;
import org.jrouterd.core.forward.InterRouterEnvelope;
import org.jrouterd.core.forward.NeighbourLinks;
import org.jrouterd.core.message.AnnotationRewriter;
import org.jrouterd.core.message.RouterStamp;
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

    private static final String AREA_PREFIX = "0/";

    private final String selfId;
    private final AnnotationRewriter rewriter;
    private final RouterStamp stamp;
    private ReadableBuffer original;
    private RoutingPrefix scanned;
    private boolean strip;
    /** The annotated ingress without its area, once asked for; null when none (or not asked yet). */
    private String ingress;
    private boolean ingressDecoded;
    private boolean fromNeighbour;
    private String toOverride;
    private int priority;
    private ReadableBuffer forNeighbours;

    ForwardingEnvelope(String selfId, AnnotationRewriter rewriter) {
        this.selfId = selfId;
        this.rewriter = rewriter;
        this.stamp = new RouterStamp(selfId);
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
        this.ingress = null;
        this.ingressDecoded = false;
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
        String annotated = annotatedIngress();
        return annotated != null ? annotated : selfId;
    }

    @Override
    public boolean enteredHere() {
        String annotated = annotatedIngress();
        return annotated == null || annotated.equals(selfId);
    }

    /** The router named by {@code x-opt-qd.ingress} (decoded once, only for multicast), or null. */
    private String annotatedIngress() {
        if (!ingressDecoded) {
            ingressDecoded = true;
            String annotated = strip ? null : scanned.routerIngress();
            ingress = annotated == null ? null
                    : annotated.startsWith(AREA_PREFIX) ? annotated.substring(AREA_PREFIX.length()) : annotated;
        }
        return ingress;
    }

    @Override
    public boolean visited(String routerId) {
        if (!fromNeighbour && strip) {
            return false;
        }
        return scanned.traceContains(AREA_PREFIX, routerId);
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
            boolean keepIngress = !strip && scanned.hasRouterIngress();
            String to = toOverride != null && (strip || scanned.routerTo() == null) ? toOverride : null;
            forNeighbours = rewriter.rewriteForNeighbour(original, scanned, strip, stamp, keepIngress, to);
        }
        return forNeighbours;
    }
}
