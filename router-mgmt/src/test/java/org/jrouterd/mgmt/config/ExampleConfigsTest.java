package org.jrouterd.mgmt.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jrouterd.mgmt.config.ConfigParser.Mode;
import org.jrouterd.mgmt.schema.EntityCreate;
import org.junit.jupiter.api.Test;

/** The example configurations in the repository's conf/: standalone, three-router mesh, OpenStack RPC. */
class ExampleConfigsTest {

    private static final Path CONF = Path.of("..", "conf");

    private static List<String> types(List<EntityCreate> creates) {
        return creates.stream().map(create -> create.type().shortName()).toList();
    }

    @Test
    void standaloneConfigBecomesCreatesInLoadOrderWithListenersLast() throws ConfigException {
        List<EntityCreate> creates = ConfigParser.parse(CONF.resolve("standalone.conf"));

        assertThat(types(creates)).containsExactly("log", "router", "address", "address", "address", "address",
                "address", "address", "listener", "listener");
    }

    @Test
    void standaloneListenerHasTypedValuesAndQdrouterdDefaults() throws ConfigException {
        List<EntityCreate> creates = ConfigParser.parse(CONF.resolve("standalone.conf"));
        EntityCreate amqp = creates.get(8);
        EntityCreate local = creates.get(9);

        assertThat(amqp.name()).isEqualTo("amqp");
        assertThat(amqp.string("host")).isEqualTo("0.0.0.0");
        assertThat(amqp.string("port")).isEqualTo("amqp");
        assertThat(amqp.port("port")).isEqualTo(5672);
        assertThat(amqp.string("role")).isEqualTo("normal");
        assertThat(amqp.bool("authenticatePeer")).isFalse();
        assertThat(amqp.string("saslMechanisms")).isEqualTo("ANONYMOUS");
        assertThat(amqp.integer("maxFrameSize")).isEqualTo(16384L);
        assertThat(amqp.integer("maxSessions")).isEqualTo(32768L);
        assertThat(amqp.intValue("idleTimeoutSeconds")).isEqualTo(16);
        assertThat(amqp.intValue("linkCapacity")).isEqualTo(250);
        assertThat(amqp.string("stripAnnotations")).isEqualTo("both");
        assertThat(amqp.origin()).endsWith("standalone.conf:14");
        assertThat(local.port("port")).isEqualTo(5673);
        assertThat(local.string("host")).isEqualTo("127.0.0.1");
        assertThat(local.has("saslMechanisms")).isFalse();
    }

    @Test
    void standaloneRouterAddressesAndLogKeepWhatTheFileSays() throws ConfigException {
        List<EntityCreate> creates = ConfigParser.parse(CONF.resolve("standalone.conf"));
        EntityCreate log = creates.get(0);
        EntityCreate router = creates.get(1);

        assertThat(log.attributes()).containsEntry("module", "DEFAULT").containsEntry("enable", "info+")
                .containsEntry("includeTimestamp", true).containsEntry("outputFile", "stderr");
        assertThat(router.attributes()).containsEntry("id", "Router.Standalone")
                .containsEntry("mode", "standalone").containsEntry("workerThreads", 4L)
                .containsEntry("defaultDistribution", "balanced").containsEntry("helloIntervalSeconds", 1L);
        assertThat(creates.subList(2, 8))
                .extracting(c -> c.string("prefix"), c -> c.string("pattern"), c -> c.string("distribution"))
                .containsExactly(
                        tuple("closest", null, "closest"),
                        tuple("multicast", null, "multicast"),
                        tuple("unicast", null, "closest"),
                        tuple("exclusive", null, "closest"),
                        tuple("broadcast", null, "multicast"),
                        tuple(null, "events/#/audit", "multicast"));
        assertThat(creates.get(7).integer("priority")).isEqualTo(7L);
    }

    @Test
    void meshConfigsParseForRunningAsInteriorRouters() throws ConfigException {
        List<EntityCreate> a = ConfigParser.parse(CONF.resolve("mesh-router-a.conf"));
        List<EntityCreate> b = ConfigParser.parse(CONF.resolve("mesh-router-b.conf"));
        List<EntityCreate> c = ConfigParser.parse(CONF.resolve("mesh-router-c.conf"));

        assertThat(types(a)).containsExactly("log", "router", "address", "listener", "listener");
        assertThat(types(b)).containsExactly("router", "address", "listener", "listener", "connector");
        assertThat(types(c)).containsExactly("router", "address", "listener", "connector", "connector");
        assertThat(List.of(a.get(1), b.get(0), c.get(0))).extracting(r -> r.string("id"), r -> r.string("mode"))
                .containsExactly(tuple("Router.A", "interior"), tuple("Router.B", "interior"),
                        tuple("Router.C", "interior"));
        assertThat(a.get(1).attributes()).containsEntry("helloIntervalSeconds", 1L)
                .containsEntry("helloMaxAgeSeconds", 3L).containsEntry("raIntervalSeconds", 30L)
                .containsEntry("raIntervalFluxSeconds", 4L).containsEntry("remoteLsMaxAgeSeconds", 60L);
    }

    @Test
    void meshRoutersListenForClientsOnLoopbackOnePortEach() throws ConfigException {
        List<EntityCreate> clients = new ArrayList<>();
        for (String router : List.of("a", "b", "c")) {
            ConfigParser.parse(CONF.resolve("mesh-router-" + router + ".conf")).stream()
                    .filter(x -> "clients".equals(x.name())).forEach(clients::add);
        }

        assertThat(clients).extracting(x -> x.string("host"), x -> x.port("port"), x -> x.string("role"))
                .containsExactly(tuple("127.0.0.1", 5672, "normal"), tuple("127.0.0.1", 5673, "normal"),
                        tuple("127.0.0.1", 5674, "normal"));
    }

    @Test
    void meshIsATriangleOfInterRouterConnectionsOpenedByTheConnectors() throws ConfigException {
        List<EntityCreate> a = ConfigParser.parse(CONF.resolve("mesh-router-a.conf"));
        List<EntityCreate> b = ConfigParser.parse(CONF.resolve("mesh-router-b.conf"));
        List<EntityCreate> c = ConfigParser.parse(CONF.resolve("mesh-router-c.conf"));

        assertThat(a.get(4).attributes()).containsEntry("name", "mesh").containsEntry("host", "127.0.0.1")
                .containsEntry("port", "55672").containsEntry("role", "inter-router").containsEntry("cost", 1L);
        assertThat(b.get(3).attributes()).containsEntry("name", "mesh").containsEntry("port", "55673")
                .containsEntry("role", "inter-router").containsEntry("cost", 1L);
        assertThat(b.get(4)).extracting(EntityCreate::name, x -> x.string("host"), x -> x.port("port"),
                        x -> x.integer("cost"), x -> x.string("role"))
                .containsExactly("to-a", "127.0.0.1", 55672, 1L, "inter-router");
        assertThat(c.subList(3, 5)).extracting(EntityCreate::name, x -> x.string("host"), x -> x.port("port"),
                        x -> x.integer("cost"), x -> x.string("role"))
                .containsExactly(tuple("to-a", "127.0.0.1", 55672, 1L, "inter-router"),
                        tuple("to-b", "127.0.0.1", 55673, 5L, "inter-router"));
        assertThat(c.get(3).isGiven("cost")).isFalse();
        assertThat(c.get(4).isGiven("cost")).isTrue();
    }

    @Test
    void meshConfigsAreAlsoValidAgainstTheQdrouterdSchema() throws ConfigException {
        List<EntityCreate> a = ConfigParser.parse(CONF.resolve("mesh-router-a.conf"), Mode.VALIDATE_SCHEMA_ONLY);
        List<EntityCreate> c = ConfigParser.parse(CONF.resolve("mesh-router-c.conf"), Mode.VALIDATE_SCHEMA_ONLY);

        assertThat(types(a)).containsExactly("log", "router", "policy", "address", "listener", "listener");
        assertThat(types(c)).containsExactly("router", "policy", "address", "listener", "connector", "connector");
        assertThat(a.get(1).string("mode")).isEqualTo("interior");
    }

    @Test
    void openStackRpcConfigHasTheOsloMessagingPrefixes() throws ConfigException {
        List<EntityCreate> creates = ConfigParser.parse(CONF.resolve("openstack-rpc.conf"));

        assertThat(types(creates)).containsExactly("log", "router", "address", "address", "address", "address",
                "address", "address", "address", "address", "address", "listener");
        assertThat(creates.subList(2, 11)).extracting(c -> c.string("prefix"), c -> c.string("distribution"))
                .containsExactly(
                        tuple("openstack.org/om/rpc/multicast", "multicast"),
                        tuple("openstack.org/om/rpc/unicast", "closest"),
                        tuple("openstack.org/om/rpc/anycast", "balanced"),
                        tuple("openstack.org/om/notify/multicast", "multicast"),
                        tuple("openstack.org/om/notify/unicast", "closest"),
                        tuple("openstack.org/om/notify/anycast", "balanced"),
                        tuple("unicast", "closest"),
                        tuple("exclusive", "closest"),
                        tuple("broadcast", "multicast"));
    }

    @Test
    void openStackRpcConfigAcceptsHyphenatedAndOldAttributeNames() throws ConfigException {
        ParsedConfig parsed = new ConfigParser().load(CONF.resolve("openstack-rpc.conf"), Mode.RUN);
        List<EntityCreate> creates = parsed.creates();

        assertThat(creates.get(1).integer("workerThreads")).isEqualTo(8L);
        assertThat(creates.get(11).attributes()).containsEntry("saslMechanisms", "ANONYMOUS")
                .containsEntry("idleTimeoutSeconds", 16L).containsEntry("linkCapacity", 250L);
        assertThat(creates.get(0).string("outputFile")).isEqualTo("/var/log/qdrouterd/qdrouterd.log");
        assertThat(parsed.warnings()).containsExactly(CONF.resolve("openstack-rpc.conf")
                + ":84: log: attribute 'output' is deprecated, use 'outputFile'");
    }
}
