package org.jrouterd.systemtests.launch;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Everything a child process wrote to its (merged) stdout and stderr: each line goes to a file as it arrives and
 * into memory, so a test can wait for a line with a deadline and read the whole output afterwards.
 *
 * <p>Threads: one daemon pump thread per process reads the stream and appends; test threads wait on this
 * object's monitor (no sleeps) and read snapshots.
 */
public final class ProcessOutput {

    private final Path file;
    private final List<String> lines = new ArrayList<>();
    private boolean ended;

    private ProcessOutput(Path file) {
        this.file = file;
    }

    /** Starts a pump thread that copies {@code stream} line by line into {@code file} and into memory. */
    static ProcessOutput pump(String name, InputStream stream, Path file) {
        ProcessOutput output = new ProcessOutput(file);
        Thread pump = new Thread(() -> output.copy(stream), "output-" + name);
        pump.setDaemon(true);
        pump.start();
        return output;
    }

    private void copy(InputStream stream) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8));
             BufferedWriter writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = reader.readLine()) != null) {
                writer.write(line);
                writer.newLine();
                writer.flush();
                append(line);
            }
        } catch (IOException e) {
            append("[system-tests: reading the output failed: " + e + "]");
        } finally {
            markEnded();
        }
    }

    private synchronized void append(String line) {
        lines.add(line);
        notifyAll();
    }

    private synchronized void markEnded() {
        ended = true;
        notifyAll();
    }

    /** The file that holds the output. */
    public Path file() {
        return file;
    }

    /** A copy of the lines read so far. */
    public synchronized List<String> lines() {
        return List.copyOf(lines);
    }

    /** The lines read so far, joined with newlines. */
    public String text() {
        return String.join("\n", lines());
    }

    /** The last {@code count} lines read so far, for failure messages. */
    public synchronized String tail(int count) {
        return String.join("\n", lines.subList(Math.max(0, lines.size() - count), lines.size()));
    }

    /**
     * Waits until a line matches, the stream ends, or the timeout passes.
     *
     * @return the first matching line, or empty if the stream ended or the time ran out without one
     */
    public synchronized Optional<String> awaitLine(Predicate<String> match, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        int next = 0;
        while (true) {
            for (; next < lines.size(); next++) {
                if (match.test(lines.get(next))) {
                    return Optional.of(lines.get(next));
                }
            }
            long left = deadline - System.nanoTime();
            if (ended || left <= 0) {
                return Optional.empty();
            }
            waitNanos(left);
        }
    }

    /** Waits until the stream has ended (the process and every child holding it closed it); false on timeout. */
    public synchronized boolean awaitEnd(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!ended) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            waitNanos(left);
        }
        return true;
    }

    private void waitNanos(long nanos) {
        try {
            wait(Math.max(1, nanos / 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for output", e);
        }
    }
}
