package org.jrouterd.systemtests.interop;

import jakarta.jms.CompletionListener;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A steady JMS sender that loses nothing it was told was accepted, as an application on a router mesh must be
 * written: unsettled sends (non-persistent, asynchronous) numbered {@code 0, 1, 2, ...} in {@link JmsClients#SEQ},
 * at most {@code window} without an outcome, at most {@code perTick} started every tick; a send that comes back
 * released, modified, rejected or failed (the connection dropped) is sent again with its number, ahead of new
 * ones. A router that loses a path or a connection releases or modifies what it had in flight, so a consumer may
 * get a message twice (it accepted it but the outcome was lost): duplicates can be at most {@link #resent}.
 *
 * <p>Threads: the sends run on a ticker thread of its own, which owns the JMS session; outcomes arrive on the JMS
 * completion thread; the test thread reads the counters and calls {@link #stopNew}, {@link #awaitAllAccepted}
 * and {@link #close}.
 */
final class ResendingSender implements AutoCloseable {

    final Set<Integer> accepted = ConcurrentHashMap.newKeySet();
    final AtomicInteger resent = new AtomicInteger();
    private final Map<String, AtomicInteger> failures = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Integer> toResend = new ConcurrentLinkedQueue<>();
    private final AtomicInteger started = new AtomicInteger();
    private final AtomicReference<Throwable> broken = new AtomicReference<>();
    private final Semaphore window;
    private final int perTick;
    private final int limit;
    private final Session session;
    private final MessageProducer producer;
    private final ScheduledExecutorService ticker;
    private final CompletionListener outcomes = new CompletionListener() {
        @Override
        public void onCompletion(Message message) {
            accepted.add(JmsClients.seq(message));
            window.release();
        }

        @Override
        public void onException(Message message, Exception exception) {
            failures.computeIfAbsent(reason(exception), r -> new AtomicInteger()).incrementAndGet();
            toResend.add(JmsClients.seq(message));
            window.release();
        }
    };
    private volatile boolean stopNew;

    private ResendingSender(Session session, String address, int window, int perTick, int limit)
            throws JMSException {
        this.session = session;
        this.window = new Semaphore(window);
        this.perTick = perTick;
        this.limit = limit;
        this.producer = session.createProducer(session.createQueue(address));
        producer.setDeliveryMode(DeliveryMode.NON_PERSISTENT);
        this.ticker = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "sender-" + address);
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Starts sending to {@code address} on {@code session} (which this sender then owns): every
     * {@code tick}, up to {@code perTick} sends, at most {@code window} without an outcome, new numbers up to
     * {@code limit} (exclusive).
     */
    static ResendingSender start(Session session, String address, int window, int perTick, Duration tick,
                                 int limit) throws JMSException {
        ResendingSender sender = new ResendingSender(session, address, window, perTick, limit);
        sender.ticker.scheduleWithFixedDelay(sender::tick, 0, tick.toNanos(), TimeUnit.NANOSECONDS);
        return sender;
    }

    private void tick() {
        if (broken.get() != null) {
            return;
        }
        try {
            for (int i = 0; i < perTick && window.tryAcquire(); i++) {
                Integer retry = toResend.poll();
                int seq;
                if (retry != null) {
                    seq = retry;
                    resent.incrementAndGet();
                } else if (!stopNew && started.get() < limit) {
                    seq = started.getAndIncrement();
                } else {
                    window.release();
                    return;
                }
                TextMessage message = session.createTextMessage("message " + seq);
                message.setIntProperty(JmsClients.SEQ, seq);
                producer.send(message, outcomes);
            }
        } catch (JMSException | RuntimeException e) {
            broken.set(e);
        }
    }

    /** How many distinct numbers it has sent so far. */
    int sent() {
        return started.get();
    }

    /** Sends no new numbers from now on; re-sends go on. */
    void stopNew() {
        stopNew = true;
    }

    /**
     * Waits until it has sent every number it will send (up to its limit, or until {@link #stopNew}) and every
     * one is accepted (re-sending what comes back); fails after {@code timeout}.
     */
    void awaitAllAccepted(Duration timeout) {
        InteropAwait.until("every message sent and accepted", timeout, () -> {
            failIfBroken();
            return (stopNew || started.get() >= limit) && accepted.size() == started.get() && toResend.isEmpty();
        });
        failIfBroken();
    }

    /** Fails if a send threw (rather than completing with an outcome). */
    void failIfBroken() {
        Throwable e = broken.get();
        if (e != null) {
            throw new AssertionError("a send threw: " + e, e);
        }
    }

    /** Why sends came back not accepted, with how many of each; for the report. */
    Map<String, Integer> failures() {
        Map<String, Integer> copy = new TreeMap<>();
        failures.forEach((reason, count) -> copy.put(reason, count.get()));
        return copy;
    }

    private static String reason(Exception exception) {
        String message = String.valueOf(exception.getMessage());
        int cut = message.indexOf(" [");   // Qpid JMS appends the delivery's details in brackets
        return exception.getClass().getSimpleName() + ": " + (cut > 0 ? message.substring(0, cut) : message);
    }

    /** Stops the ticker; the session stays open (its connection's owner closes it). */
    @Override
    public void close() throws InterruptedException {
        ticker.shutdownNow();
        if (!ticker.awaitTermination(10, TimeUnit.SECONDS)) {
            throw new AssertionError("the sender's ticker did not stop within 10 s");
        }
    }
}
