package org.jrouterd.core.delivery;

/**
 * Where the outcome of a routed copy goes: the producer's delivery, or a multicast aggregation in between.
 * {@link #complete} is called exactly once per routed copy, from whichever I/O thread owns the consumer; an
 * implementation hands the outcome to its own thread and never touches another thread's state.
 */
@FunctionalInterface
public interface DeliverySource {

    /** Reports the terminal outcome of one routed copy. Thread-safe; called once per copy. */
    void complete(DeliveryOutcome outcome);
}
