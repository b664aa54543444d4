package org.jrouterd.benchmarks.embedding;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The start time of an embedded router, as a user's test sees it: a fresh JVM (class loading included) whose class
 * path is the shaded {@code router-embedded} jar and slf4j-api, and repeated starts in one JVM (a router per test),
 * each timed until a client got the router's AMQP header back. The baseline, run alternately in the same
 * invocation, is a plain {@code ServerSocket} answering one byte. Prints markdown for docs/benchmarks.md.
 *
 * <p>Threads: the main thread only; the children are separate JVMs.
 */
@Command(name = "embedded-start", mixinStandardHelpOptions = true,
        description = "Start time of the embedded router against a plain ServerSocket.")
public final class EmbeddedStart implements Callable<Integer> {

    @Option(names = "--jvms", description = "Fresh JVMs per kind (default ${DEFAULT-VALUE}).")
    int jvms = 10;

    @Option(names = "--rounds", description = "Starts per JVM; the first is the cold one (default ${DEFAULT-VALUE}).")
    int rounds = 20;

    @Option(names = "--home", description = "The jrouterd checkout (default: the current folder).")
    Path home = Path.of(".");

    public static void main(String[] args) {
        System.exit(new CommandLine(new EmbeddedStart()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        String classPath = String.join(File.pathSeparator, embeddedJar().toString(), onOwnClassPath("slf4j-api"),
                Path.of(StartProbe.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
        List<double[]> router = new ArrayList<>();
        List<double[]> socket = new ArrayList<>();
        for (int i = 0; i < jvms; i++) {
            router.add(probe(classPath, "router"));
            socket.add(probe(classPath, "socket"));
            System.err.printf("jvm %d/%d: router cold %.1f ms, socket cold %.1f ms%n", i + 1, jvms,
                    router.get(i)[1], socket.get(i)[1]);
        }
        double routerJvm = median(router, 0);
        double socketJvm = median(socket, 0);
        double routerCold = median(router, 1);
        double socketCold = median(socket, 1);
        double routerWarm = medianOfRest(router);
        double socketWarm = medianOfRest(socket);
        double routerColdMax = router.stream().mapToDouble(r -> r[0] + r[1]).max().orElseThrow();
        System.out.printf("| | embedded router | plain ServerSocket (baseline) | ratio |%n|---|---|---|---|%n");
        System.out.printf("| JVM start to main (median of %d JVMs) | %.0f ms | %.0f ms | %.2f |%n", jvms,
                routerJvm, socketJvm, routerJvm / socketJvm);
        System.out.printf("| first start in a fresh JVM, until a client is answered (median) | %.0f ms | %.1f ms | "
                + "%.0f |%n", routerCold, socketCold, routerCold / socketCold);
        System.out.printf("| JVM start to a client answered, worst of %d | %.0f ms | | |%n", jvms, routerColdMax);
        System.out.printf("| later starts in the same JVM (median of %d) | %.1f ms | %.2f ms | %.0f |%n",
                jvms * (rounds - 1), routerWarm, socketWarm, routerWarm / socketWarm);
        return 0;
    }

    /** [jvm-to-main, first start, later starts...] in milliseconds. */
    private double[] probe(String classPath, String kind) throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process child = new ProcessBuilder(java.toString(), "-cp", classPath,
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", StartProbe.class.getName(), kind,
                Integer.toString(rounds)).redirectErrorStream(true).start();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!child.waitFor(60, TimeUnit.SECONDS) || child.exitValue() != 0) {
            throw new IOException(kind + " probe failed:\n" + output);
        }
        double[] figures = new double[rounds + 1];
        int n = 0;
        for (String line : output.split("\n")) {
            if (line.startsWith("jvm-to-main ") || line.startsWith("start ")) {
                figures[n++] = Double.parseDouble(line.substring(line.indexOf(' ') + 1).trim());
            }
        }
        if (n != figures.length) {
            throw new IOException(kind + " probe printed " + n + " figures, expected " + figures.length + ":\n"
                    + output);
        }
        return figures;
    }

    private Path embeddedJar() throws IOException {
        Path target = home.resolve("router-embedded/target");
        try (Stream<Path> files = Files.list(target)) {
            return files.filter(p -> p.getFileName().toString().matches("router-embedded-[^-]+(-SNAPSHOT)?\\.jar"))
                    .findFirst().orElseThrow(() -> new IOException("no router-embedded jar in " + target
                            + ": build it with mvn -B -DskipTests install"));
        }
    }

    private static String onOwnClassPath(String name) {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> Path.of(entry).getFileName().toString().startsWith(name)).findFirst()
                .orElseThrow(() -> new IllegalStateException(name + " is not on this JVM's class path"));
    }

    private static double median(List<double[]> runs, int index) {
        return median(runs.stream().mapToDouble(r -> r[index]).toArray());
    }

    private static double medianOfRest(List<double[]> runs) {
        return median(runs.stream().flatMapToDouble(r -> Arrays.stream(r, 2, r.length)).toArray());
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
