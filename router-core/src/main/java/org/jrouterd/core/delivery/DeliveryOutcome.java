package org.jrouterd.core.delivery;

import java.util.Objects;

/**
 * The terminal outcome of a delivery as the router relays it: a copy of the AMQP delivery state made at the
 * transport boundary, so that no proton object crosses threads. Immutable.
 *
 * @param kind              which outcome
 * @param errorCondition    for {@link Kind#REJECTED}, the error condition symbol (may be null)
 * @param errorDescription  for {@link Kind#REJECTED}, the error description (may be null)
 * @param deliveryFailed    for {@link Kind#MODIFIED}, whether the delivery counts as failed
 * @param undeliverableHere for {@link Kind#MODIFIED}, whether the receiver must not get it again
 */
public record DeliveryOutcome(Kind kind, String errorCondition, String errorDescription, boolean deliveryFailed,
                              boolean undeliverableHere) {

    /** The AMQP 1.0 terminal outcomes. */
    public enum Kind { ACCEPTED, REJECTED, RELEASED, MODIFIED }

    /** The consumer accepted the message. */
    public static final DeliveryOutcome ACCEPTED = new DeliveryOutcome(Kind.ACCEPTED, null, null, false, false);
    /** The message never reached a consumer; the sender may send it again. */
    public static final DeliveryOutcome RELEASED = new DeliveryOutcome(Kind.RELEASED, null, null, false, false);
    /** The message was sent to a consumer whose link went away before it settled: it may have been processed. */
    public static final DeliveryOutcome MODIFIED_FAILED = new DeliveryOutcome(Kind.MODIFIED, null, null, true, false);

    public DeliveryOutcome {
        Objects.requireNonNull(kind, "kind");
    }

    /** A rejected outcome carrying an AMQP error. */
    public static DeliveryOutcome rejected(String condition, String description) {
        return new DeliveryOutcome(Kind.REJECTED, condition, description, false, false);
    }

    /** A modified outcome with the given flags. */
    public static DeliveryOutcome modified(boolean deliveryFailed, boolean undeliverableHere) {
        return deliveryFailed && !undeliverableHere ? MODIFIED_FAILED
                : new DeliveryOutcome(Kind.MODIFIED, null, null, deliveryFailed, undeliverableHere);
    }
}
