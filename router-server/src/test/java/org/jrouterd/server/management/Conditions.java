package org.jrouterd.server.management;

import java.util.concurrent.Callable;

/** Waits on a condition with a deadline (never a fixed sleep). Test code. */
final class Conditions {

    private Conditions() {
    }

    static void await(String what, Callable<Boolean> condition) throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!condition.call()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            java.util.concurrent.locks.LockSupport.parkNanos(5_000_000L);
        }
    }
}
