package org.jrouterd.mgmt.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EntitySchemaTest {

    private final EntitySchema schema = EntitySchema.qdrouterd();

    @Test
    void findsATypeByShortLongAndFullName() {
        EntityType address = schema.type("address");

        assertThat(address.longName()).isEqualTo("router.config.address");
        assertThat(address.fullName()).isEqualTo("org.apache.qpid.dispatch.router.config.address");
        assertThat(schema.type("router.config.address")).isSameAs(address);
        assertThat(schema.type("org.apache.qpid.dispatch.router.config.address")).isSameAs(address);
        assertThat(schema.type("listener").fullName()).isEqualTo("org.apache.qpid.dispatch.listener");
        assertThat(schema.type("org.amqp.management").fullName()).isEqualTo("org.amqp.management");
    }

    @Test
    void knowsEveryQdrouterdConfigurationSection() {
        assertThat(schema.sectionNames()).contains("router", "listener", "connector", "sslProfile", "address",
                "linkRoute", "autoLink", "log", "policy", "vhost", "authServicePlugin", "exchange", "binding",
                "httpListener", "httpConnector", "tcpListener", "tcpConnector");
    }

    @Test
    void knowsTheOperationalTypesManagementWillReport() {
        for (String name : List.of("router.link", "router.address", "router.node", "connection")) {
            EntityType type = schema.type(name);
            assertThat(type.configuration()).as(name).isFalse();
            assertThat(type.fullName()).isEqualTo("org.apache.qpid.dispatch." + name);
        }
        assertThat(schema.type("router.node").attributes()).containsKeys("id", "nextHop", "validOrigins", "cost",
                "linkState", "address", "routerLink", "index");
        assertThat(schema.type("router.link").attribute("linkType").enumValues())
                .containsExactly("endpoint", "router-control", "inter-router");
        assertThat(schema.type("connection").attribute("host").creatable()).isFalse();
    }

    @Test
    void marksWhatJrouterdImplementsToday() {
        assertThat(schema.types().values().stream().filter(EntityType::implemented).map(EntityType::shortName))
                .containsExactlyInAnyOrder("router", "listener", "connector", "address", "log", "sslProfile");
        for (String type : List.of("listener", "connector")) {
            assertThat(schema.type(type).attribute("role").unimplementedValues()).as(type)
                    .containsExactly("route-container", "edge");
            assertThat(schema.type(type).attribute("cost").implemented()).as(type).isTrue();
        }
        assertThat(schema.type("router").attribute("mode").unimplementedValues()).containsExactly("edge");
        assertThat(schema.type("listener").attribute("sslProfile").implemented()).isTrue();
        assertThat(schema.type("listener").attribute("trustedCertsFile").implemented()).isFalse();
    }

    @Test
    void hasTheMeshAttributesWithQdrouterdDefaults() {
        EntityType router = schema.type("router");
        Map<String, Long> timers = Map.of("helloIntervalSeconds", 1L, "helloMaxAgeSeconds", 3L,
                "raIntervalSeconds", 30L, "raIntervalFluxSeconds", 4L, "remoteLsMaxAgeSeconds", 60L);

        timers.forEach((name, value) -> {
            AttributeDef def = router.attribute(name);
            assertThat(def.type()).as(name).isEqualTo(AttributeType.INTEGER);
            assertThat(def.defaultValue()).as(name).isEqualTo(value);
            assertThat(def.min()).as(name).isEqualTo(1L);
            assertThat(def.implemented()).as(name).isTrue();
        });
        for (String type : List.of("listener", "connector")) {
            AttributeDef cost = schema.type(type).attribute("cost");
            assertThat(cost.type()).as(type).isEqualTo(AttributeType.INTEGER);
            assertThat(cost.defaultValue()).as(type).isEqualTo(1L);
            assertThat(cost.min()).as(type).isEqualTo(1L);
            assertThat(schema.type(type).attribute("role").enumValues()).as(type).contains("inter-router");
        }
        assertThat(router.attribute("mode").enumValues()).containsExactly("standalone", "interior", "edge");
    }

    @Test
    void knowsTheSingletons() {
        assertThat(schema.types().values().stream().filter(EntityType::singleton).map(EntityType::longName))
                .containsExactlyInAnyOrder("router", "policy", "console", "management");
    }

    @ParameterizedTest(name = "{0} {1} is the old name of {2}")
    @CsvSource({
        "router, helloInterval, helloIntervalSeconds",
        "router, helloMaxAge, helloMaxAgeSeconds",
        "router, raInterval, raIntervalSeconds",
        "router, raIntervalFlux, raIntervalFluxSeconds",
        "router, remoteLsMaxAge, remoteLsMaxAgeSeconds",
        "router, saslConfigPath, saslConfigDir",
        "router, debugDump, debugDumpFile",
        "linkRoute, dir, direction",
        "autoLink, dir, direction",
        "autoLink, addr, address",
        "autoLink, externalAddr, externalAddress",
        "sslProfile, keyFile, privateKeyFile",
        "sslProfile, certDb, caCertFile",
        "sslProfile, displayNameFile, uidNameMappingFile",
        "listener, failoverList, failoverUrls",
        "listener, trustedCerts, trustedCertsFile",
        "listener, logMessage, messageLoggingComponents",
        "listener, addr, host",
        "connector, verifyHostName, verifyHostname",
        "log, output, outputFile",
        "log, timestamp, includeTimestamp",
        "log, source, includeSource",
        "vhost, id, hostname",
        "authServicePlugin, saslInitHostname, realm",
    })
    void resolvesDeprecatedAttributeNames(String type, String oldName, String newName) {
        AttributeDef def = schema.type(type).attribute(oldName);

        assertThat(def.name()).isEqualTo(newName);
        assertThat(def.deprecatedNames()).contains(oldName);
    }

    @Test
    void everyDefaultIsAValidValueOfItsAttribute() throws InvalidValueException {
        List<String> checked = new ArrayList<>();
        for (EntityType type : schema.types().values()) {
            for (AttributeDef def : type.attributes().values()) {
                if (def.defaultValue() != null) {
                    assertThat(AttributeValues.coerce(def, def.defaultValue())).as(type + "." + def.name())
                            .isEqualTo(def.defaultValue());
                    checked.add(def.name());
                }
            }
        }
        assertThat(checked).hasSizeGreaterThan(50);
    }

    @Test
    void everyUnimplementedValueIsAnAllowedValue() {
        for (EntityType type : schema.types().values()) {
            for (AttributeDef def : type.attributes().values()) {
                assertThat(def.enumValues()).as(type + "." + def.name()).containsAll(def.unimplementedValues());
            }
        }
    }

    @Test
    void hasQdrouterdDefaultsForTheListener() {
        EntityType listener = schema.type("listener");

        assertThat(listener.attribute("port").defaultValue()).isEqualTo("amqp");
        assertThat(listener.attribute("host").defaultValue()).isEqualTo("");
        assertThat(listener.attribute("maxFrameSize").defaultValue()).isEqualTo(16384L);
        assertThat(listener.attribute("maxSessions").defaultValue()).isEqualTo(32768L);
        assertThat(listener.attribute("idleTimeoutSeconds").defaultValue()).isEqualTo(16L);
        assertThat(listener.attribute("linkCapacity").defaultValue()).isEqualTo(250L);
        assertThat(listener.attribute("stripAnnotations").defaultValue()).isEqualTo("both");
        assertThat(listener.attribute("authenticatePeer").defaultValue()).isEqualTo(false);
        assertThat(schema.type("connector").attribute("host").defaultValue()).isEqualTo("127.0.0.1");
    }

    @Test
    void putsLogAndRouterFirstAndListenersAndConnectorsLast() {
        assertThat(schema.loadRank(schema.type("log"))).isLessThan(schema.loadRank(schema.type("router")));
        assertThat(schema.loadRank(schema.type("vhost"))).isLessThan(schema.loadRank(schema.type("tcpListener")));
        assertThat(schema.loadRank(schema.type("tcpListener"))).isLessThan(schema.loadRank(schema.type("listener")));
        assertThat(schema.loadRank(schema.type("listener"))).isEqualTo(schema.loadRank(schema.type("connector")));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "sasl-mechanisms, saslMechanisms",
        "sasl_mechanisms, saslMechanisms",
        "saslMechanisms, saslMechanisms",
        "idle-timeout-seconds, idleTimeoutSeconds",
        "link-route, linkRoute",
        "router, router",
    })
    void normalisesNamesToCamelCase(String written, String normalised) {
        assertThat(Names.camelCase(written)).isEqualTo(normalised);
    }

    @Test
    void resolvesPortNumbersAndServiceNames() {
        assertThat(AttributeValues.portNumber("amqp")).isEqualTo(5672);
        assertThat(AttributeValues.portNumber("AMQPS")).isEqualTo(5671);
        assertThat(AttributeValues.portNumber("0")).isZero();
        assertThat(AttributeValues.portNumber("65535")).isEqualTo(65535);
        assertThatThrownBy(() -> AttributeValues.portNumber("-1")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AttributeValues.portNumber("https")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void validatesAManagementStyleCreateWithTypedValuesAndNoLines() throws InvalidEntityException {
        EntityValidator validator = new EntityValidator(SecretResolver.system(), true);
        List<EntityValidator.Warning> warnings = new ArrayList<>();

        EntityCreate create = validator.validate(schema.type("org.apache.qpid.dispatch.listener"), 0,
                List.of(new RawAttribute("name", "l1", 0), new RawAttribute("port", 0L, 0),
                        new RawAttribute("maxFrameSize", 65536L, 0), new RawAttribute("authenticatePeer", true, 0)),
                null, warnings);

        assertThat(create.attributes()).containsEntry("port", "0").containsEntry("maxFrameSize", 65536L)
                .containsEntry("authenticatePeer", true).containsEntry("role", "normal");
        assertThat(create.name()).isEqualTo("l1");
        assertThat(warnings).isEmpty();
    }

    @Test
    void refusesToCreateAnOperationalEntity() {
        EntityValidator validator = new EntityValidator(SecretResolver.system(), false);

        assertThatThrownBy(() -> validator.validate(schema.type("router.link"), 0, List.of(), null,
                new ArrayList<>()))
                .isInstanceOf(InvalidEntityException.class)
                .hasMessage("router.link is an operational entity type: the router reports it, it cannot be created");
    }

    @Test
    void refusesJsonValuesOfTheWrongKind() {
        AttributeDef maxFrameSize = schema.type("listener").attribute("maxFrameSize");
        AttributeDef groups = schema.type("vhost").attribute("groups");

        assertThatThrownBy(() -> AttributeValues.coerce(maxFrameSize, 1.5))
                .hasMessage("a number (1.5) is not an integer");
        assertThatThrownBy(() -> AttributeValues.coerce(groups, "admin"))
                .hasMessage("expects a JSON object ({ ... }), not text 'admin'");
        assertThatThrownBy(() -> AttributeValues.coerce(maxFrameSize, Map.of()))
                .hasMessage("a JSON object is not an integer");
    }
}
