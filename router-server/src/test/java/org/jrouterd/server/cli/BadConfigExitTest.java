package org.jrouterd.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.jrouterd.server.MainAccess;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The daemon's contract for a bad configuration: exit code 2 and one line {@code file:line: message} naming the
 * section and attribute, no stack trace, and no router started. Covers the parser and the step that applies
 * the entities.
 */
class BadConfigExitTest {

    @TempDir
    Path folder;

    static Stream<Arguments> badConfigs() {
        return Stream.of(
                bad("unknown section", "router {\n    id: A\n}\nrouterz {\n    id: B\n}\n", 4, "routerz"),
                bad("unknown attribute", "router {\n    id: A\n    colour: red\n}\n", 3, "colour"),
                bad("integer expected", "router {\n    workerThreads: many\n}\n", 2, "workerThreads"),
                bad("boolean expected", "listener {\n    port: 0\n    authenticatePeer: perhaps\n}\n", 3,
                        "authenticatePeer"),
                bad("distribution not in enum", "address {\n    prefix: a\n    distribution: everywhere\n}\n", 3,
                        "distribution"),
                bad("port out of range", "listener {\n    host: 127.0.0.1\n    port: 70000\n}\n", 3, "port"),
                bad("address without prefix or pattern", "address {\n    distribution: closest\n}\n", 1,
                        "address"),
                bad("address with prefix and pattern", "address {\n    prefix: a\n    pattern: b.*\n}\n", 3,
                        "address"),
                bad("duplicate router", "router {\n    id: A\n}\nrouter {\n    id: B\n}\n", 4, "router"),
                bad("unclosed brace", "router {\n    id: A\n", 1, "router"),
                bad("stray closing brace", "router {\n    id: A\n}\n}\n", 4, "}"),
                bad("attribute outside a section", "id: A\n", 1, "id"),
                bad("authServicePlugin not implemented", "authServicePlugin {\n    name: auth\n}\n", 1,
                        "authServicePlugin"),
                bad("inter-router role on a standalone router",
                        "listener {\n    port: 0\n    role: inter-router\n}\n", 3, "role"),
                bad("edge mode not implemented", "router {\n    mode: edge\n    id: A\n}\n", 2, "mode"),
                bad("listener SASL mechanism unknown",
                        "listener {\n    host: 127.0.0.1\n    port: 0\n    saslMechanisms: GSSAPI\n}\n", 4,
                        "saslMechanisms"),
                bad("connector SASL mechanism unknown",
                        "connector {\n    host: 127.0.0.1\n    port: 5672\n    saslMechanisms: DIGEST-MD5\n}\n", 4,
                        "saslMechanisms"),
                bad("log module unknown", "log {\n    module: ROUTERZ\n    enable: info+\n}\n", 2, "module"),
                bad("log enable bad", "log {\n    module: DEFAULT\n    enable: loud+\n}\n", 3, "enable"),
                bad("maxFrameSize too small", "listener {\n    port: 0\n    maxFrameSize: 100\n}\n", 3,
                        "maxFrameSize"),
                bad("linkCapacity zero", "listener {\n    port: 0\n    linkCapacity: 0\n}\n", 3, "linkCapacity"),
                bad("env password missing",
                        "connector {\n    port: 5672\n    saslUsername: u\n    saslPassword: env:JROUTERD_NO_SUCH_VAR\n}\n",
                        4, "saslPassword"),
                bad("file password missing",
                        "connector {\n    port: 5672\n    saslUsername: u\n    saslPassword: file:FOLDER/missing/pw\n}\n",
                        4, "saslPassword"),
                bad("address priority out of range", "address {\n    prefix: a\n    priority: 12\n}\n", 3,
                        "priority"),
                bad("stripAnnotations bad", "listener {\n    port: 0\n    stripAnnotations: sideways\n}\n", 3,
                        "stripAnnotations"),
                bad("negative idle time-out", "listener {\n    port: 0\n    idleTimeoutSeconds: -1\n}\n", 3,
                        "idleTimeoutSeconds"),
                bad("authenticatePeer with only ANONYMOUS",
                        "listener {\n    port: 0\n    authenticatePeer: yes\n}\n", 3, "authenticatePeer"),
                bad("connector port 0", "connector {\n    host: 127.0.0.1\n    port: 0\n}\n", 3, "port"),
                bad("connector failover address without a port",
                        "connector {\n    port: 5672\n    failoverUrls: hostonly\n}\n", 3, "failoverUrls"),
                bad("log output in a missing directory",
                        "log {\n    module: DEFAULT\n    outputFile: FOLDER/missing/router.log\n}\n", 3,
                        "outputFile"),
                bad("quoted value", "router {\n    id: \"A\"\n}\n", 2, "id"),
                badJson("json not closed", "[\n  [\"router\", {\"id\": \"A\"}]\n", 3),
                badJson("json unknown type", "[\n  [\"router\", {\"id\": \"A\"}],\n  [\"bogus\", {}]\n]\n", 3));
    }

    private static Arguments bad(String what, String text, int line, String names) {
        return Arguments.of(what, "bad.conf", text, line, names);
    }

    private static Arguments badJson(String what, String text, int line) {
        return Arguments.of(what, "bad.json", text, line, "");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badConfigs")
    void badConfigurationExitsWithTwoAndFileLineMessage(String what, String fileName, String text, int line,
                                                        String names) throws IOException {
        Path file = folder.resolve(fileName);
        // FOLDER: this test's own folder, in which "missing" never exists (a fixed path might, on some machine).
        Files.writeString(file, text.replace("FOLDER", folder.toString()));
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        int code;
        try (PrintStream err = new PrintStream(captured, true, StandardCharsets.UTF_8)) {
            code = MainAccess.execute(new String[] {"-c", file.toString()}, err);
        }
        String output = captured.toString(StandardCharsets.UTF_8);
        assertThat(code).as("exit code for %s; stderr: %s", what, output).isEqualTo(2);
        assertThat(output).as(what).startsWith(file + ":" + line + ": ").contains(names);
        assertThat(output.strip().lines().count()).as("one line: %s", output).isEqualTo(1);
        assertThat(output).doesNotContain("Exception").doesNotContain("\tat ");
    }
}
