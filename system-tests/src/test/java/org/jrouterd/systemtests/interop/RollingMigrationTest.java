package org.jrouterd.systemtests.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jrouterd.server.mesh.MeshLayout;
import org.jrouterd.systemtests.launch.ChildProcess;
import org.jrouterd.systemtests.launch.MeshOfProcesses;
import org.jrouterd.systemtests.launch.RouterKind;
import org.jrouterd.systemtests.launch.TestLogFolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The rolling migration of a qdrouterd mesh to jrouterd, as an operator would do it, under steady traffic: each
 * router in turn is stopped (SIGTERM) and started again as jrouterd with the same configuration file and ports,
 * the mesh converges, traffic resumes, and the next one follows; at the end every router is jrouterd and no
 * accepted message was lost.
 *
 * <p>The mesh is a triangle A–B–C whose A–C connection costs 3 against 1 + 1 through B, so B carries the traffic
 * between A and C whenever it is up. The traffic:
 * <ul>
 * <li>request/reply ({@link PythonRpc}): a server on A (failing over to B) answers through an anonymous sender to
 * the dynamic reply-to of a client on C (failing over to B), about 200 requests a second, 20 at most in flight;
 * <li>anycast: a Qpid JMS producer on A (failover to B) sends to a consumer on C (failover to C, B), about 400
 * unsettled messages a second, 50 at most in flight ({@link ResendingSender}).
 * </ul>
 * Clients fail over to another router when theirs stops, as production clients are configured to, and re-send
 * what came back released or modified or had no outcome when their connection dropped. "No accepted message
 * lost" means: every anycast message the producer saw accepted reached the consumer, every request the client saw
 * accepted had its reply delivered (the server accepts a request only once its reply was accepted), every request
 * got its reply in the end, and duplicates are at most the re-sent messages.
 *
 * <p>Per step it measures the pause of each kind of traffic: the longest time without an end-to-end delivery from
 * the SIGTERM until the first delivery after the mesh converged again (when traffic stopped at the SIGTERM, that
 * is the time from the SIGTERM to the first delivery after it). It prints them as a table for the operator guide
 * and writes it to {@code migration-pauses.md} in the test's log folder.
 *
 * <p>{@link #aRollingRestartOfTheQdrouterdMeshForComparison} runs the same steps restarting qdrouterd as
 * qdrouterd ({@code restart-pauses.md}), so the migration's pauses can be read against today's.
 *
 * <p>A router whose stop is not clean (exit code, or a log line such as qdrouterd's {@code (error)}) fails the
 * test, but only at the end: the migration and its measurements go on, so one report shows everything.
 */
@Timeout(240)
@EnabledIfEnvironmentVariable(named = RouterKind.QDROUTERD_HOME, matches = ".+")
class RollingMigrationTest {

    private static final MeshLayout TRIANGLE = MeshLayout.triangle(1, 1, 3);
    private static final List<String> ORDER = List.of("A", "B", "C");
    private static final String REQUESTS = "migration.requests";
    private static final String ORDERS = "migration.orders";
    private static final Duration CONVERGE = Duration.ofSeconds(30);
    private static final Duration RESUME = Duration.ofSeconds(30);
    private static final Duration DRAIN = Duration.ofSeconds(60);
    private static final int REQUESTS_PER_SECOND = 200;
    private static final int REQUEST_WINDOW = 20;
    private static final int ORDER_WINDOW = 50;
    private static final int ORDERS_PER_TICK = 4;
    private static final Duration ORDER_TICK = Duration.ofMillis(10);

    @RegisterExtension
    final TestLogFolder logs = new TestLogFolder();

    /** What one step measured; times are {@link System#nanoTime()}. */
    private record Step(int number, String router, long stoppedAt, long listeningAt, long convergedAt,
                        long ordersResumedAt, long repliesResumedAt, int ordersResentBefore) {
    }

    @Test
    void aQdrouterdMeshBecomesJrouterdOneRouterAtATimeWithoutLosingAcceptedMessages() throws Exception {
        roll(RouterKind.JROUTERD, "migration-pauses.md");
    }

    /**
     * The same steps with qdrouterd restarted as qdrouterd: the pauses an operator sees today when restarting a
     * router, to compare the migration's with.
     */
    @Test
    void aRollingRestartOfTheQdrouterdMeshForComparison() throws Exception {
        roll(RouterKind.QDROUTERD, "restart-pauses.md");
    }

    /** Replaces every router of a qdrouterd triangle under traffic by a {@code target}, one at a time. */
    private void roll(RouterKind target, String pausesFile) throws Exception {
        MeshOfProcesses.Builder builder = MeshOfProcesses.builder(TRIANGLE, logs.path());
        ORDER.forEach(id -> builder.kind(id, RouterKind.QDROUTERD));
        try (MeshOfProcesses mesh = builder.start(); FailoverClients jms = new FailoverClients()) {
            mesh.awaitConverged(CONVERGE);
            int a = mesh.clientPort("A");
            int b = mesh.clientPort("B");
            int c = mesh.clientPort("C");
            TimedReceipts orders = TimedReceipts.consume(jms.session("consumer on C", c, b), ORDERS);
            try (ChildProcess server = PythonRpc.server(logs.path(), REQUESTS, a, b);
                 PythonRpc.Client client = PythonRpc.client(logs.path(), REQUESTS, REQUESTS_PER_SECOND,
                         REQUEST_WINDOW, c, b);
                 ResendingSender producer = ResendingSender.start(jms.session("producer on A", a, b), ORDERS,
                         ORDER_WINDOW, ORDERS_PER_TICK, ORDER_TICK, Integer.MAX_VALUE)) {
                long startedAt = System.nanoTime();
                awaitSteadyTraffic("before the first step", orders, client, startedAt);
                assertThat(Math.abs(PythonRpc.time(client.events("reply").get(0)) - startedAt))
                        .as("Python's monotonic clock is the JVM's nanoTime clock").isLessThan(60_000_000_000L);

                List<Step> steps = new ArrayList<>();
                List<AssertionError> uncleanStops = new ArrayList<>();
                for (String id : ORDER) {
                    steps.add(replace(mesh, id, target, steps.size() + 1, orders, client, producer,
                            uncleanStops));
                }
                awaitSteadyTraffic("on the all-" + target + " mesh", orders, client, System.nanoTime());

                producer.stopNew();
                producer.awaitAllAccepted(DRAIN);
                InteropAwait.until("the consumer has every accepted message", DRAIN,
                        () -> orders.seen.containsAll(producer.accepted));
                PythonRpc.Record requests = client.finish(DRAIN);

                String table = table(target, steps, orders, client, producer, requests, jms.restored);
                System.out.println(table);
                Files.writeString(logs.path().resolve(pausesFile), table);

                assertThat(ORDER).as("every router is " + target).allSatisfy(id ->
                        assertThat(mesh.kind(id)).isEqualTo(target));
                assertThat(orders.seen).as("every accepted anycast message reached the consumer")
                        .containsAll(producer.accepted);
                assertThat(orders.duplicates.get()).as("anycast duplicates only among re-sent messages")
                        .isLessThanOrEqualTo(producer.resent.get());
                assertThat(requests.acceptedUnanswered()).as("requests accepted without their reply delivered")
                        .isEmpty();
                assertThat(requests.answered()).as("every request answered").isEqualTo(requests.requests());
                assertThat(requests.duplicates()).as("duplicate replies only for re-sent requests")
                        .isLessThanOrEqualTo(requests.resent());
                assertThat(requests.outcomes()).as("request outcomes (rejected: none)")
                        .doesNotContainKeys("rejected", "settled-without-outcome");
                assertThat(server.output().lines().stream().filter(line -> line.startsWith("connected ")).count())
                        .as("the RPC server moved when its router stopped").isGreaterThan(1);
                assertThat(client.events("connected")).as("the RPC client moved when its router stopped")
                        .hasSizeGreaterThan(1);
                assertThat(jms.restored).as("the JMS clients moved when their routers stopped").isNotEmpty();
                assertThat(uncleanStops).as("routers that did not stop cleanly").isEmpty();
            }
        }
    }

    /**
     * One step: SIGTERM to router {@code id} (a failure to stop cleanly is collected, not thrown), the same file
     * started as {@code target}, the mesh converged, then one delivery of each kind after convergence.
     */
    private static Step replace(MeshOfProcesses mesh, String id, RouterKind target, int number,
                                TimedReceipts orders, PythonRpc.Client client, ResendingSender producer,
                                List<AssertionError> uncleanStops) {
        int resentBefore = producer.resent.get();
        long stoppedAt = System.nanoTime();
        try {
            mesh.stop(id);
        } catch (AssertionError e) {
            uncleanStops.add(e);
        }
        mesh.startRouter(id, target);
        long listeningAt = System.nanoTime();
        mesh.awaitConverged(CONVERGE);
        long convergedAt = System.nanoTime();
        long ordersResumedAt = orders.awaitArrivalAfter("anycast resumes after step " + number + " (" + id + ")",
                convergedAt, RESUME);
        long repliesResumedAt = client.awaitReplyAfter("request/reply resumes after step " + number + " (" + id
                + ")", convergedAt, RESUME);
        producer.failIfBroken();
        return new Step(number, id, stoppedAt, listeningAt, convergedAt, ordersResumedAt, repliesResumedAt,
                resentBefore);
    }

    /** Waits for a second's worth of both kinds of traffic (200 messages, 100 replies) after {@code from}. */
    private static void awaitSteadyTraffic(String when, TimedReceipts orders, PythonRpc.Client client, long from) {
        InteropAwait.until("200 messages and 100 replies " + when, RESUME,
                () -> countAfter(orders.arrivals(), from) >= 200 && countAfter(client.replyTimes(), from) >= 100);
    }

    private static long countAfter(List<Long> times, long from) {
        return times.stream().filter(at -> at - from >= 0).count();
    }

    private static String table(RouterKind target, List<Step> steps, TimedReceipts orders, PythonRpc.Client client,
                                ResendingSender producer, PythonRpc.Record requests, List<String> restored) {
        List<Long> orderArrivals = orders.arrivals();
        List<Long> replies = client.replyTimes();
        List<Long> resends = client.events("sent").stream().filter(line -> Integer.parseInt(line.split(" ")[2]) > 1)
                .map(PythonRpc::time).toList();
        StringBuilder out = new StringBuilder();
        out.append(target == RouterKind.JROUTERD ? "Rolling migration qdrouterd 1.19 -> jrouterd"
                        : "Rolling restart of qdrouterd 1.19 (for comparison)")
                .append(", triangle A-B-C (A-C costs 3, through B 2);\n")
                .append("request/reply: server on A (failover B), client on C (failover B), ~")
                .append(REQUESTS_PER_SECOND).append("/s; anycast: producer on A (failover B), consumer on C")
                .append(" (failover B), ~").append(ORDERS_PER_TICK * 1000 / ORDER_TICK.toMillis()).append("/s.\n")
                .append("Pause = longest time without an end-to-end delivery from the SIGTERM to the first delivery")
                .append(" after the mesh converged again.\n\n");
        String kind = target.name().toLowerCase(Locale.ROOT);
        out.append("| Step | Router (qdrouterd -> ").append(kind).append(") | ").append(kind)
                .append(" listening (ms after SIGTERM) ")
                .append("| Mesh converged (ms after SIGTERM) | Anycast pause (ms) | Request/reply pause (ms) ")
                .append("| Anycast re-sent | Requests re-sent |\n");
        out.append("|---|---|---|---|---|---|---|---|\n");
        for (int i = 0; i < steps.size(); i++) {
            Step step = steps.get(i);
            boolean last = i + 1 == steps.size();
            long end = last ? Long.MAX_VALUE : steps.get(i + 1).stoppedAt();
            int ordersResent = (last ? producer.resent.get() : steps.get(i + 1).ordersResentBefore())
                    - step.ordersResentBefore();
            long requestsResent = resends.stream().filter(at -> at - step.stoppedAt() >= 0 && (last || at - end < 0))
                    .count();
            out.append("| ").append(step.number()).append(" | ").append(step.router()).append(" | ")
                    .append(Pauses.millis(step.stoppedAt(), step.listeningAt())).append(" | ")
                    .append(Pauses.millis(step.stoppedAt(), step.convergedAt())).append(" | ")
                    .append(Pauses.longestGapMillis(orderArrivals, step.stoppedAt(), step.ordersResumedAt()))
                    .append(" | ")
                    .append(Pauses.longestGapMillis(replies, step.stoppedAt(), step.repliesResumedAt()))
                    .append(" | ").append(ordersResent).append(" | ")
                    .append(requestsResent).append(" |\n");
        }
        out.append("\nAnycast: ").append(producer.sent()).append(" sent, ").append(producer.accepted.size())
                .append(" accepted, ").append(producer.resent.get()).append(" re-sent ")
                .append(producer.failures()).append(", ").append(orders.duplicates.get()).append(" duplicates.\n");
        out.append("Request/reply: ").append(requests.requests()).append(" requests, ").append(requests.answered())
                .append(" answered, ").append(requests.resent()).append(" re-sent, ").append(requests.duplicates())
                .append(" duplicate replies; outcomes ").append(requests.outcomes()).append(".\n");
        out.append("JMS reconnections: ").append(restored).append(".\n");
        return out.toString();
    }
}
