package org.jrouterd.transport.amqp;

import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.messaging.Accepted;
import org.apache.qpid.proton.amqp.messaging.Modified;
import org.apache.qpid.proton.amqp.messaging.Rejected;
import org.apache.qpid.proton.amqp.messaging.Released;
import org.apache.qpid.proton.amqp.transport.DeliveryState;
import org.apache.qpid.proton.amqp.transport.ErrorCondition;
import org.jrouterd.core.delivery.DeliveryOutcome;

/**
 * Translates between proton-j delivery states and the core's {@link DeliveryOutcome} records at the transport
 * boundary. Stateless.
 */
final class ProtonOutcomes {

    private ProtonOutcomes() {
    }

    /**
     * The outcome a consumer reported, or null if {@code state} is not terminal. A delivery the consumer settled
     * without any state counts as accepted: it consumed it.
     */
    static DeliveryOutcome fromProton(DeliveryState state, boolean remotelySettled) {
        if (state instanceof Accepted) {
            return DeliveryOutcome.ACCEPTED;
        }
        if (state instanceof Released) {
            return DeliveryOutcome.RELEASED;
        }
        if (state instanceof Rejected rejected) {
            ErrorCondition error = rejected.getError();
            return DeliveryOutcome.rejected(error == null || error.getCondition() == null ? null
                    : error.getCondition().toString(), error == null ? null : error.getDescription());
        }
        if (state instanceof Modified modified) {
            return DeliveryOutcome.modified(Boolean.TRUE.equals(modified.getDeliveryFailed()),
                    Boolean.TRUE.equals(modified.getUndeliverableHere()));
        }
        return remotelySettled ? DeliveryOutcome.ACCEPTED : null;
    }

    /** The proton state to send to a producer. */
    static DeliveryState toProton(DeliveryOutcome outcome) {
        switch (outcome.kind()) {
            case ACCEPTED:
                return Accepted.getInstance();
            case RELEASED:
                return Released.getInstance();
            case REJECTED: {
                Rejected rejected = new Rejected();
                if (outcome.errorCondition() != null) {
                    rejected.setError(new ErrorCondition(Symbol.valueOf(outcome.errorCondition()),
                            outcome.errorDescription()));
                }
                return rejected;
            }
            default: {
                Modified modified = new Modified();
                modified.setDeliveryFailed(outcome.deliveryFailed());
                modified.setUndeliverableHere(outcome.undeliverableHere());
                return modified;
            }
        }
    }
}
