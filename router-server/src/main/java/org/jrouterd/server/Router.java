package org.jrouterd.server;

import io.netty.channel.EventLoopGroup;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jrouterd.core.address.AddressConfig;
import org.jrouterd.core.address.AddressName;
import org.jrouterd.core.address.AddressConfigTable;
import org.jrouterd.core.address.Distribution;
import org.jrouterd.core.delivery.MessageMemory;
import org.jrouterd.core.engine.CoreProxy;
import org.jrouterd.core.engine.CoreThread;
import org.jrouterd.core.engine.FatalErrors;
import org.jrouterd.core.engine.RouterCore;
import org.jrouterd.core.forward.AddressRoute;
import org.jrouterd.core.forward.ForwardingTable;
import org.jrouterd.core.linkstate.LinkStateConfig;
import org.jrouterd.core.linkstate.Topology;
import org.jrouterd.server.config.ConfiguredRouter;
import org.jrouterd.server.management.RouterEntities;
import org.jrouterd.server.management.RouterManagement;
import org.jrouterd.server.management.RuntimeEntities;
import org.jrouterd.server.management.TransportEntities;
import org.jrouterd.transport.server.ConnectionRole;
import org.jrouterd.transport.amqp.LocalRouter;
import org.jrouterd.transport.sasl.SaslMechanisms;
import org.jrouterd.transport.sasl.users.UserStoreFile;
import org.jrouterd.transport.connector.AmqpConnector;
import org.jrouterd.transport.connector.ConnectorSpec;
import org.jrouterd.transport.server.AmqpServer;
import org.jrouterd.transport.server.ListenerSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running jrouterd router, embedded in this JVM. Several may run side by side; each has its own core thread
 * and event loops, and nothing is written to disk.
 *
 * <pre>{@code
 * try (Router router = Router.builder().id("A").listener("127.0.0.1", 0).start()) {
 *     int port = router.port();   // connect any AMQP 1.0 client here
 * }
 * }</pre>
 *
 * <p>Fatal errors: an {@link OutOfMemoryError} (any {@link VirtualMachineError}) on one of the router's threads,
 * or its core thread or an event loop dying, leaves a router alive but useless. It then logs the error at ERROR,
 * marks itself failed ({@link #failure()}) and, by default, stops: it closes its listeners and connections, so
 * that clients see it gone rather than hanging. It does not end the JVM, which belongs to the application (or the
 * test run) that embeds it; {@link Builder#fatalErrorReaction} sets another reaction (the {@code jrouterd} daemon
 * exits the process with status {@value FatalErrors#EXIT_STATUS}).
 *
 * <p>Threads: {@link #close()} may be called from any thread, once or more; the router's state is owned by its
 * core thread and event loops.
 */
public final class Router implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger("ROUTER");

    private final String id;
    private final CoreThread coreThread;
    private final AmqpServer server;
    private final List<InetSocketAddress> addresses;
    private final ForwardingTable forwarding;
    private final List<AmqpConnector> connectors;
    private final RouterCore core;
    private final CoreProxy proxy;
    private final FatalErrors fatalErrors;
    private final RouterManagement management;
    private boolean closed;

    private Router(String id, CoreThread coreThread, AmqpServer server, List<InetSocketAddress> addresses,
                   ForwardingTable forwarding, List<AmqpConnector> connectors, RouterCore core, CoreProxy proxy,
                   FatalErrors fatalErrors, RouterManagement management) {
        this.id = id;
        this.management = management;
        this.fatalErrors = fatalErrors;
        this.core = core;
        this.proxy = proxy;
        this.coreThread = coreThread;
        this.server = server;
        this.addresses = List.copyOf(addresses);
        this.forwarding = forwarding;
        this.connectors = List.copyOf(connectors);
    }

    /** A builder with qdrouterd's defaults and no listeners. */
    public static Builder builder() {
        return new Builder();
    }

    /** The router id (the container-id of its AMQP connections). */
    public String id() {
        return id;
    }

    /** The bound port of the first listener. */
    public int port() {
        if (addresses.isEmpty()) {
            throw new IllegalStateException("router " + id + " has no listener");
        }
        return addresses.get(0).getPort();
    }

    /** The bound addresses of all listeners, in the order they were added. */
    public List<InetSocketAddress> listenAddresses() {
        return addresses;
    }

    /** The connectors (outgoing connections), in the order they were added; each reports its status. */
    public List<AmqpConnector> connectors() {
        return connectors;
    }

    /**
     * How many consumer links are attached to an address right now, as the router routes (after attaches and
     * detaches have reached its core thread). Tests use it to wait until a consumer is really there.
     */
    public int consumerCount(String address) {
        AddressRoute route = forwarding.lookup(AddressName.normalize(address));
        return route == null ? 0 : route.consumerCount();
    }

    /**
     * How many remote routers have consumers for an address, as this router routes right now (after mobile
     * address updates have reached it). Tests use it to wait until an address is known across the mesh.
     */
    public int remoteDestinationCount(String address) {
        AddressRoute route = forwarding.lookup(AddressName.normalize(address));
        return route == null ? 0 : route.remoteCount();
    }

    /** Whether a remote router is reachable from this one (it has a path in the current topology). */
    public boolean reaches(String routerId) {
        return forwarding.lookupRouter(routerId) != null;
    }

    /**
     * The current paths to other routers: id to next hop, cost and valid origins (this router alone when it is
     * standalone). Read on the core thread; waits at most a few seconds.
     */
    public Topology topology() {
        return onCoreThread(RouterCore::topology);
    }

    /** The router's mode: interior when it runs the inter-router protocol, else standalone. */
    public RouterMode mode() {
        return core.interior() ? RouterMode.INTERIOR : RouterMode.STANDALONE;
    }

    private <T> T onCoreThread(Function<RouterCore, T> read) {
        CompletableFuture<T> result = new CompletableFuture<>();
        proxy.post(c -> result.complete(read.apply(c)));
        try {
            return result.get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("router " + id + " core thread did not answer", e);
        }
    }

    /**
     * The fatal error that made this router fail (see the class comment), or empty while it has met none. A
     * failed router has stopped (unless its builder set another reaction) and must be replaced.
     */
    public Optional<Throwable> failure() {
        return Optional.ofNullable(fatalErrors.failure());
    }

    /** Posts an action to the core thread (tests inject faults with it). */
    void postToCore(Consumer<RouterCore> action) {
        proxy.post(action);
    }

    /** The I/O event loops (tests inject faults on them). */
    EventLoopGroup ioLoops() {
        return server.ioLoops();
    }

    /**
     * Number of addresses that currently have links attached (for tests and diagnostics); the router's own
     * {@code $management}, where its agent is attached, is not counted.
     */
    public int activeAddressCount() {
        return forwarding.size() - (forwarding.lookup(RouterCore.MANAGEMENT_ADDRESS) != null ? 1 : 0);
    }

    /** Stops listening, closes every connection, and stops the router's threads. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        management.close();
        server.close();
        coreThread.close();
    }

    /** Configures and starts a {@link Router}. Not thread-safe; use from one thread. */
    public static final class Builder {
        private String id;
        private Distribution defaultDistribution = Distribution.BALANCED;
        private int ioThreads = Math.max(1, Runtime.getRuntime().availableProcessors());
        private long messageMemoryBytes;
        private long writeTimeoutMillis = LocalRouter.DEFAULT_WRITE_TIMEOUT_MILLIS;
        private RouterMode mode = RouterMode.STANDALONE;
        private int helloIntervalSeconds = 1;
        private int helloMaxAgeSeconds = 3;
        private int raIntervalSeconds = 30;
        private int raIntervalFluxSeconds = 4;
        private int remoteLsMaxAgeSeconds = 60;
        private final List<ListenerSpec> listeners = new ArrayList<>();
        private final List<AddressConfig> addressConfigs = new ArrayList<>();
        private final List<ConnectorSpec> connectorSpecs = new ArrayList<>();
        private FatalErrors.Reaction fatalErrorReaction;
        private SaslMechanisms sasl = SaslMechanisms.builtIn();

        private Builder() {
        }

        /**
         * What the router does after a fatal error, once it has logged it and marked itself failed. By default it
         * stops (see the class comment) and leaves the JVM running; the daemon sets a reaction that exits the
         * process. The reaction runs on the thread that met the error: an event loop or the core thread, which
         * must not wait for the router to stop.
         */
        public Builder fatalErrorReaction(FatalErrors.Reaction reaction) {
            this.fatalErrorReaction = Objects.requireNonNull(reaction, "reaction");
            return this;
        }

        /**
         * The router id; by default one made up as qdrouterd and the daemon make it when none is configured: the
         * mode, capitalised, an underscore and 15 random characters ({@code Standalone_d7Ab+0x_k2PqR9m}).
         */
        public Builder id(String routerId) {
            this.id = Objects.requireNonNull(routerId, "id");
            return this;
        }

        /** Adds a normal listener with qdrouterd's defaults; port 0 picks a free port. */
        public Builder listener(String host, int port) {
            return listener(ListenerSpec.defaults(host, port));
        }

        /** Adds a listener. */
        public Builder listener(ListenerSpec spec) {
            listeners.add(Objects.requireNonNull(spec, "spec"));
            return this;
        }

        /** Adds a connector: an outgoing connection kept up with retries, started after the listeners. */
        public Builder connector(ConnectorSpec spec) {
            connectorSpecs.add(Objects.requireNonNull(spec, "spec"));
            return this;
        }

        /** Adds an {@code address {}} entry: a prefix or pattern with its distribution. */
        public Builder address(AddressConfig config) {
            addressConfigs.add(Objects.requireNonNull(config, "config"));
            return this;
        }

        /** The distribution of addresses no entry matches; balanced by default. */
        public Builder defaultDistribution(Distribution distribution) {
            this.defaultDistribution = Objects.requireNonNull(distribution, "distribution");
            return this;
        }

        /** The router mode; standalone by default. Interior routers accept and make inter-router connections. */
        public Builder mode(RouterMode routerMode) {
            this.mode = Objects.requireNonNull(routerMode, "mode");
            return this;
        }

        /**
         * The link-state timers of an interior router, in seconds (qdrouterd's defaults: 1, 3, 30, 4, 60): HELLO
         * interval, how long a neighbour stays without HELLO, RA interval, RA interval after a change, and how
         * long a remote router's link state lives without an RA.
         */
        public Builder linkStateTimers(int helloInterval, int helloMaxAge, int raInterval, int raIntervalFlux,
                                       int remoteLsMaxAge) {
            this.helloIntervalSeconds = helloInterval;
            this.helloMaxAgeSeconds = helloMaxAge;
            this.raIntervalSeconds = raInterval;
            this.raIntervalFluxSeconds = raIntervalFlux;
            this.remoteLsMaxAgeSeconds = remoteLsMaxAge;
            return this;
        }

        /** The number of I/O event loops; one per core by default. */
        public Builder ioThreads(int threads) {
            if (threads < 1) {
                throw new IllegalArgumentException("ioThreads must be at least 1, got " + threads);
            }
            this.ioThreads = threads;
            return this;
        }

        /**
         * Bytes the router may hold for messages in flight before it pushes back on producers (no credit, sockets
         * of producer-only connections not read). Default: a quarter of the JVM's maximum heap, at least 8 MiB.
         */
        public Builder messageMemory(long bytes) {
            if (bytes < 1) {
                throw new IllegalArgumentException("messageMemory must be positive, got " + bytes);
            }
            this.messageMemoryBytes = bytes;
            return this;
        }

        /**
         * How long a connection's socket may take none of the bytes the router has for it before the connection
         * is closed; 0 disables the check. Default 60 s.
         */
        public Builder writeTimeout(Duration timeout) {
            if (timeout.isNegative()) {
                throw new IllegalArgumentException("writeTimeout must not be negative, got " + timeout);
            }
            this.writeTimeoutMillis = timeout.toMillis();
            return this;
        }

        /**
         * The SASL mechanisms listeners may offer, and the users they check passwords against. Default:
         * {@link SaslMechanisms#builtIn()}, with no users (every PLAIN or SCRAM login fails).
         */
        public Builder sasl(SaslMechanisms mechanisms) {
            this.sasl = java.util.Objects.requireNonNull(mechanisms, "mechanisms");
            return this;
        }

        /**
         * Checks PLAIN and SCRAM logins against the user store file {@code path} (written by jrouterd-passwd),
         * read again whenever it changes.
         *
         * @throws java.io.UncheckedIOException when the file cannot be read now
         */
        public Builder userStore(java.nio.file.Path path) {
            try {
                return sasl(SaslMechanisms.builtIn(new UserStoreFile(path).load()));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException("cannot read user store " + path, e);
            }
        }

        /**
         * Starts the router: the core thread, the listeners, then the connectors. If a listener cannot bind,
         * everything started so far is stopped and the exception propagates.
         */
        public Router start() {
            String id = this.id != null ? this.id : ConfiguredRouter.generatedId(mode.name().toLowerCase(Locale.ROOT));
            requireInteriorForInterRouter();
            AddressConfigTable table = new AddressConfigTable(defaultDistribution);
            table.addAll(addressConfigs);
            ForwardingTable forwarding = new ForwardingTable();
            LinkStateConfig meshConfig = mode == RouterMode.INTERIOR
                    ? new LinkStateConfig(id, RouterInstance.next(), helloIntervalSeconds, helloMaxAgeSeconds,
                            raIntervalSeconds, raIntervalFluxSeconds, remoteLsMaxAgeSeconds)
                    : null;
            RouterCore core = new RouterCore(id, forwarding, new RouterCore.DistributionLookup() {
                @Override
                public Distribution distributionFor(String address) {
                    return table.distributionFor(address);
                }

                @Override
                public boolean configured(String address) {
                    return table.lookup(address) != null;
                }

                @Override
                public int priorityFor(String address) {
                    AddressConfig config = table.lookup(address);
                    return config == null || !config.hasPriority() ? -1 : config.priority();
                }

                @Override
                public boolean failFastFor(String address) {
                    AddressConfig config = table.lookup(address);
                    return config != null && config.failFast();
                }
            }, meshConfig, () -> System.nanoTime() / 1_000_000);
            CoreProxy proxy = new CoreProxy(core);
            StopOnFatalError stop = new StopOnFatalError();
            FatalErrors fatalErrors = new FatalErrors(id, fatalErrorReaction != null ? fatalErrorReaction : stop);
            CoreThread coreThread = new CoreThread(id, proxy, fatalErrors);
            coreThread.start();
            MessageMemory memory = messageMemoryBytes > 0 ? new MessageMemory(messageMemoryBytes)
                    : MessageMemory.fromHeap();
            LocalRouter local = new LocalRouter(id, proxy, forwarding, table, sasl, memory,
                    writeTimeoutMillis);
            AmqpServer server = new AmqpServer(local, ioThreads, fatalErrors);
            RuntimeEntities runtime = RuntimeEntities.of(server, proxy, table);
            addressConfigs.forEach(runtime.addresses()::configured);
            List<InetSocketAddress> bound = new ArrayList<>();
            try {
                for (ListenerSpec spec : listeners) {
                    AmqpServer.Listening listening = server.bind(spec);
                    runtime.listeners().started(spec, listening);
                    bound.add(listening.address());
                }
            } catch (RuntimeException e) {
                server.close();
                coreThread.close();
                throw e;
            }
            List<AmqpConnector> started = new ArrayList<>();
            for (ConnectorSpec spec : connectorSpecs) {
                AmqpConnector connector = server.connect(spec);
                runtime.connectors().started(connector);
                started.add(connector);
            }
            RouterManagement management = RouterManagement.start(id, mode == RouterMode.INTERIOR, proxy,
                    forwarding, new RouterEntities(id, mode.name().toLowerCase(Locale.ROOT), ioThreads, proxy),
                    new TransportEntities(id, server), runtime);
            Router router = new Router(id, coreThread, server, bound, forwarding, started, core, proxy, fatalErrors,
                    management);
            stop.router.complete(router);
            return router;
        }

        private void requireInteriorForInterRouter() {
            if (mode == RouterMode.INTERIOR) {
                return;
            }
            for (ListenerSpec spec : listeners) {
                if (spec.role() == ConnectionRole.INTER_ROUTER) {
                    throw new IllegalArgumentException("listener " + spec.host() + ":" + spec.port()
                            + ": role inter-router needs router mode interior");
                }
            }
            for (ConnectorSpec spec : connectorSpecs) {
                if (spec.role() == ConnectionRole.INTER_ROUTER) {
                    throw new IllegalArgumentException("connector " + spec.name()
                            + ": role inter-router needs router mode interior");
                }
            }
        }
    }

    /**
     * The embedded default reaction to a fatal error: stop the router, on a thread of its own (the thread that met
     * the error may be an event loop, which cannot wait for the loops to stop). A fatal error met while the router
     * is still starting stops it as soon as it has started.
     *
     * <p>Threads: completed once by the starting thread; run by the thread that met the error.
     */
    private static final class StopOnFatalError implements FatalErrors.Reaction {
        final CompletableFuture<Router> router = new CompletableFuture<>();

        @Override
        public void onFatalError(String routerId, String where, Throwable error) {
            router.thenAccept(failed -> {
                Thread stopper = new Thread(() -> {
                    failed.close();
                    LOG.error("Router {} stopped after a fatal error in {}: {}; it accepts no connections and must "
                            + "be replaced", routerId, where, error.toString());
                }, "jrouterd-stop-" + routerId);
                stopper.setDaemon(true);
                stopper.start();
            });
        }
    }
}
