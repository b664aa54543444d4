package org.jrouterd.server.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test class if Netty reported a buffer leak while it ran. Registered for every test class in this module
 * through JUnit's extension auto-detection. After the class, it collects garbage and allocates a few buffers so
 * that leaked buffers are noticed and reported before it checks. Runs on the JUnit thread.
 */
public final class LeakReportGuard implements AfterAllCallback {

    @Override
    public void afterAll(ExtensionContext context) {
        assertThat(ResourceLeakDetector.getLevel())
                .as("tests run with Netty leak detection at PARANOID (see the parent pom's test.jvm.args)")
                .isEqualTo(ResourceLeakDetector.Level.PARANOID);
        for (int round = 0; round < 3; round++) {
            System.gc();
            for (int i = 0; i < 64; i++) {
                ByteBuf probe = PooledByteBufAllocator.DEFAULT.directBuffer(16);
                probe.release();
            }
        }
        assertThat(LeakReportingDetector.reports())
                .as("Netty leak reports while running %s", context.getDisplayName())
                .isEmpty();
    }
}
