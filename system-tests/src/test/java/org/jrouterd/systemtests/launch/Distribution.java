package org.jrouterd.systemtests.launch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The built distribution ({@code distribution/target/jrouterd-<version>.tar.gz}) unpacked once per test JVM under
 * {@code system-tests/target}, so that tests can run daemons as operators install them.
 *
 * <p>Threads: {@link #home()} is synchronized; the unpacked tree is read-only afterwards.
 */
public final class Distribution {

    private static Path home;

    private Distribution() {
    }

    /** The unpacked distribution's folder (holding {@code bin/jrouterd}, {@code lib/}, {@code conf/}). */
    public static synchronized Path home() {
        if (home == null) {
            home = unpack();
        }
        return home;
    }

    /** The unpacked distribution's {@code bin/jrouterd}. */
    public static Path launcher() {
        return home().resolve("bin/jrouterd");
    }

    private static Path unpack() {
        Path target = Jrouterd.home().resolve("distribution").resolve("target");
        Path tarball;
        try (Stream<Path> files = Files.list(target)) {
            tarball = files.filter(p -> p.getFileName().toString().matches("jrouterd-.*\\.tar\\.gz")).findFirst()
                    .orElseThrow(() -> new AssertionError("no jrouterd-*.tar.gz in " + target
                            + ": run the tests through the reactor (mvn verify), which packages the distribution"));
            Path unpacked = Jrouterd.home().resolve("system-tests/target/distribution-" + ProcessHandle.current().pid());
            Files.createDirectories(unpacked);
            try (ChildProcess tar = ChildProcess.start("tar", List.of("tar", "xzf", tarball.toString(), "-C",
                    unpacked.toString()), Map.of(), unpacked, unpacked.resolve("tar.out"))) {
                tar.awaitExitCode(0, Duration.ofSeconds(60));
            }
            try (Stream<Path> dirs = Files.list(unpacked)) {
                Path home = dirs.filter(Files::isDirectory).findFirst()
                        .orElseThrow(() -> new AssertionError("the tarball " + tarball + " holds no folder"));
                if (!Files.isExecutable(home.resolve("bin/jrouterd"))) {
                    throw new AssertionError("no executable bin/jrouterd in the unpacked " + tarball);
                }
                return home;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack the distribution from " + target, e);
        }
    }
}
