package org.jrouterd.core.forward;

import java.util.Objects;
import java.util.function.Consumer;

/**
 * The outgoing links of one inter-router connection, as the core sees them: the control link (link-state
 * messages) and one data link per message priority 0 to 9. The transport builds it when the connection's links
 * are in place and hands it to the core; the core puts it in the routes that lead through this neighbour.
 *
 * <p>Threads: immutable; any thread. The endpoints themselves are safe to call from any thread.
 *
 * @param connectionId a number unique among this router's connections (also the link-state engine's link id)
 * @param routerId     the neighbour's router id (the container-id of its Open)
 * @param product      the {@code product} property of the neighbour's Open ({@value #JROUTERD_PRODUCT} for a
 *                     jrouterd, {@code qpid-dispatch-router} for a qdrouterd), or null when it sent none
 * @param cost         the connection's cost: the larger of both sides' configured costs
 * @param control      the control link towards the neighbour
 * @param data         the data links towards the neighbour, indexed by priority (exactly 10)
 * @param disconnect   any thread: closes the connection, with the reason given (used when the neighbour stops
 *                     sending HELLO while its connection stays up, so that what is in flight on it is settled)
 */
public record NeighbourLinks(long connectionId, String routerId, String product, int cost, ConsumerEndpoint control,
                             ConsumerEndpoint[] data, Consumer<String> disconnect) {

    /** The {@code product} a jrouterd names itself with in its Open. */
    public static final String JROUTERD_PRODUCT = "jrouterd";

    /** Number of message priorities, hence of data links each way. */
    public static final int PRIORITIES = 10;
    /** AMQP's default message priority. */
    public static final int DEFAULT_PRIORITY = 4;

    public NeighbourLinks {
        Objects.requireNonNull(routerId, "routerId");
        Objects.requireNonNull(control, "control");
        if (data.length != PRIORITIES) {
            throw new IllegalArgumentException("an inter-router connection has " + PRIORITIES + " data links, got "
                    + data.length);
        }
        data = data.clone();
        Objects.requireNonNull(disconnect, "disconnect");
        if (cost < 1) {
            throw new IllegalArgumentException("cost must be at least 1, got " + cost);
        }
    }

    /** Links to a jrouterd, on a connection that cannot be closed from the core (tests). */
    public NeighbourLinks(long connectionId, String routerId, int cost, ConsumerEndpoint control,
                          ConsumerEndpoint[] data) {
        this(connectionId, routerId, JROUTERD_PRODUCT, cost, control, data, reason -> { });
    }

    /**
     * Whether the neighbour is a jrouterd: it applies a link-state change as soon as it arrives, where a
     * qdrouterd (or anything else) applies it on its next one-second tick.
     */
    public boolean isJrouterd() {
        return JROUTERD_PRODUCT.equals(product);
    }

    /** The data link for a message priority; out-of-range priorities are clamped to 0..9. */
    public ConsumerEndpoint dataLink(int priority) {
        return data[Math.max(0, Math.min(PRIORITIES - 1, priority))];
    }

    @Override
    public String toString() {
        return "NeighbourLinks[" + routerId + " (" + product + ") connection " + connectionId + " cost " + cost + "]";
    }
}
