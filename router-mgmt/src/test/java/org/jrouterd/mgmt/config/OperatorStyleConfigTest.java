package org.jrouterd.mgmt.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jrouterd.mgmt.config.ConfigParser.Mode;
import org.jrouterd.mgmt.schema.EntityCreate;
import org.jrouterd.mgmt.schema.EntitySchema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Configurations written the ways operators write them: comments, spellings, old names, nested JSON, .json. */
class OperatorStyleConfigTest {

    @TempDir
    Path dir;

    private final ConfigParser parser =
            new ConfigParser(EntitySchema.qdrouterd(), Map.of("ROUTER_PASSWORD", "from-env")::get);

    private ParsedConfig load(String fileName, String text, Mode mode) throws ConfigException {
        return parser.load(fileName, text, dir, mode);
    }

    private static EntityCreate only(List<EntityCreate> creates, String type) {
        List<EntityCreate> matching = creates.stream().filter(c -> c.type().shortName().equals(type)).toList();
        assertThat(matching).hasSize(1);
        return matching.get(0);
    }

    @Test
    void commentsAtLineEndsAndBlankLinesAreIgnored() throws ConfigException {
        ParsedConfig parsed = load("qdrouterd.conf", """
                # Router for the east data centre
                router {                    # the router itself
                    id: East   # no spaces allowed
                        mode:standalone     # no space after the colon, odd indentation
                }

                    # indented comment
                listener {
                    host: ::                # IPv6 wildcard, ':' inside a value
                    port: 5672#no space before the comment
                }   # end of listener
                """, Mode.RUN);

        EntityCreate router = only(parsed.creates(), "router");
        EntityCreate listener = only(parsed.creates(), "listener");
        assertThat(router.attributes()).containsEntry("id", "East").containsEntry("mode", "standalone");
        assertThat(listener.attributes()).containsEntry("host", "::").containsEntry("port", "5672");
        assertThat(parsed.warnings()).isEmpty();
    }

    @Test
    void hyphenatedAndUnderscoredNamesMeanTheCamelCaseAttribute() throws ConfigException {
        List<EntityCreate> creates = load("qdrouterd.conf", """
                listener {
                    port: 5672
                    sasl-mechanisms: ANONYMOUS
                    authenticate_peer: no
                    max-frame-size: 65536
                    idle_timeout_seconds: 30
                    strip-annotations: in
                    link-capacity: 500
                    max_sessions: 100
                }
                """, Mode.RUN).creates();

        assertThat(only(creates, "listener").attributes())
                .containsEntry("saslMechanisms", "ANONYMOUS")
                .containsEntry("authenticatePeer", false)
                .containsEntry("maxFrameSize", 65536L)
                .containsEntry("idleTimeoutSeconds", 30L)
                .containsEntry("stripAnnotations", "in")
                .containsEntry("linkCapacity", 500L)
                .containsEntry("maxSessions", 100L);
    }

    @Test
    void deprecatedAttributeNamesAreAcceptedWithAWarning() throws ConfigException {
        ParsedConfig parsed = load("old.conf", """
                router {
                    routerId: Old.Router
                    helloInterval: 2
                    helloMaxAge: 6
                    raInterval: 60
                    saslConfigPath: /etc/sasl2
                }
                listener {
                    addr: 0.0.0.0
                    port: amqp
                }
                log {
                    module: DEFAULT
                    enable: trace+
                    timestamp: yes
                    source: off
                    output: /var/log/qdrouterd.log
                }
                """, Mode.RUN);

        assertThat(only(parsed.creates(), "router").attributes()).containsEntry("id", "Old.Router")
                .containsEntry("helloIntervalSeconds", 2L).containsEntry("helloMaxAgeSeconds", 6L)
                .containsEntry("raIntervalSeconds", 60L).containsEntry("saslConfigDir", "/etc/sasl2");
        assertThat(only(parsed.creates(), "listener").string("host")).isEqualTo("0.0.0.0");
        assertThat(only(parsed.creates(), "log").attributes()).containsEntry("includeTimestamp", true)
                .containsEntry("includeSource", false).containsEntry("outputFile", "/var/log/qdrouterd.log");
        assertThat(parsed.warnings()).containsExactly(
                "old.conf:2: router: attribute 'routerId' is deprecated, use 'id'",
                "old.conf:3: router: attribute 'helloInterval' is deprecated, use 'helloIntervalSeconds'",
                "old.conf:4: router: attribute 'helloMaxAge' is deprecated, use 'helloMaxAgeSeconds'",
                "old.conf:5: router: attribute 'raInterval' is deprecated, use 'raIntervalSeconds'",
                "old.conf:6: router: attribute 'saslConfigPath' is deprecated, use 'saslConfigDir'",
                "old.conf:9: listener: attribute 'addr' is deprecated, use 'host'",
                "old.conf:15: log: attribute 'timestamp' is deprecated, use 'includeTimestamp'",
                "old.conf:16: log: attribute 'source' is deprecated, use 'includeSource'",
                "old.conf:17: log: attribute 'output' is deprecated, use 'outputFile'");
    }

    @Test
    void deprecatedNamesOfNotYetImplementedTypesMapToTheNewNames() throws ConfigException {
        List<EntityCreate> creates = load("old.conf", """
                sslProfile {
                    name: tls
                    certDb: /etc/pki/ca.pem
                    keyFile: /etc/pki/key.pem
                    displayNameFile: /etc/pki/names.json
                }
                linkRoute {
                    prefix: queue.
                    dir: in
                    containerId: broker
                }
                autoLink {
                    addr: queue.orders
                    dir: out
                    externalAddr: orders
                    connection: broker
                }
                """, Mode.VALIDATE_SCHEMA_ONLY).creates();

        assertThat(only(creates, "sslProfile").attributes()).containsEntry("caCertFile", "/etc/pki/ca.pem")
                .containsEntry("privateKeyFile", "/etc/pki/key.pem")
                .containsEntry("uidNameMappingFile", "/etc/pki/names.json");
        assertThat(only(creates, "linkRoute").attributes()).containsEntry("direction", "in")
                .containsEntry("distribution", "linkBalanced");
        assertThat(only(creates, "autoLink").attributes()).containsEntry("address", "queue.orders")
                .containsEntry("direction", "out").containsEntry("externalAddress", "orders")
                .containsEntry("fallback", false);
    }

    @Test
    void booleansAcceptYesNoTrueFalseOnOffInAnyCase() throws ConfigException {
        List<EntityCreate> creates = load("bools.conf", """
                listener {
                    port: 1
                    authenticatePeer: YES
                }
                listener {
                    port: 2
                    authenticatePeer: off
                }
                listener {
                    port: 3
                    authenticatePeer: True
                }
                """, Mode.RUN).creates();

        assertThat(creates.stream().filter(c -> c.type().shortName().equals("listener")).map(c -> c.bool(
                "authenticatePeer"))).containsExactly(true, false, true);
    }

    @Test
    void hashInsidePatternBindingKeyAndHostnameIsAWildcard() throws ConfigException {
        List<EntityCreate> creates = load("hash.conf", """
                address {
                    pattern: a/#      # zero or more tokens
                    distribution: multicast
                }
                exchange {
                    address: topics
                }
                binding {
                    exchangeName: topics
                    bindingKey: stock.#.nyse
                    nextHopAddress: nyse
                }
                vhost {
                    hostname: *.#
                }
                """, Mode.VALIDATE_SCHEMA_ONLY).creates();

        assertThat(only(creates, "address").string("pattern")).isEqualTo("a/#");
        assertThat(only(creates, "binding").string("bindingKey")).isEqualTo("stock.#.nyse");
        assertThat(only(creates, "vhost").string("hostname")).isEqualTo("*.#");
    }

    @Test
    void hashElsewhereStartsAComment() throws ConfigException {
        List<EntityCreate> creates = load("hash.conf", """
                address {
                    prefix: queue#1
                }
                """, Mode.RUN).creates();

        assertThat(only(creates, "address").string("prefix")).isEqualTo("queue");
    }

    @Test
    void nestedJsonOpenPropertiesSpanSeveralLines() throws ConfigException {
        List<EntityCreate> creates = load("props.conf", """
                listener {
                    port: 5672
                    openProperties: {
                        "cluster": "east",      # a comment inside the JSON
                        "weight": 3,
                        "tags": ["a", "b"],
                        "nested": {"deep": true}
                    }
                    maxFrameSize: 65536
                }
                """, Mode.VALIDATE_SCHEMA_ONLY).creates();

        EntityCreate listener = only(creates, "listener");
        assertThat(listener.map("openProperties")).containsExactly(Map.entry("cluster", "east"),
                Map.entry("weight", 3L), Map.entry("tags", List.of("a", "b")),
                Map.entry("nested", Map.of("deep", true)));
        assertThat(listener.integer("maxFrameSize")).isEqualTo(65536L);
    }

    @Test
    void openPropertiesAreRefusedForRunningBecauseJrouterdDoesNotSendThemYet() {
        assertThatThrownBy(() -> load("props.conf", """
                listener {
                    openProperties: {
                        "cluster": "east"
                    }
                }
                """, Mode.RUN))
                .hasMessage("props.conf:2: listener: attribute 'openProperties' is not supported by jrouterd yet");
    }

    @Test
    void vhostGroupsAreANestedJsonMap() throws ConfigException {
        List<EntityCreate> creates = load("policy.conf", """
                policy {
                    enableVhostPolicy: true
                    maxConnections: 1000
                }
                vhost {
                    hostname: $default
                    allowUnknownUser: true
                    groups: {
                        "$default": {
                            "remoteHosts": "*",
                            "sources": "*",
                            "targets": "${user}.#",
                            "allowDynamicSource": true
                        },
                        "admin": {
                            "users": "alice, bob",
                            "maxSenders": 10
                        }
                    }
                }
                """, Mode.VALIDATE_SCHEMA_ONLY).creates();

        EntityCreate vhost = only(creates, "vhost");
        assertThat(vhost.string("hostname")).isEqualTo("$default");
        assertThat(vhost.map("groups")).containsOnlyKeys("$default", "admin");
        assertThat(only(creates, "policy").attributes()).containsEntry("enableVhostPolicy", true)
                .containsEntry("maxConnections", 1000L).containsEntry("defaultVhost", "$default");
    }

    @Test
    void vhostGroupWithAnUnknownSettingIsRefused() {
        assertThatThrownBy(() -> load("policy.conf", """
                vhost {
                    hostname: example.com
                    groups: {
                        "admin": {"maxSendrs": 10}
                    }
                }
                """, Mode.VALIDATE_SCHEMA_ONLY))
                .hasMessage("policy.conf:3: vhost: attribute 'groups': group 'admin' has an unknown setting "
                        + "'maxSendrs'");
    }

    @Test
    void passwordsComeFromTheEnvironmentFilesOrTheValueItself() throws ConfigException, IOException {
        Files.writeString(dir.resolve("router.pw"), "from-file\nsecond line is ignored\n");
        List<EntityCreate> creates = load("secrets.conf", """
                connector {
                    name: env
                    saslPassword: env:ROUTER_PASSWORD
                }
                connector {
                    name: file
                    saslPassword: file:router.pw
                }
                connector {
                    name: pass
                    saslPassword: pass:literally
                }
                connector {
                    name: plain
                    saslPassword: just-text
                }
                sslProfile {
                    name: tls
                    password: literal:env:not-a-variable
                }
                """, Mode.VALIDATE_SCHEMA_ONLY).creates();

        assertThat(creates.stream().filter(c -> c.type().shortName().equals("connector"))
                .map(c -> c.string("saslPassword")))
                .containsExactly("from-env", "from-file", "literally", "just-text");
        assertThat(only(creates, "sslProfile").string("password")).isEqualTo("env:not-a-variable");
    }

    @Test
    void sectionsAreAppliedInTheDocumentedLoadOrder() throws ConfigException {
        List<EntityCreate> creates = load("order.conf", """
                listener {
                    port: 1
                }
                connector {
                    port: 2
                }
                vhost {
                    hostname: a
                }
                binding {
                    exchangeName: x
                    nextHopAddress: y
                }
                exchange {
                    address: x
                }
                autoLink {
                    address: q
                    direction: in
                }
                linkRoute {
                    prefix: q
                    direction: out
                }
                address {
                    prefix: q
                }
                authServicePlugin {
                    host: auth
                }
                sslProfile {
                    name: tls
                }
                httpListener {
                    port: 8080
                }
                policy {
                }
                router {
                }
                log {
                    module: DEFAULT
                }
                listener {
                    port: 3
                }
                """, Mode.VALIDATE_SCHEMA_ONLY).creates();

        assertThat(creates.stream().map(c -> c.type().shortName())).containsExactly("log", "router", "policy",
                "sslProfile", "authServicePlugin", "address", "linkRoute", "autoLink", "exchange", "binding",
                "vhost", "httpListener", "listener", "connector", "listener");
        assertThat(creates.subList(12, 15).stream().map(c -> c.port("port"))).containsExactly(1, 2, 3);
    }

    @Test
    void aMissingRouterSectionGetsTheDefaults() throws ConfigException {
        List<EntityCreate> creates = load("minimal.conf", """
                listener {
                    port: 0
                }
                """, Mode.RUN).creates();

        assertThat(creates).hasSize(2);
        EntityCreate router = creates.get(0);
        assertThat(router.type().shortName()).isEqualTo("router");
        assertThat(router.origin()).isNull();
        assertThat(router.has("id")).isFalse();
        assertThat(router.isGiven("workerThreads")).isFalse();
        assertThat(creates.get(1).isGiven("port")).isTrue();
        assertThat(creates.get(1).isGiven("host")).isFalse();
        assertThat(router.attributes()).containsEntry("mode", "standalone").containsEntry("workerThreads", 4L)
                .containsEntry("defaultDistribution", "balanced").containsEntry("raIntervalSeconds", 30L);
        assertThat(creates.get(1).port("port")).isZero();
        assertThat(creates.get(1).string("host")).isEmpty();
    }

    @Test
    void interiorRouterWithInterRouterListenerAndConnectorKeepsCostsAndTimers() throws ConfigException {
        ParsedConfig parsed = load("interior.conf", """
                connector {
                    name: to-a
                    host: 127.0.0.1
                    port: 55672
                    role: inter-router
                    cost: 7
                }
                router {
                    mode: interior
                    id: Router.B
                    hello-interval-seconds: 2
                    helloMaxAgeSeconds: 6
                    raInterval: 20
                    raIntervalFlux: 2
                    remote_ls_max_age_seconds: 90
                }
                listener {
                    name: mesh
                    host: 127.0.0.1
                    port: 55673
                    role: inter-router
                }
                listener {
                    name: clients
                    port: 5673
                }
                """, Mode.RUN);
        List<EntityCreate> creates = parsed.creates();

        assertThat(creates).extracting(c -> c.type().shortName())
                .containsExactly("router", "connector", "listener", "listener");
        assertThat(creates.get(0).attributes()).containsEntry("mode", "interior").containsEntry("id", "Router.B")
                .containsEntry("helloIntervalSeconds", 2L).containsEntry("helloMaxAgeSeconds", 6L)
                .containsEntry("raIntervalSeconds", 20L).containsEntry("raIntervalFluxSeconds", 2L)
                .containsEntry("remoteLsMaxAgeSeconds", 90L);
        assertThat(creates.get(1).attributes()).containsEntry("name", "to-a").containsEntry("role", "inter-router")
                .containsEntry("cost", 7L).containsEntry("port", "55672");
        assertThat(creates.get(2).attributes()).containsEntry("name", "mesh").containsEntry("role", "inter-router")
                .containsEntry("cost", 1L);
        assertThat(creates.get(2).isGiven("cost")).isFalse();
        assertThat(creates.get(3).attributes()).containsEntry("role", "normal").containsEntry("cost", 1L);
        assertThat(parsed.warnings()).containsExactly(
                "interior.conf:13: router: attribute 'raInterval' is deprecated, use 'raIntervalSeconds'",
                "interior.conf:14: router: attribute 'raIntervalFlux' is deprecated, use 'raIntervalFluxSeconds'");
    }

    @Test
    void interiorRouterTimersDefaultToQdrouterdsValues() throws ConfigException {
        List<EntityCreate> creates = load("interior.json", """
                [["router", {"mode": "interior"}],
                 ["listener", {"port": 0, "role": "inter-router", "cost": 2}]]
                """, Mode.RUN).creates();

        assertThat(creates.get(0).attributes()).containsEntry("helloIntervalSeconds", 1L)
                .containsEntry("helloMaxAgeSeconds", 3L).containsEntry("raIntervalSeconds", 30L)
                .containsEntry("raIntervalFluxSeconds", 4L).containsEntry("remoteLsMaxAgeSeconds", 60L);
        assertThat(creates.get(1).intValue("cost")).isEqualTo(2);
    }

    @Test
    void interRouterSectionsBeforeTheRouterSectionAreAcceptedOnceItSaysInterior() throws ConfigException {
        List<EntityCreate> creates = load("late.conf", """
                listener {
                    role: inter-router
                    port: 55672
                }
                connector {
                    role: inter-router
                    port: 55673
                }
                router {
                    mode: interior
                }
                """, Mode.RUN).creates();

        assertThat(creates).extracting(c -> c.type().shortName(), c -> c.string("role")).hasSize(3)
                .contains(tuple("listener", "inter-router"),
                        tuple("connector", "inter-router"));
    }

    @Test
    void anEmptyFileIsARouterWithDefaults() throws ConfigException {
        List<EntityCreate> creates = load("empty.conf", "# nothing here\n\n", Mode.RUN).creates();

        assertThat(creates).extracting(c -> c.type().shortName()).containsExactly("router");
    }

    @Test
    void jsonFormIsAnArrayOfTypeAndAttributePairs() throws ConfigException, IOException {
        Path file = Files.writeString(dir.resolve("qdrouterd.json"), """
                # written by a tool
                [
                    ["router", {"id": "json-router", "mode": "standalone", "helloMaxAgeSeconds": "3"}],
                    ["listener", {"port": 5672, "name": "z", "authenticatePeer": "no", "max-frame-size": 65536}],
                    ["address", {"prefix": "mc", "distribution": "multicast"}],
                    ["router.config.address", {"pattern": "a/#", "distribution": "closest"}],
                    ["org.apache.qpid.dispatch.log", {"module": "DEFAULT", "enable": "info+",
                                                      "includeTimestamp": true}]
                ]
                """);

        List<EntityCreate> creates = ConfigParser.parse(file);

        assertThat(creates).extracting(c -> c.type().shortName())
                .containsExactly("log", "router", "address", "address", "listener");
        assertThat(creates.get(1).attributes()).containsEntry("id", "json-router")
                .containsEntry("helloMaxAgeSeconds", 3L);
        assertThat(creates.get(4).attributes()).containsEntry("port", "5672").containsEntry("name", "z")
                .containsEntry("authenticatePeer", false).containsEntry("maxFrameSize", 65536L);
        assertThat(creates.get(3).string("pattern")).isEqualTo("a/#");
        assertThat(creates.get(0).bool("includeTimestamp")).isTrue();
        assertThat(creates.get(4).origin()).isEqualTo(file + ":4");
    }

    @Test
    void theSameConfigAsBraceFormAndJsonFormGivesTheSameCreates() throws ConfigException {
        List<EntityCreate> conf = load("a.conf", """
                router {
                    id: R
                }
                listener {
                    port: 5672
                    linkCapacity: 100
                }
                address {
                    prefix: q
                    distribution: closest
                }
                """, Mode.RUN).creates();
        List<EntityCreate> json = load("a.json", """
                [["router", {"id": "R"}],
                 ["listener", {"port": "5672", "linkCapacity": 100}],
                 ["address", {"prefix": "q", "distribution": "closest"}]]
                """, Mode.RUN).creates();

        assertThat(json).extracting(EntityCreate::attributes)
                .containsExactlyElementsOf(conf.stream().map(EntityCreate::attributes).toList());
    }

    @Test
    void enumValuesAreMatchedIgnoringCaseAndStoredAsTheSchemaSpellsThem() throws ConfigException {
        List<EntityCreate> creates = load("case.conf", """
                log {
                    module: router_core
                    enable: debug+
                }
                address {
                    prefix: q
                    distribution: MULTICAST
                }
                """, Mode.RUN).creates();

        assertThat(only(creates, "log").string("module")).isEqualTo("ROUTER_CORE");
        assertThat(only(creates, "address").string("distribution")).isEqualTo("multicast");
    }

    @Test
    void windowsLineEndsAndAByteOrderMarkAreAccepted() throws ConfigException {
        List<EntityCreate> creates = load("dos.conf", "\uFEFFrouter {\r\n    id: Dos\r\n}\r\n", Mode.RUN).creates();

        assertThat(only(creates, "router").string("id")).isEqualTo("Dos");
    }
}
