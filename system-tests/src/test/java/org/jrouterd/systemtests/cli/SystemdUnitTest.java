package org.jrouterd.systemtests.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jrouterd.systemtests.launch.Jrouterd;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped {@code conf/jrouterd.service} as systemd reads it. {@code systemd-analyze verify} parses the unit with
 * systemd's own parser and reports what it would ignore (it exits 0 even then, so the test reads its output). The
 * unit is verified as a copy whose {@code ExecStart} runs {@code /bin/true}, because verify also complains when the
 * program does not exist ({@code /opt/jrouterd} is not installed here); nothing else is changed. Verify does not
 * start the service, so it cannot show the environment the JVM would get: the test also splits the
 * {@code Environment=} line by systemd's documented quoting rules and checks that {@code JAVA_OPTS} keeps
 * {@code -Xmx1g}, and shows on the old, unquoted line that verify does catch the fault on this machine's systemd.
 */
@Timeout(60)
class SystemdUnitTest {

    private static final Path SYSTEMD_ANALYZE = Path.of("/usr/bin/systemd-analyze");

    @TempDir
    Path folder;

    @Test
    void shippedUnitVerifiesWithoutAnyComplaintAboutItself() throws Exception {
        assumeTrue(Files.isExecutable(SYSTEMD_ANALYZE), "no " + SYSTEMD_ANALYZE);
        Path unit = runnableCopy(Files.readString(Jrouterd.home().resolve("conf/jrouterd.service")));
        String output = verify(unit);
        assertThat(output.lines().filter(line -> line.contains(unit.toString())).toList())
                .as("systemd-analyze verify output:%n%s", output).isEmpty();
    }

    @Test
    void verifyCatchesAnUnquotedJavaOptsThatSystemdWouldSplit() throws Exception {
        assumeTrue(Files.isExecutable(SYSTEMD_ANALYZE), "no " + SYSTEMD_ANALYZE);
        String shipped = Files.readString(Jrouterd.home().resolve("conf/jrouterd.service"));
        Path broken = runnableCopy(shipped.replaceAll("(?m)^Environment=\"(JAVA_OPTS=[^\"]*)\"$", "Environment=$1"));
        assertThat(verify(broken)).contains(broken + ":").contains("Invalid environment assignment");
    }

    @Test
    void javaOptsKeepsTheHeapLimit() throws IOException {
        String shipped = Files.readString(Jrouterd.home().resolve("conf/jrouterd.service"));
        Map<String, String> environment = new LinkedHashMap<>();
        shipped.lines().filter(line -> line.startsWith("Environment=")).forEach(line -> {
            for (String word : systemdWords(line.substring("Environment=".length()))) {
                int equals = word.indexOf('=');
                assertThat(equals).as("'%s' in %s is an assignment", word, line).isPositive();
                environment.put(word.substring(0, equals), word.substring(equals + 1));
            }
        });
        assertThat(environment.get("JAVA_OPTS")).isNotNull();
        assertThat(environment.get("JAVA_OPTS").split(" ")).contains("-Xmx1g", "-XX:+ExitOnOutOfMemoryError");
    }

    /** systemd's Environment= splitting: words separated by white space, double quotes group (and are removed). */
    private static List<String> systemdWords(String value) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean quoted = false;
        boolean inWord = false;
        for (char c : value.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
                inWord = true;
            } else if (Character.isWhitespace(c) && !quoted) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                word.append(c);
                inWord = true;
            }
        }
        assertThat(quoted).as("unbalanced quotes in %s", value).isFalse();
        if (inWord) {
            words.add(word.toString());
        }
        return words;
    }

    private Path runnableCopy(String unitText) throws IOException {
        String runnable = unitText.replaceAll("(?m)^ExecStart=\\S+", "ExecStart=/bin/true");
        assertThat(runnable).contains("ExecStart=/bin/true -c /etc/qpid-dispatch/qdrouterd.conf");
        Path unit = folder.resolve("jrouterd.service");
        Files.writeString(unit, runnable);
        return unit;
    }

    private String verify(Path unit) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(SYSTEMD_ANALYZE.toString(), "verify", unit.toString())
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return output;
    }
}
