package org.jrouterd.systemtests.launch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * One external command run by a test: its merged stdout and stderr go to a file ({@link ProcessOutput}), every
 * wait has a deadline, and a process that overstays is killed together with its children. Closing kills what is
 * still running, so a failed test leaves nothing behind.
 *
 * <p>Threads: used by the test thread; the output is pumped by its own thread.
 */
public final class ChildProcess implements AutoCloseable {

    private static final Duration OUTPUT_DRAIN = Duration.ofSeconds(10);
    private static final int TAIL_LINES = 40;

    private final String name;
    private final List<String> command;
    private final Process process;
    private final ProcessOutput output;

    private ChildProcess(String name, List<String> command, Process process, ProcessOutput output) {
        this.name = name;
        this.command = command;
        this.process = process;
        this.output = output;
    }

    /**
     * Starts {@code command} in {@code workDir} with {@code env} added to this JVM's environment.
     *
     * @param name short name for messages and the pump thread
     * @param outputFile where the merged stdout and stderr go
     */
    public static ChildProcess start(String name, List<String> command, Map<String, String> env, Path workDir,
                                     Path outputFile) {
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true);
        builder.environment().putAll(env);
        Process process;
        try {
            process = builder.start();
            process.getOutputStream().close(); // nothing reads stdin; EOF at once
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + ": " + command, e);
        }
        return new ChildProcess(name, List.copyOf(command), process,
                ProcessOutput.pump(name, process.getInputStream(), outputFile));
    }

    /** The short name given at start. */
    public String name() {
        return name;
    }

    /** The operating-system process. */
    public Process process() {
        return process;
    }

    /** What the process has written so far. */
    public ProcessOutput output() {
        return output;
    }

    /**
     * Waits for an output line that matches; fails (and kills the process) when the process ends or the timeout
     * passes without one.
     */
    public String awaitLine(String what, Predicate<String> match, Duration timeout) {
        Optional<String> line = output.awaitLine(match, timeout);
        if (line.isPresent()) {
            return line.get();
        }
        String state = output.awaitEnd(Duration.ZERO) && waitFor(OUTPUT_DRAIN)
                ? "exited with " + process.exitValue() : "still running after " + timeout;
        kill();
        throw failure(what + " did not appear; " + name + " " + state);
    }

    /** Waits for the process to exit and for its output to end; kills it and fails when it takes longer. */
    public int awaitExit(Duration timeout) {
        if (!waitFor(timeout)) {
            kill();
            throw failure(name + " did not exit within " + timeout + "; killed it");
        }
        if (!output.awaitEnd(OUTPUT_DRAIN)) {
            kill();
            throw failure(name + " exited but its output did not end within " + OUTPUT_DRAIN + " (a child left?)");
        }
        return process.exitValue();
    }

    /** Waits for the process to exit with {@code expected}; fails with the output's tail otherwise. */
    public void awaitExitCode(int expected, Duration timeout) {
        int code = awaitExit(timeout);
        if (code != expected) {
            throw failure(name + " exited with " + code + ", expected " + expected);
        }
    }

    /** Waits for the process (not its output) to exit; false on timeout. */
    boolean waitFor(Duration timeout) {
        try {
            return process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill();
            throw new IllegalStateException("interrupted while waiting for " + name, e);
        }
    }

    /**
     * Sends SIGTERM. Through the {@link ProcessHandle}: {@link Process#destroy()} would also close the output
     * stream and lose what the process writes while it stops.
     */
    public void terminate() {
        process.toHandle().destroy();
    }

    /** Kills the process and all its descendants at once (SIGKILL) and waits briefly for them. */
    public void kill() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.toHandle().destroyForcibly();
        waitFor(OUTPUT_DRAIN);
    }

    /** An assertion error that names the command, the output file and the output's tail. */
    public AssertionError failure(String message) {
        return new AssertionError(message + "\n  command: " + String.join(" ", command)
                + "\n  output:  " + output.file().toAbsolutePath()
                + "\n  last lines:\n" + output.tail(TAIL_LINES).indent(4));
    }

    /** Kills the process if it is still running. */
    @Override
    public void close() {
        if (process.isAlive()) {
            kill();
        }
    }
}
