package org.jrouterd.systemtests.launch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One folder per test for the logs and outputs of the processes it starts:
 * {@code target/system-tests/<TestClass>/<testMethod>[-<invocation>]/}. It is emptied before the test and kept
 * afterwards, so the logs of the last run are always there; when the test fails its path and files are printed.
 *
 * <p>Use: {@code @RegisterExtension final TestLogFolder logs = new TestLogFolder();} then {@code logs.path()}.
 */
public final class TestLogFolder implements BeforeEachCallback, AfterEachCallback {

    private Path path;

    /** This test's folder; exists once the test runs. */
    public Path path() {
        if (path == null) {
            throw new IllegalStateException("TestLogFolder is used outside a test");
        }
        return path;
    }

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        Path root = Path.of(System.getProperty("systemtests.output",
                Path.of(System.getProperty("basedir", System.getProperty("user.dir")), "target", "system-tests")
                        .toString()));
        String method = context.getRequiredTestMethod().getName();
        String display = context.getDisplayName();
        String name = display.equals(method + "()") ? method
                : method + "-" + display.replaceAll("[^A-Za-z0-9._-]+", "_").replaceAll("^_+|_+$", "");
        path = root.resolve(context.getRequiredTestClass().getSimpleName()).resolve(name).toAbsolutePath();
        deleteRecursively(path);
        Files.createDirectories(path);
    }

    @Override
    public void afterEach(ExtensionContext context) throws IOException {
        if (context.getExecutionException().isPresent()) {
            StringBuilder report = new StringBuilder("[system-tests] ")
                    .append(context.getDisplayName()).append(" failed; logs kept in ").append(path);
            try (Stream<Path> files = Files.list(path)) {
                files.sorted().forEach(file -> report.append("\n    ").append(file.getFileName()));
            }
            System.err.println(report);
        }
    }

    private static void deleteRecursively(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(folder)) {
            walk.sorted(Comparator.reverseOrder()).forEach(file -> {
                try {
                    Files.delete(file);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
