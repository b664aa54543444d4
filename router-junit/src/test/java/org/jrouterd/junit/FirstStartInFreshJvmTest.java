package org.jrouterd.junit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A router's first start in a new JVM, with every class still to load (some 2,300 classes not in the JDK's
 * shared archive: the router's, Netty's, proton-j's, logback's): {@link FirstStartProbe} run as its own process,
 * from the extension's {@code beforeAll} to the router answering AMQP. About 0.6 s on an idle 2-CPU machine,
 * 1.1–1.2 s while another build runs on it: the test prints the figure and fails only above 2 s, so that a busy
 * build machine does not fail it. A router started in a JVM that has started one before answers within tens of
 * milliseconds ({@link StartTimeTest}).
 */
class FirstStartInFreshJvmTest {

    private static final Pattern RESULT = Pattern.compile("first start: jvm-to-main=(\\d+) beforeAll-to-amqp=(\\d+)");

    @Test
    @Timeout(60)
    void firstRouterOfAFreshJvmAnswersAmqpWithinTwoSeconds(@TempDir Path dir) throws Exception {
        Path output = dir.resolve("probe.out");
        Process probe = new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                FirstStartProbe.class.getName()))
                .redirectErrorStream(true).redirectOutput(output.toFile()).start();
        assertThat(probe.waitFor(50, TimeUnit.SECONDS)).as("the probe ended").isTrue();
        String printed = Files.readString(output, StandardCharsets.UTF_8);
        assertThat(probe.exitValue()).as("exit status; it printed:%n%s", printed).isZero();

        Matcher result = RESULT.matcher(printed);
        assertThat(result.find()).as("the probe printed its result:%n%s", printed).isTrue();
        long jvmToMain = Long.parseLong(result.group(1));
        long startMillis = Long.parseLong(result.group(2));
        System.out.printf("first start in a fresh JVM: JVM start to main %d ms, beforeAll to AMQP answered %d ms "
                + "(classpath entries: %d)%n", jvmToMain, startMillis,
                System.getProperty("java.class.path").split(File.pathSeparator).length);
        assertThat(startMillis).isLessThan(2_000);
    }
}
