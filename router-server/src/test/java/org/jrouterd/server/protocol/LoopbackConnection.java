package org.jrouterd.server.protocol;

import org.apache.qpid.protonj2.test.driver.ProtonTestClient;
import org.apache.qpid.protonj2.test.driver.codec.transport.Role;

/**
 * A healthy connection that both consumes and produces on one address, so a test can prove at any moment that the
 * router still carries messages on it: each {@link #sendAndReceive()} sends a message, receives it back, accepts
 * it, and waits for the router to report the acceptance to the sending link.
 *
 * <p>Threads: used by the test thread only.
 */
final class LoopbackConnection implements AutoCloseable {

    private static final int RECEIVER_HANDLE = 0;
    private static final int SENDER_HANDLE = 1;
    /** The router numbers its ends of the links in attach order too: its sender first, then its receiver. */
    private static final int ROUTER_SENDER_HANDLE = 0;
    private static final int ROUTER_RECEIVER_HANDLE = 1;
    private static final int CREDIT = 100;

    private final ProtonTestClient peer;
    private int exchanged;

    private LoopbackConnection(ProtonTestClient peer) {
        this.peer = peer;
    }

    /** Connects, attaches a receiver then a sender on {@code address}, and waits until the sender has credit. */
    static LoopbackConnection open(int port, String address) {
        ProtonTestClient peer = PeerScripts.connectAndBegin(port);
        PeerScripts.attachReceiver(peer, "loopback-receiver", RECEIVER_HANDLE, address, CREDIT);
        peer.expectAttach().ofReceiver().withName("loopback-sender").withHandle(ROUTER_RECEIVER_HANDLE);
        peer.expectFlow().withHandle(ROUTER_RECEIVER_HANDLE).withLinkCredit(250);
        PeerScripts.senderAttach(peer, "loopback-sender", SENDER_HANDLE, address).now();
        PeerScripts.await(peer);
        return new LoopbackConnection(peer);
    }

    /** Sends one message through the router to this connection's own receiver and sees it accepted end to end. */
    void sendAndReceive() {
        int id = exchanged++;
        if (id >= CREDIT) {
            throw new IllegalStateException("the loopback receiver has no credit left");
        }
        peer.expectTransfer().withHandle(ROUTER_SENDER_HANDLE).withDeliveryId(id).withSettled(false).withNonNullPayload().accept();
        peer.expectDisposition().withRole(Role.RECEIVER).withFirst(id).withSettled(true).withState().accepted();
        PeerScripts.sendUnsettled(peer, SENDER_HANDLE, id, "loopback " + id);
        PeerScripts.await(peer);
    }

    @Override
    public void close() {
        peer.close();
    }
}
