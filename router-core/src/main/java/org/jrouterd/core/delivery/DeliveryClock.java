package org.jrouterd.core.delivery;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A coarse clock for stamping deliveries as they enter the router, so that management can count the ones held
 * for more than one or ten seconds (qdrouterd's {@code deliveriesDelayed1Sec}, {@code deliveriesDelayed10Sec},
 * {@code deliveriesStuck}) without reading the system clock once per delivery: reading it is one volatile load.
 * It ticks every {@value #TICK_MILLIS} ms, which is plenty for thresholds of whole seconds (qdrouterd's own clock
 * ticks once a second).
 *
 * <p>Threads: one daemon thread, shared by every router of the JVM, writes the time; any thread reads it.
 */
public final class DeliveryClock {

    static final long TICK_MILLIS = 100;
    /** Held longer than this, a settled delivery counts as delayed (qdrouterd: more than 1 second). */
    public static final long DELAYED_MILLIS = 1_000;
    /** Held longer than this, a settled delivery counts as delayed 10 s, an unsettled one as stuck. */
    public static final long STUCK_MILLIS = 10_000;

    private static volatile long millis = System.nanoTime() / 1_000_000;

    static {
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "jrouterd-delivery-clock");
            thread.setDaemon(true);
            return thread;
        });
        ticker.scheduleAtFixedRate(() -> millis = System.nanoTime() / 1_000_000, TICK_MILLIS, TICK_MILLIS,
                TimeUnit.MILLISECONDS);
    }

    private DeliveryClock() {
    }

    /** Monotonic milliseconds, at most {@value #TICK_MILLIS} ms behind; comparable only with itself. */
    public static long millis() {
        return millis;
    }

    /** How a delivery held for {@code heldMillis} and now settled counts: 0 not delayed, 1 over 1 s, 10 over 10 s. */
    public static int delayClass(long heldMillis) {
        if (heldMillis > STUCK_MILLIS) {
            return 10;
        }
        return heldMillis > DELAYED_MILLIS ? 1 : 0;
    }
}
