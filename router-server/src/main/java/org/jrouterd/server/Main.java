package org.jrouterd.server;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.jrouterd.transport.server.ListenerBindException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The {@code jrouterd} daemon. With no arguments it listens on {@code 127.0.0.1:5672}. SIGTERM and SIGINT close
 * every connection and exit 0. Exit codes: 0 clean stop, 1 cannot start (e.g. port taken), 2 bad usage.
 *
 * <p>Threads: {@code main} starts the router and waits; the JVM's shutdown-hook thread stops it.
 */
@Command(name = "jrouterd", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "A pure-Java AMQP 1.0 router, a drop-in for Apache Qpid Dispatch Router.")
public final class Main implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger("SERVER");

    @Option(names = "--id", description = "Router id (default: a random Router.xxxxxxxx).")
    private String id;

    @Option(names = "--listen", paramLabel = "HOST:PORT",
            description = "Listen for AMQP connections here; repeatable; port 0 picks a free port and logs it "
                    + "(default: 127.0.0.1:5672).")
    private List<String> listen = new ArrayList<>();

    @Option(names = "--io-threads", description = "Number of I/O event loops (default: one per core).")
    private Integer ioThreads;

    public static void main(String[] args) {
        System.exit(new CommandLine(new Main()).execute(args));
    }

    @Override
    public Integer call() {
        Router.Builder builder = Router.builder();
        if (id != null) {
            builder.id(id);
        }
        if (ioThreads != null) {
            builder.ioThreads(ioThreads);
        }
        if (listen.isEmpty()) {
            listen.add("127.0.0.1:5672");
        }
        for (String hostPort : listen) {
            int colon = hostPort.lastIndexOf(':');
            if (colon <= 0) {
                System.err.println("jrouterd: --listen wants HOST:PORT, got '" + hostPort + "'");
                return 2;
            }
            int port;
            try {
                port = Integer.parseInt(hostPort.substring(colon + 1));
            } catch (NumberFormatException e) {
                System.err.println("jrouterd: --listen port is not a number in '" + hostPort + "'");
                return 2;
            }
            builder.listener(hostPort.substring(0, colon), port);
        }
        Router router;
        try {
            router = builder.start();
        } catch (ListenerBindException e) {
            LOG.error("{}", e.getMessage());
            System.err.println("jrouterd: " + e.getMessage());
            return 1;
        } catch (IllegalArgumentException e) {
            System.err.println("jrouterd: " + e.getMessage());
            return 2;
        }
        LOG.debug("Router {} started", router.id());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("Router {} stopping", router.id());
            router.close();
            stopped.countDown();
            // SIGTERM/SIGINT run this hook inside the JVM's exit sequence, which would end with 128+signal; the
            // router stopped cleanly, so say so with 0. Log output is written synchronously, so nothing is lost.
            System.err.flush();
            Runtime.getRuntime().halt(0);
        }, "jrouterd-shutdown"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    /** Reports the version from the jar manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Main.class.getPackage().getImplementationVersion();
            return new String[] {"jrouterd " + (version == null ? "(development build)" : version)};
        }
    }
}
