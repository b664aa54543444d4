package org.jrouterd.benchmarks.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * CPU time (user + system) of a process (or the sum over several), read from {@code /proc/<pid>/stat}: fields 14 and 15, in clock ticks,
 * counted after the closing parenthesis of the command name (which may itself contain spaces or parentheses).
 */
public final class ProcessCpu {
    private static final long TICKS_PER_SECOND = clockTicks();

    private final List<Path> stats;

    /** Reads {@code pid}'s CPU time; pid {@code "self"} is this JVM. */
    public ProcessCpu(String pid) {
        this(List.of(pid));
    }

    /** Reads the CPU time of several processes together (the routers of a mesh). */
    public ProcessCpu(List<String> pids) {
        this.stats = pids.stream().map(pid -> Path.of("/proc", pid, "stat")).toList();
    }

    /** CPU time used so far in nanoseconds (summed), or -1 when a file cannot be read (process gone, not Linux). */
    public long cpuNanos() {
        long total = 0;
        for (Path stat : stats) {
            try {
                total += parseCpuNanos(Files.readString(stat), TICKS_PER_SECOND);
            } catch (IOException | RuntimeException e) {
                return -1;
            }
        }
        return total;
    }

    /** utime + stime of a {@code /proc/<pid>/stat} line, in nanoseconds at {@code ticksPerSecond}. */
    static long parseCpuNanos(String statLine, long ticksPerSecond) {
        int close = statLine.lastIndexOf(')');
        if (close < 0) {
            throw new IllegalArgumentException("no command name in stat line");
        }
        // After ") " comes field 3 (state); utime is field 14 and stime field 15, i.e. index 11 and 12 here.
        String[] fields = statLine.substring(close + 2).trim().split(" +");
        long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        return ticks * (1_000_000_000L / ticksPerSecond);
    }

    /** Clock ticks per second from {@code getconf CLK_TCK}, or 100 (Linux's USER_HZ) when that fails. */
    static long clockTicks() {
        try {
            Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            if (p.waitFor(2, TimeUnit.SECONDS) && p.exitValue() == 0) {
                long ticks = Long.parseLong(out);
                if (ticks > 0) {
                    return ticks;
                }
            }
        } catch (IOException | RuntimeException e) {
            return 100;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 100;
    }
}
