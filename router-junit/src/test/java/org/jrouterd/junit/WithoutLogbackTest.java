package org.jrouterd.junit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Without logback on the class path (logback-classic is an optional dependency), the extension runs a router and
 * a failure says how to get the router's log: {@link NoLogbackProbe} in a JVM of its own.
 */
class WithoutLogbackTest {

    @Test
    @Timeout(60)
    void routerRunsAndAFailureSaysHowToCaptureItsLog(@TempDir Path dir) throws Exception {
        String classPath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !entry.contains("logback")).collect(Collectors.joining(File.pathSeparator));
        Path output = dir.resolve("probe.out");
        Process probe = new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classPath, NoLogbackProbe.class.getName()))
                .redirectErrorStream(true).redirectOutput(output.toFile()).start();
        assertThat(probe.waitFor(50, TimeUnit.SECONDS)).as("the probe ended").isTrue();
        String printed = Files.readString(output, StandardCharsets.UTF_8);

        assertThat(probe.exitValue()).as("exit status; it printed:%n%s", printed).isZero();
        assertThat(printed).doesNotContain("Exception", "Error:").contains("suppressed: the log of router "
                + "no-logback could not be captured: SLF4J's backend is org.slf4j.helpers.NOPLoggerFactory, not "
                + "logback-classic. To see the routers' recent log here when a test fails, add the test dependency "
                + "ch.qos.logback:logback-classic (and a logback-test.xml).");
    }
}
