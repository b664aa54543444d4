package org.jrouterd.junit;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.LifecycleMethodExecutionExceptionHandler;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * What both extensions share: routers started before all tests when the extension is in a static field (JUnit
 * calls {@code beforeAll} only then) and before each test when it is in an instance field; their log captured
 * while they run and added to the exception of a failing test or lifecycle method.
 *
 * <p>Threads: JUnit calls the callbacks on its threads (with parallel execution, {@code beforeEach} of several
 * tests at once); the fields are volatile and written only in {@code beforeAll}/{@code afterAll} or, for a
 * per-test extension (one instance per test), in {@code beforeEach}/{@code afterEach}.
 */
abstract class RouterLifecycle implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback,
        AfterEachCallback, TestExecutionExceptionHandler, LifecycleMethodExecutionExceptionHandler {

    private enum Scope { CLASS, TEST }

    private volatile Scope scope;
    private final AtomicInteger classDepth = new AtomicInteger();
    private volatile RouterLog log;

    /** Starts the routers; what they log on this thread meanwhile is captured. */
    abstract void startRouters(RouterLog routerLog);

    /** Stops the routers. */
    abstract void stopRouters();

    /** What the routers are, for messages: "router A", "mesh A, B". */
    abstract String describe();

    /**
     * Starts the routers before the tests of the class when this extension is in a static field; does nothing
     * more for the classes nested in it (they share the routers).
     */
    @Override
    public void beforeAll(ExtensionContext context) {
        if (scope == Scope.CLASS) {
            classDepth.incrementAndGet();
            return;
        }
        scope = Scope.CLASS;
        classDepth.set(1);
        begin("class " + context.getRequiredTestClass().getSimpleName());
    }

    /** Starts the routers when this extension is in an instance field; else marks the test's start in the log. */
    @Override
    public void beforeEach(ExtensionContext context) {
        String test = "test " + context.getDisplayName() + " in " + context.getRequiredTestClass().getSimpleName();
        if (scope == null) {
            scope = Scope.TEST;
            begin(test);
        } else {
            log.mark(test + " starts");
        }
    }

    /** Stops the routers started for this test. */
    @Override
    public void afterEach(ExtensionContext context) {
        if (scope == Scope.TEST) {
            end();
        }
    }

    /** Stops the routers started for this class, after its last test. */
    @Override
    public void afterAll(ExtensionContext context) {
        if (scope == Scope.CLASS && classDepth.decrementAndGet() == 0) {
            end();
        }
    }

    private void begin(String what) {
        RouterLog started = RouterLog.capture(this::describe);
        started.mark(what + " starts; starting " + describe());
        Thread self = Thread.currentThread();
        started.watchThread(self);
        try {
            startRouters(started);
        } catch (RuntimeException | Error e) {
            RecentRouterLog.addTo(e, started);
            started.close();
            scope = null;
            throw e;
        } finally {
            started.unwatchThread(self);
        }
        log = started;
    }

    private void end() {
        RouterLog running = log;
        Thread self = Thread.currentThread();
        running.watchThread(self);
        try {
            stopRouters();
        } finally {
            running.unwatchThread(self);
            running.close();
            log = null;
            scope = null;
        }
    }

    /** Rethrows a failing test's exception with the routers' recent log added as a suppressed exception. */
    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
        throw withLog(failure);
    }

    /** Rethrows a failing {@code @BeforeAll} method's exception with the routers' recent log added. */
    @Override
    public void handleBeforeAllMethodExecutionException(ExtensionContext context, Throwable failure)
            throws Throwable {
        throw withLog(failure);
    }

    /** Rethrows a failing {@code @BeforeEach} method's exception with the routers' recent log added. */
    @Override
    public void handleBeforeEachMethodExecutionException(ExtensionContext context, Throwable failure)
            throws Throwable {
        throw withLog(failure);
    }

    /** Rethrows a failing {@code @AfterEach} method's exception with the routers' recent log added. */
    @Override
    public void handleAfterEachMethodExecutionException(ExtensionContext context, Throwable failure)
            throws Throwable {
        throw withLog(failure);
    }

    /** Rethrows a failing {@code @AfterAll} method's exception with the routers' recent log added. */
    @Override
    public void handleAfterAllMethodExecutionException(ExtensionContext context, Throwable failure)
            throws Throwable {
        throw withLog(failure);
    }

    private Throwable withLog(Throwable failure) {
        RouterLog running = log;
        return running == null ? failure : RecentRouterLog.addTo(failure, running);
    }

    /** The exception for using the routers while they are not running. */
    final IllegalStateException notRunning() {
        return new IllegalStateException(describe() + " is not running: the extension starts it before all tests "
                + "when it is in a static @RegisterExtension field, before each test when in an instance field");
    }
}
