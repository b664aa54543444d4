package org.jrouterd.core.forward;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.jrouterd.core.address.Distribution;
import org.junit.jupiter.api.Test;

class ForwardingTableTest {

    private final ForwardingTable table = new ForwardingTable();

    private static AddressRoute local(String address) {
        return new AddressRoute(address, Distribution.BALANCED, new ConsumerEndpoint[] {new RecordingConsumer(address)});
    }

    private static AddressRoute toRouter(String routerId) {
        ConsumerEndpoint[] data = new ConsumerEndpoint[NeighbourLinks.PRIORITIES];
        for (int i = 0; i < data.length; i++) {
            data[i] = new RecordingConsumer("data" + i);
        }
        NeighbourLinks via = new NeighbourLinks(1, "B", 1, new RecordingConsumer("control"), data);
        return new AddressRoute(ForwardingTable.TOPOLOGICAL_PREFIX + routerId, Distribution.CLOSEST,
                new ConsumerEndpoint[0], new RemotePath[] {new RemotePath(routerId, 2, via, Set.of())}, -1);
    }

    @Test
    void mobileAddressesResolveAsTheyAre() {
        AddressRoute foo = local("foo");
        table.publish(foo);
        assertThat(table.resolve("foo", "A")).isSameAs(foo);
        assertThat(table.resolve("bar", "A")).isNull();
        assertThat(table.resolve("_topo/1/A/foo", "A")).as("another area is not topological here").isNull();
        assertThat(table.lookup("foo")).isSameAs(foo);
    }

    @Test
    void anAddressOfThisRouterIsLookedUpWholeFirst() {
        AddressRoute temp = local("_topo/0/A/temp.x");
        AddressRoute plain = local("temp.x");
        table.publish(temp);
        table.publish(plain);
        assertThat(table.resolve("_topo/0/A/temp.x", "A")).isSameAs(temp);
    }

    @Test
    void anAddressOfThisRouterFallsBackToWhatFollowsTheRouterId() {
        AddressRoute management = local("$management");
        table.publish(management);
        assertThat(table.resolve("_topo/0/A/$management", "A")).isSameAs(management);
        assertThat(table.resolve("_topo/0/A/temp.unknown", "A")).isNull();
        AddressRoute nested = local("a/b/c");
        table.publish(nested);
        assertThat(table.resolve("_topo/0/A/a/b/c", "A")).isSameAs(nested);
    }

    @Test
    void anAddressOfAnotherRouterGoesToThatRouter() {
        AddressRoute routeToC = toRouter("C");
        table.publishRouter("C", routeToC);
        table.publish(local("x"));
        assertThat(table.resolve("_topo/0/C/x", "A")).isSameAs(routeToC);
        assertThat(table.resolve("_topo/0/C/$management", "A")).isSameAs(routeToC);
        assertThat(table.lookupRouter("C")).isSameAs(routeToC);
        assertThat(table.resolve("_topo/0/D/x", "A")).as("unreachable router").isNull();
        table.removeRouter("C");
        assertThat(table.resolve("_topo/0/C/x", "A")).isNull();
        assertThat(table.lookupRouter("C")).isNull();
    }

    @Test
    void routerIdsThatArePrefixesOfEachOtherAreNotConfused() {
        AddressRoute management = local("$management");
        table.publish(management);
        AddressRoute routeToAB = toRouter("AB");
        AddressRoute routeToA = toRouter("A");
        table.publishRouter("AB", routeToAB);
        table.publishRouter("A", routeToA);
        assertThat(table.resolve("_topo/0/AB/$management", "A")).isSameAs(routeToAB);
        assertThat(table.resolve("_topo/0/A/$management", "AB")).isSameAs(routeToA);
        assertThat(table.resolve("_topo/0/A/$management", "A")).isSameAs(management);
        assertThat(table.resolve("_topo/0/AB/$management", "AB")).isSameAs(management);
    }

    @Test
    void aTopologicalAddressWithoutRestIsLookedUpAsIs() {
        AddressRoute odd = local("_topo/0/A");
        table.publish(odd);
        assertThat(table.resolve("_topo/0/A", "A")).isSameAs(odd);
        assertThat(table.resolve("_topo/0/", "A")).isNull();
    }

    @Test
    void anAddressToAllRoutersFindsItsLocalConsumers() {
        // RouterCore registers a consumer of _topo/0/all/x under the whole address (it names no one router).
        AddressRoute all = local("_topo/0/all/x");
        table.publish(all);
        assertThat(table.resolve("_topo/0/all/x", "A")).isSameAs(all);
    }

    @Test
    void removeForgetsAnAddress() {
        table.publish(local("foo"));
        assertThat(table.size()).isEqualTo(1);
        table.remove("foo");
        assertThat(table.resolve("foo", "A")).isNull();
        assertThat(table.size()).isZero();
    }
}
