package org.jrouterd.core.forward;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jrouterd.core.delivery.DeliveryOutcome;
import org.jrouterd.core.delivery.DeliverySource;

/** A delivery source for tests that records every outcome it is given. Thread-safe. */
public final class RecordingSource implements DeliverySource {

    private final List<DeliveryOutcome> outcomes = new CopyOnWriteArrayList<>();

    @Override
    public void complete(DeliveryOutcome outcome) {
        outcomes.add(outcome);
    }

    public List<DeliveryOutcome> outcomes() {
        return outcomes;
    }
}
