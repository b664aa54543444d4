package org.jrouterd.transport.amqp;

import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.messaging.Source;
import org.apache.qpid.proton.amqp.messaging.Target;
import org.apache.qpid.proton.amqp.transport.ErrorCondition;
import org.apache.qpid.proton.amqp.transport.ReceiverSettleMode;
import org.apache.qpid.proton.amqp.transport.SenderSettleMode;
import org.apache.qpid.proton.engine.Connection;
import org.apache.qpid.proton.engine.Link;
import org.apache.qpid.proton.engine.Receiver;
import org.apache.qpid.proton.engine.Sender;
import org.apache.qpid.proton.engine.Session;
import org.jrouterd.core.forward.ConsumerEndpoint;
import org.jrouterd.core.forward.NeighbourLinks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The inter-router side of one connection, as qdrouterd 1.19 lays it out: one control link each way (capability
 * {@code qd.router}) in a session of its own, and for each priority 0 to 9 one data link each way (capability
 * {@code qd.router-data}), each in its own session. Only the connector side creates these links; the accepting
 * side numbers data-link priorities in attach order, separately per direction. Beyond them, qdrouterd attaches
 * more data links that send to this router, from either side, one for each message it forwards before it has
 * received it whole (streaming links, offered with {@code qd.streaming-links}); they carry data like the others
 * and come and go.
 * Once the control link and the ten outgoing data links exist and the peer's Open has named it, the connection
 * is handed to the core as a {@link NeighbourLinks}; when the connection or its control link goes, the core is
 * told at once.
 *
 * <p>Threads: owned by the connection's event loop.
 */
final class InterRouterLinks {

    private static final Logger LOG = LoggerFactory.getLogger("ROUTER_HELLO");
    static final Symbol ROUTER_CONTROL = Symbol.valueOf("qd.router");
    static final Symbol ROUTER_DATA = Symbol.valueOf("qd.router-data");

    private final AmqpConnection connection;
    private final long connectionId;
    private final ConsumerLink[] dataOut = new ConsumerLink[NeighbourLinks.PRIORITIES];
    private ConsumerLink controlOut;
    private ControlReceiver controlIn;
    private int dataOutAttached;
    /** Incoming data links so far: the first ten carry priorities 0-9 in attach order (as qdrouterd numbers them). */
    private int dataInAttached;
    private String remoteRouterId;
    private String remoteProduct;
    private int cost = 1;
    private boolean registered;
    private boolean lost;

    InterRouterLinks(AmqpConnection connection) {
        this.connection = connection;
        this.connectionId = connection.identity();
    }

    /**
     * The number sent as {@code qd.conn-id} and used as the link-state engine's link id: the connection's
     * router-wide id, as in qdrouterd.
     */
    long connectionId() {
        return connectionId;
    }

    /** Whether a link's termini carry {@code qd.router} or {@code qd.router-data}. */
    static boolean isRouterLink(Link link) {
        return capability(link) != null;
    }

    private static Symbol capability(Link link) {
        Symbol[] found = null;
        if (link.getRemoteSource() instanceof Source source && source.getCapabilities() != null) {
            found = source.getCapabilities();
        }
        if (link.getRemoteTarget() instanceof Target target && target.getCapabilities() != null) {
            found = found == null ? target.getCapabilities() : concat(found, target.getCapabilities());
        }
        if (found == null) {
            return null;
        }
        for (Symbol symbol : found) {
            if (ROUTER_CONTROL.equals(symbol) || ROUTER_DATA.equals(symbol)) {
                return symbol;
            }
        }
        return null;
    }

    private static Symbol[] concat(Symbol[] a, Symbol[] b) {
        Symbol[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    /**
     * The peer's Open arrived: it names the neighbour and its product (a qdrouterd's paths are held down for a
     * while in the core); the larger of both sides' costs is the connection's.
     */
    void peerOpened(String routerId, String product, int peerCost) {
        this.remoteRouterId = routerId;
        this.remoteProduct = product;
        this.cost = Math.max(Math.max(1, connection.spec().cost()), peerCost);
        maybeRegister();
    }

    /** Connector side: creates the control and data links once the peer's Open has arrived. */
    void createLinks(Connection amqp) {
        Session control = amqp.session();
        control.open();
        controlOut = openSender(control, ROUTER_CONTROL, LinkSnapshot.ROUTER_CONTROL, LinkSnapshot.CONTROL_PRIORITY);
        Receiver in = openReceiver(control, ROUTER_CONTROL);
        controlIn = new ControlReceiver(connection, in, connectionId, connection.spec().linkCapacity());
        in.setContext(controlIn);
        in.open();
        controlIn.topUpCredit();
        for (int priority = 0; priority < NeighbourLinks.PRIORITIES; priority++) {
            Session outSession = amqp.session();
            outSession.open();
            dataOut[priority] = openSender(outSession, ROUTER_DATA, LinkSnapshot.INTER_ROUTER, priority);
            dataOutAttached++;
            Session inSession = amqp.session();
            inSession.open();
            Receiver receiver = openReceiver(inSession, ROUTER_DATA);
            ProducerLink producer = connection.interRouterReceiver(receiver, dataInAttached++);
            receiver.open();
            producer.updateCredit();
        }
        maybeRegister();
    }

    private ConsumerLink openSender(Session session, Symbol capability, String type, int priority) {
        Sender sender = session.sender(linkName());
        sender.setSource(Termini.sourceWith(capability));
        sender.setTarget(Termini.targetWith(capability));
        sender.setSenderSettleMode(SenderSettleMode.MIXED);
        sender.setReceiverSettleMode(ReceiverSettleMode.FIRST);
        ConsumerLink link = connection.interRouterSender(sender, type, priority);
        sender.open();
        return link;
    }

    private Receiver openReceiver(Session session, Symbol capability) {
        Receiver receiver = session.receiver(linkName());
        receiver.setSource(Termini.sourceWith(capability));
        receiver.setTarget(Termini.targetWith(capability));
        receiver.setSenderSettleMode(SenderSettleMode.MIXED);
        receiver.setReceiverSettleMode(ReceiverSettleMode.FIRST);
        return receiver;
    }

    /** Accepting side: a link the connector side attached, carrying {@code qd.router} or {@code qd.router-data}. */
    void peerAttached(Link link) {
        Symbol kind = capability(link);
        link.setSource(Termini.echo(link.getRemoteSource()));
        link.setTarget(Termini.echo(link.getRemoteTarget()));
        link.setSenderSettleMode(link.getRemoteSenderSettleMode());
        link.setReceiverSettleMode(ReceiverSettleMode.FIRST);
        if (ROUTER_CONTROL.equals(kind)) {
            if (link instanceof Sender sender) {
                if (controlOut != null) {
                    connection.refuseLink(link, "amqp:resource-limit-exceeded", "a second outgoing control link");
                    return;
                }
                controlOut = connection.interRouterSender(sender, LinkSnapshot.ROUTER_CONTROL,
                        LinkSnapshot.CONTROL_PRIORITY);
                sender.open();
            } else {
                Receiver receiver = (Receiver) link;
                if (controlIn != null) {
                    connection.refuseLink(link, "amqp:resource-limit-exceeded", "a second incoming control link");
                    return;
                }
                controlIn = new ControlReceiver(connection, receiver, connectionId, connection.spec().linkCapacity());
                receiver.setContext(controlIn);
                receiver.open();
                controlIn.topUpCredit();
            }
        } else if (link instanceof Sender sender) {
            if (dataOutAttached >= NeighbourLinks.PRIORITIES) {
                connection.refuseLink(link, "amqp:resource-limit-exceeded", "more than 10 outgoing data links");
                return;
            }
            dataOut[dataOutAttached] = connection.interRouterSender(sender, LinkSnapshot.INTER_ROUTER, dataOutAttached);
            dataOutAttached++;
            sender.open();
        } else {
            // A priority link, or one of qdrouterd's streaming links: incoming data is the same on any of them.
            int priority = dataInAttached < NeighbourLinks.PRIORITIES ? dataInAttached++
                    : LinkSnapshot.DEFAULT_PRIORITY;
            ProducerLink producer = connection.interRouterReceiver((Receiver) link, priority);
            link.open();
            producer.updateCredit();
        }
        maybeRegister();
    }

    /**
     * The peer detached one of this connection's links. Without a control link the connection carries nothing of
     * the mesh (no HELLO, no routes through it), so it is closed rather than kept open and useless: a connector
     * then redials with its back-off, and the log says why. {@link #linkGone} follows and loses the neighbour.
     */
    void peerDetached(Object context, ErrorCondition error) {
        if (context == controlIn || context == controlOut) {
            disconnect("the peer detached the inter-router control link"
                    + (error == null || error.getCondition() == null ? ""
                    : " (" + error.getCondition() + (error.getDescription() == null ? "" : ": "
                    + error.getDescription()) + ")"));
        }
    }

    /** One of this connection's links went away; losing the control link loses the neighbour. */
    void linkGone(Object context) {
        if (context == controlIn || context == controlOut) {
            if (context == controlIn) {
                controlIn.close();
            }
            lose("control link detached");
        }
    }

    /** The connection went away. */
    void connectionGone() {
        lose("connection closed");
    }

    private void lose(String why) {
        if (registered && !lost) {
            lost = true;
            LOG.info("Lost neighbour router {} on connection {}: {}", remoteRouterId, connectionId, why);
            connection.router().core().neighbourDisconnected(connectionId);
        }
    }

    private void maybeRegister() {
        if (registered || lost || remoteRouterId == null || controlOut == null
                || dataOutAttached < NeighbourLinks.PRIORITIES) {
            return;
        }
        registered = true;
        ConsumerEndpoint[] data = Arrays.copyOf(dataOut, NeighbourLinks.PRIORITIES, ConsumerEndpoint[].class);
        connection.router().core().neighbourConnected(
                new NeighbourLinks(connectionId, remoteRouterId, remoteProduct, cost, controlOut, data,
                        this::disconnect));
    }

    /** Any thread: closes the connection because the neighbour went silent. */
    private void disconnect(String reason) {
        connection.inbox().post(() -> {
            LOG.info("Closing connection {} to router {}: {}", connectionId, remoteRouterId, reason);
            connection.closeWithError("amqp:connection:forced", reason);
        });
    }

    /** The incoming control link, or null before it is attached. */
    ControlReceiver controlReceiver() {
        return controlIn;
    }

    private static String linkName() {
        return "qdlink." + Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36);
    }
}
