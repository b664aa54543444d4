package org.jrouterd.junit;

/**
 * Runs a router through the extension in a JVM without logback (SLF4J finds no provider) and prints what a failing
 * test would carry: {@link WithoutLogbackTest} runs it with logback left off the class path.
 */
public final class NoLogbackProbe {

    private NoLogbackProbe() {
    }

    /** Starts a router, fails a pretend test, prints the failure's suppressed note, stops the router. */
    public static void main(String[] args) throws Throwable {
        RouterExtension router = RouterExtension.create(builder -> builder.id("no-logback"));
        router.beforeAll(FirstStartProbe.classContext());
        AmqpClients.exchangeProtocolHeaders(router.host(), router.port());
        try {
            router.handleTestExecutionException(FirstStartProbe.classContext(), new AssertionError("pretend"));
        } catch (AssertionError failure) {
            for (Throwable suppressed : failure.getSuppressed()) {
                System.out.println("suppressed: " + suppressed.getMessage());
            }
        } finally {
            router.afterAll(FirstStartProbe.classContext());
        }
    }
}
