package org.jrouterd.benchmarks.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import org.apache.qpid.proton.amqp.messaging.Source;
import org.apache.qpid.proton.amqp.messaging.Target;
import org.apache.qpid.proton.engine.Connection;
import org.apache.qpid.proton.engine.Link;
import org.apache.qpid.proton.engine.Receiver;
import org.apache.qpid.proton.engine.Sender;
import org.apache.qpid.proton.engine.Session;

/**
 * One run of a mode: starts one thread per connection (and one acceptor when listening), waits for them, and returns
 * the merged figures. Every thread stops at the {@code --duration} deadline whatever happens.
 */
public final class LoadRun {
    private final BenchOptions options;
    private final Measurement window;
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicInteger sendersLeft = new AtomicInteger();
    private final AtomicBoolean stop = new AtomicBoolean();
    private final long deadline;
    private volatile Throwable failure;
    private ServerSocketChannel server;

    /** Prepares a run of {@code options}. */
    public LoadRun(BenchOptions options) {
        this.options = options;
        this.deadline = System.nanoTime() + options.durationSeconds * 1_000_000_000L;
        int measuringLinks = switch (options.mode()) {
            case REQUEST, RPC -> options.connections;
            case RESPOND -> 0;
            default -> options.connections * options.links;
        };
        this.window = new Measurement(options.cpuPids, measuringLinks, options.count);
        // Set before any receiver starts: a receiver must not see "no senders left" before they exist.
        sendersLeft.set(options.connections);
    }

    /** Runs to completion (or the deadline) and returns the figures. */
    public RunResult run() throws IOException, InterruptedException {
        switch (options.mode()) {
            case SEND -> startSenders(connectTarget(), true);
            case RECEIVE -> startReceivers(null);
            case DIRECT -> {
                listen();
                startListeningReceivers();
                startSenders(options.connect != null ? connectTarget() : listenAddress(), false);
            }
            case PAIR -> {
                startReceivers(() -> sendersLeft.get() == 0);
                startSenders(connectTarget(), false);
            }
            case REQUEST -> startRequesters(connectTarget());
            case RESPOND -> startResponders(() -> false);
            case RPC -> {
                AtomicInteger requestersLeft = new AtomicInteger(options.connections);
                startResponders(() -> requestersLeft.get() == 0);
                startRequesters(options.listen != null && options.connect == null ? listenAddress()
                        : connectTarget(), requestersLeft);
            }
            default -> throw new IllegalArgumentException("not a load mode: " + options.mode());
        }
        joinAll();
        window.close();
        if (failure != null) {
            throw new IllegalStateException("a connection failed: " + failure, failure);
        }
        return window.result(options);
    }

    /** Joins every thread, including those the acceptor starts meanwhile; past the deadline, stops them all. */
    private void joinAll() throws IOException, InterruptedException {
        int i = 0;
        while (true) {
            Thread t;
            synchronized (this) {
                if (i >= threads.size()) {
                    break;
                }
                t = threads.get(i++);
            }
            long left = Math.max(1, (deadline - System.nanoTime()) / 1_000_000 + 2_000);
            t.join(left);
            if (t.isAlive()) {
                stop.set(true);
                if (server != null) {
                    server.close();
                }
                t.join(5_000);
            }
        }
        if (server != null) {
            server.close();
        }
    }

    private InetSocketAddress connectTarget() {
        BenchOptions.HostPort hp = options.connect != null ? options.connect
                : new BenchOptions.HostPort("127.0.0.1", 5672);
        return new InetSocketAddress(hp.host(), hp.port());
    }

    /** Where receivers and responders connect: {@code --receive-at}, else the same place as senders. */
    private InetSocketAddress receiveTarget() {
        return options.receiveAt != null
                ? new InetSocketAddress(options.receiveAt.host(), options.receiveAt.port()) : connectTarget();
    }

    private InetSocketAddress listenAddress() throws IOException {
        InetSocketAddress bound = (InetSocketAddress) server.getLocalAddress();
        return new InetSocketAddress("127.0.0.1", bound.getPort());
    }

    private void listen() throws IOException {
        BenchOptions.HostPort hp = options.listen != null ? options.listen
                : new BenchOptions.HostPort("127.0.0.1", 0);
        server = ServerSocketChannel.open();
        server.setOption(java.net.StandardSocketOptions.SO_REUSEADDR, true);
        server.bind(new InetSocketAddress(hp.host(), hp.port()));
        InetSocketAddress at = listenAddress();
        System.err.println("jrouterd-bench: listening on " + at.getHostString() + ":" + at.getPort());
    }

    private void startSenders(InetSocketAddress target, boolean measuring) {
        for (int c = 0; c < options.connections; c++) {
            int connection = c;
            ConnectionLoad load = new ConnectionLoad() {
                @Override
                void open(Connection conn) {
                    Session session = conn.session();
                    session.open();
                    for (int l = 0; l < options.links; l++) {
                        String address = options.addressFor(connection, l);
                        LinkStats stats = measuring ? window.newLink() : window.newSideLink();
                        SenderLoad sender = new SenderLoad(options, address, stats, measuring);
                        sender.attach(session, address);
                        links.add(sender);
                    }
                }
            };
            start("sender-" + c, () -> connect(target, load), sendersLeft::decrementAndGet);
        }
    }

    /** Receivers that connect; {@code sendersDone} null: stop after a quiet second once messages came. */
    private void startReceivers(BooleanSupplier sendersDone) {
        if (options.listen != null) {
            listenOrFail();
            startListeningReceivers();
            return;
        }
        for (int c = 0; c < options.connections; c++) {
            int connection = c;
            ConnectionLoad load = new ConnectionLoad() {
                @Override
                void open(Connection conn) {
                    Session session = conn.session();
                    session.open();
                    for (int l = 0; l < options.links; l++) {
                        LinkStats stats = window.newLink();
                        ReceiverLoad receiver = new ReceiverLoad(options, stats,
                                sendersDone != null ? sendersDone : () -> stats.received > 0);
                        receiver.attach(session, options.addressFor(connection, l));
                        links.add(receiver);
                    }
                }
            };
            start("receiver-" + c, () -> connect(receiveTarget(), load), () -> { });
        }
    }

    private void startListeningReceivers() {
        BooleanSupplier sendersDone = options.mode() == Mode.RECEIVE ? null : () -> sendersLeft.get() == 0;
        accept("receiver", () -> new ConnectionLoad() {
            @Override
            void remoteLinkOpened(Link link) {
                if (link instanceof Receiver receiver) {
                    copyTermini(link);
                    LinkStats stats = window.newLink();
                    ReceiverLoad load = new ReceiverLoad(options, stats,
                            sendersDone != null ? sendersDone : () -> stats.received > 0);
                    load.adopt(receiver);
                    receiver.open();
                    links.add(load);
                } else {
                    link.close();
                }
            }

            @Override
            boolean finished(long now) {
                return links.size() >= options.links && super.finished(now);
            }
        });
    }

    private void startRequesters(InetSocketAddress target, AtomicInteger... left) {
        String run = ProcessHandle.current().pid() + "." + Long.toHexString(System.nanoTime());
        for (int c = 0; c < options.connections; c++) {
            int connection = c;
            ConnectionLoad load = new ConnectionLoad() {
                @Override
                void open(Connection conn) {
                    Session session = conn.session();
                    session.open();
                    String service = options.addressFor(connection, 0);
                    RequesterLoad requester = new RequesterLoad(options, service,
                            service + ".reply." + run + "." + connection, window.newLink());
                    requester.attach(session);
                    links.add(requester);
                }
            };
            start("requester-" + c, () -> connect(target, load), () -> {
                for (AtomicInteger l : left) {
                    l.decrementAndGet();
                }
            });
        }
    }

    private void startResponders(BooleanSupplier done) throws IOException {
        if (options.listen != null) {
            listen();
            accept("responder", () -> new ConnectionLoad() {
                private ResponderLoad responder;

                @Override
                void remoteLinkOpened(Link link) {
                    if (responder == null) {
                        responder = new ResponderLoad(options, window.newSideLink(), done);
                        links.add(responder);
                    }
                    copyTermini(link);
                    if (link instanceof Receiver r) {
                        responder.adoptRequests(r);
                    } else {
                        responder.adoptReplyLink((Sender) link);
                    }
                    link.open();
                }
            });
            return;
        }
        for (int c = 0; c < options.connections; c++) {
            int connection = c;
            ConnectionLoad load = new ConnectionLoad() {
                @Override
                void open(Connection conn) {
                    Session session = conn.session();
                    session.open();
                    ResponderLoad responder = new ResponderLoad(options, window.newSideLink(), done);
                    responder.attach(session, options.addressFor(connection, 0));
                    links.add(responder);
                }
            };
            start("responder-" + c, () -> connect(receiveTarget(), load), () -> { });
        }
    }

    private void listenOrFail() {
        try {
            listen();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Accepts {@code --connections} connections, each driven on its own thread by a fresh load. */
    private void accept(String role, java.util.function.Supplier<ConnectionLoad> loads) {
        start(role + "-acceptor", () -> {
            for (int c = 0; c < options.connections && !stop.get(); c++) {
                SocketChannel channel = server.accept();
                ConnectionLoad load = loads.get();
                ProtonSocket socket = new ProtonSocket(channel, true, load);
                start(role + "-" + c, () -> socket.run(deadline, stop::get), () -> { });
            }
        }, () -> { });
    }

    private void connect(InetSocketAddress target, ConnectionLoad load) throws IOException {
        new ProtonSocket(ProtonSocket.connect(target), false, load, options.tlsCa).run(deadline, stop::get);
    }

    private static void copyTermini(Link link) {
        link.setSource(link.getRemoteSource() instanceof Source s ? s : new Source());
        link.setTarget(link.getRemoteTarget() instanceof Target t ? t : new Target());
    }

    /** Something a connection thread runs; may fail with an I/O error. */
    private interface Body {
        void run() throws IOException;
    }

    private synchronized void start(String name, Body body, Runnable after) {
        Thread t = new Thread(() -> {
            try {
                body.run();
            } catch (IOException | RuntimeException e) {
                if (!stop.get()) {
                    failure = e;
                    stop.set(true);
                }
            } finally {
                after.run();
            }
        }, "bench-" + name);
        threads.add(t);
        t.start();
    }
}
