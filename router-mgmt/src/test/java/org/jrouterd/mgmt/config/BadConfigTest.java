package org.jrouterd.mgmt.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.jrouterd.mgmt.config.ConfigParser.Mode;
import org.jrouterd.mgmt.schema.EntitySchema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every kind of bad configuration stops the load with exactly {@code file:line: message}, naming the section and the
 * attribute.
 */
class BadConfigTest {

    @TempDir
    Path dir;

    private final ConfigParser parser = new ConfigParser(EntitySchema.qdrouterd(), Map.of("SET", "s3cret")::get);

    private void assertRefused(String conf, String expected) {
        assertRefused("bad.conf", conf, Mode.RUN, expected);
    }

    private void assertRefusedEvenForValidation(String conf, String expected) {
        assertRefused("bad.conf", conf, Mode.VALIDATE_SCHEMA_ONLY, expected);
        assertRefused("bad.conf", conf, Mode.RUN, expected);
    }

    private void assertRefused(String fileName, String conf, Mode mode, String expected) {
        assertThatThrownBy(() -> parser.load(fileName, conf, dir, mode))
                .isInstanceOf(ConfigException.class)
                .hasMessage(expected)
                .hasToString(expected);
    }

    @Test
    void unknownSectionIsRefusedWithASuggestion() {
        assertRefusedEvenForValidation("""
                listner {
                    port: 5672
                }
                """, "bad.conf:1: unknown section 'listner' (did you mean 'listener'?)");
    }

    @Test
    void operationalTypeIsNotASection() {
        assertRefusedEvenForValidation("""
                router {
                }
                connection {
                }
                """, "bad.conf:3: unknown section 'connection' (did you mean 'connector'?)");
    }

    @Test
    void unknownAttributeIsRefusedWithASuggestion() {
        assertRefusedEvenForValidation("""
                listener {
                    host: 0.0.0.0
                    sasl-mechanism: ANONYMOUS   # one letter short
                }
                """, "bad.conf:3: listener: unknown attribute 'sasl-mechanism' (did you mean 'saslMechanisms'?)");
    }

    @Test
    void unknownAttributeWithoutALikelyMeaningHasNoSuggestion() {
        assertRefusedEvenForValidation("""
                address {
                    prefix: a
                    colour: blue
                }
                """, "bad.conf:3: address: unknown attribute 'colour'");
    }

    @Test
    void textWhereAnIntegerBelongsIsRefused() {
        assertRefusedEvenForValidation("""
                listener {
                    port: 5672
                    maxFrameSize: big
                }
                """, "bad.conf:3: listener: attribute 'maxFrameSize': 'big' is not an integer");
    }

    @Test
    void integerBelowTheMinimumIsRefused() {
        assertRefusedEvenForValidation("""
                listener {
                    maxFrameSize: 100
                }
                """, "bad.conf:2: listener: attribute 'maxFrameSize': 100 is too small: the minimum is 512");
    }

    @Test
    void priorityAboveNineIsRefused() {
        assertRefusedEvenForValidation("""
                address {
                    prefix: orders
                    priority: 12
                }
                """, "bad.conf:3: address: attribute 'priority': 12 is too large: the maximum is 9");
    }

    @Test
    void distributionNotInTheEnumIsRefused() {
        assertRefusedEvenForValidation("""
                address {
                    prefix: orders
                    distribution: fastest
                }
                """, "bad.conf:3: address: attribute 'distribution': 'fastest' is not one of multicast, closest, "
                + "balanced, unavailable");
    }

    @Test
    void portOutOfRangeIsRefused() {
        assertRefusedEvenForValidation("""
                listener {
                    host: 0.0.0.0
                    port: 70000
                }
                """, "bad.conf:3: listener: attribute 'port': '70000' is not a port: use 0 to 65535 or a service "
                + "name (amqp, amqps)");
    }

    @Test
    void unknownServiceNameAsPortIsRefused() {
        assertRefusedEvenForValidation("""
                listener {
                    port: amqpx
                }
                """, "bad.conf:2: listener: attribute 'port': 'amqpx' is not a port: use 0 to 65535 or a service "
                + "name (amqp, amqps)");
    }

    @Test
    void booleanThatIsNoneOfTheSixWordsIsRefused() {
        assertRefusedEvenForValidation("""
                listener {
                    authenticatePeer: maybe
                }
                """, "bad.conf:2: listener: attribute 'authenticatePeer': 'maybe' is not a boolean: use yes/no, "
                + "true/false or on/off");
    }

    @Test
    void missingRequiredAttributeIsReportedAtTheSectionLine() {
        assertRefusedEvenForValidation("""
                router {
                    id: A
                }

                log {
                    enable: info+
                }
                """, "bad.conf:5: log: missing required attribute 'module'");
    }

    @Test
    void linkRouteWithoutDirectionIsRefused() {
        assertRefused("bad.conf", """
                linkRoute {
                    prefix: queue
                    connection: broker
                }
                """, Mode.VALIDATE_SCHEMA_ONLY, "bad.conf:1: linkRoute: missing required attribute 'direction'");
    }

    @Test
    void secondRouterSectionIsRefused() {
        assertRefusedEvenForValidation("""
                router {
                    id: A
                }

                router {
                    id: B
                }
                """, "bad.conf:5: router: only one router section is allowed; the first is at line 1");
    }

    @Test
    void sectionThatIsNeverClosedIsReportedWhereItOpens() {
        assertRefusedEvenForValidation("""
                router {
                    id: A
                }
                listener {
                    port: 5672
                """, "bad.conf:4: listener: section is not closed: missing '}' for the '{' on this line");
    }

    @Test
    void sectionStartingInsideAnotherMeansABraceIsMissing() {
        assertRefusedEvenForValidation("""
                listener {
                    port: 5672
                address {
                    prefix: a
                }
                """, "bad.conf:3: section 'address' starts inside section 'listener' opened at line 1: is a '}' "
                + "missing?");
    }

    @Test
    void strayClosingBraceIsRefused() {
        assertRefusedEvenForValidation("""
                address {
                    prefix: a
                }
                }
                """, "bad.conf:4: unexpected '}': no section is open");
    }

    @Test
    void attributeOutsideASectionIsRefused() {
        assertRefusedEvenForValidation("""
                # no section yet
                port: 5672
                """, "bad.conf:2: attribute 'port' is outside a section: put it inside a section such as "
                + "'listener { ... }'");
    }

    @Test
    void sectionNameWithoutItsBraceIsRefused() {
        assertRefusedEvenForValidation("""
                router
                {
                    id: A
                }
                """, "bad.conf:1: section 'router' must be followed by '{' on the same line");
    }

    @Test
    void sectionOnOneLineIsRefused() {
        assertRefusedEvenForValidation("""
                policy { }
                """, "bad.conf:1: section 'policy' must end its first line with '{' and close with '}' on a line "
                + "of its own");
    }

    @Test
    void quotedValueIsRefusedBecauseQdrouterdConfDoesNotQuote() {
        assertRefusedEvenForValidation("""
                router {
                    id: "Router.A"
                }
                """, "bad.conf:2: router: attribute 'id': values are not quoted in qdrouterd.conf; write Router.A "
                + "without the quotes");
    }

    @Test
    void jsonNullIsNotAValue() {
        assertRefused("bad.json", """
                [["listener", {"port": null}]]
                """, Mode.RUN, "bad.json:1: listener: attribute 'port': null is not a value; leave the attribute "
                + "out instead");
    }

    @Test
    void lineThatIsNotAnAttributeInsideASectionIsRefused() {
        assertRefusedEvenForValidation("""
                listener {
                    port 5672
                }
                """, "bad.conf:2: listener: expected 'attribute: value' or '}' but found 'port 5672'");
    }

    @Test
    void attributeWithoutAValueIsRefused() {
        assertRefusedEvenForValidation("""
                listener {
                    host:        # forgot it
                    port: 5672
                }
                """, "bad.conf:2: listener: attribute 'host' has no value");
    }

    @Test
    void attributeSetTwiceIsRefused() {
        assertRefusedEvenForValidation("""
                listener {
                    port: 5672
                    host: 0.0.0.0
                    port: 5673
                }
                """, "bad.conf:4: listener: attribute 'port' is set twice (first at line 2)");
    }

    @Test
    void hyphenatedAndCamelCaseSpellingsAreTheSameAttribute() {
        assertRefusedEvenForValidation("""
                listener {
                    sasl-mechanisms: ANONYMOUS
                    saslMechanisms: PLAIN
                }
                """, "bad.conf:3: listener: attribute 'saslMechanisms' is set twice ('sasl-mechanisms' and "
                + "'saslMechanisms' are the same attribute) (first at line 2)");
    }

    @Test
    void deprecatedAliasAndNewNameTogetherAreRefused() {
        assertRefused("bad.conf", """
                linkRoute {
                    prefix: queue
                    dir: in
                    direction: out
                }
                """, Mode.VALIDATE_SCHEMA_ONLY, "bad.conf:4: linkRoute: attribute 'direction' is set twice ('dir' and "
                + "'direction' are the same attribute) (first at line 3)");
    }

    @Test
    void addressWithBothPrefixAndPatternIsRefused() {
        assertRefusedEvenForValidation("""
                address {
                    prefix: a
                    pattern: a/#
                }
                """, "bad.conf:3: address: needs exactly one of the attributes 'prefix' or 'pattern', but both are "
                + "set");
    }

    @Test
    void addressWithNeitherPrefixNorPatternIsRefused() {
        assertRefusedEvenForValidation("""
                address {
                    distribution: closest
                }
                """, "bad.conf:1: address: needs exactly one of the attributes 'prefix' or 'pattern', but neither is "
                + "set");
    }

    @Test
    void patternWithTwoWordsIsRefusedBecauseHashIsNotAComment() {
        assertRefusedEvenForValidation("""
                address {
                    pattern: a/#/b c
                }
                """, "bad.conf:2: address: attribute 'pattern': the value must be one word, but found 'a/#/b c' "
                + "('#' is part of a pattern; a comment must start after a space)");
    }

    @Test
    void unimplementedSectionTypeIsRefusedPlainly() {
        assertRefused("""
                router {
                    id: A
                }
                authServicePlugin {
                    name: auth
                    host: auth.example.net
                }
                """, "bad.conf:4: authServicePlugin is not supported by jrouterd yet");
    }

    @Test
    void routeContainerConnectorIsRefusedUntilLinkRoutesAreImplemented() {
        assertRefused("""
                connector {
                    host: broker.example.net
                    port: 5672
                    role: route-container
                }
                """, "bad.conf:4: connector: attribute 'role': 'route-container' is not supported by jrouterd yet");
    }

    @Test
    void unimplementedAttributeWithANonDefaultValueIsRefused() {
        assertRefused("""
                listener {
                    port: 5671
                    saslPlugin: auth
                }
                """, "bad.conf:3: listener: attribute 'saslPlugin' is not supported by jrouterd yet");
    }

    @Test
    void unimplementedAttributeAtItsDefaultValueIsAccepted() throws ConfigException {
        ParsedConfig parsed = parser.load("ok.conf", """
                listener {
                    port: 5672
                    multiTenant: no
                    http: false
                }
                """, dir, Mode.RUN);

        assertThat(parsed.creates().get(1).bool("multiTenant")).isFalse();
    }

    @Test
    void unimplementedEnumValueIsRefused() {
        assertRefused("""
                listener {
                    port: 45672
                    role: edge
                }
                """, "bad.conf:3: listener: attribute 'role': 'edge' is not supported by jrouterd yet");
    }

    @Test
    void edgeModeIsRefusedUntilEdgeRoutersAreImplemented() {
        assertRefused("""
                router {
                    mode: edge
                }
                """, "bad.conf:2: router: attribute 'mode': 'edge' is not supported by jrouterd yet");
    }

    @Test
    void interRouterListenerOnAStandaloneRouterIsRefusedAtItsRole() {
        assertRefusedEvenForValidation("""
                router {
                    mode: standalone
                    id: A
                }
                listener {
                    port: 55672
                    role: inter-router
                }
                """, "bad.conf:7: listener: role inter-router needs router mode interior (this router is "
                + "standalone, set at line 2)");
    }

    @Test
    void interRouterConnectorWithoutARouterSectionIsRefusedBecauseTheDefaultIsStandalone() {
        assertRefusedEvenForValidation("""
                listener {
                    port: 5672
                }
                connector {
                    host: router-a.example.net
                    port: 55672
                    role: inter-router
                    cost: 3
                }
                """, "bad.conf:7: connector: role inter-router needs router mode interior (this router is "
                + "standalone, the default)");
    }

    @Test
    void interRouterConnectorBeforeARouterSectionWithoutModeIsRefusedAtTheConnector() {
        assertRefusedEvenForValidation("""
                connector {
                    name: to-a
                    role: inter-router
                    port: 55672
                }
                router {
                    id: B
                }
                """, "bad.conf:3: connector: role inter-router needs router mode interior (this router is "
                + "standalone, the default)");
    }

    @Test
    void firstOfSeveralInterRouterSectionsIsTheOneReported() {
        assertRefusedEvenForValidation("""
                listener {
                    role: inter-router
                    port: 55672
                }
                connector {
                    role: inter-router
                    port: 55673
                }
                router {
                    id: B
                    mode: standalone
                }
                """, "bad.conf:2: listener: role inter-router needs router mode interior (this router is "
                + "standalone, set at line 11)");
    }

    @Test
    void interRouterListenerOnAnEdgeRouterIsRefusedEvenWhenCheckingTheSchemaOnly() {
        assertRefused("bad.conf", """
                router {
                    mode: edge
                }
                listener {
                    port: 55672
                    role: inter-router
                }
                """, Mode.VALIDATE_SCHEMA_ONLY, "bad.conf:6: listener: role inter-router needs router mode interior "
                + "(this router is an edge router, set at line 2)");
    }

    @Test
    void interRouterConnectorInJsonFormIsReportedAtTheRoleLine() {
        assertRefused("bad.json", """
                [
                    ["router", {"id": "A"}],
                    ["connector", {"port": 55672,
                                   "role": "inter-router"}]
                ]
                """, Mode.RUN, "bad.json:4: connector: role inter-router needs router mode interior (this router is "
                + "standalone, the default)");
    }

    @Test
    void aProblemInTheRouterSectionComesBeforeTheInterRouterCheck() {
        assertRefused("""
                listener {
                    port: 55672
                    role: inter-router
                }
                router {
                    mode: mesh
                }
                """, "bad.conf:6: router: attribute 'mode': 'mesh' is not one of standalone, interior, edge");
    }

    @Test
    void interRouterCostBelowOneIsRefused() {
        assertRefusedEvenForValidation("""
                router {
                    mode: interior
                }
                connector {
                    port: 55672
                    role: inter-router
                    cost: 0
                }
                """, "bad.conf:7: connector: attribute 'cost': 0 is too small: the minimum is 1");
    }

    @Test
    void helloMaxAgeOfZeroIsRefusedUnderItsOldNameToo() {
        assertRefusedEvenForValidation("""
                router {
                    mode: interior
                    helloMaxAge: 0
                }
                """, "bad.conf:3: router: attribute 'helloMaxAgeSeconds': 0 is too small: the minimum is 1");
    }

    @Test
    void readOnlyAttributeCannotBeConfigured() {
        assertRefused("bad.conf", """
                connector {
                    port: 5672
                    connectionStatus: SUCCESS
                }
                """, Mode.VALIDATE_SCHEMA_ONLY, "bad.conf:3: connector: attribute 'connectionStatus' is read-only: "
                + "the router reports it, it cannot be configured");
    }

    @Test
    void nestedMapOnASingleValueAttributeIsRefused() {
        assertRefusedEvenForValidation("""
                listener {
                    host: {
                        "a": 1
                    }
                }
                """, "bad.conf:2: listener: attribute 'host' takes a single value, not a nested '{ ... }' map");
    }

    @Test
    void invalidJsonInOpenPropertiesIsReportedAtItsLine() {
        assertRefused("bad.conf", """
                listener {
                    port: 5672
                    openProperties: {
                        "cluster": "east",
                        "zone": east
                    }
                }
                """, Mode.VALIDATE_SCHEMA_ONLY, "bad.conf:5: listener: attribute 'openProperties': invalid JSON: "
                + "expected a JSON value but found 'east'");
    }

    @Test
    void openPropertiesThatNeverCloseAreReportedWhereTheyStart() {
        assertRefused("bad.conf", """
                listener {
                    port: 5672
                    openProperties: {
                        "cluster": "east"
                """, Mode.VALIDATE_SCHEMA_ONLY, "bad.conf:3: listener: attribute 'openProperties': the JSON value "
                + "that starts on this line is never closed");
    }

    @Test
    void reservedOpenPropertyKeyIsRefused() {
        assertRefused("bad.conf", """
                listener {
                    openProperties: {
                        "product": "not-qdrouterd"
                    }
                }
                """, Mode.VALIDATE_SCHEMA_ONLY, "bad.conf:2: listener: attribute 'openProperties': key 'product' is "
                + "reserved: the router sets product, version, failover-server-list, network-host, port, scheme, "
                + "hostname");
    }

    @Test
    void logLevelThatDoesNotExistIsRefused() {
        assertRefusedEvenForValidation("""
                log {
                    module: ROUTER
                    enable: loud+
                }
                """, "bad.conf:3: log: attribute 'enable': 'loud+' is not a log level list: use 'none' or levels "
                + "from trace, debug, info, notice, warning, error, critical, each optionally followed by '+' "
                + "(e.g. 'info+')");
    }

    @Test
    void logModuleConfiguredTwiceIsRefused() {
        assertRefusedEvenForValidation("""
                log {
                    module: DEFAULT
                    enable: info+
                }
                log {
                    module: default
                    enable: trace+
                }
                """, "bad.conf:6: log: module 'DEFAULT' is already configured by the log section at line 1");
    }

    @Test
    void nameUsedByTwoSectionsIsRefused() {
        assertRefusedEvenForValidation("""
                listener {
                    name: amqp
                    port: 5672
                }
                listener {
                    port: 5673
                    name: amqp
                }
                """, "bad.conf:7: listener: name 'amqp' is already used by the listener section at line 1");
    }

    @Test
    void twoUnnamedListenersOnTheSameHostAndPortAreRefusedAsQdrouterdRefusesThem() {
        assertRefusedEvenForValidation("""
                listener {
                    host: 127.0.0.1
                    port: 0
                }
                listener {
                    host: 127.0.0.1
                    port: 0
                    role: normal
                }
                """, "bad.conf:5: listener: without a name it is named 'listener/127.0.0.1:0' (type/host:port, as"
                + " qdrouterd names it), as is the listener section at line 1; give each a distinct name");
    }

    @Test
    void twoNamedListenersOnTheSameHostAndPortAreRefusedAtTheSecondPort() {
        assertRefusedEvenForValidation("""
                listener {
                    name: one
                    host: 127.0.0.1
                    port: 5672
                }
                listener {
                    name: two
                    host: 127.0.0.1
                    port: amqp
                }
                """, "bad.conf:9: listener: attribute 'port': 127.0.0.1 port amqp is already taken by the listener "
                + "section at line 1 (127.0.0.1 port 5672); two listeners cannot listen on the same host and port");
    }

    @Test
    void listenerOnEveryAddressClashesWithAnyHostOnItsPort() {
        assertRefusedEvenForValidation("""
                listener {
                    name: all
                    port: 5672
                }
                listener {
                    name: local
                    host: localhost
                    port: 5672
                }
                """, "bad.conf:8: listener: attribute 'port': localhost port 5672 is already taken by the listener "
                + "section at line 1 (every address port 5672); two listeners cannot listen on the same host and port");
    }

    @Test
    void listenersOnTheSamePortOfDifferentHostsOrOnPortZeroAreAccepted() throws ConfigException {
        parser.load("ok.conf", """
                listener {
                    name: a
                    host: 127.0.0.1
                    port: 5672
                }
                listener {
                    name: b
                    host: 127.0.0.2
                    port: 5672
                }
                listener {
                    name: c
                    host: 127.0.0.1
                    port: 0
                }
                listener {
                    name: d
                    host: 127.0.0.1
                    port: 0
                }
                """, dir, Mode.RUN);
    }

    @Test
    void passwordFromAnUnsetEnvironmentVariableIsRefused() {
        assertRefused("bad.conf", """
                connector {
                    host: broker
                    saslUsername: router
                    saslPassword: env:ROUTER_PASSWORD
                }
                """, Mode.VALIDATE_SCHEMA_ONLY, "bad.conf:4: connector: attribute 'saslPassword': environment "
                + "variable 'ROUTER_PASSWORD' (from 'env:ROUTER_PASSWORD') is not set");
    }

    @Test
    void passwordFromAMissingFileIsRefused() {
        assertRefused("bad.conf", """
                connector {
                    saslPassword: file:router.pw
                }
                """, Mode.VALIDATE_SCHEMA_ONLY, "bad.conf:2: connector: attribute 'saslPassword': password file '"
                + dir.resolve("router.pw") + "' does not exist");
    }

    @Test
    void jsonFormThatIsNotAnArrayIsRefused() {
        assertRefused("bad.json", """
                {"router": {"id": "A"}}
                """, Mode.RUN, "bad.json:1: a .json configuration must be a JSON array of [\"type\", {attributes}] "
                + "pairs, not an object");
    }

    @Test
    void jsonFormWithMalformedJsonIsReportedAtItsLine() {
        assertRefused("bad.json", """
                [
                    ["router", {"id": "A"}],
                    ["listener", {"port": 5672,}]
                ]
                """, Mode.RUN, "bad.json:3: invalid JSON: expected a quoted key but found '}'");
    }

    @Test
    void jsonFormWithABadValueIsReportedAtTheValuesLine() {
        assertRefused("bad.json", """
                [
                    ["listener", {
                        "port": 5672,
                        "idleTimeoutSeconds": "soon"
                    }]
                ]
                """, Mode.RUN, "bad.json:4: listener: attribute 'idleTimeoutSeconds': 'soon' is not an integer");
    }

    @Test
    void jsonFormWithAnUnknownTypeIsRefused() {
        assertRefused("bad.json", """
                [
                    ["router", {"id": "A"}],
                    ["adress", {"prefix": "a"}]
                ]
                """, Mode.RUN, "bad.json:3: unknown entity type 'adress' (did you mean 'address'?)");
    }

    @Test
    void jsonFormPairWithTheWrongShapeIsRefused() {
        assertRefused("bad.json", """
                [
                    ["router", {"id": "A"}, "extra"]
                ]
                """, Mode.RUN, "bad.json:2: expected a [\"type\", {attributes}] pair but found an array of 3 "
                + "elements that is not one");
    }

    @Test
    void missingFileIsReportedWithoutALine() {
        Path missing = dir.resolve("nope.conf");

        assertThatThrownBy(() -> ConfigParser.parse(missing))
                .isInstanceOf(ConfigException.class)
                .hasMessage(missing + ": no such file");
    }

    @Test
    void realFileErrorsCarryThePathAsGiven() throws IOException {
        Path file = Files.writeString(dir.resolve("qdrouterd.conf"), """
                router {
                    mode: standalone
                    id: A
                }

                listener {
                    host: 0.0.0.0
                    port: 5672
                    idleTimeoutSeconds: -1
                }
                """);

        assertThatThrownBy(() -> ConfigParser.parse(file))
                .isInstanceOf(ConfigException.class)
                .hasMessage(file + ":9: listener: attribute 'idleTimeoutSeconds': -1 is too small: the minimum is 0")
                .satisfies(e -> {
                    ConfigException ce = (ConfigException) e;
                    assertThat(ce.file()).isEqualTo(file.toString());
                    assertThat(ce.line()).isEqualTo(9);
                    assertThat(ce.detail()).startsWith("listener: attribute 'idleTimeoutSeconds'");
                });
    }
}
