package org.jrouterd.core.linkstate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Engines wired to each other in memory on hand-built topologies. */
class MeshTopologiesTest {

    private final InMemoryMesh mesh = new InMemoryMesh();

    private void routers(String... ids) {
        for (String id : ids) {
            mesh.addRouter(id);
        }
    }

    @Test
    void twoEnginesExchangeRaLsrAndLsu() {
        routers("A", "B");
        mesh.connect("A", "B", 1);
        mesh.run(3_000, 1_000);

        assertThat(mesh.engine("A").linkStateDatabase().get("B")).isEqualTo(new LinkState("B", "0", 1,
                Map.of("A", 1L)));
        assertThat(mesh.engine("B").linkStateDatabase().get("A")).isEqualTo(new LinkState("A", "0", 1,
                Map.of("B", 1L)));
        List<String> exchange = mesh.log().stream()
                .filter(sent -> sent.message().opcode() != Opcode.HELLO && sent.from().equals("B"))
                .map(sent -> sent.message().opcode() + "->" + sent.to()).toList();
        assertThat(exchange).contains("RA->A", "LSR->A", "LSU->A");
        assertThat(mesh.engine("A").topology().nextHops()).isEqualTo(Map.of("B", "B"));
    }

    @Test
    void lineABCConvergesToExactNextHopsCostsAndValidOrigins() {
        routers("A", "B", "C");
        mesh.connect("A", "B", 1);
        mesh.connect("B", "C", 1);
        mesh.run(10_000, 500);

        assertThat(mesh.engine("A").topology().nextHops()).isEqualTo(Map.of("B", "B", "C", "B"));
        assertThat(mesh.engine("A").topology().costs()).isEqualTo(Map.of("B", 1L, "C", 2L));
        assertThat(PathComputationTest.validOrigins(mesh.engine("A").topology()))
                .isEqualTo(Map.of("B", List.of(), "C", List.of()));
        assertThat(PathComputationTest.validOrigins(mesh.engine("B").topology()))
                .isEqualTo(Map.of("A", List.of("C"), "C", List.of("A")));
        assertThat(mesh.engine("C").topology().nextHops()).isEqualTo(Map.of("A", "B", "B", "B"));
        assertThat(mesh.engine("C").topology().costs()).isEqualTo(Map.of("A", 2L, "B", 1L));
    }

    @Test
    void ringOfFiveConvergesToWhatThePathComputationGivesForTheFullDatabase() {
        routers("A", "B", "C", "D", "E");
        mesh.connect("A", "B", 1);
        mesh.connect("B", "C", 1);
        mesh.connect("C", "D", 1);
        mesh.connect("D", "E", 1);
        mesh.connect("E", "A", 1);
        mesh.run(15_000, 500);

        Map<String, LinkState> truth = PathComputationTest.database("A-B:1", "B-C:1", "C-D:1", "D-E:1", "E-A:1");
        for (String id : List.of("A", "B", "C", "D", "E")) {
            assertThat(mesh.engine(id).topology()).isEqualTo(PathComputation.compute(id, truth));
        }
        assertThat(mesh.engine("A").topology().nextHops()).isEqualTo(Map.of("B", "B", "C", "B", "D", "E", "E", "E"));
    }

    @Test
    void diamondWithUnequalCostsRoutesAToDViaBAtCostTwo() {
        routers("A", "B", "C", "D");
        mesh.connect("A", "B", 1);
        mesh.connect("A", "C", 5);
        mesh.connect("B", "D", 1);
        mesh.connect("C", "D", 1);
        mesh.run(15_000, 500);

        Topology a = mesh.engine("A").topology();
        assertThat(a.route("D").orElseThrow()).isEqualTo(new RouterRoute("D", "B", 2, List.of()));
        assertThat(a.route("C").orElseThrow()).isEqualTo(new RouterRoute("C", "B", 3, List.of()));
        assertThat(PathComputationTest.validOrigins(mesh.engine("B").topology()))
                .isEqualTo(Map.of("A", List.of("C", "D"), "C", List.of("A"), "D", List.of("A")));
    }

    @Test
    void aPartitionCutsPathsAtOnceExpiresTheFarSideAndHeals() {
        routers("A", "B", "C", "D");
        mesh.connect("A", "B", 1);
        mesh.connect("B", "C", 1);
        mesh.connect("C", "D", 1);
        mesh.run(10_000, 500);
        assertThat(mesh.engine("A").topology().reachable()).containsExactly("B", "C", "D");

        mesh.cut("B", "C", true);
        mesh.pump();
        assertThat(mesh.engine("B").topology().reachable()).containsExactly("A");
        assertThat(mesh.engine("C").topology().reachable()).containsExactly("D");
        mesh.run(1_000, 500);
        assertThat(mesh.engine("A").topology().reachable()).containsExactly("B");
        assertThat(mesh.engine("D").topology().reachable()).containsExactly("C");
        assertThat(mesh.engine("A").knownRouters()).contains("C", "D");

        mesh.run(65_000, 1_000);
        assertThat(mesh.engine("A").knownRouters()).containsExactly("B");
        assertThat(mesh.engine("D").knownRouters()).containsExactly("C");

        mesh.connect("B", "C", 1);
        mesh.run(10_000, 500);
        assertThat(mesh.engine("A").topology().nextHops()).isEqualTo(Map.of("B", "B", "C", "B", "D", "B"));
        assertThat(mesh.engine("A").topology().costs()).isEqualTo(Map.of("B", 1L, "C", 2L, "D", 3L));
        assertThat(mesh.engine("D").topology().nextHops()).isEqualTo(Map.of("A", "C", "B", "C", "C", "C"));
    }

    @Test
    void aSilentPartitionIsNoticedWhenHellosStop() {
        routers("A", "B", "C");
        mesh.connect("A", "B", 1);
        mesh.connect("B", "C", 1);
        mesh.connect("A", "C", 10);
        mesh.run(10_000, 500);
        assertThat(mesh.engine("A").topology().route("C").orElseThrow().nextHop()).isEqualTo("B");

        mesh.cut("B", "C", false);
        mesh.run(2_500, 500);
        assertThat(mesh.engine("A").topology().route("C").orElseThrow().nextHop()).isEqualTo("B");
        mesh.run(1_500, 500);
        assertThat(mesh.engine("A").topology().route("C").orElseThrow()).isEqualTo(new RouterRoute("C", "C", 10,
                List.of("B")));
    }

    @Test
    void aRouterThatRestartsWithANewInstanceReplacesItsOldStateEverywhere() {
        routers("A", "B", "C");
        mesh.connect("A", "B", 1);
        mesh.connect("B", "C", 1);
        mesh.engine("C").localAddressAdded("M0svc", TreatmentHint.CLOSEST);
        mesh.run(10_000, 500);
        assertThat(mesh.engine("A").remoteAddresses()).isEqualTo(Map.of("C", Map.of("M0svc", TreatmentHint.CLOSEST)));
        long oldSeq = mesh.engine("A").linkStateDatabase().get("C").lsSeq();

        mesh.restart("C", 2000);
        mesh.engine("C").localAddressAdded("M0other", TreatmentHint.BALANCED);
        mesh.run(10_000, 500);

        LinkState seenByA = mesh.engine("A").linkStateDatabase().get("C");
        assertThat(seenByA).isEqualTo(mesh.engine("C").ownLinkState());
        assertThat(seenByA.lsSeq()).isLessThanOrEqualTo(oldSeq);
        assertThat(mesh.engine("A").topology().nextHops()).isEqualTo(Map.of("B", "B", "C", "B"));
        assertThat(mesh.engine("A").remoteAddresses())
                .isEqualTo(Map.of("C", Map.of("M0other", TreatmentHint.BALANCED)));
        assertThat(mesh.listener("A").addressEvents)
                .containsExactly("+C:M0svc:CLOSEST", "-C:M0svc", "+C:M0other:BALANCED");
    }

    @Test
    void aDuplicateRouterIdIsReportedAsCriticalAndTheNewcomerIsNotAccepted() {
        routers("A", "B", "C");
        mesh.connect("A", "B", 1);
        mesh.connect("B", "C", 1);
        mesh.run(5_000, 500);

        mesh.engine("A").receive(Hello.of("B", 4242, List.of("A")), 777, 1);
        mesh.pump();
        mesh.run(2_000, 500);

        assertThat(mesh.listener("A").duplicates).containsExactly(new DuplicateRouterId("B", 1000, 4242, 777));
        assertThat(mesh.engine("A").neighbours()).containsExactly("B");
        assertThat(mesh.engine("A").topology().nextHops()).isEqualTo(Map.of("B", "B", "C", "B"));
    }

    @Test
    void aHelloCarryingOurOwnIdFromAnotherInstanceIsReported() {
        mesh.addRouter("A", 1000);
        mesh.addRouter("B", 1000);
        mesh.connect("A", "B", 1);
        mesh.run(3_000, 500);
        mesh.engine("A").receive(Hello.of("A", 3000, List.of()), 99, 1);
        mesh.pump();
        assertThat(mesh.listener("A").duplicates).containsExactly(new DuplicateRouterId("A", 1000, 3000, 99));
        assertThat(mesh.engine("A").neighbours()).containsExactly("B");
    }
}
