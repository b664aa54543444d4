package org.jrouterd.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jrouterd.core.address.AddressConfig;
import org.jrouterd.core.address.AddressConfigTable;
import org.jrouterd.core.address.Distribution;
import org.jrouterd.core.forward.AddressRoute;
import org.jrouterd.core.forward.ForwardingTable;
import org.jrouterd.core.forward.ProducerEndpoint;
import org.jrouterd.core.forward.RecordingConsumer;
import org.junit.jupiter.api.Test;

class RouterCoreTest {

    private final ForwardingTable table = new ForwardingTable();
    private final AddressConfigTable config = new AddressConfigTable(Distribution.BALANCED);
    private final CoreProxy proxy = new CoreProxy(new RouterCore(table, config::distributionFor));

    /** A producer endpoint that records the routes the core pushes to it. */
    private static final class RecordingProducer implements ProducerEndpoint {
        final List<AddressRoute> routes = new CopyOnWriteArrayList<>();

        @Override
        public void routeChanged(AddressRoute route) {
            routes.add(route);
        }

        boolean hasCredit() {
            return !routes.isEmpty() && routes.get(routes.size() - 1).reachable();
        }
    }

    @Test
    void producerGetsNoCreditUntilAConsumerAttaches() {
        RecordingProducer producer = new RecordingProducer();
        proxy.attachProducer("q", producer);
        proxy.doWork();
        assertThat(producer.routes).hasSize(1);
        assertThat(producer.hasCredit()).isFalse();

        RecordingConsumer consumer = new RecordingConsumer("c");
        proxy.attachConsumer("q", consumer);
        proxy.doWork();
        assertThat(producer.hasCredit()).isTrue();
        assertThat(table.lookup("q").consumerCount()).isEqualTo(1);
    }

    @Test
    void aProducerToThisRoutersTopologicalFormOfAnAddressGetsThatAddressesRoute() {
        // qdstat -r <id> from a client of that very router: target _topo/0/<id>/$management.
        RecordingConsumer agent = new RecordingConsumer("agent");
        proxy.attachConsumer(RouterCore.MANAGEMENT_ADDRESS, agent);
        RecordingProducer producer = new RecordingProducer();
        proxy.attachProducer("_topo/0/standalone/$management", producer);
        proxy.doWork();
        assertThat(producer.hasCredit()).isTrue();
        assertThat(producer.routes.get(0).address()).isEqualTo(RouterCore.MANAGEMENT_ADDRESS);

        proxy.detachProducer("_topo/0/standalone/$management", producer);
        proxy.detachConsumer(RouterCore.MANAGEMENT_ADDRESS, agent);
        proxy.doWork();
        assertThat(table.lookup(RouterCore.MANAGEMENT_ADDRESS)).as("nothing left attached").isNull();
    }

    @Test
    void aProducerToADynamicAddressOfThisRouterIsRoutedToItWhole() {
        RecordingConsumer dynamic = new RecordingConsumer("reply");
        proxy.attachConsumer("_topo/0/standalone/temp.1", dynamic);
        RecordingProducer producer = new RecordingProducer();
        proxy.attachProducer("_topo/0/standalone/temp.1", producer);
        proxy.doWork();
        assertThat(producer.hasCredit()).isTrue();
        assertThat(producer.routes.get(0).address()).isEqualTo("_topo/0/standalone/temp.1");
    }

    @Test
    void producerLosesCreditWhenTheLastConsumerDetaches() {
        RecordingProducer producer = new RecordingProducer();
        RecordingConsumer first = new RecordingConsumer("first");
        RecordingConsumer second = new RecordingConsumer("second");
        proxy.attachConsumer("q", first);
        proxy.attachConsumer("q", second);
        proxy.attachProducer("q", producer);
        proxy.doWork();
        assertThat(producer.hasCredit()).isTrue();

        proxy.detachConsumer("q", first);
        proxy.doWork();
        assertThat(producer.hasCredit()).isTrue();
        assertThat(table.lookup("q").consumerCount()).isEqualTo(1);

        proxy.detachConsumer("q", second);
        proxy.doWork();
        assertThat(producer.hasCredit()).isFalse();
    }

    @Test
    void producerAttachedAfterTheConsumerGetsCreditAtOnce() {
        proxy.attachConsumer("q", new RecordingConsumer("c"));
        RecordingProducer producer = new RecordingProducer();
        proxy.attachProducer("q", producer);
        proxy.doWork();
        assertThat(producer.routes).hasSize(1);
        assertThat(producer.hasCredit()).isTrue();
    }

    @Test
    void addressIsForgottenWhenItsLastLinkGoes() {
        RecordingProducer producer = new RecordingProducer();
        RecordingConsumer consumer = new RecordingConsumer("c");
        proxy.attachProducer("q", producer);
        proxy.attachConsumer("q", consumer);
        proxy.doWork();
        proxy.detachConsumer("q", consumer);
        proxy.doWork();
        assertThat(table.lookup("q")).isNotNull();
        proxy.detachProducer("q", producer);
        proxy.doWork();
        assertThat(table.lookup("q")).isNull();
        assertThat(table.size()).isZero();
    }

    @Test
    void configuredDistributionAppliesToNewAddresses() {
        config.add(AddressConfig.prefix("multicast", Distribution.MULTICAST));
        config.add(AddressConfig.pattern("*.closed", Distribution.UNAVAILABLE));
        proxy.attachConsumer("multicast.news", new RecordingConsumer("m"));
        proxy.attachConsumer("service.closed", new RecordingConsumer("u"));
        proxy.attachConsumer("other", new RecordingConsumer("o"));
        proxy.doWork();
        assertThat(table.lookup("multicast.news").distribution()).isEqualTo(Distribution.MULTICAST);
        assertThat(table.lookup("service.closed").reachable()).isFalse();
        assertThat(table.lookup("other").distribution()).isEqualTo(Distribution.BALANCED);
    }

    @Test
    void detachOfAnUnknownLinkChangesNothing() {
        RecordingProducer producer = new RecordingProducer();
        proxy.attachProducer("q", producer);
        proxy.detachConsumer("q", new RecordingConsumer("stranger"));
        proxy.detachProducer("nowhere", producer);
        proxy.doWork();
        assertThat(producer.routes).hasSize(1);
    }
}
