package org.jrouterd.server;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.jrouterd.core.address.AddressConfig;
import org.jrouterd.core.address.AddressName;
import org.jrouterd.core.address.AddressConfigTable;
import org.jrouterd.core.address.Distribution;
import org.jrouterd.core.engine.CoreProxy;
import org.jrouterd.core.engine.CoreThread;
import org.jrouterd.core.engine.RouterCore;
import org.jrouterd.core.forward.AddressRoute;
import org.jrouterd.core.forward.ForwardingTable;
import org.jrouterd.transport.amqp.LocalRouter;
import org.jrouterd.transport.sasl.SaslMechanisms;
import org.jrouterd.transport.connector.AmqpConnector;
import org.jrouterd.transport.connector.ConnectorSpec;
import org.jrouterd.transport.server.AmqpServer;
import org.jrouterd.transport.server.ListenerSpec;

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
 * <p>Threads: {@link #close()} may be called from any thread, once or more; the router's state is owned by its
 * core thread and event loops.
 */
public final class Router implements AutoCloseable {

    private final String id;
    private final CoreThread coreThread;
    private final AmqpServer server;
    private final List<InetSocketAddress> addresses;
    private final ForwardingTable forwarding;
    private final List<AmqpConnector> connectors;
    private boolean closed;

    private Router(String id, CoreThread coreThread, AmqpServer server, List<InetSocketAddress> addresses,
                   ForwardingTable forwarding, List<AmqpConnector> connectors) {
        this.id = id;
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

    /** Number of addresses that currently have links attached (for tests and diagnostics). */
    public int activeAddressCount() {
        return forwarding.size();
    }

    /** Stops listening, closes every connection, and stops the router's threads. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        server.close();
        coreThread.close();
    }

    /** Configures and starts a {@link Router}. Not thread-safe; use from one thread. */
    public static final class Builder {
        private String id = "Router." + UUID.randomUUID().toString().substring(0, 8);
        private Distribution defaultDistribution = Distribution.BALANCED;
        private int ioThreads = Math.max(1, Runtime.getRuntime().availableProcessors());
        private final List<ListenerSpec> listeners = new ArrayList<>();
        private final List<AddressConfig> addressConfigs = new ArrayList<>();
        private final List<ConnectorSpec> connectorSpecs = new ArrayList<>();

        private Builder() {
        }

        /** The router id; a random {@code Router.xxxxxxxx} by default. */
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

        /** The number of I/O event loops; one per core by default. */
        public Builder ioThreads(int threads) {
            if (threads < 1) {
                throw new IllegalArgumentException("ioThreads must be at least 1, got " + threads);
            }
            this.ioThreads = threads;
            return this;
        }

        /**
         * Starts the router: the core thread, the listeners, then the connectors. If a listener cannot bind, everything started
         * so far is stopped and the exception propagates.
         */
        public Router start() {
            AddressConfigTable table = new AddressConfigTable(defaultDistribution);
            addressConfigs.forEach(table::add);
            ForwardingTable forwarding = new ForwardingTable();
            RouterCore core = new RouterCore(forwarding, table::distributionFor);
            CoreProxy proxy = new CoreProxy(core);
            CoreThread coreThread = new CoreThread(id, proxy);
            coreThread.start();
            LocalRouter local = new LocalRouter(id, proxy, forwarding, table, SaslMechanisms.builtIn());
            AmqpServer server = new AmqpServer(local, ioThreads);
            List<InetSocketAddress> bound = new ArrayList<>();
            try {
                for (ListenerSpec spec : listeners) {
                    bound.add(server.listen(spec));
                }
            } catch (RuntimeException e) {
                server.close();
                coreThread.close();
                throw e;
            }
            List<AmqpConnector> started = new ArrayList<>();
            for (ConnectorSpec spec : connectorSpecs) {
                started.add(server.connect(spec));
            }
            return new Router(id, coreThread, server, bound, forwarding, started);
        }
    }
}
