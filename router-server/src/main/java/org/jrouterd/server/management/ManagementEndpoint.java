package org.jrouterd.server.management;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.concurrent.CompletableFuture;
import org.apache.qpid.proton.codec.ReadableBuffer;
import org.apache.qpid.proton.message.Message;
import org.jrouterd.core.delivery.DeliveryOutcome;
import org.jrouterd.core.delivery.RoutedDelivery;
import org.jrouterd.core.forward.ConsumerEndpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The consumer of {@code $management} inside the router: each request is copied off the producer's I/O thread,
 * accepted, decoded and handed to the agent on the management thread; the agent's response is routed to the
 * request's reply-to address by {@link ReplyForwarder}. At most {@link #MAX_QUEUED} requests wait for the
 * management thread; beyond that a request is released (its sender may retry) and counted.
 *
 * <p>Threads: {@link #deliver} runs on any I/O thread; everything else on the management thread, which it owns.
 */
public final class ManagementEndpoint implements ConsumerEndpoint, AutoCloseable {

    /** Requests waiting for the management thread, at most. */
    static final int MAX_QUEUED = 1_000;

    private static final Logger LOG = LoggerFactory.getLogger("AGENT");

    private final Function<Message, CompletableFuture<Message>> agent;
    private final ReplyForwarder replies;
    private final ThreadPoolExecutor thread;
    private final AtomicInteger outstanding = new AtomicInteger();
    private final AtomicLong undecodable = new AtomicLong();
    private final AtomicLong overflowed = new AtomicLong();

    /**
     * @param routerId the router's id, for the thread's name
     * @param agent    answers one request (on the management thread); the future may complete on any thread
     * @param replies  routes responses
     */
    public ManagementEndpoint(String routerId, Function<Message, CompletableFuture<Message>> agent,
                              ReplyForwarder replies) {
        this.agent = agent;
        this.replies = replies;
        this.thread = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(MAX_QUEUED),
                runnable -> {
                    Thread t = new Thread(runnable, "jrouterd-mgmt-" + routerId);
                    t.setDaemon(true);
                    return t;
                });
    }

    @Override
    public void deliver(RoutedDelivery delivery) {
        outstanding.incrementAndGet();
        ReadableBuffer payload = delivery.payloadForSend();
        byte[] request = new byte[payload.remaining()];
        payload.get(request);
        delivery.releasePayload();
        try {
            thread.execute(() -> handle(delivery, request));
        } catch (RejectedExecutionException e) {
            overflowed.incrementAndGet();
            LOG.warn("Management request released: {} requests are already waiting", MAX_QUEUED);
            finish(delivery, DeliveryOutcome.RELEASED);
        }
    }

    private void handle(RoutedDelivery delivery, byte[] bytes) {
        Message request = Message.Factory.create();
        try {
            request.decode(bytes, 0, bytes.length);
        } catch (RuntimeException e) {
            undecodable.incrementAndGet();
            LOG.info("Management request rejected: it could not be decoded ({})", e.toString());
            finish(delivery, DeliveryOutcome.rejected("amqp:decode-error", "the request could not be decoded"));
            return;
        }
        finish(delivery, DeliveryOutcome.ACCEPTED);
        CompletableFuture<Message> response;
        try {
            response = agent.apply(request);
        } catch (RuntimeException e) {
            LOG.warn("Management agent failed on a request", e);
            return;
        }
        response.whenComplete((reply, error) -> {
            if (error != null) {
                LOG.warn("Management agent failed on a request", error);
            } else if (reply != null) {
                try {
                    replies.send(reply);
                } catch (RuntimeException e) {
                    LOG.warn("Management response to {} could not be sent", reply.getAddress(), e);
                }
            }
        });
    }

    private void finish(RoutedDelivery delivery, DeliveryOutcome outcome) {
        outstanding.decrementAndGet();
        delivery.complete(outcome);
    }

    /** The management thread: sources complete their reads here, so the agent's work never runs on an I/O thread. */
    public Executor executor() {
        return thread;
    }

    @Override
    public int outstanding() {
        return outstanding.get();
    }

    @Override
    public boolean inProcess() {
        return true;
    }

    /** Requests that could not be decoded, rejected. */
    public long undecodableCount() {
        return undecodable.get();
    }

    /** Requests released because {@link #MAX_QUEUED} were already waiting. */
    public long overflowCount() {
        return overflowed.get();
    }

    /** Stops the management thread; requests still waiting are dropped with it. */
    @Override
    public void close() {
        thread.shutdownNow();
    }
}
