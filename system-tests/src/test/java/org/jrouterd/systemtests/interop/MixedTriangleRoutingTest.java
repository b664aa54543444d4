package org.jrouterd.systemtests.interop;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.jms.Session;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.awaitility.core.ConditionTimeoutException;
import org.jrouterd.server.mesh.MeshLayout;
import org.jrouterd.systemtests.launch.MeshOfProcesses;
import org.jrouterd.systemtests.launch.RouterKind;
import org.jrouterd.systemtests.launch.TestLogFolder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Anycast and multicast in a triangle of qdrouterd and jrouterd daemons ({@link AlternatingKinds}: in each variant
 * one kind decides where a message goes and the consumers sit on both kinds). The connections cost A–B 2, A–C 3,
 * B–C 4, so every router reaches both others directly, one cheaper than the other: closest must send every
 * message to the consumer on the cheaper router, balanced must spread them over consumers on both kinds, and
 * multicast must give every receiver on every router every message: exactly once in a mixed line; in the
 * triangle, exactly once where jrouterd relays and twice where qdrouterd 1.19 does (it duplicates multicast in
 * any mesh with a loop). Every send is unsettled and must come back accepted.
 */
@Timeout(120)
@EnabledIfEnvironmentVariable(named = RouterKind.QDROUTERD_HOME, matches = ".+")
class MixedTriangleRoutingTest {

    private static final Duration CONVERGE = Duration.ofSeconds(30);
    private static final Duration KNOWN = Duration.ofSeconds(20);
    private static final Duration TRAFFIC = Duration.ofSeconds(60);
    private static final Duration COPIES = Duration.ofSeconds(20);
    private static final MeshLayout COSTED = MeshLayout.triangle(2, 4, 3);
    private static final String ADDRESSES = """
            address {
                prefix: interop.closest
                distribution: closest
            }
            address {
                prefix: interop.balanced
                distribution: balanced
            }
            address {
                prefix: interop.multicast
                distribution: multicast
            }
            """;
    private static final int ANYCAST = 500;
    private static final int MULTICAST = 200;

    @RegisterExtension
    final TestLogFolder logs = new TestLogFolder();

    /**
     * From each router, closest goes to the cheaper of the two others: A to B (2, not 3), B to A (2, not 4),
     * C to A (3, not 4). Across both variants each kind decides once between a cheaper consumer of its own kind
     * and one of the other kind, and once the other way round.
     */
    @ParameterizedTest
    @EnumSource(AlternatingKinds.class)
    void closestSendsEveryMessageToTheConsumerOnTheCheaperRouter(AlternatingKinds kinds) throws Exception {
        try (MeshOfProcesses mesh = start(kinds); JmsClients clients = new JmsClients()) {
            closest(clients, mesh, "A", "B", "C");
            closest(clients, mesh, "B", "A", "C");
            closest(clients, mesh, "C", "A", "B");
        }
    }

    private static void closest(JmsClients clients, MeshOfProcesses mesh, String producer, String cheaper,
                                String dearer) throws Exception {
        String address = "interop.closest.from-" + producer;
        Session session = clients.session(mesh.clientPort(producer));
        RoutingProbe probe = new RoutingProbe(session, address, 0);
        // The dearer consumer first, known to the producer's router; then the cheaper one, which must then
        // take every probe once that router knows it.
        JmsClients.Received dear = clients.receive(mesh.clientPort(dearer), address);
        probe.until(producer + " routes " + address + " to " + dearer, 1, KNOWN, () -> !dear.order.isEmpty());
        JmsClients.Received cheap = clients.receive(mesh.clientPort(cheaper), address);
        probe.until(producer + " routes " + address + " to the cheaper " + cheaper, 1, KNOWN,
                () -> !cheap.order.isEmpty());
        int dearBefore = dear.count();

        JmsClients.Outcomes outcomes = JmsClients.send(session, address, 0, ANYCAST, 4, 0);

        assertAllAccepted(outcomes, ANYCAST);
        InteropAwait.until(cheaper + " has all " + ANYCAST, TRAFFIC, () -> messages(cheap).size() >= ANYCAST);
        assertThat(messages(cheap)).as("closest from %s (%s) to %s (%s), in order", producer, mesh.kind(producer),
                cheaper, mesh.kind(cheaper)).containsExactlyElementsOf(range(ANYCAST));
        assertThat(dear.count() - dearBefore).as("messages to the dearer %s (%s)", dearer, mesh.kind(dearer))
                .isZero();
        cheap.stop();
        dear.stop();
    }

    /**
     * Balanced from A spreads 500 messages over the consumers on B and C, one of each kind: each gets at least a
     * tenth of them (each kind's balanced weighs the unsettled deliveries on a path plus its cost).
     */
    @ParameterizedTest
    @EnumSource(AlternatingKinds.class)
    void balancedSpreadsMessagesOverConsumersOnBothKinds(AlternatingKinds kinds) throws Exception {
        try (MeshOfProcesses mesh = start(kinds); JmsClients clients = new JmsClients()) {
            String address = "interop.balanced.spread";
            JmsClients.Received onB = clients.receive(mesh.clientPort("B"), address);
            JmsClients.Received onC = clients.receive(mesh.clientPort("C"), address);
            Session session = clients.session(mesh.clientPort("A"));
            new RoutingProbe(session, address, 0).until("A knows the consumers on B and C", 20, KNOWN,
                    () -> !onB.order.isEmpty() && !onC.order.isEmpty());

            JmsClients.Outcomes outcomes = JmsClients.send(session, address, 0, ANYCAST, 4, 0);

            assertAllAccepted(outcomes, ANYCAST);
            InteropAwait.until("B and C have all " + ANYCAST, TRAFFIC,
                    () -> messages(onB).size() + messages(onC).size() >= ANYCAST);
            List<Integer> all = new ArrayList<>(messages(onB));
            all.addAll(messages(onC));
            assertThat(all).as("every message once, on B or C").containsExactlyInAnyOrderElementsOf(range(ANYCAST));
            Map<String, Integer> shares = Map.of("B (" + mesh.kind("B") + ")", messages(onB).size(),
                    "C (" + mesh.kind("C") + ")", messages(onC).size());
            System.out.println("[" + kinds + "] balanced from A (" + mesh.kind("A") + "): " + shares);
            assertThat(shares.values()).as("messages per consumer %s", shares)
                    .allSatisfy(share -> assertThat(share).isGreaterThanOrEqualTo(ANYCAST / 10));
        }
    }

    /**
     * Multicast in a mixed line A–B–C, where no router has two paths to another: two receivers and a producer
     * on each router, 200 unsettled messages per producer; all six receivers get all 600 messages exactly once,
     * and every send comes back accepted.
     */
    @ParameterizedTest
    @EnumSource(AlternatingKinds.class)
    void multicastInAMixedLineGivesEveryReceiverEveryMessageOnce(AlternatingKinds kinds) throws Exception {
        try (MeshOfProcesses mesh = start(kinds, MeshLayout.line(3)); JmsClients clients = new JmsClients()) {
            assertMulticast(clients, mesh, "interop.multicast.line", (producer, receiver) -> 1);
        }
    }

    /**
     * Multicast in the mixed triangle, as {@link #multicastInAMixedLineGivesEveryReceiverEveryMessageOnce}: every
     * receiver gets every message, and jrouterd never relays a copy that another router already sent directly,
     * but qdrouterd 1.19 does. Its multicast forwarder no longer checks valid origins (the check went with
     * DISPATCH-1545; a triangle of three qdrouterd 1.19 duplicates too): it relays a copy that came from one
     * neighbour to every other neighbour with receivers that is not in the message's trace. So a receiver on X
     * gets each message from a producer on another router P once, and once more when the third router is a
     * qdrouterd, which relays it from P to X; and its own router's messages once.
     */
    @ParameterizedTest
    @EnumSource(AlternatingKinds.class)
    void multicastInAMixedTriangleReachesEveryReceiverAndOnlyQdrouterdRelaysExtraCopies(AlternatingKinds kinds)
            throws Exception {
        try (MeshOfProcesses mesh = start(kinds, COSTED); JmsClients clients = new JmsClients()) {
            assertMulticast(clients, mesh, "interop.multicast.triangle", (producer, receiver) -> {
                if (producer.equals(receiver)) {
                    return 1;
                }
                String third = mesh.layout().routers().stream()
                        .filter(id -> !id.equals(producer) && !id.equals(receiver)).findFirst().orElseThrow();
                return mesh.kind(third) == RouterKind.QDROUTERD ? 2 : 1;
            });
        }
    }

    /** How many copies of each message from a producer on router P a receiver on router X gets. */
    private interface Copies {
        int of(String p, String x);
    }

    /**
     * Two receivers and a producer on each router of {@code mesh}, {@link #MULTICAST} unsettled messages per
     * producer once probes have reached every receiver from every producer: every send comes back accepted, and
     * each receiver gets each message as many times as {@code copies} says.
     */
    private static void assertMulticast(JmsClients clients, MeshOfProcesses mesh, String address, Copies copies)
            throws Exception {
        List<String> routers = mesh.layout().routers();
        Map<String, JmsClients.Received> receivers = new LinkedHashMap<>();
        Map<String, Map<String, Map<Integer, Integer>>> expected = new TreeMap<>();
        for (String id : routers) {
            for (int i = 1; i <= 2; i++) {
                String name = "receiver " + i + " on " + id + " (" + mesh.kind(id) + ")";
                receivers.put(name, clients.receive(mesh.clientPort(id), address));
                Map<String, Map<Integer, Integer>> fromEach = new TreeMap<>();
                routers.forEach(p -> fromEach.put("from " + p, Map.of(copies.of(p, id), MULTICAST)));
                expected.put(name, fromEach);
            }
        }
        List<Session> sessions = new ArrayList<>();
        for (int origin = 0; origin < routers.size(); origin++) {
            Session session = clients.session(mesh.clientPort(routers.get(origin)));
            sessions.add(session);
            int from = origin;
            new RoutingProbe(session, address, origin).until(routers.get(origin) + " reaches every receiver", 1,
                    KNOWN, () -> receivers.values().stream().allMatch(r -> r.order.stream()
                            .anyMatch(seq -> RoutingProbe.isProbe(seq) && RoutingProbe.origin(seq) == from)));
        }

        List<JmsClients.Outcomes> outcomes = new ArrayList<>();
        for (int origin = 0; origin < routers.size(); origin++) {
            outcomes.add(JmsClients.send(sessions.get(origin), address, origin * MULTICAST, MULTICAST, 4, 0));
        }

        for (JmsClients.Outcomes sent : outcomes) {
            assertAllAccepted(sent, MULTICAST);
        }
        int total = expected.values().stream().flatMap(each -> each.values().stream())
                .mapToInt(counts -> counts.entrySet().stream().mapToInt(e -> e.getKey() * e.getValue()).sum()).sum();
        try {
            InteropAwait.until("the receivers have all " + total + " copies", COPIES,
                    () -> receivers.values().stream().mapToInt(r -> messages(r).size()).sum() >= total);
        } catch (ConditionTimeoutException missing) {
            // The comparison below says which receiver misses what.
        }
        Map<String, Map<String, Map<Integer, Integer>>> actual = new TreeMap<>();
        receivers.forEach((name, receiver) -> actual.put(name, copiesPerProducer(receiver, routers)));
        assertThat(actual).as("for each receiver and producer: {copies of a message = how many messages}")
                .isEqualTo(expected);
    }

    /**
     * For each producer (router {@code routers[i]} sends {@code i*MULTICAST ..}), how many of its messages a
     * receiver got once, twice, and so on: {@code {1=200}} when it got each of 200 messages once.
     */
    private static Map<String, Map<Integer, Integer>> copiesPerProducer(JmsClients.Received receiver,
                                                                         List<String> routers) {
        Map<Integer, Integer> copiesOfEach = new TreeMap<>();
        messages(receiver).forEach(seq -> copiesOfEach.merge(seq, 1, Integer::sum));
        Map<String, Map<Integer, Integer>> counts = new TreeMap<>();
        copiesOfEach.forEach((seq, copies) -> counts.computeIfAbsent("from " + routers.get(seq / MULTICAST),
                p -> new TreeMap<>()).merge(copies, 1, Integer::sum));
        return counts;
    }

    private MeshOfProcesses start(AlternatingKinds kinds) {
        return start(kinds, COSTED);
    }

    private MeshOfProcesses start(AlternatingKinds kinds, MeshLayout layout) {
        return kinds.builder(layout, logs.path()).extraConfig(ADDRESSES).startConverged(CONVERGE);
    }

    private static void assertAllAccepted(JmsClients.Outcomes outcomes, int count) throws InterruptedException {
        outcomes.assertAllAccepted(count, TRAFFIC, "sends");
    }

    /** The test's own messages a receiver got, in order, without probes. */
    static List<Integer> messages(JmsClients.Received received) {
        return received.order.stream().filter(seq -> !RoutingProbe.isProbe(seq)).toList();
    }

    private static List<Integer> range(int count) {
        return IntStream.range(0, count).boxed().toList();
    }
}
