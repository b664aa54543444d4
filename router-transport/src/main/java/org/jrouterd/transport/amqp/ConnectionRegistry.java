package org.jrouterd.transport.amqp;

import io.netty.channel.EventLoop;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every live AMQP connection of one router, accepted or opened, and the router-wide ids of connections and links.
 * Management reads connections and links through it without stopping the data path: one task per event loop reads
 * that loop's connections where they are owned, and the results are combined. A connection that closes meanwhile
 * is simply absent. It holds one entry per live connection and no snapshot.
 *
 * <p>Threads: any thread. Connections register and leave on their own event loops.
 */
public final class ConnectionRegistry {

    private static final Logger LOG = LoggerFactory.getLogger("ROUTER");
    /** qdrouterd's condition and description for a connection closed by a management request. */
    static final String FORCED = "amqp:connection:forced";
    static final String FORCED_BY_MANAGEMENT = "Connection forced-closed by management request";
    /** How often links are checked for stuck deliveries and lasting zero credit (qdrouterd: every 30 s). */
    public static final long STUCK_SWEEP_SECONDS = 30;

    private final AtomicLong connectionIds = new AtomicLong();
    private final AtomicLong linkIds = new AtomicLong();
    private final ConcurrentHashMap<Long, AmqpConnectionHandler> live = new ConcurrentHashMap<>();
    /** The counts of links that have gone, per event loop; each loop's totals are written and read on that loop. */
    private final ConcurrentHashMap<EventLoop, DeliveryTotals> retired = new ConcurrentHashMap<>();

    /** Any thread: the next connection id (1, 2, ...). */
    long nextConnectionId() {
        return connectionIds.incrementAndGet();
    }

    /** Any thread: the next link id (1, 2, ...). Called once per link attach, never per delivery. */
    long nextLinkId() {
        return linkIds.incrementAndGet();
    }

    void add(long id, AmqpConnectionHandler handler) {
        live.put(id, handler);
    }

    void remove(long id) {
        live.remove(id);
    }

    /** Any thread: how many connections are live now. */
    public int size() {
        return live.size();
    }

    /** Any thread: a snapshot of every live connection, in id order. */
    public CompletableFuture<List<ConnectionSnapshot>> connections() {
        return collect((handler, out) -> {
            ConnectionSnapshot snapshot = handler.snapshotConnection();
            if (snapshot != null) {
                out.add(snapshot);
            }
        }, Comparator.comparingLong(ConnectionSnapshot::identity));
    }

    /** Any thread: a snapshot of every link of every live connection, in link id order. */
    public CompletableFuture<List<LinkSnapshot>> links() {
        return collect(AmqpConnectionHandler::snapshotLinks, Comparator.comparingLong(LinkSnapshot::identity));
    }

    /**
     * On {@code loop}: a link of one of its connections has gone; its last counts stay in the router's totals.
     */
    void retire(EventLoop loop, LinkSnapshot last) {
        retired.computeIfAbsent(loop, l -> new DeliveryTotals()).add(last, false);
    }

    /**
     * Any thread: the router-wide delivery totals, read on each event loop where its links and gone links' counts
     * are owned, so that a link going away during the read is counted once, either live or gone.
     */
    public CompletableFuture<DeliveryTotals> deliveryTotals() {
        Map<EventLoop, List<AmqpConnectionHandler>> byLoop = new IdentityHashMap<>();
        for (EventLoop loop : retired.keySet()) {
            byLoop.put(loop, new ArrayList<>());
        }
        for (AmqpConnectionHandler handler : live.values()) {
            byLoop.computeIfAbsent(handler.eventLoop(), loop -> new ArrayList<>()).add(handler);
        }
        List<CompletableFuture<List<DeliveryTotals>>> parts = new ArrayList<>(byLoop.size());
        byLoop.forEach((loop, handlers) -> parts.add(readOn(loop, handlers, new ArrayList<>(), (handler, out) -> {
            DeliveryTotals sum = new DeliveryTotals();
            List<LinkSnapshot> links = new ArrayList<>();
            handler.snapshotLinks(links);
            for (LinkSnapshot link : links) {
                sum.add(link, true);
            }
            out.add(sum);
        }, () -> {
            DeliveryTotals gone = retired.get(loop);
            return gone == null ? List.of() : List.of(copyOf(gone));
        })));
        return CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new)).thenApply(ignored -> {
            DeliveryTotals all = new DeliveryTotals();
            for (CompletableFuture<List<DeliveryTotals>> part : parts) {
                for (DeliveryTotals sum : part.join()) {
                    all.add(sum);
                }
            }
            return all;
        });
    }

    private static DeliveryTotals copyOf(DeliveryTotals totals) {
        DeliveryTotals copy = new DeliveryTotals();
        copy.add(totals);
        return copy;
    }

    /**
     * Any thread: checks every link, on its event loop, for deliveries held over 10 s and for 10 s without
     * credit, and logs each link's first such finding at info, with qdrouterd's words.
     */
    public void detectStuckDeliveries() {
        collect((handler, out) -> handler.detectStuckDeliveries(), (a, b) -> 0);
    }

    /**
     * Any thread: completes once every event loop with a live connection has run everything queued on it before
     * this call, e.g. the route changes the core handed to producer links ({@code ProducerEndpoint.routeChanged}).
     * A change management reports as done is then in force for the next message.
     */
    public CompletableFuture<Void> barrier() {
        return collect((handler, out) -> { }, (a, b) -> 0).thenApply(ignored -> null);
    }

    /**
     * Any thread: closes a connection as qdrouterd does when management sets its {@code adminStatus} to
     * {@code deleted}: a Close carrying {@code amqp:connection:forced} ("Connection forced-closed by management
     * request"), then the socket once that is out. Whether the role allows it (qdrouterd refuses inter-router
     * connections) is for the caller to decide.
     *
     * @return true if the connection was live and is now closing; false if there is none with that id (or it
     *         was already closing)
     */
    public CompletableFuture<Boolean> closeConnection(long id) {
        AmqpConnectionHandler handler = live.get(id);
        CompletableFuture<Boolean> done = new CompletableFuture<>();
        if (handler == null) {
            done.complete(false);
            return done;
        }
        try {
            handler.eventLoop().execute(() -> {
                try {
                    done.complete(handler.closeByManagement());
                } catch (RuntimeException e) {
                    done.completeExceptionally(e);
                }
            });
        } catch (RejectedExecutionException stopping) {
            done.complete(false);
        }
        return done;
    }

    /**
     * Groups the live connections by event loop, runs {@code reader} on each loop for its connections, and
     * combines what they add. A loop that is shutting down contributes nothing.
     */
    private <T> CompletableFuture<List<T>> collect(BiConsumer<AmqpConnectionHandler, List<T>> reader,
                                                   Comparator<T> order) {
        Map<EventLoop, List<AmqpConnectionHandler>> byLoop = new IdentityHashMap<>();
        for (AmqpConnectionHandler handler : live.values()) {
            byLoop.computeIfAbsent(handler.eventLoop(), loop -> new ArrayList<>()).add(handler);
        }
        List<CompletableFuture<List<T>>> parts = new ArrayList<>(byLoop.size());
        byLoop.forEach((loop, handlers) -> parts.add(readOn(loop, handlers, new ArrayList<>(), reader, List::of)));
        return CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new)).thenApply(ignored -> {
            List<T> all = new ArrayList<>();
            for (CompletableFuture<List<T>> part : parts) {
                all.addAll(part.join());
            }
            all.sort(order);
            return all;
        });
    }

    /**
     * Runs {@code reader} on {@code loop} for each of its connections, and adds what {@code loopState} gives there
     * too; a loop that is shutting down contributes nothing.
     */
    private static <T> CompletableFuture<List<T>> readOn(EventLoop loop, List<AmqpConnectionHandler> handlers,
                                                         List<T> out,
                                                         BiConsumer<AmqpConnectionHandler, List<T>> reader,
                                                         java.util.function.Supplier<List<T>> loopState) {
        CompletableFuture<List<T>> part = new CompletableFuture<>();
        Runnable task = () -> {
            out.addAll(loopState.get());
            for (AmqpConnectionHandler handler : handlers) {
                try {
                    reader.accept(handler, out);
                } catch (RuntimeException e) {
                    LOG.warn("reading connection state for management failed", e);
                }
            }
            part.complete(out);
        };
        try {
            loop.execute(task);
        } catch (RejectedExecutionException stopping) {
            part.complete(List.of());
        }
        return part;
    }
}
