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
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The outcomes of a batch of asynchronous unsettled sends, with the reason of each send that was not accepted
 * (the exception's type and message, which name the outcome or the error), so a failed assertion says why.
 *
 * <p>Threads: outcomes arrive on the JMS completion thread; the test thread reads them.
 */
final class SendOutcomes implements CompletionListener {

    private final CountDownLatch done;
    private final AtomicInteger accepted = new AtomicInteger();
    private final Map<String, AtomicInteger> failures = new ConcurrentHashMap<>();

    private SendOutcomes(int count) {
        done = new CountDownLatch(count);
    }

    /** Sends {@code count} unsettled text messages numbered {@code 0..count-1} to {@code address}. */
    static SendOutcomes send(Session session, String address, int count) throws JMSException {
        MessageProducer producer = session.createProducer(session.createQueue(address));
        producer.setDeliveryMode(DeliveryMode.NON_PERSISTENT);
        SendOutcomes outcomes = new SendOutcomes(count);
        for (int seq = 0; seq < count; seq++) {
            TextMessage message = session.createTextMessage("message " + seq);
            message.setIntProperty(JmsClients.SEQ, seq);
            producer.send(message, outcomes);
        }
        return outcomes;
    }

    @Override
    public void onCompletion(Message message) {
        accepted.incrementAndGet();
        done.countDown();
    }

    @Override
    public void onException(Message message, Exception exception) {
        failures.computeIfAbsent(exception.getClass().getSimpleName() + ": " + exception.getMessage(),
                reason -> new AtomicInteger()).incrementAndGet();
        done.countDown();
    }

    /** Waits until every send has an outcome; false on timeout. */
    boolean await(Duration timeout) throws InterruptedException {
        return done.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** How many were accepted. */
    int accepted() {
        return accepted.get();
    }

    /** How many failed, by reason. */
    Map<String, Integer> failures() {
        Map<String, Integer> copy = new TreeMap<>();
        failures.forEach((reason, count) -> copy.put(reason, count.get()));
        return copy;
    }
}
