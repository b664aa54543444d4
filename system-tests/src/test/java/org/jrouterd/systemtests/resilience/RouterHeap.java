package org.jrouterd.systemtests.resilience;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;

/**
 * The live heap of a router daemon, read with {@code jcmd <pid> GC.class_histogram} (which collects garbage
 * first, so only reachable objects count). The pid comes from the file the router was started to write with
 * {@code --pidfile}.
 *
 * <p>Threads: used by one test thread.
 */
final class RouterHeap {

    private static final Pattern TOTAL = Pattern.compile("(?m)^Total\\s+\\d+\\s+(\\d+)");

    private final Path pidFile;

    RouterHeap(Path pidFile) {
        this.pidFile = pidFile;
    }

    /** The option to add to the router's command line. */
    String[] pidFileOption() {
        return new String[] {"--pidfile", pidFile.toString()};
    }

    /** Bytes of live objects in the router's heap, after a full collection. */
    long liveBytes() {
        Awaitility.await("pid file " + pidFile).atMost(Duration.ofSeconds(10)).until(() -> Files.exists(pidFile));
        try {
            String pid = Files.readString(pidFile).trim();
            Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
            Process run = new ProcessBuilder(jcmd.toString(), pid, "GC.class_histogram").redirectErrorStream(true)
                    .start();
            String output = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!run.waitFor(60, TimeUnit.SECONDS) || run.exitValue() != 0) {
                throw new AssertionError("jcmd " + pid + " GC.class_histogram failed: " + output);
            }
            Matcher total = TOTAL.matcher(output);
            if (!total.find()) {
                throw new AssertionError("no total in jcmd's class histogram: " + output);
            }
            return Long.parseLong(total.group(1));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
