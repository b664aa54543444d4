package org.jrouterd.core.engine;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one router does when it meets a fatal error: an {@link OutOfMemoryError} or any other
 * {@link VirtualMachineError} on one of its threads, its core thread ending on any {@link Error}, or one of its
 * event loops dying. After such an error the router may be alive but useless (a thread it needs is gone, or its
 * state is half-updated), so it must not carry on as if nothing happened.
 *
 * <p>The first {@link #report report} is logged at ERROR with its stack trace and then handed to the
 * {@link Reaction}; later reports are logged in one line and go no further. Which reaction is the owner's choice:
 * <ul>
 *   <li>the {@code jrouterd} daemon exits the process with {@link #EXIT_STATUS} (70, {@code EX_SOFTWARE} from
 *       {@code sysexits.h}), so that systemd (or any supervisor) restarts it;</li>
 *   <li>an embedded router ({@code Router.builder()}) must not end its host JVM (a developer's test run): by
 *       default it marks itself failed and stops (closes its listeners and connections), and its builder can set
 *       another reaction.</li>
 * </ul>
 *
 * <p>Threads: {@link #report} from any thread (the one that met the error runs the reaction); the first report
 * wins through an atomic reference.
 */
public final class FatalErrors {

    /** The daemon's exit status after a fatal error: 70, {@code EX_SOFTWARE} ("internal software error"). */
    public static final int EXIT_STATUS = 70;

    private static final Logger LOG = LoggerFactory.getLogger("ROUTER");
    /** How deep {@link #isFatal} looks into a chain of causes (a fatal error wrapped by a future, say). */
    private static final int CAUSE_DEPTH = 8;

    /** What to do once a fatal error has been logged. */
    @FunctionalInterface
    public interface Reaction {
        /**
         * Called once, on the thread that met the error, after it was logged.
         *
         * @param routerId the router that met it
         * @param where    which thread or part of the router, e.g. {@code core thread jrouterd-core-A}
         * @param error    the error
         */
        void onFatalError(String routerId, String where, Throwable error);
    }

    private final String routerId;
    private final Reaction reaction;
    private final AtomicReference<Throwable> first = new AtomicReference<>();

    public FatalErrors(String routerId, Reaction reaction) {
        this.routerId = Objects.requireNonNull(routerId, "routerId");
        this.reaction = Objects.requireNonNull(reaction, "reaction");
    }

    /** Whether an error thrown anywhere must end the router: a {@link VirtualMachineError}, or one in its causes. */
    public static boolean isFatal(Throwable error) {
        Throwable cause = error;
        for (int depth = 0; cause != null && depth < CAUSE_DEPTH; depth++, cause = cause.getCause()) {
            if (cause instanceof VirtualMachineError) {
                return true;
            }
        }
        return false;
    }

    /** The router this reports for. */
    public String routerId() {
        return routerId;
    }

    /**
     * Reports a fatal error met in {@code where}: the first one is logged at ERROR and handed to the reaction.
     * Never throws, even when the JVM is out of memory (logging is then best effort).
     */
    public void report(String where, Throwable error) {
        if (!first.compareAndSet(null, error)) {
            try {
                LOG.error("Router {}: another fatal error in {} after the first: {}", routerId, where, error);
            } catch (Throwable ignored) {
                // Out of memory while logging: the first report is already under way.
            }
            return;
        }
        try {
            LOG.error("Router {}: fatal error in {}: {}", routerId, where, error, error);
        } catch (Throwable logFailed) {
            System.err.println("Router " + routerId + ": fatal error in " + where + ": " + error);
        }
        try {
            reaction.onFatalError(routerId, where, error);
        } catch (Throwable reactionFailed) {
            try {
                LOG.error("Router {}: the reaction to the fatal error failed: {}", routerId, reactionFailed,
                        reactionFailed);
            } catch (Throwable ignored) {
                // Nothing more can be done here.
            }
        }
    }

    /** Reports {@code error} when it {@link #isFatal is fatal}; returns whether it was. */
    public boolean reportIfFatal(String where, Throwable error) {
        if (!isFatal(error)) {
            return false;
        }
        report(where, error);
        return true;
    }

    /** The first fatal error reported, or null while there was none. */
    public Throwable failure() {
        return first.get();
    }
}
