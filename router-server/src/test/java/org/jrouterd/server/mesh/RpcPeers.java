package org.jrouterd.server.mesh;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.qpid.proton.amqp.messaging.Accepted;
import org.apache.qpid.proton.amqp.messaging.AmqpValue;
import org.apache.qpid.proton.amqp.messaging.Source;
import org.apache.qpid.proton.amqp.messaging.Target;
import org.apache.qpid.proton.amqp.transport.DeliveryState;
import org.apache.qpid.proton.engine.Connection;
import org.apache.qpid.proton.engine.Delivery;
import org.apache.qpid.proton.engine.Event;
import org.apache.qpid.proton.engine.Receiver;
import org.apache.qpid.proton.engine.Sender;
import org.apache.qpid.proton.engine.Session;
import org.apache.qpid.proton.message.Message;

/**
 * The two ends of Python Proton's RPC example ({@code server.py}, {@code client.py}) on proton-j's engine, so that
 * links attach and the first request leaves in the order those clients use: the server has a receiver on the
 * service address and an anonymous sender for replies; the client attaches a dynamic reply-to receiver, then,
 * once that is attached, a sender to the service that sends its request as soon as it has credit.
 *
 * <p>Threads: each peer's links live on its {@link ProtonClientEngine} thread; tests read the futures and
 * queues, which are thread-safe.
 */
final class RpcPeers {

    private static final int REPLY_CREDIT = 10;
    private static final int REQUEST_CREDIT = 100;

    private RpcPeers() {
    }

    private static byte[] read(Receiver receiver, Delivery delivery) {
        byte[] bytes = new byte[delivery.pending()];
        int n = receiver.recv(bytes, 0, bytes.length);
        receiver.advance();
        return n == bytes.length ? bytes : Arrays.copyOf(bytes, Math.max(0, n));
    }

    private static Message decode(byte[] bytes) {
        Message message = Message.Factory.create();
        message.decode(bytes, 0, bytes.length);
        return message;
    }

    private static void send(Sender sender, Message message, long tag) {
        byte[] buffer = new byte[1024];
        int n = message.encode(buffer, 0, buffer.length);
        Delivery delivery = sender.delivery(Long.toString(tag).getBytes(StandardCharsets.US_ASCII));
        delivery.setContext(message.getAddress());
        sender.send(buffer, 0, n);
        sender.advance();
    }

    /**
     * The RPC server: answers every request to its reply-to through an anonymous sender. Threads: its links on its
     * engine thread; the futures and queues from any thread.
     */
    static final class Server implements AutoCloseable {
        /** Completes once the service receiver is attached and the reply sender has credit. */
        final CompletableFuture<Void> ready = new CompletableFuture<>();
        /** Replies whose outcome was not accepted, as "reply-to: outcome". */
        final ConcurrentLinkedQueue<String> failedReplies = new ConcurrentLinkedQueue<>();
        private final ProtonClientEngine engine;
        private final ArrayDeque<Message> unsent = new ArrayDeque<>();
        private Receiver receiver;
        private Sender replies;
        private long nextTag;

        Server(int port, String serviceAddress) {
            engine = ProtonClientEngine.open(port, "rpc-server", this::onEvent, c -> start(c, serviceAddress));
        }

        private void start(Connection connection, String serviceAddress) {
            Session session = connection.session();
            session.open();
            receiver = session.receiver("rpc-requests");
            Source source = new Source();
            source.setAddress(serviceAddress);
            receiver.setSource(source);
            receiver.setTarget(new Target());
            receiver.flow(REQUEST_CREDIT);
            receiver.open();
            replies = session.sender("rpc-replies");
            replies.setTarget(new Target());
            replies.setSource(new Source());
            replies.open();
        }

        private void onEvent(Event event) {
            switch (event.getType()) {
                case LINK_REMOTE_OPEN, LINK_FLOW -> {
                    if (receiver.getRemoteSource() != null && replies.getCredit() > 0) {
                        ready.complete(null);
                    }
                    sendReplies();
                }
                case DELIVERY -> onDelivery(event.getDelivery());
                default -> { }
            }
        }

        private void onDelivery(Delivery delivery) {
            if (delivery.getLink() == receiver) {
                if (!delivery.isReadable() || delivery.isPartial()) {
                    return;
                }
                Message request = decode(read(receiver, delivery));
                delivery.disposition(Accepted.getInstance());
                delivery.settle();
                receiver.flow(1);
                Message reply = Message.Factory.create();
                reply.setAddress(request.getReplyTo());
                reply.setCorrelationId(request.getMessageId());
                reply.setBody(new AmqpValue("reply to " + request.getMessageId()));
                unsent.add(reply);
                sendReplies();
            } else if (delivery.remotelySettled() || delivery.getRemoteState() != null) {
                DeliveryState state = delivery.getRemoteState();
                if (!(state instanceof Accepted)) {
                    failedReplies.add(delivery.getContext() + ": " + state);
                }
                delivery.settle();
            }
        }

        private void sendReplies() {
            while (!unsent.isEmpty() && replies.getCredit() > 0) {
                Message reply = unsent.poll();
                send(replies, reply, nextTag++);
            }
        }

        List<String> problems() {
            return List.copyOf(engine.problems());
        }

        @Override
        public void close() {
            engine.close();
        }
    }

    /**
     * One RPC client: a dynamic reply-to receiver, then a sender that sends one request as soon as it may. Threads:
     * its links on its engine thread; the futures from any thread.
     */
    static final class Client implements AutoCloseable {
        /** The request's outcome as the router reported it. */
        final CompletableFuture<DeliveryState> outcome = new CompletableFuture<>();
        /** The reply's correlation id. */
        final CompletableFuture<Object> reply = new CompletableFuture<>();
        private final ProtonClientEngine engine;
        private final String serviceAddress;
        private final String requestId;
        private Receiver replyTo;
        private Sender requests;
        private boolean sent;

        Client(int port, String serviceAddress, String requestId) {
            this.serviceAddress = serviceAddress;
            this.requestId = requestId;
            engine = ProtonClientEngine.open(port, "rpc-client-" + requestId, this::onEvent, this::start);
        }

        private void start(Connection connection) {
            Session session = connection.session();
            session.open();
            replyTo = session.receiver("rpc-reply-to");
            Source source = new Source();
            source.setDynamic(true);
            replyTo.setSource(source);
            replyTo.setTarget(new Target());
            replyTo.flow(REPLY_CREDIT);
            replyTo.open();
        }

        private void onEvent(Event event) {
            switch (event.getType()) {
                case LINK_REMOTE_OPEN -> {
                    if (event.getLink() == replyTo && requests == null) {
                        requests = event.getSession().sender("rpc-requests");
                        Target target = new Target();
                        target.setAddress(serviceAddress);
                        requests.setTarget(target);
                        requests.setSource(new Source());
                        requests.open();
                    }
                }
                case LINK_FLOW -> {
                    if (event.getLink() == requests && !sent && requests.getCredit() > 0) {
                        sent = true;
                        Message request = Message.Factory.create();
                        request.setAddress(serviceAddress);
                        request.setMessageId(requestId);
                        request.setReplyTo(((Source) replyTo.getRemoteSource()).getAddress());
                        request.setBody(new AmqpValue("request " + requestId));
                        send(requests, request, 0);
                    }
                }
                case DELIVERY -> onDelivery(event.getDelivery());
                default -> { }
            }
        }

        private void onDelivery(Delivery delivery) {
            if (delivery.getLink() == replyTo) {
                if (!delivery.isReadable() || delivery.isPartial()) {
                    return;
                }
                Message message = decode(read(replyTo, delivery));
                delivery.disposition(Accepted.getInstance());
                delivery.settle();
                reply.complete(message.getCorrelationId());
            } else if (delivery.getRemoteState() != null || delivery.remotelySettled()) {
                outcome.complete(delivery.getRemoteState());
                delivery.settle();
            }
        }

        List<String> problems() {
            return List.copyOf(engine.problems());
        }

        @Override
        public void close() {
            engine.close();
        }
    }
}
