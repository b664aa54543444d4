package org.jrouterd.systemtests.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jrouterd.systemtests.launch.ChildProcess;
import org.jrouterd.systemtests.launch.Jrouterd;
import org.jrouterd.systemtests.launch.RouterProcess;
import org.jrouterd.systemtests.launch.TestLogFolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The {@code bin/jrouterd} command line as an operator meets it: exit codes and what it prints. */
@Timeout(120)
class JrouterdCommandLineTest {

    private static final Duration EXIT = Duration.ofSeconds(60);

    @RegisterExtension
    final TestLogFolder logs = new TestLogFolder();

    @Test
    void secondRouterOnATakenPortExitsOneAndSaysThePortIsInUse() {
        try (RouterProcess first = RouterProcess.start("First", logs.path());
             ChildProcess second = jrouterd("second", "--listen", first.hostPort(), "--id", "Second")) {
            second.awaitExitCode(1, EXIT);
            assertThat(second.output().text()).as(second.output().file().toString())
                    .contains("jrouterd: cannot listen on " + first.hostPort())
                    .containsIgnoringCase("address already in use")
                    .doesNotContain("\tat ");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"-v", "--version"})
    void versionOptionPrintsTheVersionAndExitsZero(String option) {
        try (ChildProcess version = jrouterd("version", option)) {
            version.awaitExitCode(0, EXIT);
            assertThat(version.output().text()).as(version.output().file().toString())
                    .containsPattern("jrouterd [0-9(]");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"-h", "--help"})
    void helpOptionPrintsUsageAndExitsZero(String option) {
        try (ChildProcess help = jrouterd("help", option)) {
            help.awaitExitCode(0, EXIT);
            assertThat(help.output().text()).as(help.output().file().toString())
                    .contains("Usage: jrouterd")
                    .contains("--listen", "--id", "--io-threads", "--version", "--help");
        }
    }

    private ChildProcess jrouterd(String name, String... args) {
        List<String> command = new ArrayList<>(List.of(Jrouterd.launcher().toString()));
        command.addAll(List.of(args));
        return ChildProcess.start(name, command, Map.of(), Jrouterd.home(), logs.path().resolve(name + ".out"));
    }
}
