package org.jrouterd.systemtests.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.jrouterd.systemtests.launch.ChildProcess;
import org.jrouterd.systemtests.launch.Jrouterd;
import org.jrouterd.systemtests.launch.RouterProcess;
import org.jrouterd.systemtests.launch.TestLogFolder;
import org.jrouterd.systemtests.python.ProtonPython;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The built tarball ({@code jrouterd-<version>.tar.gz}) unpacked and run with a qdrouterd.conf, as operators do. */
@Timeout(120)
class DistributionTest {

    private static final Duration CLIENT = Duration.ofSeconds(60);
    private static final Pattern LISTENING = Pattern.compile("Listening on 127\\.0\\.0\\.1:(\\d+)$");

    @RegisterExtension
    final TestLogFolder logs = new TestLogFolder();

    private Path home;

    @BeforeEach
    void unpackTarball() throws IOException {
        ProtonPython.requireInstalled(logs.path(), "simple_send.py", "simple_recv.py");
        Path target = Jrouterd.home().resolve("distribution").resolve("target");
        Path tarball;
        try (Stream<Path> files = Files.list(target)) {
            tarball = files.filter(p -> p.getFileName().toString().matches("jrouterd-.*\\.tar\\.gz")).findFirst()
                    .orElseThrow(() -> new AssertionError("no jrouterd-*.tar.gz in " + target
                            + ": run the tests through the reactor (mvn verify), which packages the distribution first"));
        }
        Path unpacked = logs.path().resolve("unpacked");
        Files.createDirectories(unpacked);
        try (ChildProcess tar = ChildProcess.start("tar", List.of("tar", "xzf", tarball.toString(), "-C",
                unpacked.toString()), Map.of(), unpacked, logs.path().resolve("tar.out"))) {
            tar.awaitExitCode(0, Duration.ofSeconds(30));
        }
        try (Stream<Path> dirs = Files.list(unpacked)) {
            home = dirs.findFirst().orElseThrow();
        }
        assertThat(home.resolve("bin/jrouterd")).isExecutable();
        assertThat(home.resolve("conf/standalone.conf")).isRegularFile();
        assertThat(home.resolve("lib")).isDirectory();
        for (String tool : List.of("jrouterd-stat", "jrouterd-manage", "jrouterd-passwd", "qdstat", "qdmanage")) {
            assertThat(home.resolve("bin").resolve(tool)).isExecutable();
        }
    }

    private Path config(String id) throws IOException {
        return config(id, "stderr");
    }

    private Path config(String id, String logOutput) throws IOException {
        Path conf = logs.path().resolve(id + ".conf");
        Files.writeString(conf, String.join("\n",
                "# written the way operators write them",
                "router {",
                "    mode: standalone",
                "    id: " + id + "          # the container-id clients see",
                "}",
                "listener {",
                "    host: 127.0.0.1",
                "    port: 0                 # ephemeral: the bound port is logged",
                "    sasl-mechanisms: ANONYMOUS",
                "}",
                "log {",
                "    module: DEFAULT",
                "    enable: info+",
                "    outputFile: " + logOutput,
                "}",
                ""));
        return conf;
    }

    private void sendAndReceive(int port, int count) {
        String address = "127.0.0.1:" + port + "/examples";
        try (ChildProcess receiver = ProtonPython.example("simple_recv", logs.path(), "simple_recv.py",
                "-a", address, "-m", String.valueOf(count));
             ChildProcess sender = ProtonPython.example("simple_send", logs.path(), "simple_send.py",
                     "-a", address, "-m", String.valueOf(count))) {
            sender.awaitExitCode(0, CLIENT);
            receiver.awaitExitCode(0, CLIENT);
            assertThat(sender.output().lines()).contains("all messages confirmed");
            assertThat(receiver.output().lines()).contains("{'sequence': " + count + "}");
        }
    }

    @Test
    void tarballRouterReadsAConfigWithPortZeroRoutesMessagesAndStopsWithExitZero() throws IOException {
        try (RouterProcess router = RouterProcess.start("Dist", logs.path(),
                List.of(home.resolve("bin/jrouterd").toString(), "-c", config("Dist").toString()))) {
            sendAndReceive(router.port(), 200);
        }
    }

    @Test
    void tarballsQdstatAndQdmanageManageTheTarballsRouter() throws IOException {
        try (RouterProcess router = RouterProcess.start("Tools", logs.path(),
                List.of(home.resolve("bin/jrouterd").toString(), "-c", config("Tools").toString()))) {
            String bus = "127.0.0.1:" + router.port();
            String general = tool("qdstat", "-b", bus, "-g");
            assertThat(general).contains("Router Statistics").containsPattern("Router Id\\s+Tools");
            String listeners = tool("qdmanage", "-b", bus, "query", "--type=listener");
            assertThat(listeners).contains("\"port\": \"" + router.port() + "\"");
        }
    }

    private String tool(String name, String... args) {
        List<String> command = new java.util.ArrayList<>();
        command.add(home.resolve("bin").resolve(name).toString());
        command.addAll(List.of(args));
        try (ChildProcess tool = ChildProcess.start(name, command, Map.of(), logs.path(),
                logs.path().resolve(name + ".out"))) {
            tool.awaitExitCode(0, CLIENT);
            return tool.output().text();
        }
    }

    @Test
    void daemonModeReturnsOnceListeningAndWritesAndRemovesItsPidFile() throws Exception {
        Path pidFile = logs.path().resolve("jrouterd.pid");
        Path logFile = logs.path().resolve("daemon-router.log");
        int port;
        long pid;
        try (ChildProcess launcher = ChildProcess.start("jrouterd -d", List.of(home.resolve("bin/jrouterd")
                        .toString(), "-c", config("Daemon", logFile.toString()).toString(), "-d", "-P", pidFile.toString()),
                Map.of(), logs.path(), logs.path().resolve("daemon.log"))) {
            launcher.awaitExitCode(0, Duration.ofSeconds(60));
            assertThat(pidFile).as("pid file written before -d returns").isRegularFile();
            pid = Long.parseLong(Files.readString(pidFile).trim());
            assertThat(ProcessHandle.of(pid)).as("daemon process %d", pid).isPresent();
            String line = Files.readAllLines(logFile).stream().filter(l -> LISTENING.matcher(l).find())
                    .findFirst().orElseThrow(() -> launcher.failure("the daemon did not log its port to " + logFile));
            Matcher matcher = LISTENING.matcher(line);
            assertThat(matcher.find()).isTrue();
            port = Integer.parseInt(matcher.group(1));
        }
        ProcessHandle daemon = ProcessHandle.of(pid).orElseThrow();
        try {
            sendAndReceive(port, 50);
        } finally {
            daemon.destroy();   // SIGTERM
        }
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> !daemon.isAlive());
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> !Files.exists(pidFile));
    }
}
