package org.jrouterd.core.linkstate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MobileAddressSyncTest {

    private long now;
    private final List<OutgoingControl> sent = new ArrayList<>();
    private final InMemoryMesh.RecordingListener listener = new InMemoryMesh.RecordingListener();
    private LinkStateEngine a;

    @BeforeEach
    void startRouterAWithNeighbourB() {
        now = 50_000;
        a = new LinkStateEngine(LinkStateConfig.defaults("A", 500), () -> now, sent::add, listener);
        a.receive(Hello.of("B", 7, List.of("A")), 1, 1);
        a.tick();
        sent.clear();
    }

    @Test
    void localChangesGoOutAsOneDifferentialMauASecondWithTheNextMobileSeqAndAnRa() {
        now += 1_000;
        a.localAddressAdded("M0a", TreatmentHint.CLOSEST);
        a.localAddressAdded("M0b", TreatmentHint.BALANCED);
        a.tick();
        assertThat(sent).contains(new OutgoingControl(
                MobileAddressUpdate.differential("A", 1, List.of("M0a", "M0b"), List.of(2, 3), List.of()),
                "amqp:/_topo/0/all/qdrouter.ma", OutgoingControl.Scope.ALL_ROUTERS, null));
        assertThat(sentOf(Opcode.RA)).containsExactly(RouterAdvertisement.of("A", 500, 1, 1));
        assertThat(a.mobileSeq()).isEqualTo(1);

        sent.clear();
        now += 200;
        a.localAddressRemoved("M0a");
        a.tick();
        now += 300;
        a.tick();
        assertThat(sentOf(Opcode.MAU)).isEmpty();
        now += 500;
        a.tick();
        assertThat(sentOf(Opcode.MAU)).containsExactly(
                MobileAddressUpdate.differential("A", 2, List.of(), List.of(), List.of("M0a")));
    }

    @Test
    void anAddressAddedAndRemovedBetweenTwoMausIsNeverAnnounced() {
        now += 1_000;
        a.localAddressAdded("M0a", TreatmentHint.CLOSEST);
        a.localAddressRemoved("M0a");
        a.localAddressRemoved("M0never");
        a.tick();
        assertThat(sentOf(Opcode.MAU)).isEmpty();
        assertThat(a.mobileSeq()).isZero();
    }

    @Test
    void aMarFromARouterThatIsBehindGetsAnAbsoluteMauOfWhatWasAnnounced() {
        now += 1_000;
        a.localAddressAdded("M0a", TreatmentHint.CLOSEST);
        a.localAddressAdded("M0b", TreatmentHint.MULTICAST);
        a.tick();
        a.localAddressRemoved("M0b");
        a.localAddressAdded("M0c", TreatmentHint.BALANCED);
        sent.clear();

        a.receive(MobileAddressRequest.of("B", 0), 1, 1);
        assertThat(sent).containsExactly(new OutgoingControl(
                MobileAddressUpdate.absolute("A", 1, List.of("M0a", "M0b"), List.of(2, 1)),
                "amqp:/_topo/0/B/qdrouter.ma", OutgoingControl.Scope.ROUTER, "B"));

        sent.clear();
        a.receive(MobileAddressRequest.of("B", 1), 1, 1);
        a.receive(MobileAddressRequest.of("Unknown", 0), 1, 1);
        assertThat(sent).isEmpty();
    }

    @Test
    void aDifferentialMauThatIsNotTheNextSeqTriggersOneMarAndAnAbsoluteMauRepairs() {
        a.receive(MobileAddressUpdate.differential("B", 1, List.of("M0x"), List.of(2), List.of()), 1, 1);
        a.flush();
        assertThat(a.mobileSeqOf("B")).isEqualTo(1);
        assertThat(sent).isEmpty();

        a.receive(MobileAddressUpdate.differential("B", 3, List.of("M0z"), List.of(2), List.of("M0x")), 1, 1);
        a.receive(MobileAddressUpdate.differential("B", 4, List.of(), List.of(), List.of("M0y")), 1, 1);
        a.flush();
        assertThat(sent).containsExactly(new OutgoingControl(MobileAddressRequest.of("A", 1),
                "amqp:/_topo/0/B/qdrouter.ma", OutgoingControl.Scope.ROUTER, "B"));
        assertThat(a.remoteAddresses()).isEqualTo(Map.of("B", Map.of("M0x", TreatmentHint.CLOSEST)));

        a.receive(MobileAddressUpdate.absolute("B", 4, List.of("M0z", "M0w"), List.of(1, 3)), 1, 1);
        a.receive(MobileAddressUpdate.differential("B", 5, List.of("M0v"), List.of(9), List.of("M0w")), 1, 1);
        a.flush();
        assertThat(a.mobileSeqOf("B")).isEqualTo(5);
        assertThat(a.remoteAddresses()).isEqualTo(Map.of("B", Map.of("M0z", TreatmentHint.MULTICAST,
                "M0v", TreatmentHint.UNSPECIFIED)));
        assertThat(listener.addressEvents).containsExactly("+B:M0x:CLOSEST", "+B:M0z:MULTICAST", "+B:M0w:BALANCED",
                "-B:M0x", "+B:M0v:UNSPECIFIED", "-B:M0w");
    }

    @Test
    void hintsAreKeptPerKeyAndIgnoredWhenTheyDoNotMatchTheKeys() {
        a.receive(MobileAddressUpdate.differential("B", 1, List.of("M0a", "M0b", "Cbroker"), List.of(1, 2, 0),
                List.of()), 1, 1);
        a.receive(MobileAddressUpdate.differential("B", 2, List.of("M0c", "M0d"), List.of(4), List.of()), 1, 1);
        assertThat(a.remoteAddresses().get("B")).isEqualTo(Map.of("M0a", TreatmentHint.MULTICAST,
                "M0b", TreatmentHint.CLOSEST, "Cbroker", TreatmentHint.FLOOD, "M0c", TreatmentHint.UNSPECIFIED,
                "M0d", TreatmentHint.UNSPECIFIED));
    }

    @Test
    void anMauFromAnUnknownRouterIsIgnored() {
        a.receive(MobileAddressUpdate.differential("Q", 1, List.of("M0a"), List.of(1), List.of()), 1, 1);
        assertThat(a.remoteAddresses()).isEmpty();
        assertThat(a.knownRouters()).containsExactly("B");
    }

    @Test
    void aLostMauAndRaAreRepairedInTheMeshThroughMarAndAnAbsoluteMau() {
        InMemoryMesh mesh = new InMemoryMesh();
        mesh.addRouter("A");
        mesh.addRouter("B");
        mesh.addRouter("C");
        mesh.connect("A", "B", 1);
        mesh.connect("B", "C", 1);
        mesh.run(8_000, 500);
        mesh.engine("A").localAddressAdded("M0one", TreatmentHint.CLOSEST);
        mesh.run(1_000, 500);
        mesh.dropWhen(sent -> "C".equals(sent.to()) && (
                sent.message().message() instanceof MobileAddressUpdate mau && mau.mobileSeq() == 2
                || sent.message().message() instanceof RouterAdvertisement ra && ra.mobileSeq() == 2));
        mesh.engine("A").localAddressAdded("M0two", TreatmentHint.BALANCED);
        mesh.run(1_000, 500);
        assertThat(mesh.engine("C").remoteAddresses()).isEqualTo(Map.of("A", Map.of("M0one", TreatmentHint.CLOSEST)));
        mesh.engine("A").localAddressAdded("M0three", TreatmentHint.MULTICAST);
        mesh.run(1_000, 500);

        assertThat(mesh.log()).anySatisfy(sent -> {
            assertThat(sent.message().message()).isEqualTo(MobileAddressRequest.of("C", 1));
            assertThat(sent.to()).isEqualTo("A");
        });
        assertThat(mesh.log()).anySatisfy(sent -> {
            assertThat(sent.message().message()).isEqualTo(MobileAddressUpdate.absolute("A", 3,
                    List.of("M0one", "M0two", "M0three"), List.of(2, 3, 1)));
            assertThat(sent.to()).isEqualTo("C");
        });
        assertThat(mesh.engine("C").remoteAddresses()).isEqualTo(Map.of("A", Map.of("M0one", TreatmentHint.CLOSEST,
                "M0two", TreatmentHint.BALANCED, "M0three", TreatmentHint.MULTICAST)));
        assertThat(mesh.engine("C").mobileSeqOf("A")).isEqualTo(3);
        assertThat(mesh.engine("B").remoteAddresses()).isEqualTo(mesh.engine("C").remoteAddresses());
    }

    private List<ControlMessage> sentOf(Opcode opcode) {
        return sent.stream().filter(out -> out.opcode() == opcode).map(OutgoingControl::message).toList();
    }
}
