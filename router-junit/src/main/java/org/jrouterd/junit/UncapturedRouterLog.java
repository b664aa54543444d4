package org.jrouterd.junit;

import java.util.function.Supplier;

/**
 * The router log when SLF4J's backend is not logback-classic: nothing is captured, and the failure says how to
 * capture it.
 *
 * <p>Threads: immutable; any thread.
 */
final class UncapturedRouterLog implements RouterLog {

    private final Supplier<String> owner;
    private final String loggerFactoryClass;

    UncapturedRouterLog(Supplier<String> owner, String loggerFactoryClass) {
        this.owner = owner;
        this.loggerFactoryClass = loggerFactoryClass;
    }

    @Override
    public void watchRouter(String routerId) {
    }

    @Override
    public void watchThread(Thread thread) {
    }

    @Override
    public void unwatchThread(Thread thread) {
    }

    @Override
    public void mark(String text) {
    }

    @Override
    public RecentRouterLog recent() {
        return new RecentRouterLog(this, "the log of " + owner.get() + " could not be captured: SLF4J's backend is "
                + loggerFactoryClass + ", not logback-classic. To see the routers' recent log here when a test "
                + "fails, add the test dependency ch.qos.logback:logback-classic (and a logback-test.xml).");
    }

    @Override
    public void close() {
    }
}
