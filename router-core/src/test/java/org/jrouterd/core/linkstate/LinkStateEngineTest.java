package org.jrouterd.core.linkstate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** One engine driven by hand: records in, records out. */
class LinkStateEngineTest {

    private static final long LINK_B = 11;
    private static final long LINK_C = 12;

    private long now;
    private final List<OutgoingControl> sent = new ArrayList<>();
    private final InMemoryMesh.RecordingListener listener = new InMemoryMesh.RecordingListener();
    private LinkStateEngine a;

    @BeforeEach
    void startRouterA() {
        now = 100_000;
        a = new LinkStateEngine(LinkStateConfig.defaults("A", 500), () -> now, sent::add, listener);
    }

    @Test
    void aOneSidedHelloDoesNotMakeANeighbour() {
        a.receive(Hello.of("B", 7, List.of()), LINK_B, 1);
        a.flush();
        assertThat(a.neighbours()).isEmpty();
        assertThat(a.ownLinkState().peers()).isEmpty();

        a.tick();
        assertThat(sentOf(Opcode.HELLO)).containsExactly(Hello.of("A", 500, List.of("B")));
    }

    @Test
    void aHelloListingUsMakesANeighbourBumpsLsSeqAndAdvertisesAtOnce() {
        a.receive(Hello.of("B", 7, List.of("A")), LINK_B, 5);
        a.flush();
        assertThat(a.neighbours()).containsExactly("B");
        assertThat(a.ownLinkState()).isEqualTo(new LinkState("A", "0", 1, Map.of("B", 5L)));
        assertThat(sentOf(Opcode.RA)).containsExactly(RouterAdvertisement.of("A", 500, 1, 0));
        assertThat(sentOf(Opcode.LSR)).containsExactly(LinkStateRequest.of("A"));
        assertThat(sent).filteredOn(out -> out.opcode() == Opcode.LSR)
                .extracting(OutgoingControl::to, OutgoingControl::targetRouterId)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("amqp:/_topo/0/B/qdrouter", "B"));
        assertThat(a.topology().nextHops()).isEqualTo(Map.of("B", "B"));
        assertThat(a.topology().costs()).isEqualTo(Map.of("B", 5L));
    }

    @Test
    void theSeenListHoldsRoutersHeardWithinHelloMaxAge() {
        a.receive(Hello.of("B", 7, List.of()), LINK_B, 1);
        a.receive(Hello.of("C", 8, List.of()), LINK_C, 1);
        a.tick();
        now += 2_000;
        a.receive(Hello.of("C", 8, List.of()), LINK_C, 1);
        now += 2_000;
        sent.clear();
        a.tick();
        assertThat(sentOf(Opcode.HELLO)).containsExactly(Hello.of("A", 500, List.of("C")));
        assertThat(sent.get(0).to()).isEqualTo("amqp:/_local/qdhello");
        assertThat(sent.get(0).scope()).isEqualTo(OutgoingControl.Scope.NEIGHBOURS);
    }

    @Test
    void aNeighbourIsLostWhenItsHellosStopForLongerThanHelloMaxAge() {
        becomeNeighbours("B", LINK_B);
        now += 3_000;
        a.tick();
        assertThat(a.neighbours()).containsExactly("B");
        now += 1;
        sent.clear();
        a.tick();
        assertThat(a.neighbours()).isEmpty();
        assertThat(a.ownLinkState()).isEqualTo(new LinkState("A", "0", 2, Map.of()));
        assertThat(sentOf(Opcode.RA)).containsExactly(RouterAdvertisement.of("A", 500, 2, 0));
        assertThat(a.topology().reachable()).isEmpty();
    }

    @Test
    void aNeighbourIsLostAtOnceWhenItsControlLinkDetaches() {
        becomeNeighbours("B", LINK_B);
        becomeNeighbours("C", LINK_C);
        a.linkLost(LINK_B);
        a.flush();
        assertThat(a.neighbours()).containsExactly("C");
        assertThat(a.ownLinkState().peers()).isEqualTo(Map.of("C", 1L));
        assertThat(a.topology().reachable()).containsExactly("C");
        a.linkLost(999);
        a.flush();
        assertThat(a.neighbours()).containsExactly("C");
    }

    @Test
    void anRaWithANewerLsSeqGetsAnLsrAndANewerMobileSeqAMar() {
        becomeNeighbours("B", LINK_B);
        a.receive(LinkStateUpdate.of(7, new LinkState("B", "0", 3, Map.of("A", 1L))), LINK_B, 1);
        a.flush();
        sent.clear();

        a.receive(RouterAdvertisement.of("B", 7, 3, 0), LINK_B, 1);
        a.flush();
        assertThat(sent).isEmpty();

        a.receive(RouterAdvertisement.of("B", 7, 4, 2), LINK_B, 1);
        a.flush();
        assertThat(sentOf(Opcode.LSR)).containsExactly(LinkStateRequest.of("A"));
        assertThat(sentOf(Opcode.MAR)).containsExactly(MobileAddressRequest.of("A", 0));
        assertThat(sent).filteredOn(out -> out.opcode() == Opcode.MAR).extracting(OutgoingControl::to)
                .containsExactly("amqp:/_topo/0/B/qdrouter.ma");
    }

    @Test
    void anLsrIsAnsweredWithOurLinkStateAddressedToTheRequester() {
        becomeNeighbours("B", LINK_B);
        sent.clear();
        a.receive(LinkStateRequest.of("Z"), LINK_B, 1);
        assertThat(sent).containsExactly(new OutgoingControl(
                LinkStateUpdate.of(500, new LinkState("A", "0", 1, Map.of("B", 1L))), "amqp:/_topo/0/Z/qdrouter",
                OutgoingControl.Scope.ROUTER, "Z"));
    }

    @Test
    void anOlderOrEqualLinkStateIsIgnoredAndPathsAreNotRecomputed() {
        becomeNeighbours("B", LINK_B);
        a.receive(LinkStateUpdate.of(7, new LinkState("B", "0", 3, Map.of("A", 1L, "C", 1L))), LINK_B, 1);
        a.flush();
        long computations = a.pathComputationCount();
        int notifications = listener.topologies.size();

        a.receive(LinkStateUpdate.of(7, new LinkState("B", "0", 3, Map.of("A", 1L))), LINK_B, 1);
        a.receive(LinkStateUpdate.of(7, new LinkState("B", "0", 2, Map.of("A", 1L))), LINK_B, 1);
        a.receive(RouterAdvertisement.of("B", 7, 3, 0), LINK_B, 1);
        a.flush();
        a.tick();
        assertThat(a.pathComputationCount()).isEqualTo(computations);
        assertThat(listener.topologies).hasSize(notifications);
        assertThat(a.topology().nextHops()).isEqualTo(Map.of("B", "B", "C", "B"));
    }

    @Test
    void aHelloWithOurIdAndAnotherInstanceIsADuplicateIdReportedOnce() {
        a.receive(Hello.of("A", 999, List.of("A")), LINK_B, 1);
        a.receive(Hello.of("A", 999, List.of("A")), LINK_B, 1);
        a.receive(Hello.of("A", 500, List.of()), LINK_B, 1);
        a.flush();
        assertThat(listener.duplicates).containsExactly(new DuplicateRouterId("A", 500, 999, LINK_B));
        assertThat(a.neighbours()).isEmpty();
        assertThat(a.knownRouters()).isEmpty();
    }

    @Test
    void aSecondRouterWithANeighboursIdIsReportedAndNotAccepted() {
        becomeNeighbours("B", LINK_B);
        a.receive(Hello.of("B", 8, List.of("A")), LINK_C, 1);
        a.receive(Hello.of("B", 8, List.of("A")), LINK_C, 1);
        a.flush();
        assertThat(listener.duplicates).containsExactly(new DuplicateRouterId("B", 7, 8, LINK_C));
        a.linkLost(LINK_C);
        a.flush();
        assertThat(a.neighbours()).containsExactly("B");
        assertThat(a.ownLinkState().peers()).isEqualTo(Map.of("B", 1L));
    }

    @Test
    void aNeighbourThatRestartsWithANewInstanceReplacesItsOldState() {
        becomeNeighbours("B", LINK_B);
        a.receive(LinkStateUpdate.of(7, new LinkState("B", "0", 9, Map.of("A", 1L, "C", 1L))), LINK_B, 1);
        a.receive(MobileAddressUpdate.differential("B", 1, List.of("M0q"), List.of(3), List.of()), LINK_B, 1);
        a.flush();
        assertThat(a.topology().reachable()).containsExactly("B", "C");
        assertThat(a.remoteAddresses()).isEqualTo(Map.of("B", Map.of("M0q", TreatmentHint.BALANCED)));

        a.linkLost(LINK_B);
        a.receive(Hello.of("B", 8, List.of("A")), LINK_C, 1);
        a.flush();
        assertThat(listener.duplicates).isEmpty();
        assertThat(a.neighbours()).containsExactly("B");
        assertThat(a.remoteAddresses()).isEmpty();
        assertThat(listener.addressEvents).containsExactly("+B:M0q:BALANCED", "-B:M0q");
        assertThat(a.linkStateDatabase().get("B")).isEqualTo(LinkState.unknown("B"));
        assertThat(a.mobileSeqOf("B")).isZero();

        a.receive(LinkStateUpdate.of(8, new LinkState("B", "0", 1, Map.of("A", 1L))), LINK_C, 1);
        a.flush();
        assertThat(a.linkStateDatabase().get("B").lsSeq()).isEqualTo(1);
        assertThat(a.topology().reachable()).containsExactly("B");
    }

    @Test
    void aRemoteRouterThatRestartsIsDetectedByTheInstanceInItsRa() {
        becomeNeighbours("B", LINK_B);
        a.receive(LinkStateUpdate.of(7, new LinkState("B", "0", 2, Map.of("A", 1L, "C", 1L))), LINK_B, 1);
        a.receive(RouterAdvertisement.of("C", 50, 6, 0), LINK_B, 1);
        a.receive(LinkStateUpdate.of(50, new LinkState("C", "0", 6, Map.of("B", 1L))), LINK_B, 1);
        a.flush();
        assertThat(a.topology().nextHops()).isEqualTo(Map.of("B", "B", "C", "B"));
        sent.clear();

        a.receive(RouterAdvertisement.of("C", 60, 1, 0), LINK_B, 1);
        a.flush();
        assertThat(a.linkStateDatabase().get("C")).isEqualTo(LinkState.unknown("C"));
        assertThat(sentOf(Opcode.LSR)).containsExactly(LinkStateRequest.of("A"));
        a.receive(LinkStateUpdate.of(60, new LinkState("C", "0", 1, Map.of("B", 1L))), LINK_B, 1);
        a.flush();
        assertThat(a.linkStateDatabase().get("C").lsSeq()).isEqualTo(1);
        assertThat(a.topology().nextHops()).isEqualTo(Map.of("B", "B", "C", "B"));
    }

    @Test
    void aRemoteLinkStateExpiresRemoteLsMaxAgeAfterItsLastRaAndTheRouterIsForgotten() {
        becomeNeighbours("B", LINK_B);
        a.receive(LinkStateUpdate.of(7, new LinkState("B", "0", 2, Map.of("A", 1L, "C", 1L))), LINK_B, 1);
        a.receive(LinkStateUpdate.of(50, new LinkState("C", "0", 6, Map.of("B", 1L))), LINK_B, 1);
        a.flush();
        for (int second = 1; second <= 60; second++) {
            now += 1_000;
            a.receive(Hello.of("B", 7, List.of("A")), LINK_B, 1);
            if (second % 30 == 0) {
                a.receive(RouterAdvertisement.of("B", 7, 2, 0), LINK_B, 1);
            }
            a.tick();
        }
        assertThat(a.linkStateDatabase().get("C").lsSeq()).isEqualTo(6);
        now += 1_000;
        a.receive(Hello.of("B", 7, List.of("A")), LINK_B, 1);
        a.receive(LinkStateUpdate.of(7, new LinkState("B", "0", 3, Map.of("A", 1L))), LINK_B, 1);
        a.tick();
        assertThat(a.linkStateDatabase().get("C")).isEqualTo(LinkState.unknown("C"));
        assertThat(a.topology().reachable()).containsExactly("B");
        for (int second = 0; second < 3; second++) {
            now += 1_000;
            a.receive(Hello.of("B", 7, List.of("A")), LINK_B, 1);
            a.tick();
        }
        assertThat(a.knownRouters()).containsExactly("B");
    }

    @Test
    void raGoesOutEveryFluxIntervalAfterAChangeAndEveryRaIntervalWhenStable() {
        List<Long> raTimes = new ArrayList<>();
        long start = now;
        for (int second = 0; second <= 80; second++) {
            if (second == 0 || second == 50) {
                a.receive(Hello.of(second == 0 ? "B" : "C", 7, List.of("A")), second == 0 ? LINK_B : LINK_C, 1);
            }
            a.receive(Hello.of("B", 7, List.of("A")), LINK_B, 1);
            if (second >= 50) {
                a.receive(Hello.of("C", 7, List.of("A")), LINK_C, 1);
            }
            sent.clear();
            a.tick();
            if (!sentOf(Opcode.RA).isEmpty()) {
                raTimes.add((now - start) / 1000);
            }
            now += 1_000;
        }
        assertThat(raTimes).containsExactly(0L, 4L, 8L, 38L, 50L, 54L, 58L);
    }

    @Test
    void aMessageOfANewerProtocolVersionIsIgnored() {
        a.receive(new DecodeResult.Ignored("HELLO", "B", 2), LINK_B, 1);
        a.receive(new Hello("B", 2, "0", 7, List.of("A")), LINK_B, 1);
        a.receive(new DecodeResult.Malformed("RA", "mandatory field 'ls_seq' missing"), LINK_B, 1);
        a.flush();
        a.tick();
        assertThat(a.neighbours()).isEmpty();
        assertThat(a.knownRouters()).isEmpty();
        assertThat(sentOf(Opcode.HELLO)).containsExactly(Hello.of("A", 500, List.of()));
        assertThat(a.routersWithNewerProtocol()).containsExactly("B");
    }

    @Test
    void twoRemoteRoutersWithOneIdAreReportedWhenRasGoBackToAnEarlierInstance() {
        becomeNeighbours("B", LINK_B);
        a.receive(RouterAdvertisement.of("C", 50, 3, 0), LINK_B, 1);
        a.receive(RouterAdvertisement.of("C", 60, 2, 0), LINK_B, 1);
        assertThat(listener.duplicates).isEmpty();
        a.receive(RouterAdvertisement.of("C", 50, 3, 0), LINK_B, 1);
        a.receive(RouterAdvertisement.of("C", 50, 4, 0), LINK_B, 1);
        a.flush();
        assertThat(listener.duplicates).containsExactly(new DuplicateRouterId("C", 60, 50, Long.MIN_VALUE));
        a.receive(LinkStateRequest.of("C"), LINK_B, 1);
        assertThat(a.knownRouters()).containsExactly("B", "C");
    }

    // ------------------------------------------------------------------ two connections to one neighbour

    private static final long LINK_B2 = 21;

    @Test
    void aSecondConnectionToANeighbourIsAStandbyNotAFlipOnEveryHello() {
        becomeNeighbours("B", LINK_B);
        for (int i = 0; i < 10; i++) {
            now += 500;
            a.receive(Hello.of("B", 7, List.of("A")), i % 2 == 0 ? LINK_B2 : LINK_B, 3);
            a.flush();
        }
        assertThat(a.neighbours()).containsExactly("B");
        assertThat(a.ownLinkState()).isEqualTo(new LinkState("A", "0", 1, Map.of("B", 1L)));
        assertThat(sentOf(Opcode.LSR)).hasSize(1);
        assertThat(duplicatesOrLosses()).isEmpty();
    }

    @Test
    void losingTheTrackedConnectionCarriesOnOverTheStandbyAtItsCost() {
        becomeNeighbours("B", LINK_B);
        a.receive(Hello.of("B", 7, List.of("A")), LINK_B2, 3);
        a.flush();
        a.linkLost(LINK_B);
        a.flush();
        assertThat(a.neighbours()).containsExactly("B");
        assertThat(a.ownLinkState().peers()).isEqualTo(Map.of("B", 3L));
        assertThat(a.topology().reachable()).containsExactly("B");
        a.linkLost(LINK_B);      // already forgotten
        a.linkLost(LINK_B2);     // the last one: lost
        a.flush();
        assertThat(a.neighbours()).isEmpty();
        assertThat(listener.silent).isEmpty();
    }

    @Test
    void aSilentTrackedConnectionIsClosedAndTheStandbyCarriesOn() {
        becomeNeighbours("B", LINK_B);
        for (int i = 0; i < 8; i++) {     // only the second connection still carries HELLOs
            now += 500;
            a.receive(Hello.of("B", 7, List.of("A")), LINK_B2, 1);
            a.tick();
        }
        assertThat(listener.silent).containsExactly("B@" + LINK_B);
        assertThat(a.neighbours()).containsExactly("B");
        assertThat(a.ownLinkState().peers()).isEqualTo(Map.of("B", 1L));
        a.linkLost(LINK_B);      // the closed connection reports in: nothing more to lose
        a.flush();
        assertThat(a.neighbours()).containsExactly("B");
        now += 3_001;            // and when the standby falls silent too, B is lost
        a.tick();
        assertThat(a.neighbours()).isEmpty();
        assertThat(listener.silent).containsExactly("B@" + LINK_B, "B@" + LINK_B2);
    }

    private List<Object> duplicatesOrLosses() {
        List<Object> events = new ArrayList<>(listener.duplicates);
        events.addAll(listener.silent);
        return events;
    }

    private void becomeNeighbours(String id, long link) {
        a.receive(Hello.of(id, 7, List.of("A")), link, 1);
        a.flush();
    }

    private List<ControlMessage> sentOf(Opcode opcode) {
        return sent.stream().filter(out -> out.opcode() == opcode).map(OutgoingControl::message).toList();
    }
}
