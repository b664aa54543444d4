package org.jrouterd.systemtests.launch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A RabbitMQ broker (Debian's {@code rabbitmq-server}) of a test's own: its own node name, AMQP port, Erlang
 * distribution and epmd ports, all on 127.0.0.1, and its data and logs in the test's folder; stopped at the end,
 * epmd included. The {@code guest} user may connect from localhost, as the package sets it up.
 *
 * <p>Threads: one test thread.
 */
public final class RabbitMq implements AutoCloseable {

    static final Path SERVER = Path.of("/usr/lib/rabbitmq/bin/rabbitmq-server");
    private static final Duration START = Duration.ofSeconds(90);

    private final ChildProcess broker;
    private final int port;
    private final Map<String, String> env;

    private RabbitMq(ChildProcess broker, int port, Map<String, String> env) {
        this.broker = broker;
        this.port = port;
        this.env = env;
    }

    /** Starts a broker and waits until it takes AMQP connections; fails with the reason if it cannot. */
    public static RabbitMq start(Path folder) {
        if (!Files.isExecutable(SERVER)) {
            throw new AssertionError(SERVER + " is missing: install the Debian package rabbitmq-server");
        }
        Path base = folder.resolve("rabbitmq");
        int port = FreePort.onLoopback();
        Map<String, String> env = new HashMap<>();
        try {
            Files.createDirectories(base.resolve("home"));
            Files.writeString(base.resolve("enabled_plugins"), "[].\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare " + base, e);
        }
        env.put("HOME", base.resolve("home").toString());   // the Erlang cookie goes here, not in the user's home
        env.put("RABBITMQ_NODENAME", "jrouterd-test-" + port + "@localhost");
        env.put("RABBITMQ_NODE_IP_ADDRESS", "127.0.0.1");
        env.put("RABBITMQ_NODE_PORT", String.valueOf(port));
        env.put("RABBITMQ_DIST_PORT", String.valueOf(FreePort.onLoopback()));
        env.put("ERL_EPMD_ADDRESS", "127.0.0.1");
        env.put("ERL_EPMD_PORT", String.valueOf(FreePort.onLoopback()));
        env.put("RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS", "-kernel inet_dist_use_interface {127,0,0,1}");
        env.put("RABBITMQ_MNESIA_BASE", base.resolve("mnesia").toString());
        env.put("RABBITMQ_LOG_BASE", base.resolve("log").toString());
        env.put("RABBITMQ_ENABLED_PLUGINS_FILE", base.resolve("enabled_plugins").toString());
        env.put("RABBITMQ_CONFIG_FILE", base.resolve("rabbitmq").toString());
        env.put("RABBITMQ_PID_FILE", base.resolve("rabbitmq.pid").toString());
        ChildProcess broker = ChildProcess.start("rabbitmq-server", List.of(SERVER.toString()), env, base,
                folder.resolve("rabbitmq.out"));
        RabbitMq rabbit = new RabbitMq(broker, port, env);
        long deadline = System.nanoTime() + START.toNanos();
        while (!rabbit.accepts()) {
            if (!broker.process().isAlive()) {
                rabbit.close();
                throw broker.failure("RabbitMQ exited before it took connections (see its log under " + base + ")");
            }
            if (System.nanoTime() > deadline) {
                rabbit.close();
                throw broker.failure("RabbitMQ did not take connections on 127.0.0.1:" + port + " within " + START);
            }
            java.util.concurrent.locks.LockSupport.parkNanos(200_000_000L);
        }
        return rabbit;
    }

    private boolean accepts() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException notYet) {
            return false;
        }
    }

    /** The broker's AMQP 0-9-1 port on 127.0.0.1. */
    public int port() {
        return port;
    }

    /** oslo.messaging's rabbit driver URL for it. */
    public String url() {
        return "rabbit://guest:guest@127.0.0.1:" + port + "/";
    }

    /** Stops the broker and the epmd it started. */
    @Override
    public void close() {
        broker.close();
        try (ChildProcess epmd = ChildProcess.start("epmd -kill", List.of("epmd", "-kill"), env,
                Path.of(env.get("HOME")), Path.of(env.get("HOME")).resolve("epmd-kill.out"))) {
            epmd.awaitExit(Duration.ofSeconds(10));
        }
    }
}
