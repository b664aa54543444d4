package org.jrouterd.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jrouterd.server.MainAccess;
import org.jrouterd.server.config.ConfiguredRouter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code --check} and the start tell an operator about a file they would otherwise run quietly wrong: an
 * unusable log output, deprecated or ignored attributes, listeners that cannot listen, no listener, and the router
 * id when none is configured. A start that got past these checks would run (and block), so each start case has a
 * time-out on a separate thread.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class OperatorCheckTest {

    @TempDir
    Path folder;

    private record Run(int code, String err) {
    }

    private Run run(String... args) {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        int code;
        try (PrintStream err = new PrintStream(captured, true, StandardCharsets.UTF_8)) {
            code = MainAccess.execute(args, err);
        }
        return new Run(code, captured.toString(StandardCharsets.UTF_8));
    }

    private Path conf(String text) throws IOException {
        return Files.writeString(folder.resolve("q.conf"), text);
    }

    @Test
    void logOutputInAMissingDirectoryFailsCheckAndStartAtItsLineAndCreatesNothing() throws IOException {
        Path missing = folder.resolve("no-such-dir");
        Path file = conf("log {\n    module: DEFAULT\n    outputFile: " + missing.resolve("router.log")
                + "\n}\nlistener {\n    host: 127.0.0.1\n    port: 0\n}\n");
        for (Run result : List.of(run("--check", "-c", file.toString()), run("-c", file.toString()))) {
            assertThat(result.code()).as(result.err()).isEqualTo(2);
            assertThat(result.err()).startsWith(file + ":3: log: attribute 'outputFile': cannot open '"
                    + missing.resolve("router.log") + "' for append: the directory " + missing + " does not exist");
        }
        assertThat(missing).doesNotExist();
    }

    @Test
    void logOutputThatIsADirectoryFailsCheckAtItsLine() throws IOException {
        Path file = conf("log {\n    module: SERVER\n    output: " + folder + "\n}\n");
        Run result = run("--check", "-c", file.toString());
        assertThat(result.code()).isEqualTo(2);
        assertThat(result.err()).startsWith(file + ":3: log: attribute 'outputFile': cannot open '" + folder
                + "' for append: it is a directory");
    }

    @Test
    void deprecatedAndIgnoredAttributesAreWarnedAboutByCheck() throws IOException {
        Path file = conf("""
                router {
                    routerId: Old
                    saslConfigPath: /etc/sasl2
                    debugDumpFile: /tmp/dump
                }
                listener {
                    addr: 127.0.0.1
                    port: 0
                }
                """);
        Run result = run("--check", "-c", file.toString());
        assertThat(result.code()).as(result.err()).isZero();
        assertThat(result.err().lines().toList()).containsExactly(
                "warning: " + file + ":2: router: attribute 'routerId' is deprecated, use 'id'",
                "warning: " + file + ":3: router: attribute 'saslConfigPath' is deprecated, use 'saslConfigDir'",
                "warning: " + file + ":4: router: attribute 'debugDumpFile' has no effect in jrouterd (qdrouterd "
                        + "dumps its memory pools there at exit; jrouterd has no memory pools); ignored",
                "warning: " + file + ":7: listener: attribute 'addr' is deprecated, use 'host'");
    }

    @Test
    void checkWarnsAtThePortLineWhenAnotherProcessHoldsThePort() throws IOException {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            Path file = conf("listener {\n    host: 127.0.0.1\n    port: " + taken.getLocalPort() + "\n}\n");
            Run result = run("--check", "-c", file.toString());
            assertThat(result.code()).as(result.err()).isZero();
            assertThat(result.err()).startsWith("warning: " + file + ":3: listener: attribute 'port': 127.0.0.1:"
                    + taken.getLocalPort() + " is in use now").contains("the start fails unless it is free by then");
        }
    }

    @Test
    void checkRefusesAHostThatIsNotAnAddressOfThisMachineAtItsLine() throws IOException {
        // 192.0.2.1 is TEST-NET-1 (RFC 5737): never an address of this machine.
        Path file = conf("listener {\n    port: 45672\n    host: 192.0.2.1\n}\n");
        Run result = run("--check", "-c", file.toString());
        assertThat(result.code()).isEqualTo(2);
        assertThat(result.err()).startsWith(file + ":3: listener: attribute 'host': cannot listen on 192.0.2.1:45672");
    }

    @Test
    void checkRefusesTwoListenersOnOneHostAndPort() throws IOException {
        Path file = conf("listener {\n    name: a\n    port: 5672\n}\nlistener {\n    name: b\n    port: 5672\n}\n");
        Run result = run("--check", "-c", file.toString());
        assertThat(result.code()).isEqualTo(2);
        assertThat(result.err()).startsWith(file + ":7: listener: attribute 'port': every address port 5672 is "
                + "already taken by the listener section at line 1");
    }

    @Test
    void emptyConfigurationWarnsOnceThatNothingCanConnect() throws IOException {
        Path file = conf("");
        Run result = run("--check", "-c", file.toString());
        assertThat(result.code()).isZero();
        assertThat(result.err().lines().filter(line -> line.contains("no listener")).toList())
                .containsExactly("warning: " + file + ": the configuration has no listener: nothing can connect to "
                        + "this router");
    }

    @Test
    void withoutAnIdTheRouterIdIsMadeAsQdrouterdMakesItWithOrWithoutAFile() throws Exception {
        String idPattern = "Standalone_[A-Za-z0-9+_]{15}";
        ConfiguredRouter noFile = MainAccess.configuredFor(new String[] {"--listen", "127.0.0.1:0"},
                new ArrayList<>());
        ConfiguredRouter emptyFile = MainAccess.configuredFor(new String[] {"-c", conf("").toString()},
                new ArrayList<>());
        assertThat(noFile.routerId()).matches(idPattern);
        assertThat(emptyFile.routerId()).matches(idPattern);
        Path interior = Files.writeString(folder.resolve("i.conf"), "router {\n    mode: interior\n}\n");
        assertThat(MainAccess.configuredFor(new String[] {"-c", interior.toString()}, new ArrayList<>()).routerId())
                .matches("Interior_[A-Za-z0-9+_]{15}");
    }

    @Test
    void generatedIdsDiffer() {
        assertThat(ConfiguredRouter.generatedId("standalone")).isNotEqualTo(ConfiguredRouter.generatedId("standalone"));
    }
}
