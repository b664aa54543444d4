package org.jrouterd.core.delivery;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The router-wide budget of bytes held for messages in flight: bytes of messages still arriving, and of routed
 * copies not yet handed to a socket (queued for credit, or not yet framed). Producers are charged as bytes arrive
 * and are routed; consumers discharge as copies leave. Past the limit, producer links grant no new credit and
 * connections that only produce stop being read; they resume once the held bytes fall below the low-water mark
 * (three quarters of the limit).
 *
 * <p>A message can only be routed once it is whole, so a connection that is part-way through a message may need
 * to read past the limit to finish it: one such connection at a time holds the {@linkplain #tryTakeOversize
 * oversize token} and keeps reading; the others wait. That bounds what the router holds to the limit plus one
 * maximum-size message.
 *
 * <p>Threads: shared by every I/O thread; lock-free (atomics), except the wake-up queue, touched only when a
 * connection pauses or the budget falls below the low-water mark.
 */
public final class MessageMemory {

    /** Share of the JVM's maximum heap given to messages when no limit is configured. */
    public static final int DEFAULT_HEAP_SHARE_PERCENT = 25;
    /** Smallest default budget, whatever the heap. */
    private static final long MIN_DEFAULT = 8L * 1024 * 1024;

    private final long limit;
    private final long lowWater;
    private final AtomicLong held = new AtomicLong();
    private final AtomicLong partial = new AtomicLong();
    private final AtomicLong peak = new AtomicLong();
    private final AtomicLong pauses = new AtomicLong();
    private final AtomicInteger waiting = new AtomicInteger();
    private final Queue<Runnable> waiters = new ConcurrentLinkedQueue<>();
    private final AtomicReference<Object> oversize = new AtomicReference<>();

    /**
     * @param limit bytes of messages the router may hold before it pushes back on producers; at least 1
     */
    public MessageMemory(long limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("message memory limit must be positive, got " + limit);
        }
        this.limit = limit;
        this.lowWater = limit - limit / 4;
    }

    /** A budget of {@value #DEFAULT_HEAP_SHARE_PERCENT}% of the JVM's maximum heap (at least 8 MiB). */
    public static MessageMemory fromHeap() {
        return new MessageMemory(defaultLimit(Runtime.getRuntime().maxMemory()));
    }

    /** The default limit for a JVM whose maximum heap is {@code maxHeap} bytes. */
    public static long defaultLimit(long maxHeap) {
        return Math.max(MIN_DEFAULT, maxHeap * DEFAULT_HEAP_SHARE_PERCENT / 100);
    }

    /** The configured limit in bytes. */
    public long limit() {
        return limit;
    }

    /** Bytes held now. */
    public long held() {
        return held.get();
    }

    /** Most bytes held at once since start. */
    public long peak() {
        return peak.get();
    }

    /** How many times a connection stopped being read for want of memory. */
    public long pauses() {
        return pauses.get();
    }

    /** Whether the router holds as much as it may: producers get no new credit and are not read. */
    public boolean overLimit() {
        return held.get() >= limit;
    }

    /** Any thread: {@code bytes} more are held. */
    public void charge(long bytes) {
        if (bytes == 0) {
            return;
        }
        long now = held.addAndGet(bytes);
        long top = peak.get();
        while (now > top && !peak.compareAndSet(top, now)) {
            top = peak.get();
        }
        if (bytes < 0) {
            wakeIfRoom(now);
        }
    }

    /** Any thread: {@code bytes} held are let go (a copy left the router, or a message was dropped). */
    public void discharge(long bytes) {
        if (bytes == 0) {
            return;
        }
        wakeIfRoom(held.addAndGet(-bytes));
    }

    /**
     * Any thread: runs {@code wakeUp} once the held bytes are below the low-water mark: at once if they are
     * already, else on the thread that brings them there. The caller must make {@code wakeUp} hand over to its
     * own thread.
     */
    public void whenBelowLowWater(Runnable wakeUp) {
        pauses.incrementAndGet();
        waiters.add(wakeUp);
        waiting.incrementAndGet();
        wakeIfRoom(held.get());
    }

    /** Any thread: {@code bytes} more of messages still arriving are held (negative: let go, or routed). */
    public void chargePartial(long bytes) {
        partial.addAndGet(bytes);
        if (bytes >= 0) {
            charge(bytes);
        } else {
            discharge(-bytes);
        }
    }

    /** Bytes held of messages still arriving. */
    public long partial() {
        return partial.get();
    }

    /**
     * Any thread: lets {@code owner}, part-way through a message, keep reading past the limit until that message
     * is whole, if no other connection does and the bytes held for whole messages are below the low-water mark:
     * then what holds the budget is messages that cannot be routed until they are whole, and one of them must be
     * let through. Bytes held stay below the limit plus one message.
     */
    public boolean tryTakeOversize(Object owner) {
        if (oversize.get() == owner) {
            return true;
        }
        return held.get() - partial.get() < lowWater && oversize.compareAndSet(null, owner);
    }

    /** Any thread: {@code owner} finished its message (or went away); another connection may take the token. */
    public void releaseOversize(Object owner) {
        if (oversize.compareAndSet(owner, null) && waiting.get() > 0) {
            wakeAll();   // a paused connection part-way through a message may take the token now
        }
    }

    private void wakeIfRoom(long now) {
        if (now < lowWater && waiting.get() > 0) {
            wakeAll();
        }
    }

    private void wakeAll() {
        Runnable wakeUp;
        while ((wakeUp = waiters.poll()) != null) {
            waiting.decrementAndGet();
            wakeUp.run();
        }
    }
}
