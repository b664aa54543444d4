package org.jrouterd.server.mesh;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.messaging.Accepted;
import org.apache.qpid.proton.amqp.messaging.AmqpValue;
import org.apache.qpid.proton.amqp.messaging.Source;
import org.apache.qpid.proton.amqp.messaging.Target;
import org.apache.qpid.proton.amqp.transport.DeliveryState;
import org.apache.qpid.proton.amqp.transport.ErrorCondition;
import org.apache.qpid.proton.amqp.transport.ReceiverSettleMode;
import org.apache.qpid.proton.amqp.transport.SenderSettleMode;
import org.apache.qpid.proton.engine.Collector;
import org.apache.qpid.proton.engine.Connection;
import org.apache.qpid.proton.engine.Delivery;
import org.apache.qpid.proton.engine.EndpointState;
import org.apache.qpid.proton.engine.Event;
import org.apache.qpid.proton.engine.Link;
import org.apache.qpid.proton.engine.Receiver;
import org.apache.qpid.proton.engine.Sasl;
import org.apache.qpid.proton.engine.Sender;
import org.apache.qpid.proton.engine.Session;
import org.apache.qpid.proton.engine.Transport;
import org.apache.qpid.proton.message.Message;
import org.jrouterd.server.mesh.QdrouterdWire.Numbers;

/**
 * A scripted qdrouterd 1.19 on the connector side of an inter-router connection, over a real TCP socket, played
 * with proton-j's engine directly (Transport, Connection, Collector; client SASL ANONYMOUS).
 *
 * <p>It opens as qdrouterd does (container-id = router id, Open properties product/version/qd.conn-id/
 * qd.annotations-version and optionally qd.inter-router-cost; capabilities ANONYMOUS-RELAY and
 * qd.streaming-links), and once the router's Open arrives it attaches the 2 control links (one session,
 * capability {@code qd.router}) and the 20 data links (each in its own session, capability
 * {@code qd.router-data}, priority 0 to 9 in attach order), named {@code qdlink.<random>}. It then behaves like
 * a small qdrouterd: HELLO every second (listing heard routers only once {@link #listNeighboursInHello} allows
 * it), answers LSR with LSU and MAR with an absolute MAU, advertises its link state with RA when it changes,
 * follows the other router's RAs and MAUs (sending LSR/MAR when behind), grants credit on its incoming data
 * links and accepts what arrives there. Everything it receives and sends is recorded for the test to inspect.
 *
 * <p>Threads: the engine runs on one thread of its own; the test thread talks to it only through
 * {@link #post} tasks and reads the recorded observations, which are thread-safe.
 */
final class ScriptedQdrouterd implements AutoCloseable {

    static final Symbol ROUTER_CONTROL = Symbol.valueOf("qd.router");
    static final Symbol ROUTER_DATA = Symbol.valueOf("qd.router-data");
    static final Symbol ANONYMOUS_RELAY = Symbol.valueOf("ANONYMOUS-RELAY");
    static final Symbol STREAMING_LINKS = Symbol.valueOf("qd.streaming-links");
    static final Symbol PRODUCT = Symbol.valueOf("product");
    static final Symbol VERSION = Symbol.valueOf("version");
    static final Symbol CONN_ID = Symbol.valueOf("qd.conn-id");
    static final Symbol COST = Symbol.valueOf("qd.inter-router-cost");
    static final Symbol ANNOTATIONS_VERSION = Symbol.valueOf("qd.annotations-version");
    static final int PRIORITIES = 10;
    static final int LINK_CAPACITY = 250;
    private static final long HELLO_INTERVAL_MILLIS = 1000;
    private static final long HELLO_MAX_AGE_MILLIS = 3000;

    /**
     * How the peer presents itself.
     *
     * @param routerId    its router id (container-id)
     * @param cost        its {@code qd.inter-router-cost}; sent only when above 1, as qdrouterd does
     * @param numbers     how numbers in HELLO/RA/LSR/LSU are typed
     * @param routerLinks whether it attaches the 22 inter-router links once the router's Open arrives
     */
    record Settings(String routerId, int cost, Numbers numbers, boolean routerLinks) {
        static Settings of(String routerId) {
            return new Settings(routerId, 1, Numbers.LONG, true);
        }

        Settings withCost(int value) {
            return new Settings(routerId, value, numbers, routerLinks);
        }

        Settings withNumbers(Numbers value) {
            return new Settings(routerId, cost, value, routerLinks);
        }
    }

    /** The router's Open, as received. */
    record RemoteOpen(String containerId, Map<Symbol, Object> properties, List<Symbol> offeredCapabilities,
                      List<Symbol> desiredCapabilities) {
    }

    enum Kind { CONTROL, DATA, CLIENT }

    /** One link the peer attached, and how the router answered (fields written by the engine thread). */
    static final class PeerLink {
        final String name;
        final Kind kind;
        final boolean sender;
        final int priority;
        final String address;
        volatile boolean remoteAttached;
        volatile boolean remoteTerminusPresent;
        volatile List<Symbol> remoteCapabilities = List.of();
        volatile boolean remoteDetached;
        volatile ErrorCondition remoteError;
        Link link;

        PeerLink(String name, Kind kind, boolean sender, int priority, String address) {
            this.name = name;
            this.kind = kind;
            this.sender = sender;
            this.priority = priority;
            this.address = address;
        }

        @Override
        public String toString() {
            return kind + (sender ? " sender " : " receiver ") + name + (priority >= 0 ? " p" + priority : "")
                    + (remoteAttached ? " attached" : "") + (remoteDetached ? " detached " + remoteError : "");
        }
    }

    /**
     * A control message the router sent on the control link.
     *
     * @param opcodeKey the application-property key object carrying the opcode (String or Symbol)
     */
    record ReceivedControl(String to, Object opcodeKey, String opcode, Map<?, ?> body,
                           Map<Symbol, Object> annotations, Boolean durable, boolean presettled) {

        /** A body field by name, whether the key is a string or a symbol. */
        Object get(String key) {
            Object value = body.get(key);
            return value != null ? value : body.get(Symbol.valueOf(key));
        }

        long number(String key) {
            return ((Number) get(key)).longValue();
        }

        @SuppressWarnings("unchecked")
        List<Object> list(String key) {
            Object value = get(key);
            return value == null ? null : (List<Object>) value;
        }

        String id() {
            return String.valueOf(get("id"));
        }
    }

    /**
     * A control message this peer sent.
     *
     * @param atNanos {@link System#nanoTime()} when it was handed to the engine: the router receives it no earlier
     */
    record SentControl(String to, String opcode, Map<?, ?> body, long atNanos) {
        Object get(String key) {
            Object value = body.get(key);
            return value != null ? value : body.get(Symbol.valueOf(key));
        }
    }

    /** A message the router sent on a data link (priority = the link's index) or a client link (-1). */
    record ReceivedData(PeerLink link, Message message, boolean presettled) {
    }

    private final Settings settings;
    private final long instance = System.currentTimeMillis() / 1000;
    private final int connectionId = ThreadLocalRandom.current().nextInt(1, 1_000_000);
    private final SocketChannel channel;
    private final Selector selector;
    private final SelectionKey key;
    private final Thread thread;
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();

    // ---- engine-thread state
    private final Transport transport = Transport.Factory.create();
    private final Connection connection = Connection.Factory.create();
    private final Collector collector = Collector.Factory.create();
    private Sender controlSender;
    private final Sender[] dataSenders = new Sender[PRIORITIES];
    private Session streamingSession;
    private final Map<String, HeardHello> heard = new TreeMap<>();
    private final TreeMap<String, Long> ownPeers = new TreeMap<>();
    private final Map<String, Integer> ownAddresses = new LinkedHashMap<>();
    private final Map<String, Long> knownLsSeq = new TreeMap<>();
    private final Map<String, Long> knownMobileSeq = new TreeMap<>();
    private long lsSeq;
    private long mobileSeq;
    private long nextHelloAt;
    private long nextTag;
    private boolean inputClosed;
    private volatile boolean running = true;

    // ---- observations, any thread
    private final CompletableFuture<RemoteOpen> remoteOpen = new CompletableFuture<>();
    private final CopyOnWriteArrayList<PeerLink> links = new CopyOnWriteArrayList<>();
    private final CopyOnWriteArrayList<ReceivedControl> controls = new CopyOnWriteArrayList<>();
    private final CopyOnWriteArrayList<SentControl> sent = new CopyOnWriteArrayList<>();
    private final CopyOnWriteArrayList<ReceivedData> data = new CopyOnWriteArrayList<>();
    private final Map<String, Set<String>> learnedAddresses = new ConcurrentHashMap<>();
    private final CopyOnWriteArrayList<String> problems = new CopyOnWriteArrayList<>();
    private volatile boolean listNeighbours;
    private boolean hellosStopped;
    private volatile Throwable failure;
    private volatile boolean socketClosed;
    private volatile ErrorCondition remoteClose;

    private record HeardHello(List<String> seen, long at) {
    }

    private ScriptedQdrouterd(Settings settings, int port, boolean listNeighbours) throws IOException {
        this.settings = settings;
        this.listNeighbours = listNeighbours;
        this.channel = SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
        channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
        channel.configureBlocking(false);
        this.selector = Selector.open();
        this.key = channel.register(selector, SelectionKey.OP_READ);
        configureEngine();
        this.thread = new Thread(this::run, "scripted-qdrouterd-" + settings.routerId());
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Connects to {@code port} and opens the connection as qdrouterd's connector would.
     *
     * @param listNeighbours whether its HELLOs list the routers it hears from the start
     */
    static ScriptedQdrouterd connect(int port, Settings settings, boolean listNeighbours) {
        try {
            return new ScriptedQdrouterd(settings, port, listNeighbours);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void configureEngine() {
        transport.setMaxFrameSize(16384);
        transport.setChannelMax(32767);
        transport.setIdleTimeout(16_000);
        Sasl sasl = transport.sasl();
        sasl.client();
        sasl.setMechanisms("ANONYMOUS");
        connection.collect(collector);
        connection.setContainer(settings.routerId());
        connection.setHostname("127.0.0.1");
        Map<Symbol, Object> properties = new LinkedHashMap<>();
        properties.put(PRODUCT, "qpid-dispatch-router");
        properties.put(VERSION, "1.19.0");
        properties.put(CONN_ID, connectionId);
        if (settings.cost() > 1) {
            properties.put(COST, settings.cost());
        }
        properties.put(ANNOTATIONS_VERSION, 1);
        connection.setProperties(properties);
        Symbol[] capabilities = {ANONYMOUS_RELAY, STREAMING_LINKS};
        connection.setOfferedCapabilities(capabilities);
        connection.setDesiredCapabilities(capabilities);
        transport.bind(connection);
        connection.open();
    }

    // ================================================================== test-thread API

    /** Runs {@code task} on the engine thread. */
    void post(Runnable task) {
        tasks.add(task);
        selector.wakeup();
    }

    /** The router's Open; fails after {@code seconds}. */
    RemoteOpen awaitRemoteOpen(long seconds) {
        try {
            return remoteOpen.get(seconds, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new AssertionError("no Open from the router within " + seconds + " s; problems " + problems
                    + ", failure " + failure, e);
        }
    }

    /** From now on, this peer's HELLOs list the routers it heard (and it sends one at once). */
    void listNeighboursInHello(boolean value) {
        post(() -> {
            listNeighbours = value;
            updateOwnLinkState(System.currentTimeMillis());
            sendHello();
        });
    }

    /** Sends an RA with the current ls_seq and mobile_seq. */
    void sendRouterAdvertisement() {
        post(this::sendRa);
    }

    /** Adds a local mobile address: the next mobile_seq, sent as a differential MAU (as qdrouterd's core does). */
    void advertiseMobileAddress(String addressKey, int hint) {
        post(() -> {
            mobileSeq++;
            ownAddresses.put(addressKey, hint);
            sendCore(QdrouterdWire.ALL_ROUTERS_MA_AS_SENT, "MAU", QdrouterdWire.differentialMau(
                    settings.routerId(), mobileSeq, List.of(addressKey), List.of(hint), List.of()));
        });
    }

    /**
     * Sends a message, encoded by the caller, unsettled on the outgoing data link of {@code priority}.
     *
     * @return completes with the router's terminal outcome
     */
    CompletableFuture<DeliveryState> sendData(int priority, byte[] message) {
        CompletableFuture<DeliveryState> outcome = new CompletableFuture<>();
        post(() -> send(dataSenders[priority], message, outcome));
        return outcome;
    }

    /**
     * Attaches one more outgoing data link, beyond the ten priority links, as qdrouterd 1.19 does (from either side
     * of the connection) for each message it forwards before it has received it whole: a streaming link, in the
     * session it keeps for them. Send on it with {@link #sendOn}.
     */
    PeerLink attachStreamingLink() {
        CompletableFuture<PeerLink> attached = new CompletableFuture<>();
        post(() -> {
            if (streamingSession == null) {
                streamingSession = connection.session();
                streamingSession.open();
            }
            attached.complete((PeerLink) routerLink(streamingSession, true, Kind.DATA, -1).getContext());
        });
        try {
            return attached.get(10, TimeUnit.SECONDS);
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the streaming link was not created", e);
        }
    }

    /** Attaches an ordinary (client) link in a new session: a receiver from, or a sender to, {@code address}. */
    PeerLink attachClientLink(String address, boolean sender) {
        PeerLink peerLink = new PeerLink("client." + (sender ? "sender." : "receiver.") + address, Kind.CLIENT,
                sender, -1, address);
        post(() -> {
            Session session = connection.session();
            session.open();
            Link link = sender ? session.sender(peerLink.name) : session.receiver(peerLink.name);
            Source source = new Source();
            Target target = new Target();
            if (sender) {
                target.setAddress(address);
            } else {
                source.setAddress(address);
            }
            link.setSource(source);
            link.setTarget(target);
            link.setSenderSettleMode(SenderSettleMode.UNSETTLED);
            link.setReceiverSettleMode(ReceiverSettleMode.FIRST);
            register(link, peerLink);
            link.open();
            if (!sender) {
                ((Receiver) link).flow(LINK_CAPACITY);
            }
        });
        return peerLink;
    }

    /** Sends an unsettled message on a client sender link. */
    CompletableFuture<DeliveryState> sendOn(PeerLink sender, byte[] message) {
        CompletableFuture<DeliveryState> outcome = new CompletableFuture<>();
        post(() -> send((Sender) sender.link, message, outcome));
        return outcome;
    }

    /** Detaches both control links (with a close), as a peer that drops out of the mesh but keeps the connection. */
    void detachControlLinks() {
        post(() -> {
            for (PeerLink peerLink : links) {
                if (peerLink.kind == Kind.CONTROL && peerLink.link.getLocalState() != EndpointState.CLOSED) {
                    peerLink.link.close();
                }
            }
        });
    }

    /** Stops sending HELLOs (a hung router): the connection and its links stay up. */
    void stopHellos() {
        post(() -> hellosStopped = true);
    }

    /** Drops the TCP connection without an AMQP close (RST: linger 0). */
    void abortSocket() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        post(() -> {
            try {
                channel.setOption(StandardSocketOptions.SO_LINGER, 0);
                channel.close();
                // A channel registered with a selector is really closed only when the selector next flushes its
                // cancelled keys: do it now, or the RST would go out only when the test tears the peer down.
                selector.selectNow();
            } catch (IOException e) {
                problems.add("abort: " + e);
            }
            socketClosed = true;
            running = false;
            done.complete(null);
        });
        done.join();
    }

    /** Closes the AMQP connection politely, then the socket. */
    @Override
    public void close() {
        if (running) {
            post(() -> {
                if (connection.getLocalState() != EndpointState.CLOSED) {
                    connection.close();
                }
                writeOutput();
                running = false;
            });
        }
        try {
            thread.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            channel.close();
            selector.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    List<PeerLink> links() {
        return List.copyOf(links);
    }

    List<PeerLink> routerLinks() {
        return links.stream().filter(l -> l.kind != Kind.CLIENT).toList();
    }

    List<ReceivedControl> controls() {
        return List.copyOf(controls);
    }

    /** The first control message received with {@code opcode} that satisfies {@code test}. */
    Optional<ReceivedControl> received(String opcode, Predicate<ReceivedControl> test) {
        return controls.stream().filter(c -> opcode.equals(c.opcode()) && test.test(c)).findFirst();
    }

    List<SentControl> sent() {
        return List.copyOf(sent);
    }

    Optional<SentControl> sentControl(String opcode, Predicate<SentControl> test) {
        return sent.stream().filter(c -> opcode.equals(c.opcode()) && test.test(c)).findFirst();
    }

    List<ReceivedData> data() {
        return List.copyOf(data);
    }

    /** The mobile address keys this peer has learned from {@code routerId}'s MAUs. */
    Set<String> learnedAddresses(String routerId) {
        Set<String> keys = learnedAddresses.get(routerId);
        return keys == null ? Set.of() : Set.copyOf(keys);
    }

    /** Anything that went wrong on the engine thread (undecodable input, a failed task). */
    List<String> problems() {
        List<String> all = new ArrayList<>(problems);
        if (failure != null) {
            all.add("engine failed: " + failure);
        }
        return all;
    }

    boolean socketClosed() {
        return socketClosed;
    }

    /** The error J's Close carried (an empty condition for a Close without one), or null before a Close came. */
    ErrorCondition remoteClose() {
        return remoteClose;
    }

    String routerId() {
        return settings.routerId();
    }

    // ================================================================== engine thread

    private void run() {
        try {
            while (running) {
                long now = System.currentTimeMillis();
                long wait = Math.max(1, Math.min(50, nextHelloAt == 0 ? 50 : nextHelloAt - now));
                selector.select(wait);
                selector.selectedKeys().clear();
                Runnable task;
                while (running && (task = tasks.poll()) != null) {
                    try {
                        task.run();
                    } catch (RuntimeException e) {
                        problems.add("task failed: " + e);
                        e.printStackTrace();
                    }
                }
                if (!running) {
                    break;
                }
                readInput();
                timers(System.currentTimeMillis());
                processEvents();
                writeOutput();
            }
        } catch (Throwable t) {
            failure = t;
            t.printStackTrace();
        } finally {
            socketClosed = socketClosed || !channel.isOpen() || inputClosed;
        }
    }

    private void readInput() throws IOException {
        while (!inputClosed && channel.isOpen()) {
            int capacity = transport.capacity();
            if (capacity <= 0) {
                break;
            }
            ByteBuffer tail = transport.tail();
            int n = channel.read(tail);
            if (n < 0) {
                inputClosed = true;
                transport.close_tail();
                socketClosed = true;
                break;
            }
            if (n == 0) {
                break;
            }
            transport.process();
            processEvents();
        }
    }

    private void writeOutput() {
        try {
            while (channel.isOpen()) {
                int pending = transport.pending();
                if (pending <= 0) {
                    break;
                }
                ByteBuffer head = transport.head();
                int n = channel.write(head);
                if (n <= 0) {
                    key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
                    return;
                }
                transport.pop(n);
            }
            if (key.isValid()) {
                key.interestOps(SelectionKey.OP_READ);
            }
        } catch (IOException e) {
            problems.add("write: " + e);
            running = false;
        }
    }

    private void timers(long now) {
        transport.tick(now);
        if (controlSender != null && nextHelloAt != 0 && now >= nextHelloAt) {
            expireHellos(now);
            sendHello();
        }
    }

    private void processEvents() {
        Event event;
        while ((event = collector.peek()) != null) {
            try {
                handle(event);
            } catch (RuntimeException e) {
                problems.add(event.getType() + ": " + e);
                e.printStackTrace();
            } finally {
                collector.pop();
            }
        }
    }

    private void handle(Event event) {
        switch (event.getType()) {
            case CONNECTION_REMOTE_OPEN -> onRemoteOpen();
            case CONNECTION_REMOTE_CLOSE -> remoteClose = connection.getRemoteCondition() == null
                    ? new ErrorCondition() : connection.getRemoteCondition();
            case LINK_REMOTE_OPEN -> {
                if (event.getLink().getContext() instanceof PeerLink peerLink) {
                    Link link = event.getLink();
                    List<Symbol> capabilities = new ArrayList<>();
                    if (link.getRemoteSource() instanceof Source s && s.getCapabilities() != null) {
                        capabilities.addAll(Arrays.asList(s.getCapabilities()));
                    }
                    if (link.getRemoteTarget() instanceof Target t && t.getCapabilities() != null) {
                        capabilities.addAll(Arrays.asList(t.getCapabilities()));
                    }
                    peerLink.remoteCapabilities = List.copyOf(capabilities);
                    peerLink.remoteTerminusPresent = peerLink.sender ? link.getRemoteTarget() != null
                            : link.getRemoteSource() != null;
                    peerLink.remoteAttached = true;
                }
            }
            case LINK_REMOTE_CLOSE, LINK_REMOTE_DETACH -> {
                Link link = event.getLink();
                if (link.getContext() instanceof PeerLink peerLink) {
                    peerLink.remoteError = link.getRemoteCondition() == null
                            || link.getRemoteCondition().getCondition() == null ? null : link.getRemoteCondition();
                    peerLink.remoteDetached = true;
                }
                if (link.getLocalState() != EndpointState.CLOSED) {
                    link.close();
                }
            }
            case DELIVERY -> onDelivery(event.getDelivery());
            case TRANSPORT_ERROR -> problems.add("transport error: " + transport.getCondition());
            default -> { }
        }
    }

    private void onRemoteOpen() {
        remoteOpen.complete(new RemoteOpen(connection.getRemoteContainer(),
                connection.getRemoteProperties() == null ? Map.of() : Map.copyOf(connection.getRemoteProperties()),
                connection.getRemoteOfferedCapabilities() == null ? List.of()
                        : List.of(connection.getRemoteOfferedCapabilities()),
                connection.getRemoteDesiredCapabilities() == null ? List.of()
                        : List.of(connection.getRemoteDesiredCapabilities())));
        if (settings.routerLinks()) {
            createRouterLinks();
        }
    }

    /** qdrouterd's connector side: the control session with its 2 links, then a session per data link. */
    private void createRouterLinks() {
        Session control = connection.session();
        control.open();
        controlSender = (Sender) routerLink(control, true, Kind.CONTROL, -1);
        Receiver controlReceiver = (Receiver) routerLink(control, false, Kind.CONTROL, -1);
        controlReceiver.flow(LINK_CAPACITY);
        for (int priority = 0; priority < PRIORITIES; priority++) {
            Session out = connection.session();
            out.open();
            dataSenders[priority] = (Sender) routerLink(out, true, Kind.DATA, priority);
            Session in = connection.session();
            in.open();
            Receiver receiver = (Receiver) routerLink(in, false, Kind.DATA, priority);
            receiver.flow(LINK_CAPACITY);
        }
        nextHelloAt = System.currentTimeMillis();
    }

    private Link routerLink(Session session, boolean sender, Kind kind, int priority) {
        String name = "qdlink." + Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36);
        Link link = sender ? session.sender(name) : session.receiver(name);
        Symbol capability = kind == Kind.CONTROL ? ROUTER_CONTROL : ROUTER_DATA;
        Source source = new Source();
        source.setCapabilities(capability);
        Target target = new Target();
        target.setCapabilities(capability);
        link.setSource(source);
        link.setTarget(target);
        link.setSenderSettleMode(SenderSettleMode.MIXED);
        link.setReceiverSettleMode(ReceiverSettleMode.FIRST);
        register(link, new PeerLink(name, kind, sender, priority, null));
        link.open();
        return link;
    }

    private void register(Link link, PeerLink peerLink) {
        peerLink.link = link;
        link.setContext(peerLink);
        links.add(peerLink);
    }

    private void onDelivery(Delivery delivery) {
        Link link = delivery.getLink();
        if (!(link.getContext() instanceof PeerLink peerLink)) {
            return;
        }
        if (link instanceof Sender) {
            DeliveryState state = delivery.getRemoteState();
            if (delivery.remotelySettled() || state instanceof org.apache.qpid.proton.amqp.messaging.Outcome) {
                if (delivery.getContext() instanceof CompletableFuture<?> future) {
                    @SuppressWarnings("unchecked")
                    CompletableFuture<DeliveryState> outcome = (CompletableFuture<DeliveryState>) future;
                    outcome.complete(state);
                }
                delivery.settle();
            }
            return;
        }
        if (delivery.isPartial() || !delivery.isReadable()) {
            return;
        }
        Receiver receiver = (Receiver) link;
        byte[] bytes = new byte[delivery.pending()];
        int read = receiver.recv(bytes, 0, bytes.length);
        receiver.advance();
        boolean presettled = delivery.remotelySettled();
        Message message = Message.Factory.create();
        try {
            message.decode(bytes, 0, read);
        } catch (RuntimeException e) {
            problems.add("undecodable message on " + peerLink + ": " + e);
            delivery.settle();
            return;
        }
        if (peerLink.kind == Kind.CONTROL) {
            delivery.settle();
            onControl(message, presettled);
        } else {
            data.add(new ReceivedData(peerLink, message, presettled));
            if (!presettled) {
                delivery.disposition(Accepted.getInstance());
            }
            delivery.settle();
        }
        if (receiver.getCredit() <= LINK_CAPACITY / 2) {
            receiver.flow(LINK_CAPACITY - receiver.getCredit());
        }
    }

    // ---------------------------------------------------------------- qdrouterd behaviour

    private void onControl(Message message, boolean presettled) {
        Object opcodeKey = null;
        String opcode = null;
        if (message.getApplicationProperties() != null) {
            for (Map.Entry<?, ?> entry : ((Map<?, ?>) message.getApplicationProperties().getValue()).entrySet()) {
                if ("opcode".equals(String.valueOf(entry.getKey()))) {
                    opcodeKey = entry.getKey();
                    opcode = String.valueOf(entry.getValue());
                }
            }
        }
        Map<?, ?> body = message.getBody() instanceof AmqpValue value && value.getValue() instanceof Map<?, ?> m
                ? m : Map.of();
        Map<Symbol, Object> annotations = message.getMessageAnnotations() == null ? Map.of()
                : message.getMessageAnnotations().getValue();
        ReceivedControl control = new ReceivedControl(message.getAddress(), opcodeKey, opcode, body,
                annotations, message.getHeader() == null ? null : message.getHeader().getDurable(), presettled);
        controls.add(control);
        if (opcode == null || control.get("id") == null) {
            problems.add("control message without opcode or id: " + control);
            return;
        }
        String from = control.id();
        long now = System.currentTimeMillis();
        switch (opcode) {
            case "HELLO" -> {
                List<String> seen = new ArrayList<>();
                List<Object> list = control.list("seen");
                if (list != null) {
                    list.forEach(id -> seen.add(String.valueOf(id)));
                }
                boolean first = !heard.containsKey(from);
                heard.put(from, new HeardHello(seen, now));
                updateOwnLinkState(now);
                if (first && listNeighbours) {
                    sendHello();
                }
            }
            case "RA" -> {
                if (control.number("ls_seq") > knownLsSeq.getOrDefault(from, 0L)) {
                    sendPython(QdrouterdWire.router(from), "LSR", QdrouterdWire.lsr(settings.numbers(),
                            settings.routerId()));
                }
                if (control.number("mobile_seq") > knownMobileSeq.getOrDefault(from, 0L)) {
                    sendMar(from);
                }
            }
            case "LSU" -> {
                Map<?, ?> ls = (Map<?, ?>) control.get("ls");
                knownLsSeq.put(from, ((Number) ls.get("ls_seq")).longValue());
            }
            case "LSR" -> sendPython(QdrouterdWire.router(from), "LSU", QdrouterdWire.lsu(settings.numbers(),
                    settings.routerId(), instance, lsSeq, ownPeers));
            case "MAU" -> onMau(from, control);
            case "MAR" -> {
                if (control.number("have_seq") < mobileSeq) {
                    sendCore(QdrouterdWire.routerMa(from), "MAU", QdrouterdWire.absoluteMau(settings.routerId(),
                            mobileSeq, List.copyOf(ownAddresses.keySet()), List.copyOf(ownAddresses.values())));
                }
            }
            default -> problems.add("unknown opcode " + opcode);
        }
    }

    private void onMau(String from, ReceivedControl mau) {
        long seq = mau.number("mobile_seq");
        List<Object> exist = mau.list("exist");
        Set<String> keys = learnedAddresses.computeIfAbsent(from, id -> ConcurrentHashMap.newKeySet());
        if (exist != null) {
            keys.clear();
            exist.forEach(k -> keys.add(String.valueOf(k)));
            knownMobileSeq.put(from, seq);
        } else if (seq == knownMobileSeq.getOrDefault(from, 0L) + 1) {
            mau.list("add").forEach(k -> keys.add(String.valueOf(k)));
            mau.list("del").forEach(k -> keys.remove(String.valueOf(k)));
            knownMobileSeq.put(from, seq);
        } else {
            sendMar(from);
        }
    }

    private void sendMar(String to) {
        sendCore(QdrouterdWire.routerMa(to), "MAR",
                QdrouterdWire.mar(settings.routerId(), knownMobileSeq.getOrDefault(to, 0L)));
    }

    private void expireHellos(long now) {
        if (heard.values().removeIf(hello -> now - hello.at() > HELLO_MAX_AGE_MILLIS)) {
            updateOwnLinkState(now);
        }
    }

    /** Our peers: routers we hear and list, whose HELLO lists us. A change bumps ls_seq and is advertised. */
    private void updateOwnLinkState(long now) {
        TreeMap<String, Long> peers = new TreeMap<>();
        if (listNeighbours) {
            heard.forEach((id, hello) -> {
                if (now - hello.at() <= HELLO_MAX_AGE_MILLIS && hello.seen().contains(settings.routerId())) {
                    peers.put(id, (long) linkCost());
                }
            });
        }
        if (!peers.equals(ownPeers)) {
            ownPeers.clear();
            ownPeers.putAll(peers);
            lsSeq++;
            sendRa();
        }
    }

    /** The larger of both sides' qd.inter-router-cost, as qdrouterd uses. */
    private int linkCost() {
        Map<Symbol, Object> properties = connection.getRemoteProperties();
        Object remote = properties == null ? null : properties.get(COST);
        return Math.max(settings.cost(), remote instanceof Number n ? n.intValue() : 1);
    }

    private void sendHello() {
        if (hellosStopped || !usable(controlSender)) {
            return;   // retried by the timer until the router has attached the control link
        }
        nextHelloAt = System.currentTimeMillis() + HELLO_INTERVAL_MILLIS;
        List<String> seen = listNeighbours ? new ArrayList<>(heard.keySet()) : List.of();
        sendPython(QdrouterdWire.HELLO_ADDRESS, "HELLO",
                QdrouterdWire.hello(settings.numbers(), settings.routerId(), instance, seen));
    }

    private void sendRa() {
        sendPython(QdrouterdWire.ALL_ROUTERS, "RA",
                QdrouterdWire.ra(settings.numbers(), settings.routerId(), instance, lsSeq, mobileSeq));
    }

    private void sendPython(String to, String opcode, Map<String, Object> body) {
        sendControl(to, opcode, body, QdrouterdWire.pythonControl(settings.routerId(), to, opcode, body));
    }

    private void sendCore(String to, String opcode, Map<Symbol, Object> body) {
        sendControl(to, opcode, body, QdrouterdWire.coreControl(to, opcode, body));
    }

    /** Control messages travel pre-settled. */
    private void sendControl(String to, String opcode, Map<?, ?> body, byte[] encoded) {
        if (!usable(controlSender)) {
            return;
        }
        long at = System.nanoTime();
        Delivery delivery = controlSender.delivery(tag());
        controlSender.send(encoded, 0, encoded.length);
        controlSender.advance();
        delivery.settle();
        sent.add(new SentControl(to, opcode, body, at));
    }

    /** Whether the router attached this link (with a terminus) and it is still attached. */
    private static boolean usable(Link link) {
        return link != null && link.getContext() instanceof PeerLink peerLink && peerLink.remoteAttached
                && peerLink.remoteTerminusPresent && !peerLink.remoteDetached
                && link.getLocalState() == EndpointState.ACTIVE;
    }

    private void send(Sender sender, byte[] message, CompletableFuture<DeliveryState> outcome) {
        Delivery delivery = sender.delivery(tag());
        delivery.setContext(outcome);
        sender.send(message, 0, message.length);
        sender.advance();
    }

    private byte[] tag() {
        long value = nextTag++;
        return new byte[] {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value};
    }
}
