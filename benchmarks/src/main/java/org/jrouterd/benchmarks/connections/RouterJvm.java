package org.jrouterd.benchmarks.connections;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A jrouterd daemon started with its launcher ({@code bin/jrouterd --listen 127.0.0.1:0}, which execs the JVM, so
 * the child process is the router's JVM) with the JVM options given in {@code JAVA_OPTS}, its log in a file; and
 * {@code jcmd} on it for a class histogram.
 *
 * <p>Threads: used by one thread; a daemon thread copies the router's output to the log file.
 */
final class RouterJvm implements AutoCloseable {

    private static final Pattern LISTENING = Pattern.compile("Listening on 127\\.0\\.0\\.1:(\\d+)");

    private final Process process;
    private final InetSocketAddress address;

    private RouterJvm(Process process, int port) {
        this.process = process;
        this.address = new InetSocketAddress("127.0.0.1", port);
    }

    /** Starts the router and waits (up to 120 s: the launcher may build first) until it logs its port. */
    static RouterJvm start(Path launcher, List<String> jvmOptions, Path log) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(launcher.toString(), "--listen", "127.0.0.1:0", "--id", "heap")
                .redirectErrorStream(true);
        builder.environment().put("JAVA_OPTS", String.join(" ", jvmOptions));
        Process process = builder.start();
        CompletableFuture<Integer> port = new CompletableFuture<>();
        Thread copier = new Thread(() -> copyOutput(process, log, port), "router-log");
        copier.setDaemon(true);
        copier.start();
        try {
            return new RouterJvm(process, port.get(120, TimeUnit.SECONDS));
        } catch (ExecutionException | TimeoutException e) {
            process.destroyForcibly();
            throw new IOException("the router did not log its port within 120 s; see " + log, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IOException("interrupted", e);
        }
    }

    private static void copyOutput(Process process, Path log, CompletableFuture<Integer> port) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8)); var out = Files.newBufferedWriter(log)) {
            String line;
            while ((line = in.readLine()) != null) {
                out.write(line);
                out.newLine();
                out.flush();
                Matcher matcher = LISTENING.matcher(line);
                if (!port.isDone() && matcher.find()) {
                    port.complete(Integer.parseInt(matcher.group(1)));
                }
            }
        } catch (IOException e) {
            port.completeExceptionally(e);
        } finally {
            port.completeExceptionally(new IOException("the router's output ended"));
        }
    }

    InetSocketAddress address() {
        return address;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** The router's live heap by class, after the full collection {@code GC.class_histogram} runs first. */
    HeapHistogram histogram() throws IOException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process run = new ProcessBuilder(jcmd.toString(), Long.toString(process.pid()), "GC.class_histogram")
                .redirectErrorStream(true).start();
        try {
            String output = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!run.waitFor(60, TimeUnit.SECONDS) || run.exitValue() != 0) {
                throw new IOException("jcmd failed: " + output);
            }
            return HeapHistogram.parse(output);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
