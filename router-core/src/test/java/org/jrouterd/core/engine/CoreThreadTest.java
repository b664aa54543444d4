package org.jrouterd.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jrouterd.core.address.AddressConfigTable;
import org.jrouterd.core.address.Distribution;
import org.jrouterd.core.forward.ForwardingTable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class CoreThreadTest {

    /** One fatal error as the reaction saw it. */
    private record Reported(String routerId, String where, Throwable error, String thread) {
    }

    /** A reaction that records what it is given (written by the core thread, read by the test thread). */
    private final List<Reported> reported = new CopyOnWriteArrayList<>();
    private final FatalErrors fatalErrors = new FatalErrors("A",
            (routerId, where, error) -> reported.add(
                    new Reported(routerId, where, error, Thread.currentThread().getName())));
    private final CoreProxy proxy = new CoreProxy(new RouterCore(new ForwardingTable(),
            new AddressConfigTable(Distribution.BALANCED)::distributionFor));
    private final CoreThread coreThread = new CoreThread("A", proxy, fatalErrors);

    @AfterEach
    void stop() {
        coreThread.close();
    }

    @Test
    void anOutOfMemoryErrorInAnActionIsReportedAsFatalAndStopsTheCore() {
        coreThread.start();
        OutOfMemoryError injected = new OutOfMemoryError("injected");
        proxy.post(core -> {
            throw injected;
        });

        await().atMost(Duration.ofSeconds(10)).until(() -> !reported.isEmpty());
        Reported fatal = reported.get(0);
        assertThat(fatal.routerId()).isEqualTo("A");
        assertThat(fatal.error()).isSameAs(injected);
        assertThat(fatal.where()).isEqualTo("core thread jrouterd-core-A");
        assertThat(fatal.thread()).isEqualTo("jrouterd-core-A");
        assertThat(fatalErrors.failure()).isSameAs(injected);

        // The core does not carry on as if nothing happened: its thread ends and a later action stays queued.
        await().atMost(Duration.ofSeconds(10)).until(() -> !coreThread.isAlive());
        proxy.post(core -> {
        });
        assertThat(proxy.hasWork()).isTrue();
        assertThat(reported).hasSize(1);
    }

    @Test
    void anyErrorInAnActionIsFatalOnTheCoreThread() {
        coreThread.start();
        proxy.post(core -> {
            throw new AssertionError("a broken invariant");
        });

        await().atMost(Duration.ofSeconds(10)).until(() -> !reported.isEmpty());
        assertThat(reported.get(0).error()).isInstanceOf(AssertionError.class).hasMessage("a broken invariant");
    }

    @Test
    void aRuntimeExceptionInAnActionIsLoggedAndTheCoreCarriesOn() throws InterruptedException {
        coreThread.start();
        proxy.post(core -> {
            throw new IllegalStateException("one bad action");
        });
        CountDownLatch ran = new CountDownLatch(1);
        proxy.post(core -> ran.countDown());

        assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(reported).isEmpty();
        assertThat(fatalErrors.failure()).isNull();
    }

    @Test
    void onlyTheFirstFatalErrorReachesTheReaction() {
        fatalErrors.report("first place", new StackOverflowError("first"));
        fatalErrors.report("second place", new OutOfMemoryError("second"));

        assertThat(reported).extracting(Reported::where).containsExactly("first place");
    }

    @Test
    void virtualMachineErrorsAreFatalAlsoWhenWrapped() {
        assertThat(FatalErrors.isFatal(new OutOfMemoryError())).isTrue();
        assertThat(FatalErrors.isFatal(new InternalError())).isTrue();
        assertThat(FatalErrors.isFatal(new RuntimeException(new OutOfMemoryError()))).isTrue();
        assertThat(FatalErrors.isFatal(new IllegalStateException("not fatal"))).isFalse();
        assertThat(FatalErrors.isFatal(new AssertionError("not a VM error"))).isFalse();
    }
}
