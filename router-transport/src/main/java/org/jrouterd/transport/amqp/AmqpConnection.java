package org.jrouterd.transport.amqp;

import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.messaging.Source;
import org.apache.qpid.proton.amqp.messaging.Target;
import org.apache.qpid.proton.amqp.transport.ErrorCondition;
import org.apache.qpid.proton.amqp.transport.ReceiverSettleMode;
import org.apache.qpid.proton.engine.Collector;
import org.apache.qpid.proton.engine.Connection;
import org.apache.qpid.proton.engine.Delivery;
import org.apache.qpid.proton.engine.EndpointState;
import org.apache.qpid.proton.engine.Event;
import org.apache.qpid.proton.engine.Link;
import org.apache.qpid.proton.engine.Receiver;
import org.apache.qpid.proton.engine.Sender;
import org.apache.qpid.proton.engine.Session;
import org.apache.qpid.proton.engine.Transport;
import org.apache.qpid.proton.engine.impl.ProtocolTracer;
import org.apache.qpid.proton.engine.impl.TransportImpl;
import org.apache.qpid.proton.framing.TransportFrame;
import org.jrouterd.core.address.AddressName;
import org.jrouterd.core.address.Distribution;
import org.jrouterd.core.forward.NeighbourLinks;
import org.jrouterd.core.message.AnnotationRewriter;
import org.jrouterd.core.message.RoutingPrefix;
import org.jrouterd.transport.sasl.SaslClientExchange;
import org.jrouterd.transport.sasl.SaslServerExchange;
import org.jrouterd.transport.sasl.SaslServerPolicy;
import org.jrouterd.transport.server.ConnectionRole;
import org.jrouterd.transport.server.ConnectionSettings;
import java.security.cert.X509Certificate;
import org.jrouterd.transport.sasl.ExternalMechanism;
import org.jrouterd.transport.sasl.SaslMechanisms;
import org.jrouterd.transport.sasl.external.CertificateIdentity;
import org.jrouterd.transport.tls.ListenerTls;
import org.jrouterd.transport.tls.TlsSession;
import org.jrouterd.transport.server.ListenerSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One AMQP connection's protocol engine: proton-j's transport, connection and collector, and the translation of
 * their events into router actions (attach a producer or consumer, route a delivery, relay an outcome, clean up).
 * It knows nothing of sockets: the {@link AmqpConnectionHandler} feeds it bytes and takes its frames.
 *
 * <p>Threads: confined to the connection's event loop; other threads reach it only through {@link #inbox()}.
 */
final class AmqpConnection {

    private static final Logger LOG = LoggerFactory.getLogger("ROUTER");
    /** qdrouterd's PROTOCOL module: every frame in readable form at trace level. */
    private static final Logger FRAMES = LoggerFactory.getLogger("PROTOCOL");
    /** Connections opened and closed, links attached and detached: the lines operators grep for, as qdrouterd's. */
    private static final Logger CORE_LOG = LoggerFactory.getLogger("ROUTER_CORE");
    static final Symbol PRODUCT_PROPERTY = Symbol.valueOf("product");
    static final Symbol ANONYMOUS_RELAY = Symbol.valueOf("ANONYMOUS-RELAY");
    static final Symbol STREAMING_LINKS = Symbol.valueOf("qd.streaming-links");
    static final Symbol CONNECTION_ID = Symbol.valueOf("qd.conn-id");
    static final Symbol INTER_ROUTER_COST = Symbol.valueOf("qd.inter-router-cost");
    static final Symbol ANNOTATIONS_VERSION = Symbol.valueOf("qd.annotations-version");
    static final String DECODE_ERROR = "amqp:decode-error";
    static final String NOT_ALLOWED = "amqp:not-allowed";
    static final String INTERNAL_ERROR = "amqp:internal-error";
    static final String HANDLE_IN_USE = "amqp:session:handle-in-use";
    /** The description proton gives the Close it sends when the local idle time-out expires. */
    private static final String IDLE_TIME_OUT = "local-idle-timeout expired";
    /** How a connection the peer closed without an error ends (the one clean end). */
    private static final String CLOSED_BY_PEER = "closed by peer";
    static final String PRODUCT = NeighbourLinks.JROUTERD_PRODUCT;
    static final String VERSION = AmqpConnection.class.getPackage().getImplementationVersion() == null
            ? "0.1.0-SNAPSHOT" : AmqpConnection.class.getPackage().getImplementationVersion();

    private final LocalRouter router;
    private final ConnectionSettings spec;
    private final OutboundOptions outbound;
    private final String remote;
    private final Transport transport = Transport.Factory.create();
    private final Connection connection = Connection.Factory.create();
    private final Collector collector = Collector.Factory.create();
    private final SaslServerExchange sasl;
    /** For a connection this router opens: the client side of its SASL exchange; else null. */
    private final SaslClientExchange clientSasl;
    private final RoutingPrefix scanner = new RoutingPrefix();
    private final AnnotationRewriter rewriter = LoopRewriters.current();
    private final List<ProducerLink> producers = new ArrayList<>();
    private final List<ConsumerLink> consumers = new ArrayList<>();
    private final ArrayDeque<ConsumerLink> ready = new ArrayDeque<>();
    private final InterRouterLinks mesh;
    private ForwardingEnvelope envelope;
    private ConnectionInbox inbox;
    private boolean closed;
    private boolean inputFailed;
    /** Proton failed while making output: it can write nothing more, not even a Close. */
    private boolean outputFailed;
    /** Why the connection ends, when the router knows better than the engine (a protocol error, a time-out). */
    private String closeReason;
    /** Consumer links with bytes handed to proton and not yet framed (still charged to the message memory). */
    private final ArrayDeque<ConsumerLink> framing = new ArrayDeque<>();
    private long messagesReceived;
    private long messagesSent;
    private int sessions;
    /** Router-wide id; also the inter-router {@code qd.conn-id}. */
    private final long identity;
    /** What management shows as {@code host}: the peer's {@code ip:port}, or the connector's {@code host:port}. */
    private final String host;
    private final ConnectionRegistry registry;
    /** The connection's clock in milliseconds (its event loop's ticker): read per attach, batch and snapshot. */
    private final LongSupplier clock;
    private final long startedMillis;
    private long lastDeliveryMillis = NEVER;
    /** Deliveries in and out counted at the end of the last I/O batch (to tell a batch that moved one). */
    private long deliveriesAtLastBatch;
    private boolean closedByManagement;
    /** The TLS session once its handshake completed; null on a plain connection (or before). */
    private TlsSession tls;
    private static final long NEVER = Long.MIN_VALUE;

    /**
     * @param spec     how the connection behaves
     * @param remote   the peer's address, for logs
     * @param outbound for a connection this router opens (a connector's), its options; null for one it accepted
     * @param identity the router-wide connection id
     * @param host     the {@code host} management shows (see {@link ConnectionSnapshot#host()})
     * @param registry where link ids come from
     * @param clock    the connection's clock, in milliseconds
     */
    AmqpConnection(LocalRouter router, ConnectionSettings spec, String remote, OutboundOptions outbound,
                   long identity, String host, ConnectionRegistry registry, LongSupplier clock) {
        this(router, spec, remote, outbound, identity, host, registry, clock, false);
    }

    /**
     * @param encrypted whether the connection runs over TLS (PLAIN is offered without TLS only where the listener
     *                  allows it)
     */
    AmqpConnection(LocalRouter router, ConnectionSettings spec, String remote, OutboundOptions outbound,
                   long identity, String host, ConnectionRegistry registry, LongSupplier clock, boolean encrypted) {
        this.router = router;
        this.spec = spec;
        this.remote = remote;
        this.outbound = outbound;
        this.identity = identity;
        this.host = host;
        this.registry = registry;
        this.clock = clock;
        this.startedMillis = clock.getAsLong();
        this.mesh = spec.role() == ConnectionRole.INTER_ROUTER ? new InterRouterLinks(this) : null;
        transport.setMaxFrameSize(spec.maxFrameSize());
        transport.setChannelMax(spec.maxSessions() - 1);
        transport.setIdleTimeout(spec.idleTimeoutSeconds() * 1000);
        transport.setEmitFlowEventOnSend(false);
        QuietConnectionLayer.install(transport, outbound == null);   // before SASL: it drops SASL once done
        if (outbound == null) {
            // Offered again at the first bytes (inputStarts), when the connection's TLS is known.
            SaslServerPolicy policy = new SaslServerPolicy(spec.saslMechanisms(), authenticatePeer(spec), encrypted,
                    spec instanceof ListenerSpec listener && listener.saslPlainWithoutTls());
            sasl = SaslServerExchange.install(transport, router.sasl(), policy, "[C" + identity + "]");
            clientSasl = null;
        } else {
            sasl = null;
            clientSasl = SaslClientExchange.install(transport, spec.saslMechanisms(), outbound.saslUsername(),
                    outbound.saslPassword(), "[C" + identity + "]");
        }
        connection.collect(collector);
        if (FRAMES.isTraceEnabled()) {
            ((TransportImpl) transport).setProtocolTracer(new FrameLog(remote));
        }
        // Sees every frame before proton handles it, and refuses what the peer may not send here.
        ((TransportImpl) transport).setProtocolTracer(
                new FrameChecker(((TransportImpl) transport).getProtocolTracer()));
        transport.bind(connection);
        if (outbound != null) {
            describeLocalEnd();
            connection.setHostname(outbound.hostname());
            connection.open();
        }
    }

    private static boolean authenticatePeer(ConnectionSettings spec) {
        return spec instanceof ListenerSpec listener && listener.authenticatePeer();
    }

    /**
     * Why the connection ended, as an operator should read it: a reason the router set ({@link #closeReason}: a
     * protocol error it found, a time-out of the handler's), the idle time-out, a protocol error proton found, the
     * peer's Close (and its error), a limit the router closed the connection for, or a connection lost without
     * Close. Proton reports every socket that ends without a Close as {@code amqp:connection:framing-error
     * connection aborted}, whatever the cause: that is what this reads past.
     */
    String endReason() {
        if (closeReason != null) {
            return closeReason;
        }
        ErrorCondition local = connection.getCondition();
        if (local != null && IDLE_TIME_OUT.equals(local.getDescription())) {
            return "idle time-out: no frames for " + transport.getIdleTimeout() + " ms";
        }
        ErrorCondition error = transport.getCondition();
        if (error != null && error.getCondition() != null && !aborted(error)) {
            return "protocol error: " + error.getCondition() + " " + error.getDescription();
        }
        if (connection.getRemoteState() == EndpointState.CLOSED) {
            ErrorCondition remoteError = connection.getRemoteCondition();
            return remoteError == null || remoteError.getCondition() == null ? CLOSED_BY_PEER
                    : "closed by peer: " + remoteError.getCondition() + " " + remoteError.getDescription();
        }
        if (clientSasl != null && clientSasl.failure() != null) {
            return "SASL authentication failed: " + clientSasl.failure();
        }
        if (sasl != null && sasl.failed()) {
            return "SASL authentication failed";
        }
        if (local != null && local.getCondition() != null) {
            return "closed by the router: " + local.getCondition() + " " + local.getDescription();
        }
        return "connection lost without Close";
    }

    /** Whether the connection ended the normal way: the peer sent a Close without an error, and nothing failed. */
    boolean endedCleanly() {
        return CLOSED_BY_PEER.equals(endReason());
    }

    /**
     * Records why the connection is being closed, for the line that logs its end; the first reason given wins.
     * The handler gives one when it closes the socket itself (a write or handshake time-out).
     */
    /**
     * The connection's first bytes are about to be processed: whatever TLS it has is set up (the handshake is over,
     * or it is plain), so the SASL offer is decided again with it: PLAIN over TLS, EXTERNAL for a client that
     * presented a certificate (its identity from the listener's sslProfile {@code uidFormat} and
     * {@code uidNameMappingFile}), and {@code authenticatePeer} satisfied by that certificate.
     *
     * @param encrypted       whether the connection runs over TLS
     * @param peerCertificate the client's verified certificate chain, or null
     */
    void inputStarts(boolean encrypted, X509Certificate[] peerCertificate) {
        if (sasl == null || !(spec instanceof ListenerSpec listener)) {
            return;
        }
        boolean certified = peerCertificate != null && peerCertificate.length > 0 && listener.tls() != null;
        SaslMechanisms mechanisms = router.sasl();
        if (certified) {
            ListenerTls tls = listener.tls();
            CertificateIdentity uid = CertificateIdentity.of(tls.profile().uidFormat());
            mechanisms = mechanisms.with(ExternalMechanism.NAME,
                    () -> new ExternalMechanism(() -> peerCertificate, uid, tls.uidNames()));
        }
        sasl.reoffer(mechanisms, new SaslServerPolicy(spec.saslMechanisms(), authenticatePeer(spec), encrypted,
                listener.saslPlainWithoutTls(), certified));
    }

    void tlsSession(TlsSession session) {
        this.tls = session;
    }

    /** The TLS session once its handshake completed (SASL EXTERNAL reads the peer's certificate); else null. */
    TlsSession tlsSession() {
        return tls;
    }

    void closeReason(String reason) {
        if (closeReason == null) {
            closeReason = reason;
        }
    }

    /** Proton's own description of the condition it sets when a socket ends without a Close (not an error). */
    private static boolean aborted(ErrorCondition error) {
        return error.getDescription() != null && error.getDescription().endsWith("connection aborted");
    }

    void attachInbox(ConnectionInbox connectionInbox) {
        this.inbox = connectionInbox;
    }

    ConnectionInbox inbox() {
        return inbox;
    }

    LocalRouter router() {
        return router;
    }

    ConnectionSettings spec() {
        return spec;
    }

    Transport transport() {
        return transport;
    }

    /** The message scanner of this connection's thread; callers use it and drop its results at once. */
    RoutingPrefix scanner() {
        return scanner;
    }

    /** The annotation rewriter of this connection's thread. */
    AnnotationRewriter rewriter() {
        return rewriter;
    }

    /** The mesh journey of the message being forwarded on this connection's thread (reset per message). */
    ForwardingEnvelope envelope() {
        if (envelope == null) {
            envelope = new ForwardingEnvelope(router.id(), rewriter);
        }
        return envelope;
    }

    /** Whether client-supplied {@code x-opt-qd.*} annotations are removed from messages received here. */
    boolean stripInbound() {
        return mesh == null && spec.stripAnnotations().inbound();
    }

    /** Whether {@code x-opt-qd.*} annotations are removed from messages sent here (never between routers). */
    boolean stripOutbound() {
        return mesh == null && spec.stripAnnotations().outbound();
    }


    /**
     * Feeds received bytes to the engine and handles the events they cause.
     *
     * @return false once the engine accepts no more input (the connection is closing)
     */
    boolean input(ByteBuf bytes) {
        while (bytes.isReadable()) {
            int capacity = inputFailed ? -1 : transport.capacity();
            if (capacity <= 0) {
                bytes.skipBytes(bytes.readableBytes());
                return false;
            }
            ByteBuffer tail = transport.tail();
            int n = Math.min(capacity, bytes.readableBytes());
            tail.limit(tail.position() + n);
            bytes.readBytes(tail);
            try {
                transport.process();
            } catch (RuntimeException e) {
                processEvents();   // what the frames before the bad one asked for, e.g. the peer's Open
                failInput(e);
            }
            processEvents();
            stopIfAuthenticationFailed();
        }
        return !inputFailed && transport.capacity() >= 0;
    }

    /**
     * A failed SASL exchange ends the connection: proton would go on to AMQP after the outcome, so reading stops
     * here and the handler closes the socket once the outcome is written.
     */
    private void stopIfAuthenticationFailed() {
        if (inputFailed) {
            return;
        }
        if (sasl != null && sasl.failed()) {
            inputFailed = true;
            closeReason("SASL authentication failed");
        } else if (clientSasl != null && clientSasl.failure() != null) {
            inputFailed = true;
            closeReason("SASL authentication failed: " + clientSasl.failure());
        }
    }

    /**
     * Proton reports most bad input by setting the transport's condition and closing its tail, and answers with a
     * Close itself. Some bad input escapes as an exception instead (a frame body that is not a performative, a
     * list that runs past its frame, a malformed SASL frame, a frame that breaks a link's state), leaving the
     * engine in no state to read on: stop reading, and close the connection with an error the peer can read.
     */
    private void failInput(RuntimeException e) {
        if (e instanceof ProtocolViolation violation) {
            fail(violation.condition(), violation.getMessage(), e);
        } else if (e instanceof IllegalStateException) {
            // proton's session checks: a delivery-id out of sequence, two deliveries interleaved on one link
            fail(NOT_ALLOWED, String.valueOf(e.getMessage()), e);
        } else {
            fail(DECODE_ERROR, "malformed input: " + e.getMessage(), e);
        }
    }

    /**
     * The engine cannot go on with what the peer sent: stop reading (and handling events), and close the
     * connection with {@code condition}. If even that fails, proton can write nothing more and the handler closes
     * the socket without a Close.
     */
    private void fail(String condition, String description, RuntimeException e) {
        if (inputFailed) {
            return;
        }
        inputFailed = true;
        closeReason("protocol error: " + condition + " " + description);
        LOG.debug("[{}] protocol error: {} {}", remote, condition, description, e);
        try {
            closeWithError(condition, description);
        } catch (RuntimeException again) {
            outputFailed = true;
        }
    }

    /**
     * Proton failed making output (its state broken by what the peer sent before): the first time, give it the
     * chance to write a Close; the second, give up on output.
     */
    private void failOutput(RuntimeException e) {
        if (inputFailed) {
            outputFailed = true;
            LOG.debug("[{}] no output after the engine failed", remote, e);
        } else {
            fail(INTERNAL_ERROR, "the engine failed making output: " + e, e);
        }
    }

    /** Bytes of frames ready to write; -1 once the engine writes no more (it has closed, or it failed). */
    int pendingOutput() {
        if (clientSasl != null && clientSasl.failure() != null) {
            return -1;   // this side refused the server: not even our Open goes out to it
        }
        while (!outputFailed) {
            try {
                return transport.pending();
            } catch (RuntimeException e) {
                failOutput(e);
            }
        }
        return -1;
    }

    /**
     * Copies {@code bytes} of the frames ready to write into {@code out} and lets proton drop them.
     *
     * @return false if proton failed (nothing usable was copied)
     */
    boolean takeOutput(ByteBuf out, int bytes) {
        try {
            out.writeBytes(transport.head().duplicate());
            transport.pop(bytes);
            return true;
        } catch (RuntimeException e) {
            failOutput(e);
            return false;
        }
    }

    /** Runs proton's idle-time-out clock ({@link Transport#tick}); 0 (no deadline) once output has failed. */
    long tick(long now) {
        if (outputFailed) {
            return 0;
        }
        try {
            return transport.tick(now);
        } catch (RuntimeException e) {
            failOutput(e);
            return 0;
        }
    }

    /** Whether the peer's Open has arrived (a connection that never sends one is closed by the handler). */
    boolean remoteOpened() {
        return connection.getRemoteState() != EndpointState.UNINITIALIZED;
    }

    /** Writes every frame of one connection to the PROTOCOL logger; installed only when it traces. */
    private record FrameLog(String remote) implements ProtocolTracer {
        @Override
        public void receivedFrame(TransportFrame frame) {
            FRAMES.trace("[{}] <- [{}] {}", remote, frame.getChannel(), frame.getBody());
        }

        @Override
        public void sentFrame(TransportFrame frame) {
            FRAMES.trace("[{}] -> [{}] {}", remote, frame.getChannel(), frame.getBody());
        }
    }

    /**
     * Whether reading stopped because the engine failed on bad input. The connection's Close, if the protocol
     * phase allows one, is already queued; nothing else will be written, so the socket may close once it is out.
     */
    boolean inputFailed() {
        return inputFailed;
    }

    /** The peer closed its side of the socket. */
    void inputClosed() {
        if (!inputFailed) {
            try {
                transport.close_tail();
            } catch (RuntimeException e) {
                failInput(e);
            }
        }
        processEvents();
    }

    /**
     * Handles every event proton has queued. A frame the peer may not send here ({@link ProtocolViolation}) or a
     * failure handling one closes the connection with an error; once the engine has failed, events are dropped.
     */
    void processEvents() {
        Event event;
        while ((event = collector.peek()) != null) {
            try {
                if (!inputFailed) {
                    dispatch(event);
                }
            } catch (ProtocolViolation e) {
                fail(e.condition(), e.getMessage(), e);
            } catch (RuntimeException e) {
                LOG.warn("[{}] failed handling {}; closing the connection", remote, event.getType(), e);
                fail(INTERNAL_ERROR, "the router failed handling " + event.getType(), e);
            } finally {
                collector.pop();
            }
        }
    }

    private void dispatch(Event event) {
        switch (event.getType()) {
            case CONNECTION_REMOTE_OPEN -> onRemoteOpen();
            case CONNECTION_REMOTE_CLOSE -> {
                if (mesh != null) {
                    mesh.connectionGone();
                }
                closeAllLinks();
                connection.close();
            }
            case SESSION_REMOTE_OPEN -> onSessionOpen(event.getSession());
            case SESSION_REMOTE_CLOSE -> onSessionClosed(event.getSession());
            case LINK_REMOTE_OPEN -> onLinkAttach(event.getLink());
            case LINK_REMOTE_CLOSE, LINK_REMOTE_DETACH -> onLinkDetach(event.getLink(),
                    event.getType() == Event.Type.LINK_REMOTE_CLOSE);
            case LINK_FLOW -> {
                if (event.getLink().getContext() instanceof ConsumerLink consumer) {
                    markReady(consumer);
                }
            }
            case DELIVERY -> onDelivery(event.getDelivery());
            // TRANSPORT_ERROR: proton's error, or its "connection aborted" for any socket that ends without a Close;
            // the handler logs one line when the connection ends, saying which it was (see endReason).
            default -> { }
        }
    }

    private void onRemoteOpen() {
        if (outbound != null) {
            if (connection.getLocalState() == EndpointState.ACTIVE) {
                logOpened();
                outbound.observer().opened(connection.getRemoteContainer());
                if (mesh != null) {
                    mesh.peerOpened(connection.getRemoteContainer(), peerProduct(), peerCost());
                    mesh.createLinks(connection);
                }
            }
            return;
        }
        if (connection.getLocalState() != EndpointState.UNINITIALIZED) {
            return;   // already closed with an error: proton's open() would make it active again
        }
        describeLocalEnd();
        connection.open();
        logOpened();
        if (mesh != null) {
            mesh.peerOpened(connection.getRemoteContainer(), peerProduct(), peerCost());
        }
    }

    private void describeLocalEnd() {
        connection.setContainer(router.id());
        Map<Symbol, Object> properties = new LinkedHashMap<>();
        properties.put(PRODUCT_PROPERTY, PRODUCT);
        properties.put(Symbol.valueOf("version"), VERSION);
        if (mesh == null) {
            connection.setOfferedCapabilities(new Symbol[] {ANONYMOUS_RELAY});
        } else {
            // qdrouterd 1.19's inter-router Open: connection id, cost (only when above 1), annotations version 1.
            Symbol[] capabilities = {ANONYMOUS_RELAY, STREAMING_LINKS};
            connection.setOfferedCapabilities(capabilities);
            connection.setDesiredCapabilities(capabilities);
            properties.put(CONNECTION_ID, (int) mesh.connectionId());
            if (spec.cost() > 1) {
                properties.put(INTER_ROUTER_COST, spec.cost());
            }
            properties.put(ANNOTATIONS_VERSION, 1);
        }
        connection.setProperties(properties);
    }

    /** The peer's Open property {@code product}, or null when it sent none. */
    private String peerProduct() {
        Map<Symbol, Object> properties = connection.getRemoteProperties();
        Object product = properties == null ? null : properties.get(PRODUCT_PROPERTY);
        return product == null ? null : product.toString();
    }

    /** The peer's {@code qd.inter-router-cost}, or 1 when it sent none. */
    private int peerCost() {
        Map<Symbol, Object> properties = connection.getRemoteProperties();
        Object cost = properties == null ? null : properties.get(INTER_ROUTER_COST);
        return cost instanceof Number n ? (int) Math.max(1, Math.min(Integer.MAX_VALUE, n.longValue())) : 1;
    }

    private void onLinkAttach(Link link) {
        if (link == null) {
            // proton-j leaves the event without a link when the Attach names a handle already in use (2.7.3)
            throw new ProtocolViolation(HANDLE_IN_USE, "attach on a handle already in use for an attached link");
        }
        if (link.getLocalState() != EndpointState.UNINITIALIZED) {
            return;
        }
        if (InterRouterLinks.isRouterLink(link)) {
            if (mesh == null) {
                refuse(link, "amqp:unauthorized-access",
                        "qd.router and qd.router-data links are accepted on inter-router connections only");
            } else {
                mesh.peerAttached(link);
            }
            return;
        }
        if (link instanceof Receiver receiver) {
            attachProducer(receiver);
        } else {
            attachConsumer((Sender) link);
        }
    }

    private void attachProducer(Receiver receiver) {
        if (!(receiver.getRemoteTarget() instanceof Target remoteTarget) && receiver.getRemoteTarget() != null) {
            refuse(receiver, "amqp:not-implemented", "transactions are not supported by this router");
            return;
        }
        Target remoteTarget = (Target) receiver.getRemoteTarget();
        Target target = remoteTarget == null ? new Target() : Termini.copy(remoteTarget);
        String address = remoteTarget == null ? null : remoteTarget.getAddress();
        if (remoteTarget != null && remoteTarget.getDynamic()) {
            address = DynamicAddresses.target();
            target.setAddress(address);
        }
        String normalized = AddressName.normalize(address);
        if (normalized != null && distributionOf(normalized) == Distribution.UNAVAILABLE) {
            refuse(receiver, "amqp:not-found", "address " + normalized + " is unavailable");
            return;
        }
        receiver.setSource(Termini.echo(receiver.getRemoteSource()));
        receiver.setTarget(Termini.wire(target));
        receiver.setSenderSettleMode(receiver.getRemoteSenderSettleMode());
        receiver.setReceiverSettleMode(ReceiverSettleMode.FIRST);
        ProducerLink producer = new ProducerLink(this, receiver, normalized, spec.linkCapacity());
        if (remoteTarget != null && remoteTarget.getDynamic()) {
            producer.counters().markDynamic();
        }
        receiver.setContext(producer);
        producers.add(producer);
        receiver.open();
        logAttached(producer.counters(), "in", receiver);
        if (normalized == null) {
            producer.updateCredit();
        } else {
            router.core().attachProducer(normalized, producer);
        }
    }

    private void attachConsumer(Sender sender) {
        Source remoteSource = sender.getRemoteSource() instanceof Source s ? s : null;
        String address = remoteSource == null ? null : remoteSource.getAddress();
        Source source = remoteSource == null ? new Source() : Termini.copy(remoteSource);
        if (remoteSource != null && remoteSource.getDynamic()) {
            address = DynamicAddresses.source(router.id());
            source.setAddress(address);
        }
        String normalized = AddressName.normalize(address);
        if (normalized == null || normalized.isEmpty()) {
            refuse(sender, "amqp:invalid-field", "a receiving link needs a source address or dynamic=true");
            return;
        }
        if (distributionOf(normalized) == Distribution.UNAVAILABLE) {
            refuse(sender, "amqp:not-found", "address " + normalized + " is unavailable");
            return;
        }
        sender.setSource(Termini.wire(source));
        sender.setTarget(Termini.echo(sender.getRemoteTarget()));
        sender.setSenderSettleMode(sender.getRemoteSenderSettleMode());
        sender.setReceiverSettleMode(ReceiverSettleMode.FIRST);
        ConsumerLink consumer = new ConsumerLink(this, sender, normalized, spec.linkCapacity());
        if (remoteSource != null && remoteSource.getDynamic()) {
            consumer.counters().markDynamic();
        }
        sender.setContext(consumer);
        consumers.add(consumer);
        logAttached(consumer.counters(), "out", sender);
        // The attach is answered once the core routes the address to this link, as qdrouterd answers it from its
        // core: a client that attaches a (dynamic) receiver and at once sends a request whose reply comes back
        // through an anonymous sender or another router must not have that reply released for want of a route.
        router.core().attachConsumer(normalized, consumer, () -> inbox().post(() -> {
            if (sender.getLocalState() == EndpointState.UNINITIALIZED && !consumer.isClosed()) {
                sender.open();
            }
        }));
    }

    /**
     * An outgoing inter-router link (control or data): sends what the core routes to the neighbour.
     *
     * @param type     {@link LinkSnapshot#ROUTER_CONTROL} or {@link LinkSnapshot#INTER_ROUTER}, for management
     * @param priority the priority it carries, for management
     */
    ConsumerLink interRouterSender(Sender sender, String type, int priority) {
        ConsumerLink link = new ConsumerLink(this, sender, null, spec.linkCapacity());
        link.counters().describe(type, priority);
        sender.setContext(link);
        consumers.add(link);
        logAttached(link.counters(), "out", sender);
        return link;
    }

    /** An incoming inter-router data link carrying {@code priority}: routes what the neighbour sends. */
    ProducerLink interRouterReceiver(Receiver receiver, int priority) {
        ProducerLink link = new ProducerLink(this, receiver, null, spec.linkCapacity(), true);
        link.counters().describe(LinkSnapshot.INTER_ROUTER, priority);
        receiver.setContext(link);
        producers.add(link);
        logAttached(link.counters(), "in", receiver);
        return link;
    }

    /** Refuses a link attach with an AMQP error. */
    void refuseLink(Link link, String condition, String description) {
        refuse(link, condition, description);
    }

    private Distribution distributionOf(String normalized) {
        return router.addressConfig().distributionFor(normalized);
    }

    /** Refuses an attach the AMQP way: attach with a null terminus, then detach with the error. */
    private void refuse(Link link, String condition, String description) {
        if (link instanceof Receiver) {
            link.setSource(link.getRemoteSource());
            link.setTarget(null);
        } else {
            link.setSource(null);
            link.setTarget(link.getRemoteTarget());
        }
        link.open();
        link.setCondition(new ErrorCondition(Symbol.valueOf(condition), description));
        link.close();
        LOG.info("[{}] refused link {}: {} {}", remote, link.getName(), condition, description);
    }

    /** Detaches one of our links with an error (the peer learns why); the connection carries on. */
    void detachWithError(Link link, String condition, String description) {
        forget(link, DETACHED);
        link.setCondition(new ErrorCondition(Symbol.valueOf(condition), description));
        link.close();
    }

    private void onLinkDetach(Link link, boolean closing) {
        if (mesh != null && link.getContext() != null) {
            mesh.peerDetached(link.getContext(), link.getRemoteCondition());
        }
        forget(link, DETACHED);
        if (link.getLocalState() != EndpointState.CLOSED) {
            if (closing) {
                link.close();
            } else {
                link.detach();
            }
        }
        link.free();
    }

    /**
     * Drops a link from the router: its routing, its deliveries.
     *
     * @param how the log line's words for it, as qdrouterd's: {@link #DETACHED}, {@link #CONNECTION_CLOSED},
     *            {@link #LOST}; null for no line
     */
    private void forget(Link link, String how) {
        Object context = link.getContext();
        LinkSnapshot last = snapshotOf(context);
        if (last != null) {
            registry.retire(inbox.loop(), last);
            if (how != null && CORE_LOG.isInfoEnabled()) {
                logDetached(last, how);
            }
        }
        if (mesh != null && context != null) {
            mesh.linkGone(context);
        }
        if (context instanceof ProducerLink producer) {
            producer.close();
            producers.remove(producer);
        } else if (context instanceof ConsumerLink consumer) {
            consumer.close();
            consumers.remove(consumer);
        }
        link.setContext(null);
    }

    private void onSessionOpen(Session session) {
        if (session.getLocalState() != EndpointState.UNINITIALIZED) {
            return;
        }
        // proton-j does not hold peers to the channel-max it advertised: count sessions here.
        if (++sessions > spec.maxSessions()) {
            LOG.info("[{}] peer opened more than {} sessions; closing the connection", remote, spec.maxSessions());
            closeWithError("amqp:resource-limit-exceeded", "at most " + spec.maxSessions()
                    + " sessions per connection");
            return;
        }
        session.open();
    }

    private void onSessionClosed(Session session) {
        sessions--;
        if (mesh != null && mesh.controlReceiver() != null
                && mesh.controlReceiver().receiver().getSession() == session) {
            forget(mesh.controlReceiver().receiver(), DETACHED);
        }
        for (ProducerLink producer : List.copyOf(producers)) {
            if (producer.receiver().getSession() == session) {
                forget(producer.receiver(), DETACHED);
            }
        }
        for (ConsumerLink consumer : List.copyOf(consumers)) {
            if (consumer.sender().getSession() == session) {
                forget(consumer.sender(), DETACHED);
            }
        }
        if (session.getLocalState() != EndpointState.CLOSED) {
            session.close();
        }
        session.free();
    }

    private void onDelivery(Delivery delivery) {
        Object context = delivery.getLink().getContext();
        if (context instanceof ProducerLink producer) {
            producer.onDelivery(delivery);
        } else if (context instanceof ConsumerLink consumer) {
            consumer.onDisposition(delivery);
            markReady(consumer);
        } else if (context instanceof ControlReceiver control) {
            control.onDelivery(delivery);
        }
    }

    /** A consumer link may have something to send. */
    void markReady(ConsumerLink consumer) {
        if (!consumer.ready) {
            consumer.ready = true;
            ready.addLast(consumer);
        }
    }

    /** Sends queued deliveries on ready links, round-robin, up to about {@code byteBudget} bytes. */
    void pumpConsumers(int byteBudget) {
        int budget = byteBudget;
        int rounds = ready.size();
        while (budget > 0 && rounds-- > 0) {
            ConsumerLink consumer = ready.pollFirst();
            consumer.ready = false;
            budget -= consumer.pump(budget);
            if (consumer.canSend()) {
                markReady(consumer);
            }
        }
    }

    /** A consumer link handed proton bytes that are not framed yet: it is checked after each output. */
    void framing(ConsumerLink consumer) {
        framing.addLast(consumer);
    }

    /**
     * After output was written: each consumer link lets go of the message bytes proton has framed since, and
     * one that stopped for its backlog and has room again is marked ready.
     */
    void afterOutput() {
        for (int n = framing.size(); n > 0; n--) {
            ConsumerLink consumer = framing.pollFirst();
            if (consumer.retireFramed()) {
                framing.addLast(consumer);
            }
            if (consumer.canSend()) {
                markReady(consumer);
            }
        }
    }

    /** Whether a consumer link has deliveries waiting (this connection must be read for their credit). */
    boolean hasQueuedForConsumers() {
        for (ConsumerLink consumer : consumers) {
            if (consumer.hasQueued()) {
                return true;
            }
        }
        return false;
    }

    /** Whether a message is part-way through arriving on one of the producer links. */
    boolean receivingMessage() {
        for (ProducerLink producer : producers) {
            if (producer.receivingMessage()) {
                return true;
            }
        }
        return false;
    }

    /** Whether this side has closed the connection (its Close may still be waiting to be written). */
    boolean closedLocally() {
        return connection.getLocalState() == EndpointState.CLOSED;
    }

    /** Messages received whole on this connection so far. */
    long messagesReceived() {
        return messagesReceived;
    }

    /** A producer link received a whole message. */
    void messageReceived() {
        messagesReceived++;
    }

    /** A consumer link sent a message. */
    void messageSent() {
        messagesSent++;
    }

    /** The router-wide connection id. */
    /** qdrouterd's words for a link that goes away: the peer detached it (or the router did). */
    static final String DETACHED = "Link detached";
    /** ... the connection closed with the link still attached. */
    static final String CONNECTION_CLOSED = "Link closed due to connection loss";
    /** ... the connection was lost without a Close. */
    static final String LOST = "Link lost";

    /** The line qdrouterd logs when a connection's Open exchange completes, with the same fields. */
    private void logOpened() {
        if (!CORE_LOG.isInfoEnabled()) {
            return;
        }
        ConnectionSnapshot now = snapshot(nowMillis());
        Map<String, Object> properties = now.properties();
        CORE_LOG.info("[C{}] Connection Opened: dir={} host={} vhost= encrypted={} auth={} user={} container_id={} "
                        + "props={}", identity, now.dir(), host, now.isEncrypted() ? now.sslProto() : "no",
                now.sasl() == null ? "no" : now.sasl(),
                now.user(), now.container(), properties.isEmpty() ? "" : properties);
    }

    private void logAttached(LinkCounters counters, String dir, Link link) {
        if (CORE_LOG.isInfoEnabled()) {
            CORE_LOG.info("[C{}][L{}] Link attached: dir={} source={} target={}", identity, counters.identity, dir,
                    Termini.describe(link.getRemoteSource()), Termini.describe(link.getRemoteTarget()));
        }
    }

    /** A link's counts now, from its context (a producer, consumer or control link); null for anything else. */
    private LinkSnapshot snapshotOf(Object context) {
        if (context instanceof ProducerLink producer) {
            return producer.snapshot(nowMillis());
        } else if (context instanceof ConsumerLink consumer) {
            return consumer.snapshot(nowMillis());
        } else if (context instanceof ControlReceiver control) {
            return control.snapshot(nowMillis());
        }
        return null;
    }

    private void logDetached(LinkSnapshot link, String how) {
        CORE_LOG.info("[C{}][L{}] {}: del={} presett={} psdrop={} acc={} rej={} rel={} mod={} delay1={} delay10={} "
                        + "blocked=no", identity, link.identity(), how, link.deliveryCount(), link.presettledCount(),
                link.droppedPresettledCount(), link.acceptedCount(), link.rejectedCount(), link.releasedCount(),
                link.modifiedCount(), link.deliveriesDelayed1Sec(), link.deliveriesDelayed10Sec());
    }

    long identity() {
        return identity;
    }

    /** A new router-wide link id (once per link attach). */
    long nextLinkId() {
        return registry.nextLinkId();
    }

    /** The connection's clock, in milliseconds. */
    long nowMillis() {
        return clock.getAsLong();
    }

    /**
     * The end of an I/O batch, at {@code nowMillis}: if a delivery arrived or left during it, that is the last
     * delivery time management shows. One comparison per batch; no clock read per delivery.
     */
    void batchDone(long nowMillis) {
        long deliveries = messagesReceived + messagesSent;
        if (deliveries != deliveriesAtLastBatch) {
            deliveriesAtLastBatch = deliveries;
            lastDeliveryMillis = nowMillis;
        }
    }

    /** The connection as management shows it, now. */
    ConnectionSnapshot snapshot(long nowMillis) {
        boolean opened = remoteOpened();
        String mechanism;
        String user;
        boolean authenticated;
        if (outbound == null) {
            mechanism = sasl.mechanismName();
            user = sasl.user();
            authenticated = user != null;
            if (mechanism == null && opened) {
                user = "anonymous";   // the client skipped SASL: proton names it so, unauthenticated
            }
        } else {
            mechanism = clientSasl.mechanismName();
            user = clientSasl.user();
            authenticated = user != null;
        }
        Long lastDelivery = lastDeliveryMillis == NEVER ? null : Math.max(0, (nowMillis - lastDeliveryMillis) / 1000);
        return new ConnectionSnapshot(identity, host, connection.getRemoteContainer(), spec.role().configName(),
                outbound == null ? ConnectionSnapshot.DIR_IN : ConnectionSnapshot.DIR_OUT, opened,
                closedByManagement ? ConnectionSnapshot.ADMIN_DELETED : ConnectionSnapshot.ADMIN_ENABLED,
                closedLocally() ? ConnectionSnapshot.OPER_CLOSING : ConnectionSnapshot.OPER_UP, authenticated,
                tls != null, mechanism, user, tls != null, tls == null ? null : tls.protocol(),
                tls == null ? null : tls.cipher(), tls == null ? 0 : tls.ssf(),
                Math.max(0, (nowMillis - startedMillis) / 1000),
                lastDelivery, peerProperties(), linkCount());
    }

    private int linkCount() {
        return producers.size() + consumers.size() + (liveControlReceiver() != null ? 1 : 0);
    }

    /** The peer's Open properties with string keys, in its order (see {@link ConnectionSnapshot#properties()}). */
    private Map<String, Object> peerProperties() {
        Map<Symbol, Object> remoteProperties = connection.getRemoteProperties();
        if (remoteProperties == null || remoteProperties.isEmpty()) {
            return Map.of();
        }
        Map<String, Object> copy = new LinkedHashMap<>();
        remoteProperties.forEach((key, value) -> copy.put(String.valueOf(key),
                value == null || value instanceof String || value instanceof Number || value instanceof Boolean
                        ? value : value.toString()));
        return Collections.unmodifiableMap(copy);
    }

    /** Adds every link of the connection, as management shows it now, to {@code out}. */
    void linkSnapshots(long nowMillis, List<LinkSnapshot> out) {
        if (liveControlReceiver() != null) {
            out.add(liveControlReceiver().snapshot(nowMillis));
        }
        for (ProducerLink producer : producers) {
            out.add(producer.snapshot(nowMillis));
        }
        for (ConsumerLink consumer : consumers) {
            out.add(consumer.snapshot(nowMillis));
        }
    }

    /** Logs each consumer link's first stuck delivery and first lasting zero credit (see the registry). */
    void detectStuckDeliveries(long nowMillis) {
        for (ConsumerLink consumer : consumers) {
            consumer.detectStuck(nowMillis);
        }
    }

    private ControlReceiver liveControlReceiver() {
        ControlReceiver control = mesh == null ? null : mesh.controlReceiver();
        return control == null || control.isClosed() ? null : control;
    }

    /**
     * Closes the connection because management asked to (qdrouterd's {@code adminStatus=deleted}): a Close with
     * {@code amqp:connection:forced}.
     *
     * @return false if it was already closing
     */
    boolean closeByManagement() {
        if (closed || closedLocally()) {
            return false;
        }
        closedByManagement = true;
        closeReason("closed by management request");
        LOG.info("[C{}] Connection force-closed by management request", identity);
        closeWithError(ConnectionRegistry.FORCED, ConnectionRegistry.FORCED_BY_MANAGEMENT);
        return true;
    }

    /** Whether this connection has a producer link (something it may send would be held by the router). */
    boolean hasProducers() {
        return !producers.isEmpty();
    }

    /** Whether a consumer link is marked ready to send. */
    boolean hasReadyConsumers() {
        return !ready.isEmpty();
    }

    /** The socket is gone: every link is cleaned up, in-flight deliveries are released or failed. */
    void closed() {
        if (closed) {
            return;
        }
        closed = true;
        if (mesh != null) {
            mesh.connectionGone();
        }
        closeAllLinks();
        ready.clear();
        if (remoteOpened()) {
            CORE_LOG.info("[C{}] Connection Closed", identity);
        }
    }

    private void closeAllLinks() {
        String how = connection.getRemoteState() == EndpointState.CLOSED ? CONNECTION_CLOSED : LOST;
        if (mesh != null && mesh.controlReceiver() != null) {
            forget(mesh.controlReceiver().receiver(), how);
        }
        for (ProducerLink producer : List.copyOf(producers)) {
            forget(producer.receiver(), how);
        }
        for (ConsumerLink consumer : List.copyOf(consumers)) {
            forget(consumer.sender(), how);
        }
    }

    /** Closes the connection with an AMQP error (used for limits and shutdown). */
    void closeWithError(String condition, String description) {
        if (connection.getLocalState() == EndpointState.CLOSED) {
            return;
        }
        if (connection.getLocalState() == EndpointState.UNINITIALIZED) {
            connection.setContainer(router.id());
            connection.open();
        }
        if (condition != null) {
            connection.setCondition(new ErrorCondition(Symbol.valueOf(condition), description));
        }
        closeAllLinks();
        connection.close();
    }
}
