package org.jrouterd.server.testing;

import io.netty.util.ResourceLeakDetector;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A Netty leak detector that, besides logging, records every leak report so that {@link LeakReportGuard} can fail
 * the test run. Installed with {@code -Dio.netty.customResourceLeakDetector=} this class (router-server's pom).
 * The record is shared by all threads of the test JVM.
 *
 * @param <T> the tracked resource type
 */
public final class LeakReportingDetector<T> extends ResourceLeakDetector<T> {

    private static final List<String> REPORTS = new CopyOnWriteArrayList<>();

    public LeakReportingDetector(Class<?> resourceType, int samplingInterval) {
        super(resourceType, samplingInterval);
    }

    public LeakReportingDetector(Class<?> resourceType, int samplingInterval, long maxActive) {
        super(resourceType, samplingInterval);
    }

    /** Leak reports seen so far in this JVM. */
    public static List<String> reports() {
        return List.copyOf(REPORTS);
    }

    @Override
    protected boolean needReport() {
        return true;
    }

    @Override
    protected void reportTracedLeak(String resourceType, String records) {
        REPORTS.add("LEAK: " + resourceType + records);
        super.reportTracedLeak(resourceType, records);
    }

    @Override
    protected void reportUntracedLeak(String resourceType) {
        REPORTS.add("LEAK: " + resourceType + " (untraced)");
        super.reportUntracedLeak(resourceType);
    }
}
