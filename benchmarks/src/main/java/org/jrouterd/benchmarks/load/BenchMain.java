package org.jrouterd.benchmarks.load;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

import picocli.CommandLine;

/**
 * {@code bin/jrouterd-bench}: parses the options, runs one load, prints the human table (stderr, unless
 * {@code --json-only}) and one JSON line (stdout). Exit code 0 on a complete run, 1 when the count was not reached
 * before the deadline or a connection failed, 2 on bad options.
 */
public final class BenchMain {
    private BenchMain() {
    }

    /** Entry point. */
    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String[] args) {
        CommandLine cli = new CommandLine(new BenchOptions());
        BenchOptions options;
        try {
            CommandLine.ParseResult parsed = cli.parseArgs(args);
            if (CommandLine.printHelpIfRequested(parsed)) {
                return 0;
            }
            options = cli.getCommand();
            options.validate();
        } catch (CommandLine.ParameterException | IllegalArgumentException e) {
            System.err.println("jrouterd-bench: " + e.getMessage() + " (see --help)");
            return 2;
        }
        try {
            if (options.mode() == Mode.FREE_PORT) {
                System.out.println(freePort());
                return 0;
            }
            RunResult result = new LoadRun(options).run();
            if (!options.jsonOnly) {
                System.err.print(result.table());
            }
            System.out.println(result.json());
            return complete(options, result) ? 0 : 1;
        } catch (IOException | RuntimeException e) {
            System.err.println("jrouterd-bench: " + e);
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }

    /** Whether the run measured what it was asked to (pre-settled messages may be dropped: any is enough). */
    static boolean complete(BenchOptions options, RunResult result) {
        if (options.mode() == Mode.RESPOND) {
            return true;
        }
        return options.presettled ? result.measured() > 0 : result.measured() >= expected(options);
    }

    static long expected(BenchOptions options) {
        return switch (options.mode()) {
            case REQUEST, RPC -> options.count * options.connections;
            default -> options.count * options.connections * options.links;
        };
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress("127.0.0.1", 0));
            return socket.getLocalPort();
        }
    }
}
