package org.jrouterd.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.channel.EventLoop;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * An embedded router that meets a fatal error on an event loop does not stay alive but useless: it reports the
 * error, marks itself failed and stops listening (or runs the reaction its builder set), and the JVM lives on.
 * Netty alone would log the error and carry on.
 */
@Timeout(60)
class FatalErrorTest {

    private static final Duration DEADLINE = Duration.ofSeconds(10);

    /** One fatal error as a reaction saw it. */
    private record Reported(String where, Throwable error) {
    }

    @Test
    void anOutOfMemoryErrorInAnEventLoopTaskStopsTheEmbeddedRouter() {
        try (Router router = Router.builder().id("Doomed").ioThreads(1).listener("127.0.0.1", 0).start()) {
            int port = router.port();
            assertThat(accepts(port)).isTrue();

            OutOfMemoryError injected = new OutOfMemoryError("injected");
            router.ioLoops().next().execute(() -> {
                throw injected;
            });

            await().atMost(DEADLINE).until(() -> router.failure().isPresent());
            assertThat(router.failure()).containsSame(injected);
            await().atMost(DEADLINE).until(() -> !accepts(port));
        }
    }

    @Test
    void aReactionSetByTheBuilderReplacesStopping() {
        List<Reported> reported = new CopyOnWriteArrayList<>();
        try (Router router = Router.builder().id("Custom").ioThreads(1).listener("127.0.0.1", 0)
                .fatalErrorReaction((id, where, error) -> reported.add(new Reported(where, error))).start()) {
            router.ioLoops().next().execute(() -> {
                throw new OutOfMemoryError("injected");
            });

            await().atMost(DEADLINE).until(() -> !reported.isEmpty());
            assertThat(reported.get(0).where()).startsWith("event loop jrouterd-io-Custom");
            assertThat(router.failure()).isPresent();
            assertThat(accepts(router.port())).as("the custom reaction left the router running").isTrue();
        }
    }

    @Test
    void aFatalErrorInAScheduledTaskIsReported() {
        assertReported("Timer", loop -> loop.schedule(() -> {
            throw new StackOverflowError("injected");
        }, 1, TimeUnit.MILLISECONDS));
    }

    @Test
    void aFatalErrorInASubmittedTaskIsReported() {
        assertReported("Submit", loop -> loop.submit(() -> {
            throw new OutOfMemoryError("injected");
        }));
    }

    /** Runs {@code inject} on an event loop of a router with a recording reaction; the reaction must see it. */
    private static void assertReported(String id, java.util.function.Consumer<EventLoop> inject) {
        List<Reported> reported = new CopyOnWriteArrayList<>();
        try (Router router = Router.builder().id(id).ioThreads(1).listener("127.0.0.1", 0)
                .fatalErrorReaction((routerId, where, error) -> reported.add(new Reported(where, error))).start()) {
            inject.accept(router.ioLoops().next());

            await().atMost(DEADLINE).until(() -> !reported.isEmpty());
            assertThat(reported.get(0).error()).isInstanceOf(VirtualMachineError.class).hasMessage("injected");
            assertThat(reported.get(0).where()).startsWith("event loop jrouterd-io-" + id);
            assertThat(router.failure()).containsSame(reported.get(0).error());
        }
    }

    @Test
    void aRuntimeExceptionInATaskIsNotFatal() throws InterruptedException {
        List<Reported> reported = new CopyOnWriteArrayList<>();
        try (Router router = Router.builder().id("Survivor").ioThreads(1).listener("127.0.0.1", 0)
                .fatalErrorReaction((id, where, error) -> reported.add(new Reported(where, error))).start()) {
            EventLoop loop = router.ioLoops().next();
            loop.execute(() -> {
                throw new IllegalStateException("a bug, not a fatal error");
            });
            CountDownLatch after = new CountDownLatch(1);
            loop.execute(after::countDown);

            assertThat(after.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(reported).isEmpty();
            assertThat(router.failure()).isEmpty();
            assertThat(accepts(router.port())).isTrue();
        }
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
