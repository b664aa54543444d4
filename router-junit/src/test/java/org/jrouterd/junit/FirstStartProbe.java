package org.jrouterd.junit;

import java.lang.management.ManagementFactory;
import java.lang.reflect.Proxy;
import java.util.Locale;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Measures a router's first start in a fresh JVM, class loading included: from {@link RouterExtension}'s
 * {@code beforeAll} to the router answering an AMQP protocol header, and the JVM's own start before {@code main}.
 * Prints one line, {@code first start: jvm-to-main=<ms> beforeAll-to-amqp=<ms>}. {@link FirstStartInFreshJvmTest}
 * runs it; by hand (after {@code mvn -o -B -pl router-junit test-compile dependency:build-classpath
 * -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test}):
 *
 * <pre>
 * java -cp router-junit/target/test-classes:router-junit/target/classes:$(cat router-junit/target/cp.txt) \
 *     org.jrouterd.junit.FirstStartProbe
 * </pre>
 */
public final class FirstStartProbe {

    private FirstStartProbe() {
    }

    /** Starts a router as the extension does for a test class, measures, and stops it. */
    public static void main(String[] args) throws Exception {
        long mainNanos = System.nanoTime();
        RouterExtension router = RouterExtension.create();
        ExtensionContext context = classContext();
        router.beforeAll(context);
        AmqpClients.exchangeProtocolHeaders(router.host(), router.port());
        long startMillis = (System.nanoTime() - mainNanos) / 1_000_000;
        long jvmToMainMillis = ManagementFactory.getRuntimeMXBean().getUptime()
                - (System.nanoTime() - mainNanos) / 1_000_000;
        router.afterAll(context);
        System.out.printf(Locale.ROOT, "first start: jvm-to-main=%d beforeAll-to-amqp=%d%n", jvmToMainMillis,
                startMillis);
    }

    /** The little of an extension context that the extension's callbacks read: the test class. */
    static ExtensionContext classContext() {
        return (ExtensionContext) Proxy.newProxyInstance(FirstStartProbe.class.getClassLoader(),
                new Class<?>[] {ExtensionContext.class}, (proxy, method, methodArgs) -> {
                    if (method.getName().equals("getRequiredTestClass")) {
                        return FirstStartProbe.class;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }
}
