package org.jrouterd.systemtests.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.jrouterd.systemtests.launch.ChildProcess;
import org.jrouterd.systemtests.launch.Jrouterd;
import org.jrouterd.systemtests.launch.TestLogFolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code bin/jrouterd} started as an operator starts it, on files that used to run quietly wrong. */
@Timeout(120)
class OperatorFaultsTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @RegisterExtension
    final TestLogFolder logs = new TestLogFolder();

    @Test
    void logFileInAMissingDirectoryStopsTheStartWithItsLine() throws IOException {
        Path missing = logs.path().resolve("no-such-dir");
        Path conf = Files.writeString(logs.path().resolve("log.conf"),
                "listener {\n    host: 127.0.0.1\n    port: 0\n}\n"
                        + "log {\n    module: DEFAULT\n    outputFile: " + missing.resolve("r.log") + "\n}\n");
        try (ChildProcess router = jrouterd("log", "-c", conf.toString())) {
            router.awaitExitCode(2, WAIT);
            assertThat(router.output().text()).contains(conf + ":7: log: attribute 'outputFile': cannot open");
        }
        assertThat(missing).doesNotExist();
    }

    @Test
    void startLogsEachWarningOnceToTheConfiguredLogFile() throws IOException {
        Path log = logs.path().resolve("router.log");
        Path conf = Files.writeString(logs.path().resolve("old.conf"), """
                router {
                    routerId: Old.Router
                    allowUnsettledMulticast: yes
                }
                log {
                    module: DEFAULT
                    enable: info+
                    output: %s
                }
                """.formatted(log));
        try (ChildProcess router = jrouterd("old", "-c", conf.toString())) {
            // The warnings are logged once the log outputs are set up, so they reach the file.
            Awaitility.await().atMost(WAIT).until(() -> Files.exists(log)
                    && Files.readString(log).contains("nothing can connect"));
            String text = Files.readString(log);
            assertThat(text).contains("SERVER (warning) " + conf + ":2: router: attribute 'routerId' is deprecated, "
                    + "use 'id'")
                    .contains(conf + ":3: router: attribute 'allowUnsettledMulticast' is deprecated")
                    .contains(conf + ":8: log: attribute 'output' is deprecated, use 'outputFile'");
            assertThat(text.lines().filter(line -> line.contains("no listener")).count()).isEqualTo(1);
        }
    }

    private ChildProcess jrouterd(String name, String... args) {
        List<String> command = new ArrayList<>(List.of(Jrouterd.launcher().toString()));
        command.addAll(List.of(args));
        return ChildProcess.start(name, command, Map.of(), Jrouterd.home(), logs.path().resolve(name + ".out"));
    }
}
