package org.jrouterd.junit;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;
import org.jrouterd.server.Router;

/**
 * A real jrouterd router for a JUnit 5 test, listening on {@code 127.0.0.1} at a port the system picks.
 * Registered in a {@code static} field, one router serves every test of the class (started before all, stopped
 * after all); in an instance field, each test gets a fresh router.
 *
 * <pre>{@code
 * class OrdersTest {
 *     @RegisterExtension
 *     static final RouterExtension ROUTER = RouterExtension.create(builder -> builder.id("A"));
 *
 *     @Test
 *     void consumerGetsTheOrder() throws Exception {
 *         ConnectionFactory factory = new JmsConnectionFactory(ROUTER.url() + "?jms.forceAsyncSend=true");
 *         try (Connection connection = factory.createConnection()) {
 *             connection.start();
 *             Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
 *             MessageConsumer consumer = session.createConsumer(session.createQueue("orders"));
 *             ROUTER.awaitConsumer("orders");   // the router now routes "orders" to this consumer
 *             session.createProducer(session.createQueue("orders")).send(session.createTextMessage("one"));
 *             assertEquals("one", ((TextMessage) consumer.receive(5_000)).getText());
 *         }
 *     }
 * }
 * }</pre>
 *
 * <p>The router forwards and never stores: a message is settled only when a consumer settles it. A synchronous
 * send (Qpid JMS's default for persistent messages) returns only once a consumer has accepted the message, and a
 * JMS consumer accepts it when {@code receive} hands it over or its listener returns: a synchronous send and a
 * {@code receive} on the same thread wait for each other forever. Send asynchronously (Qpid JMS:
 * {@code jms.forceAsyncSend=true}, as above) or consume on another thread (a {@code MessageListener}), and
 * {@link #awaitConsumer} before the first send so that the message does not wait for the consumer's attach.
 *
 * <p>When a test (or a {@code @BeforeEach}, {@code @AfterEach}, {@code @BeforeAll}, {@code @AfterAll} method)
 * fails, its exception gets the router's last 200 log lines as a suppressed exception,
 * if SLF4J's backend is logback-classic; otherwise a note saying how to get them.
 *
 * <p>Threads: JUnit's thread starts and stops the router; the accessors and waits may be called from any thread
 * while it runs.
 */
public final class RouterExtension extends RouterLifecycle {

    private static final String HOST = "127.0.0.1";
    private static final Duration DEFAULT_WAIT = Duration.ofSeconds(10);

    private final Consumer<Router.Builder> customizer;
    private volatile Router router;

    private RouterExtension(Consumer<Router.Builder> customizer) {
        this.customizer = customizer;
    }

    /** A router with the defaults of {@link Router#builder()} (a random id) and one listener. */
    public static RouterExtension create() {
        return create(builder -> { });
    }

    /**
     * A router configured by {@code customizer} (id, {@code address} entries with their distribution, timers...)
     * before it starts. The listener on {@code 127.0.0.1} port 0 is already added; {@link #port()} is its port
     * whatever other listeners the customizer adds.
     */
    public static RouterExtension create(Consumer<Router.Builder> customizer) {
        return new RouterExtension(Objects.requireNonNull(customizer, "customizer"));
    }

    @Override
    void startRouters(RouterLog routerLog) {
        Router.Builder builder = Router.builder().listener(HOST, 0);
        customizer.accept(builder);
        Router started = builder.start();
        routerLog.watchRouter(started.id());
        router = started;
    }

    @Override
    void stopRouters() {
        Router running = router;
        router = null;
        running.close();
    }

    @Override
    String describe() {
        Router running = router;
        return running == null ? "the router" : "router " + running.id();
    }

    /** The running router. */
    public Router router() {
        Router running = router;
        if (running == null) {
            throw notRunning();
        }
        return running;
    }

    /** The URL to give an AMQP 1.0 client (Qpid JMS, protonj2, Python Proton): {@code amqp://127.0.0.1:<port>}. */
    public String url() {
        return "amqp://" + HOST + ":" + port();
    }

    /** The host the router listens on: {@code 127.0.0.1}. */
    public String host() {
        return HOST;
    }

    /** The port the router listens on. */
    public int port() {
        return router().port();
    }

    /**
     * Waits up to 10 s until a consumer link is attached to {@code address} at this router.
     *
     * @throws AssertionError if none is, naming the address, the router and what it sees
     */
    public void awaitConsumer(String address) {
        awaitConsumers(address, 1, DEFAULT_WAIT);
    }

    /**
     * Waits until at least {@code count} consumer links are attached to {@code address} at this router.
     *
     * @throws AssertionError if fewer are after {@code timeout}, naming the address, the router and what it sees
     */
    public void awaitConsumers(String address, int count, Duration timeout) {
        Router r = router();
        Deadline.await(timeout, () -> r.consumerCount(address) >= count,
                () -> "router " + r.id() + " at " + url() + " has " + r.consumerCount(address) + " consumer(s) on '"
                        + address + "' after " + Deadline.say(timeout) + ", expected at least " + count
                        + " (it has links on " + r.activeAddressCount() + " address(es) in all); was the receiver "
                        + "opened on a connection to this URL, with this address as its source?");
    }
}
