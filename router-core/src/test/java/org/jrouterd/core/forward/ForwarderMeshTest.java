package org.jrouterd.core.forward;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.qpid.proton.codec.ReadableBuffer;
import org.jrouterd.core.address.Distribution;
import org.jrouterd.core.delivery.DeliveryOutcome;
import org.jrouterd.core.delivery.RoutedDelivery;
import org.junit.jupiter.api.Test;

/**
 * Forwarding across the mesh: local consumers and remote routers reached through neighbours' data links, with
 * fake endpoints (recording, with a settable outstanding count) and a fake inter-router envelope.
 */
class ForwarderMeshTest {

    private static final String LOCAL_TEXT = "as received";
    private static final String NEIGHBOUR_TEXT = "with ingress and trace";

    /** A consumer endpoint that records what it is handed; its outstanding count is whatever the test sets. */
    static final class FakeLink implements ConsumerEndpoint {
        final String name;
        final List<RoutedDelivery> delivered = new ArrayList<>();
        int outstanding;

        FakeLink(String name) {
            this.name = name;
        }

        @Override
        public void deliver(RoutedDelivery delivery) {
            delivered.add(delivery);
        }

        @Override
        public int outstanding() {
            return outstanding;
        }

        FakeLink outstanding(int count) {
            this.outstanding = count;
            return this;
        }

        /** Completes every delivery handed to this link with {@code outcome}. */
        void completeAll(DeliveryOutcome outcome) {
            delivered.forEach(d -> d.complete(outcome));
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** The envelope of one message: where it entered, where it has been, its priority. */
    static final class FakeEnvelope implements InterRouterEnvelope {
        final String ingress;
        final boolean enteredHere;
        final Set<String> trace;
        final int priority;
        int payloadRequests;

        FakeEnvelope(String ingress, boolean enteredHere, Set<String> trace, int priority) {
            this.ingress = ingress;
            this.enteredHere = enteredHere;
            this.trace = trace;
            this.priority = priority;
        }

        /** A message from a local producer at router {@code self}. */
        static FakeEnvelope fromLocalProducer(String self) {
            return new FakeEnvelope(self, true, Set.of(), NeighbourLinks.DEFAULT_PRIORITY);
        }

        /** A message that entered at {@code ingress} and passed through {@code trace}. */
        static FakeEnvelope fromRouter(String ingress, String... trace) {
            return new FakeEnvelope(ingress, false, Set.of(trace), NeighbourLinks.DEFAULT_PRIORITY);
        }

        FakeEnvelope withPriority(int newPriority) {
            return new FakeEnvelope(ingress, enteredHere, trace, newPriority);
        }

        @Override
        public String ingress() {
            return ingress;
        }

        @Override
        public boolean enteredHere() {
            return enteredHere;
        }

        @Override
        public boolean visited(String routerId) {
            return trace.contains(routerId);
        }

        @Override
        public int priority() {
            return priority;
        }

        @Override
        public ReadableBuffer payloadForNeighbours() {
            payloadRequests++;
            return buffer(NEIGHBOUR_TEXT);
        }
    }

    /** A neighbour's links: a control link and ten data links. */
    private static NeighbourLinks neighbour(String routerId, int cost) {
        FakeLink[] data = new FakeLink[NeighbourLinks.PRIORITIES];
        for (int i = 0; i < data.length; i++) {
            data[i] = new FakeLink(routerId + "/data" + i);
        }
        return new NeighbourLinks(routerId.hashCode(), routerId, cost, new FakeLink(routerId + "/control"), data);
    }

    private static FakeLink data(NeighbourLinks links, int priority) {
        return (FakeLink) links.dataLink(priority);
    }

    private static FakeLink defaultData(NeighbourLinks links) {
        return data(links, NeighbourLinks.DEFAULT_PRIORITY);
    }

    /** Every delivery on any link (control or data) of a neighbour. */
    private static List<RoutedDelivery> allDeliveries(NeighbourLinks links) {
        List<RoutedDelivery> all = new ArrayList<>(((FakeLink) links.control()).delivered);
        for (int p = 0; p < NeighbourLinks.PRIORITIES; p++) {
            all.addAll(data(links, p).delivered);
        }
        return all;
    }

    private static RemotePath path(String routerId, long cost, NeighbourLinks via, String... validOrigins) {
        return new RemotePath(routerId, cost, via, Set.of(validOrigins));
    }

    private static AddressRoute route(Distribution distribution, ConsumerEndpoint[] consumers, RemotePath... remotes) {
        return new AddressRoute("q", distribution, consumers, remotes, -1);
    }

    private static ConsumerEndpoint[] local(ConsumerEndpoint... consumers) {
        return consumers;
    }

    private static ReadableBuffer buffer(String text) {
        return ReadableBuffer.ByteBufferReader.wrap(text.getBytes(StandardCharsets.US_ASCII));
    }

    private static String text(ReadableBuffer buffer) {
        ReadableBuffer view = buffer.duplicate();
        byte[] bytes = new byte[view.remaining()];
        view.get(bytes);
        return new String(bytes, StandardCharsets.US_ASCII);
    }

    private static Forwarder.Result send(AddressRoute route, InterRouterEnvelope envelope, int cursor) {
        return send(route, envelope, cursor, new RecordingSource(), false);
    }

    private static Forwarder.Result send(AddressRoute route, InterRouterEnvelope envelope, int cursor,
                                         RecordingSource source, boolean presettled) {
        return Forwarder.forward(route, buffer(LOCAL_TEXT), 0, presettled, false, source, cursor, envelope);
    }

    // ------------------------------------------------------------------ closest

    @Test
    void closestPrefersALocalConsumerOverAnyRemote() {
        FakeLink consumer = new FakeLink("local");
        NeighbourLinks b = neighbour("B", 1);
        AddressRoute route = route(Distribution.CLOSEST, local(consumer), path("B", 1, b), path("C", 2, b));
        for (int cursor = 0; cursor < 6; cursor++) {
            assertThat(send(route, FakeEnvelope.fromLocalProducer("A"), cursor)).isEqualTo(Forwarder.Result.FORWARDED);
            assertThat(send(route, FakeEnvelope.fromRouter("X", "X"), cursor)).isEqualTo(Forwarder.Result.FORWARDED);
        }
        assertThat(consumer.delivered).hasSize(12);
        assertThat(allDeliveries(b)).isEmpty();
    }

    @Test
    void closestWithoutALocalConsumerPicksTheCheapestRemoteWhateverTheCursor() {
        NeighbourLinks b = neighbour("B", 1);
        NeighbourLinks d = neighbour("D", 1);
        NeighbourLinks e = neighbour("E", 2);
        AddressRoute route = route(Distribution.CLOSEST, local(),
                path("C", 3, b), path("D", 1, d), path("E", 2, e));
        for (int cursor = -3; cursor < 9; cursor++) {
            assertThat(send(route, FakeEnvelope.fromLocalProducer("A"), cursor)).isEqualTo(Forwarder.Result.FORWARDED);
        }
        assertThat(defaultData(d).delivered).hasSize(12);
        assertThat(allDeliveries(b)).isEmpty();
        assertThat(allDeliveries(e)).isEmpty();
        assertThat(((FakeLink) d.control()).delivered).isEmpty();
    }

    @Test
    void closestSpreadsEqualCostRemotesByCursor() {
        NeighbourLinks b = neighbour("B", 1);
        NeighbourLinks d = neighbour("D", 2);
        NeighbourLinks e = neighbour("E", 1);
        AddressRoute route = route(Distribution.CLOSEST, local(),
                path("C", 2, b), path("D", 2, d), path("F", 5, e));
        assertThat(send(route, FakeEnvelope.fromLocalProducer("A"), 0)).isEqualTo(Forwarder.Result.FORWARDED);
        assertThat(send(route, FakeEnvelope.fromLocalProducer("A"), 1)).isEqualTo(Forwarder.Result.FORWARDED);
        assertThat(defaultData(b).delivered).hasSize(1);
        assertThat(defaultData(d).delivered).hasSize(1);
        for (int cursor = 2; cursor < 32; cursor++) {
            send(route, FakeEnvelope.fromLocalProducer("A"), cursor);
        }
        assertThat(defaultData(b).delivered).hasSize(16);
        assertThat(defaultData(d).delivered).hasSize(16);
        assertThat(allDeliveries(e)).isEmpty();
    }

    @Test
    void closestSpreadsEvenlyOverTheCheapestRemotesThatTheTraceAllows() {
        NeighbourLinks b = neighbour("B", 1);
        NeighbourLinks d = neighbour("D", 1);
        NeighbourLinks e = neighbour("E", 1);
        AddressRoute route = route(Distribution.CLOSEST, local(),
                path("B", 1, b), path("D", 1, d), path("E", 1, e), path("G", 1, e));
        for (int cursor = 0; cursor < 30; cursor++) {
            send(route, FakeEnvelope.fromRouter("X", "X", "D"), cursor);
        }
        assertThat(allDeliveries(d)).isEmpty();
        assertThat(defaultData(b).delivered).hasSize(10);
        assertThat(defaultData(e).delivered).as("E and G, both through E").hasSize(20);
    }

    @Test
    void closestSkipsACheaperRemoteThatIsInTheTraceOrBehindAVisitedNextHop() {
        NeighbourLinks b = neighbour("B", 1);
        NeighbourLinks d = neighbour("D", 1);
        AddressRoute route = route(Distribution.CLOSEST, local(), path("C", 2, b), path("D", 4, d));
        send(route, FakeEnvelope.fromRouter("B", "B"), 0);   // next hop B visited
        send(route, FakeEnvelope.fromRouter("X", "X", "C"), 0);   // destination C visited
        assertThat(allDeliveries(b)).isEmpty();
        assertThat(defaultData(d).delivered).hasSize(2);
    }

    // ------------------------------------------------------------------ balanced

    @Test
    void balancedKeepsAnIdleLocalConsumerEvenWhenARemoteIsIdleToo() {
        FakeLink consumer = new FakeLink("local");
        NeighbourLinks b = neighbour("B", 1);
        AddressRoute route = route(Distribution.BALANCED, local(consumer), path("B", 1, b));
        send(route, FakeEnvelope.fromLocalProducer("A"), 0);
        assertThat(consumer.delivered).hasSize(1);
        assertThat(allDeliveries(b)).isEmpty();
    }

    @Test
    void balancedComparesLocalOutstandingWithRemoteDataLinkOutstandingPlusCost() {
        FakeLink consumer = new FakeLink("local");
        NeighbourLinks b = neighbour("B", 1);
        AddressRoute route = route(Distribution.BALANCED, local(consumer), path("C", 2, b));
        defaultData(b).outstanding(1);                         // remote value 1 + 2 = 3

        consumer.outstanding(3);                               // a tie stays local
        send(route, FakeEnvelope.fromLocalProducer("A"), 0);
        assertThat(consumer.delivered).hasSize(1);
        assertThat(defaultData(b).delivered).isEmpty();

        consumer.outstanding(4);                               // now the remote is less loaded
        send(route, FakeEnvelope.fromLocalProducer("A"), 0);
        assertThat(consumer.delivered).hasSize(1);
        assertThat(defaultData(b).delivered).hasSize(1);

        defaultData(b).outstanding(10);                        // remote busy again
        send(route, FakeEnvelope.fromLocalProducer("A"), 0);
        assertThat(consumer.delivered).hasSize(2);
        assertThat(defaultData(b).delivered).hasSize(1);
    }

    @Test
    void balancedLooksOnlyAtTheDataLinkOfTheMessagesPriority() {
        FakeLink consumer = new FakeLink("local").outstanding(5);
        NeighbourLinks b = neighbour("B", 1);
        AddressRoute route = route(Distribution.BALANCED, local(consumer), path("B", 1, b));
        for (int p = 0; p < NeighbourLinks.PRIORITIES; p++) {
            data(b, p).outstanding(p == 7 ? 0 : 100);
        }
        send(route, FakeEnvelope.fromLocalProducer("A").withPriority(7), 0);
        assertThat(data(b, 7).delivered).hasSize(1);
        send(route, FakeEnvelope.fromLocalProducer("A").withPriority(3), 0);
        assertThat(consumer.delivered).hasSize(1);
        assertThat(data(b, 3).delivered).isEmpty();
    }

    @Test
    void balancedWithoutLocalConsumersPicksTheLowestOutstandingPlusCost() {
        NeighbourLinks b = neighbour("B", 1);
        NeighbourLinks d = neighbour("D", 1);
        AddressRoute route = route(Distribution.BALANCED, local(), path("B", 1, b), path("D", 5, d));
        defaultData(b).outstanding(10);                        // 11 against 5
        send(route, FakeEnvelope.fromLocalProducer("A"), 0);
        assertThat(defaultData(d).delivered).hasSize(1);
        defaultData(b).outstanding(3);                         // 4 against 5
        send(route, FakeEnvelope.fromLocalProducer("A"), 1);
        assertThat(defaultData(b).delivered).hasSize(1);
    }

    @Test
    void balancedSpreadsEqualRemoteValuesByCursor() {
        NeighbourLinks b = neighbour("B", 1);
        NeighbourLinks d = neighbour("D", 1);
        AddressRoute route = route(Distribution.BALANCED, local(), path("B", 1, b), path("D", 1, d));
        for (int cursor = 0; cursor < 10; cursor++) {
            send(route, FakeEnvelope.fromLocalProducer("A"), cursor);
        }
        assertThat(defaultData(b).delivered).hasSize(5);
        assertThat(defaultData(d).delivered).hasSize(5);
    }

    // ------------------------------------------------------------------ multicast

    @Test
    void multicastSendsOneCopyPerLocalConsumerAndOnePerDistinctNextHop() {
        FakeLink c1 = new FakeLink("c1");
        FakeLink c2 = new FakeLink("c2");
        NeighbourLinks b = neighbour("B", 1);
        NeighbourLinks e = neighbour("E", 3);
        AddressRoute route = route(Distribution.MULTICAST, local(c1, c2),
                path("B", 1, b), path("C", 2, b), path("D", 3, b), path("E", 3, e), path("F", 4, e));
        FakeEnvelope envelope = FakeEnvelope.fromLocalProducer("A");
        assertThat(Forwarder.copies(route, envelope)).isEqualTo(4);
        assertThat(send(route, envelope, 0)).isEqualTo(Forwarder.Result.FORWARDED);
        assertThat(c1.delivered).hasSize(1);
        assertThat(c2.delivered).hasSize(1);
        assertThat(allDeliveries(b)).hasSize(1);
        assertThat(defaultData(b).delivered).hasSize(1);
        assertThat(allDeliveries(e)).hasSize(1);
        assertThat(defaultData(e).delivered).hasSize(1);
        assertThat(envelope.payloadRequests).as("neighbour payload computed once, shared").isEqualTo(1);
    }

    @Test
    void multicastFromAnotherRouterGoesOnlyTowardsDestinationsWithThatIngressAsValidOrigin() {
        FakeLink consumer = new FakeLink("local");
        NeighbourLinks b = neighbour("B", 1);
        NeighbourLinks d = neighbour("D", 1);
        NeighbourLinks e = neighbour("E", 1);
        AddressRoute route = route(Distribution.MULTICAST, local(consumer),
                path("B", 1, b, "X"),
                path("C", 2, d, "Y"), path("D", 1, d, "Y"),
                path("E", 1, e), path("F", 2, e, "Z"), path("G", 3, e, "X", "Y"));
        FakeEnvelope fromX = FakeEnvelope.fromRouter("X", "X");
        assertThat(Forwarder.copies(route, fromX)).isEqualTo(3);
        send(route, fromX, 0);
        assertThat(consumer.delivered).hasSize(1);
        assertThat(defaultData(b).delivered).hasSize(1);
        assertThat(allDeliveries(d)).isEmpty();
        assertThat(defaultData(e).delivered).as("one copy, for G").hasSize(1);

        FakeEnvelope local = FakeEnvelope.fromLocalProducer("A");
        assertThat(Forwarder.copies(route, local)).as("valid origins do not filter what enters here").isEqualTo(4);
        send(route, local, 0);
        assertThat(defaultData(b).delivered).hasSize(2);
        assertThat(defaultData(d).delivered).hasSize(1);
        assertThat(defaultData(e).delivered).hasSize(2);
    }

    @Test
    void addressCountsIngressEgressAndTransitAsQdrouterdDefinesThem() {
        FakeLink consumer = new FakeLink("local");
        NeighbourLinks b = neighbour("B", 1);
        NeighbourLinks c = neighbour("C", 1);
        AddressRoute anycast = route(Distribution.CLOSEST, local(), path("B", 1, b));
        send(anycast, FakeEnvelope.fromLocalProducer("A"), 0);          // enters here, sent on to B
        send(anycast, FakeEnvelope.fromRouter("X", "X"), 0);            // passes through to B
        AddressCounters counts = anycast.counters();
        assertThat(counts.deliveriesIngress()).isEqualTo(1);
        assertThat(counts.deliveriesTransit()).as("every copy sent on to another router").isEqualTo(2);
        assertThat(counts.deliveriesEgress()).isZero();

        AddressRoute multicast = route(Distribution.MULTICAST, local(consumer), path("B", 1, b, "X"),
                path("C", 1, c, "X"));
        send(multicast, FakeEnvelope.fromRouter("X", "X"), 0);          // one copy out here, two sent on
        send(multicast, FakeEnvelope.fromLocalProducer("A"), 0);        // likewise
        counts = multicast.counters();
        assertThat(counts.deliveriesIngress()).isEqualTo(1);
        assertThat(counts.deliveriesEgress()).isEqualTo(2);
        assertThat(counts.deliveriesTransit()).isEqualTo(4);

        AddressRoute nowhere = route(Distribution.CLOSEST, local());
        send(nowhere, FakeEnvelope.fromLocalProducer("A"), 0);
        assertThat(nowhere.counters().deliveriesIngress()).as("counted as qdrouterd does, consumer or not")
                .isEqualTo(1);
    }

    @Test
    void multicastNeverSendsToANextHopOrDestinationInTheTrace() {
        NeighbourLinks b = neighbour("B", 1);
        NeighbourLinks d = neighbour("D", 1);
        NeighbourLinks e = neighbour("E", 1);
        AddressRoute route = route(Distribution.MULTICAST, local(),
                path("B", 1, b, "X"), path("C", 2, b, "X"),         // next hop B visited
                path("D", 1, d, "X"),                               // destination D visited (its own next hop)
                path("F", 2, e, "X"), path("G", 2, e, "X"));        // G visited, F still wants a copy via E
        FakeEnvelope envelope = FakeEnvelope.fromRouter("X", "X", "B", "D", "G");
        assertThat(Forwarder.copies(route, envelope)).isEqualTo(1);
        assertThat(send(route, envelope, 0)).isEqualTo(Forwarder.Result.FORWARDED);
        assertThat(allDeliveries(b)).isEmpty();
        assertThat(allDeliveries(d)).isEmpty();
        assertThat(allDeliveries(e)).hasSize(1);
    }

    @Test
    void multicastWithoutAnEnvelopeServesLocalConsumersOnly() {
        FakeLink consumer = new FakeLink("local");
        NeighbourLinks b = neighbour("B", 1);
        AddressRoute route = route(Distribution.MULTICAST, local(consumer), path("B", 1, b));
        assertThat(Forwarder.copies(route, null)).isEqualTo(1);
        assertThat(Forwarder.forward(route, buffer(LOCAL_TEXT), 0, false, new RecordingSource(), 0))
                .isEqualTo(Forwarder.Result.FORWARDED);
        assertThat(consumer.delivered).hasSize(1);
        assertThat(allDeliveries(b)).isEmpty();
        AddressRoute remoteOnly = route(Distribution.MULTICAST, local(), path("B", 1, b));
        assertThat(Forwarder.forward(remoteOnly, buffer(LOCAL_TEXT), 0, false, new RecordingSource(), 0))
                .isEqualTo(Forwarder.Result.NO_ROUTE);
        assertThat(Forwarder.copies(remoteOnly, null)).isZero();
    }

    // ------------------------------------------------------------------ priority

    @Test
    void theMessagePriorityPicksTheDataLink() {
        NeighbourLinks b = neighbour("B", 1);
        AddressRoute anycast = route(Distribution.CLOSEST, local(), path("B", 1, b));
        AddressRoute multicast = route(Distribution.MULTICAST, local(), path("B", 1, b));
        for (int p = 0; p < NeighbourLinks.PRIORITIES; p++) {
            send(anycast, FakeEnvelope.fromLocalProducer("A").withPriority(p), 0);
            send(multicast, FakeEnvelope.fromLocalProducer("A").withPriority(p), 0);
        }
        for (int p = 0; p < NeighbourLinks.PRIORITIES; p++) {
            assertThat(data(b, p).delivered).as("priority %d", p).hasSize(2);
        }
        assertThat(((FakeLink) b.control()).delivered).isEmpty();
    }

    @Test
    void outOfRangePrioritiesAreClampedToTheOuterDataLinks() {
        NeighbourLinks b = neighbour("B", 1);
        AddressRoute route = route(Distribution.CLOSEST, local(), path("B", 1, b));
        send(route, FakeEnvelope.fromLocalProducer("A").withPriority(200), 0);
        send(route, FakeEnvelope.fromLocalProducer("A").withPriority(-1), 0);
        assertThat(data(b, 9).delivered).hasSize(1);
        assertThat(data(b, 0).delivered).hasSize(1);
    }

    @Test
    void anAddressPriorityOverridesTheMessages() {
        NeighbourLinks b = neighbour("B", 1);
        NeighbourLinks d = neighbour("D", 1);
        AddressRoute anycast = new AddressRoute("q", Distribution.BALANCED, local(), new RemotePath[] {
                path("B", 1, b)}, 2);
        AddressRoute multicast = new AddressRoute("q", Distribution.MULTICAST, local(), new RemotePath[] {
                path("B", 1, b), path("D", 1, d)}, 8);
        send(anycast, FakeEnvelope.fromLocalProducer("A").withPriority(9), 0);
        send(anycast, FakeEnvelope.fromLocalProducer("A").withPriority(0), 0);
        send(multicast, FakeEnvelope.fromLocalProducer("A").withPriority(1), 0);
        assertThat(data(b, 2).delivered).hasSize(2);
        assertThat(data(b, 8).delivered).hasSize(1);
        assertThat(data(d, 8).delivered).hasSize(1);
        assertThat(allDeliveries(b)).hasSize(3);
        assertThat(allDeliveries(d)).hasSize(1);
    }

    @Test
    void balancedUsesTheOverridingPriorityToReadOutstanding() {
        FakeLink consumer = new FakeLink("local").outstanding(5);
        NeighbourLinks b = neighbour("B", 1);
        AddressRoute route = new AddressRoute("q", Distribution.BALANCED, local(consumer), new RemotePath[] {
                path("B", 1, b)}, 6);
        data(b, 4).outstanding(0);
        data(b, 6).outstanding(50);
        send(route, FakeEnvelope.fromLocalProducer("A"), 0);   // message priority 4, address priority 6
        assertThat(consumer.delivered).hasSize(1);
        assertThat(allDeliveries(b)).isEmpty();
    }

    // ------------------------------------------------------------------ copies, payloads, outcomes

    @Test
    void copiesEqualsTheNumberOfDeliveriesMade() {
        NeighbourLinks b = neighbour("B", 1);
        NeighbourLinks d = neighbour("D", 2);
        NeighbourLinks e = neighbour("E", 1);
        RemotePath[] remotes = {path("B", 1, b, "X"), path("C", 2, b, "Y"), path("D", 2, d, "X", "Y"),
            path("E", 1, e), path("F", 3, e, "Y")};
        List<FakeEnvelope> envelopes = List.of(FakeEnvelope.fromLocalProducer("A"), FakeEnvelope.fromRouter("X", "X"),
                FakeEnvelope.fromRouter("Y", "Y"), FakeEnvelope.fromRouter("Y", "Y", "B"),
                FakeEnvelope.fromRouter("X", "X", "B", "D", "E"), FakeEnvelope.fromRouter("Z", "Z"));
        for (Distribution distribution : Distribution.values()) {
            for (int locals = 0; locals <= 2; locals++) {
                for (FakeEnvelope envelope : envelopes) {
                    ConsumerEndpoint[] consumers = new ConsumerEndpoint[locals];
                    for (int i = 0; i < locals; i++) {
                        consumers[i] = new FakeLink("c" + i).outstanding(7);
                    }
                    AddressRoute route = route(distribution, consumers, remotes);
                    int before = deliveries(consumers) + allDeliveries(b).size() + allDeliveries(d).size()
                            + allDeliveries(e).size();
                    int expected = Forwarder.copies(route, envelope);
                    Forwarder.Result result = send(route, envelope, locals);
                    int made = deliveries(consumers) + allDeliveries(b).size() + allDeliveries(d).size()
                            + allDeliveries(e).size() - before;
                    String what = distribution + " locals=" + locals + " ingress=" + envelope.ingress
                            + " trace=" + envelope.trace;
                    assertThat(made).as(what).isEqualTo(expected);
                    if (distribution == Distribution.UNAVAILABLE) {
                        assertThat(result).as(what).isEqualTo(Forwarder.Result.UNAVAILABLE);
                    } else {
                        assertThat(result).as(what).isEqualTo(expected > 0 ? Forwarder.Result.FORWARDED
                                : Forwarder.Result.NO_ROUTE);
                    }
                }
            }
        }
    }

    private static int deliveries(ConsumerEndpoint[] consumers) {
        int n = 0;
        for (ConsumerEndpoint consumer : consumers) {
            n += ((FakeLink) consumer).delivered.size();
        }
        return n;
    }

    @Test
    void remoteCopiesCarryTheNeighbourPayloadAndAreMarkedAsCarryingRouterAnnotations() {
        FakeLink consumer = new FakeLink("local");
        NeighbourLinks b = neighbour("B", 1);
        NeighbourLinks d = neighbour("D", 1);
        AddressRoute multicast = route(Distribution.MULTICAST, local(consumer), path("B", 1, b), path("D", 1, d));
        FakeEnvelope envelope = FakeEnvelope.fromLocalProducer("A");
        send(multicast, envelope, 0, new RecordingSource(), true);

        RoutedDelivery toConsumer = consumer.delivered.get(0);
        assertThat(text(toConsumer.payloadForSend())).isEqualTo(LOCAL_TEXT);
        assertThat(toConsumer.routerAnnotations()).isFalse();
        assertThat(toConsumer.presettled()).isTrue();
        for (NeighbourLinks links : List.of(b, d)) {
            RoutedDelivery copy = defaultData(links).delivered.get(0);
            assertThat(text(copy.payloadForSend())).isEqualTo(NEIGHBOUR_TEXT);
            assertThat(copy.routerAnnotations()).isTrue();
            assertThat(copy.presettled()).isTrue();
        }
        // Multicast copies share one buffer: each send gets its own view.
        RoutedDelivery copyB = defaultData(b).delivered.get(0);
        assertThat(copyB.payloadForSend()).isNotSameAs(copyB.payloadForSend());
        assertThat(envelope.payloadRequests).isEqualTo(1);

        AddressRoute anycast = route(Distribution.CLOSEST, local(), path("B", 1, b));
        FakeEnvelope second = FakeEnvelope.fromLocalProducer("A");
        Forwarder.forward(anycast, buffer(LOCAL_TEXT), 0, false, true, new RecordingSource(), 0, second);
        RoutedDelivery single = defaultData(b).delivered.get(1);
        assertThat(text(single.payloadForSend())).isEqualTo(NEIGHBOUR_TEXT);
        assertThat(single.routerAnnotations()).isTrue();
        assertThat(single.presettled()).isFalse();
        assertThat(single.payloadForSend()).as("an anycast copy is the payload's only reader")
                .isSameAs(single.payloadForSend());
        assertThat(second.payloadRequests).isEqualTo(1);
    }

    @Test
    void localCopiesKeepTheCallersRouterAnnotationsFlag() {
        FakeLink consumer = new FakeLink("local");
        NeighbourLinks b = neighbour("B", 1);
        AddressRoute route = route(Distribution.CLOSEST, local(consumer), path("B", 1, b));
        FakeEnvelope envelope = FakeEnvelope.fromRouter("B", "B");
        Forwarder.forward(route, buffer(LOCAL_TEXT), 0, false, true, new RecordingSource(), 0, envelope);
        assertThat(consumer.delivered.get(0).routerAnnotations()).isTrue();
        assertThat(text(consumer.delivered.get(0).payloadForSend())).isEqualTo(LOCAL_TEXT);
        assertThat(envelope.payloadRequests).as("nothing goes to a neighbour").isZero();
    }

    @Test
    void multicastFanInAggregatesLocalAndRemoteOutcomes() {
        FakeLink consumer = new FakeLink("local");
        NeighbourLinks b = neighbour("B", 1);
        NeighbourLinks d = neighbour("D", 1);
        AddressRoute route = route(Distribution.MULTICAST, local(consumer), path("B", 1, b), path("D", 1, d));

        RecordingSource source = new RecordingSource();
        send(route, FakeEnvelope.fromLocalProducer("A"), 0, source, false);
        consumer.completeAll(DeliveryOutcome.RELEASED);
        defaultData(b).completeAll(DeliveryOutcome.ACCEPTED);
        assertThat(source.outcomes()).as("waits for every copy").isEmpty();
        defaultData(d).completeAll(DeliveryOutcome.RELEASED);
        assertThat(source.outcomes()).containsExactly(DeliveryOutcome.ACCEPTED);

        clear(consumer, b, d);
        RecordingSource rejected = new RecordingSource();
        send(route, FakeEnvelope.fromLocalProducer("A"), 0, rejected, false);
        consumer.completeAll(DeliveryOutcome.ACCEPTED);
        defaultData(b).completeAll(DeliveryOutcome.rejected("amqp:internal-error", "remote says no"));
        defaultData(d).completeAll(DeliveryOutcome.ACCEPTED);
        assertThat(rejected.outcomes())
                .containsExactly(DeliveryOutcome.rejected("amqp:internal-error", "remote says no"));

        clear(consumer, b, d);
        RecordingSource released = new RecordingSource();
        send(route, FakeEnvelope.fromLocalProducer("A"), 0, released, false);
        consumer.completeAll(DeliveryOutcome.RELEASED);
        defaultData(b).completeAll(DeliveryOutcome.RELEASED);
        defaultData(d).completeAll(DeliveryOutcome.RELEASED);
        assertThat(released.outcomes()).containsExactly(DeliveryOutcome.RELEASED);

        clear(consumer, b, d);
        RecordingSource modified = new RecordingSource();
        send(route, FakeEnvelope.fromLocalProducer("A"), 0, modified, false);
        consumer.completeAll(DeliveryOutcome.RELEASED);
        defaultData(b).completeAll(DeliveryOutcome.MODIFIED_FAILED);
        defaultData(d).completeAll(DeliveryOutcome.RELEASED);
        assertThat(modified.outcomes()).containsExactly(DeliveryOutcome.MODIFIED_FAILED);
    }

    @Test
    void aSingleRemoteCopyReportsStraightToTheSource() {
        NeighbourLinks b = neighbour("B", 1);
        AddressRoute route = route(Distribution.MULTICAST, local(), path("B", 1, b), path("C", 2, b));
        RecordingSource source = new RecordingSource();
        send(route, FakeEnvelope.fromLocalProducer("A"), 0, source, false);
        assertThat(defaultData(b).delivered).hasSize(1);
        defaultData(b).completeAll(DeliveryOutcome.rejected("amqp:not-found", null));
        assertThat(source.outcomes()).containsExactly(DeliveryOutcome.rejected("amqp:not-found", null));
    }

    @Test
    void presettledMulticastCopiesEachReportToTheSource() {
        FakeLink consumer = new FakeLink("local");
        NeighbourLinks b = neighbour("B", 1);
        AddressRoute route = route(Distribution.MULTICAST, local(consumer), path("B", 1, b));
        RecordingSource source = new RecordingSource();
        send(route, FakeEnvelope.fromLocalProducer("A"), 0, source, true);
        consumer.completeAll(DeliveryOutcome.ACCEPTED);
        defaultData(b).completeAll(DeliveryOutcome.RELEASED);
        assertThat(source.outcomes()).containsExactly(DeliveryOutcome.ACCEPTED, DeliveryOutcome.RELEASED);
    }

    private static void clear(FakeLink consumer, NeighbourLinks... neighbours) {
        consumer.delivered.clear();
        for (NeighbourLinks links : neighbours) {
            for (int p = 0; p < NeighbourLinks.PRIORITIES; p++) {
                data(links, p).delivered.clear();
            }
        }
    }

    // ------------------------------------------------------------------ no route

    @Test
    void noRouteWhenEveryRemoteIsExcludedByTheTrace() {
        NeighbourLinks b = neighbour("B", 1);
        NeighbourLinks d = neighbour("D", 1);
        RemotePath[] remotes = {path("B", 1, b, "X"), path("C", 2, b, "X"), path("D", 1, d, "X")};
        FakeEnvelope envelope = FakeEnvelope.fromRouter("X", "X", "B", "D");
        for (Distribution distribution : List.of(Distribution.CLOSEST, Distribution.BALANCED,
                Distribution.MULTICAST)) {
            AddressRoute route = route(distribution, local(), remotes);
            assertThat(route.reachable()).isTrue();
            assertThat(Forwarder.copies(route, envelope)).as(distribution.toString()).isZero();
            assertThat(send(route, envelope, 0)).as(distribution.toString()).isEqualTo(Forwarder.Result.NO_ROUTE);
        }
        assertThat(allDeliveries(b)).isEmpty();
        assertThat(allDeliveries(d)).isEmpty();
        assertThat(envelope.payloadRequests).isZero();
    }

    @Test
    void noRouteForMulticastWhenNoDestinationHasTheIngressAsValidOrigin() {
        NeighbourLinks b = neighbour("B", 1);
        AddressRoute route = route(Distribution.MULTICAST, local(), path("B", 1, b, "Y"), path("C", 2, b));
        FakeEnvelope envelope = FakeEnvelope.fromRouter("X", "X");
        assertThat(Forwarder.copies(route, envelope)).isZero();
        assertThat(send(route, envelope, 0)).isEqualTo(Forwarder.Result.NO_ROUTE);
        assertThat(allDeliveries(b)).isEmpty();
    }

    @Test
    void anycastIgnoresRemotesWithoutAnEnvelope() {
        NeighbourLinks b = neighbour("B", 1);
        AddressRoute route = route(Distribution.CLOSEST, local(), path("B", 1, b));
        assertThat(Forwarder.copies(route, null)).isZero();
        assertThat(Forwarder.forward(route, buffer(LOCAL_TEXT), 0, false, new RecordingSource(), 0))
                .isEqualTo(Forwarder.Result.NO_ROUTE);
        assertThat(allDeliveries(b)).isEmpty();
    }

    @Test
    void unavailableAddressRefusesEvenWithRemotes() {
        NeighbourLinks b = neighbour("B", 1);
        AddressRoute route = route(Distribution.UNAVAILABLE, local(), path("B", 1, b));
        assertThat(route.reachable()).isFalse();
        assertThat(Forwarder.copies(route, FakeEnvelope.fromLocalProducer("A"))).isZero();
        assertThat(send(route, FakeEnvelope.fromLocalProducer("A"), 0)).isEqualTo(Forwarder.Result.UNAVAILABLE);
        assertThat(allDeliveries(b)).isEmpty();
    }

    @Test
    void remotesAreGroupedByNextHopWhateverTheOrderGiven() {
        NeighbourLinks b = neighbour("B", 1);
        NeighbourLinks d = neighbour("D", 1);
        AddressRoute route = route(Distribution.MULTICAST, local(),
                path("C", 2, b), path("D", 1, d), path("B", 1, b), path("E", 2, d));
        List<String> nextHops = new ArrayList<>();
        for (int i = 0; i < route.remoteCount(); i++) {
            nextHops.add(route.remote(i).nextHop());
        }
        assertThat(nextHops).containsExactly("B", "B", "D", "D");
        assertThat(Forwarder.copies(route, FakeEnvelope.fromLocalProducer("A"))).isEqualTo(2);
        assertThat(new HashSet<>(List.of(route.remote(0).routerId(), route.remote(1).routerId())))
                .containsExactlyInAnyOrder("B", "C");
    }
}
