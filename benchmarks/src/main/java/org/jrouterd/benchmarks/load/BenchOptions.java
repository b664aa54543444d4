package org.jrouterd.benchmarks.load;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The command line of {@code jrouterd-bench}: a mode and the shape of the load. Parsed by picocli; {@link #validate()}
 * rejects combinations that cannot run. Sizes are per link; counts exclude the warm-up.
 */
@Command(name = "jrouterd-bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = "AMQP 1.0 load tool: throughput, one-way latency and request/reply round trips.")
public final class BenchOptions {

    @Parameters(index = "0", converter = ModeConverter.class,
            description = "send | receive | request | respond | direct | pair | rpc | free-port")
    Mode mode;

    @Option(names = "--connect", converter = HostPortConverter.class,
            description = "host:port to connect to: router or relay [127.0.0.1:5672]")
    HostPort connect;

    @Option(names = "--receive-at", converter = HostPortConverter.class,
            description = "pair, rpc: receivers and responders connect here instead (another router of a mesh)")
    HostPort receiveAt;

    @Option(names = "--listen", converter = HostPortConverter.class,
            description = "host:port to listen on (receive, respond, direct, rpc; port 0 = any)")
    HostPort listen;

    @Option(names = "--tls-ca", paramLabel = "PEM",
            description = "connect over TLS, trusting the CA certificate(s) in this PEM file (client side only)")
    java.nio.file.Path tlsCa;

    @Option(names = {"-a", "--address"}, description = "address (pairs add .<n>) [${DEFAULT-VALUE}]")
    String address = "bench";

    @Option(names = {"-c", "--count"}, description = "measured messages or requests per link [${DEFAULT-VALUE}]")
    long count = 100_000;

    @Option(names = {"-w", "--warmup"}, description = "messages per link before measuring [${DEFAULT-VALUE}]")
    long warmup = 10_000;

    @Option(names = {"-b", "--body-size"}, description = "body bytes (>= 8 carries a timestamp) [${DEFAULT-VALUE}]")
    int bodySize = 100;

    @Option(names = "--presettled", description = "send pre-settled (default: unsettled, receiver accepts)")
    boolean presettled;

    @Option(names = "--credit", description = "receiver credit window, refilled at half [${DEFAULT-VALUE}]")
    int credit = 1000;

    @Option(names = "--max-in-flight", description = "unsettled deliveries per sender link [${DEFAULT-VALUE}]")
    int maxInFlight = 1000;

    @Option(names = "--outstanding", description = "requests in flight per requester [${DEFAULT-VALUE}]")
    int outstanding = 1;

    @Option(names = "--connections", description = "connections per role: parallel pairs [${DEFAULT-VALUE}]")
    int connections = 1;

    @Option(names = "--links", description = "links per connection [${DEFAULT-VALUE}]")
    int links = 1;

    @Option(names = {"-d", "--duration"},
            description = "stop after this many seconds, whatever the count [${DEFAULT-VALUE}]")
    int durationSeconds = 60;

    @Option(names = "--cpu-pid",
            description = "process whose CPU time is charged per message (the router); repeat to add more (a mesh)")
    List<Integer> cpuPids = new ArrayList<>();

    @Option(names = "--label", description = "scenario name in the output [${DEFAULT-VALUE}]")
    String label = "";

    @Option(names = "--json-only", description = "print only the JSON line")
    boolean jsonOnly;

    /** Parses {@code args}; picocli errors surface as {@link CommandLine.ParameterException}. */
    public static BenchOptions parse(String... args) {
        BenchOptions options = new BenchOptions();
        new CommandLine(options).parseArgs(args);
        options.validate();
        return options;
    }

    /** Rejects values that cannot run; throws {@link IllegalArgumentException} naming the option. */
    public void validate() {
        require(count > 0, "--count must be > 0");
        require(warmup >= 0, "--warmup must be >= 0");
        require(bodySize >= 0 && bodySize <= 16 * 1024 * 1024, "--body-size must be 0..16777216");
        require(credit > 0, "--credit must be > 0");
        require(maxInFlight > 0, "--max-in-flight must be > 0");
        require(outstanding > 0, "--outstanding must be > 0");
        require(connections > 0 && connections <= 256, "--connections must be 1..256");
        require(links > 0 && links <= 64, "--links must be 1..64");
        require(durationSeconds > 0, "--duration must be > 0");
        if (tlsCa != null) {
            require(java.nio.file.Files.isReadable(tlsCa), "--tls-ca: cannot read " + tlsCa);
        }
        if (receiveAt != null) {
            require(mode == Mode.PAIR || mode == Mode.RPC, "--receive-at applies to pair and rpc only");
            require(listen == null, "--receive-at and --listen exclude each other");
        }
        if (mode == Mode.REQUEST || mode == Mode.RESPOND || mode == Mode.RPC) {
            require(links == 1, "--links applies to one-way modes only");
        }
    }

    /** Address of link {@code link} on connection {@code connection}: one address per sender/receiver pair. */
    String addressFor(int connection, int link) {
        int n = connection * links + link;
        return connections * links == 1 ? address : address + "." + n;
    }

    /** The mode. */
    public Mode mode() {
        return mode;
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    /** A host and port written {@code host:port}. */
    public record HostPort(String host, int port) {
        /** Parses {@code host:port}; the host may be empty (then 127.0.0.1). */
        public static HostPort parse(String text) {
            int colon = text.lastIndexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException("expected host:port, got '" + text + "'");
            }
            String host = colon == 0 ? "127.0.0.1" : text.substring(0, colon);
            int port;
            try {
                port = Integer.parseInt(text.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bad port in '" + text + "'");
            }
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port out of range in '" + text + "'");
            }
            return new HostPort(host, port);
        }

        @Override
        public String toString() {
            return host + ":" + port;
        }
    }

    /** Lets picocli read {@code host:port}. */
    static final class HostPortConverter implements CommandLine.ITypeConverter<HostPort> {
        @Override
        public HostPort convert(String value) {
            return HostPort.parse(value);
        }
    }

    /** Accepts modes in lower case with dashes ({@code free-port}). */
    static final class ModeConverter implements CommandLine.ITypeConverter<Mode> {
        @Override
        public Mode convert(String value) {
            return Mode.valueOf(value.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        }
    }
}
