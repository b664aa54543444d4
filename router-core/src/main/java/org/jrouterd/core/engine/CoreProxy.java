package org.jrouterd.core.engine;

import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;
import org.jrouterd.core.forward.ConsumerEndpoint;
import org.jrouterd.core.forward.NeighbourLinks;
import org.jrouterd.core.linkstate.ControlEnvelope;
import org.jrouterd.core.forward.ProducerEndpoint;

/**
 * The only way into the core thread: I/O threads post actions here and the core thread applies them in batches
 * with {@link #doWork()}. Lock-free multi-producer queue; the core thread is woken only when it sleeps.
 *
 * <p>Threads: posting methods are safe from any thread; {@link #doWork()} is called by the core thread only (or
 * by a test, which then plays the core thread).
 */
public final class CoreProxy {

    private final RouterCore core;
    private final ConcurrentLinkedQueue<Consumer<RouterCore>> actions = new ConcurrentLinkedQueue<>();
    private volatile Runnable wakeUp = () -> { };

    public CoreProxy(RouterCore core) {
        this.core = Objects.requireNonNull(core, "core");
    }

    /** Sets what wakes the core thread after a post (the {@link CoreThread} installs its unpark). */
    void wakeUpWith(Runnable wakeUp) {
        this.wakeUp = wakeUp;
    }

    /** Any thread: queues an action for the core thread. */
    public void post(Consumer<RouterCore> action) {
        actions.add(action);
        wakeUp.run();
    }

    /** Any thread: a consumer link attached to a normalised address. */
    public void attachConsumer(String address, ConsumerEndpoint consumer) {
        post(core -> core.attachConsumer(address, consumer));
    }

    /**
     * Any thread: a consumer link attached to a normalised address; {@code routed} runs on the core thread once
     * the address's route includes it (so that the link can be confirmed to its client only when messages sent
     * to the address right after can reach it).
     */
    public void attachConsumer(String address, ConsumerEndpoint consumer, Runnable routed) {
        post(core -> {
            core.attachConsumer(address, consumer);
            routed.run();
        });
    }

    /** Any thread: a consumer link went away. */
    public void detachConsumer(String address, ConsumerEndpoint consumer) {
        post(core -> core.detachConsumer(address, consumer));
    }

    /** Any thread: a producer link attached to a normalised address. */
    public void attachProducer(String address, ProducerEndpoint producer) {
        post(core -> core.attachProducer(address, producer));
    }

    /** Any thread: a producer link went away. */
    public void detachProducer(String address, ProducerEndpoint producer) {
        post(core -> core.detachProducer(address, producer));
    }

    /** Any thread: an inter-router connection has its links. */
    public void neighbourConnected(NeighbourLinks links) {
        post(core -> core.neighbourConnected(links));
    }

    /** Any thread: an inter-router connection went away. */
    public void neighbourDisconnected(long connectionId) {
        post(core -> core.neighbourDisconnected(connectionId));
    }

    /** Any thread: a control message arrived on an inter-router connection's control link. */
    public void controlReceived(long connectionId, ControlEnvelope message) {
        post(core -> core.controlReceived(connectionId, message));
    }

    /**
     * Core thread: applies every queued action, then lets the core apply what the batch changed; returns how
     * many actions ran.
     */
    public int doWork() {
        int done = 0;
        Consumer<RouterCore> action;
        while ((action = actions.poll()) != null) {
            try {
                action.accept(core);
            } finally {
                done++;
            }
        }
        if (done > 0) {
            core.afterBatch();
        }
        return done;
    }

    /** Core thread: runs the core's timers. */
    public void tick() {
        core.tick();
    }

    /** Whether actions are waiting. */
    boolean hasWork() {
        return !actions.isEmpty();
    }
}
