package org.jrouterd.systemtests.interop;

import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageListener;
import jakarta.jms.Session;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What a consumer received and when: the {@link JmsClients#SEQ} numbers it has seen, the duplicates among them,
 * and the {@link System#nanoTime()} of every arrival, from which a test reads how long traffic paused
 * ({@link Pauses}). Messages with a negative number (warm-up messages that find a route) are recorded apart.
 *
 * <p>Threads: {@link #onMessage} runs on the JMS session's delivery thread; the rest on any thread.
 */
final class TimedReceipts implements MessageListener {

    final Set<Integer> seen = ConcurrentHashMap.newKeySet();
    final AtomicInteger duplicates = new AtomicInteger();
    final AtomicInteger warmUps = new AtomicInteger();
    private final List<Long> arrivals = new CopyOnWriteArrayList<>();

    /** A consumer of {@code address} on {@code session} that records into a new instance. */
    static TimedReceipts consume(Session session, String address) throws JMSException {
        TimedReceipts receipts = new TimedReceipts();
        MessageConsumer consumer = session.createConsumer(session.createQueue(address));
        consumer.setMessageListener(receipts);
        return receipts;
    }

    @Override
    public void onMessage(Message message) {
        long at = System.nanoTime();
        int seq = JmsClients.seq(message);
        if (seq < 0) {
            warmUps.incrementAndGet();
            return;
        }
        arrivals.add(at);
        if (!seen.add(seq)) {
            duplicates.incrementAndGet();
        }
    }

    /** The arrival times so far ({@link System#nanoTime()}), in order. */
    List<Long> arrivals() {
        return new ArrayList<>(arrivals);
    }

    /** Messages received, duplicates included, warm-ups not. */
    int count() {
        return arrivals.size();
    }

    /** Waits until a message arrives at or after {@code nanoTime}; returns its arrival time. */
    long awaitArrivalAfter(String what, long nanoTime, Duration timeout) {
        InteropAwait.until(what, timeout, () -> {
            int size = arrivals.size();
            return size > 0 && arrivals.get(size - 1) - nanoTime >= 0;
        });
        return Pauses.firstAtOrAfter(arrivals(), nanoTime);
    }
}
