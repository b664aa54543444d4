package org.jrouterd.server.protocol;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.TimeUnit;
import org.apache.qpid.protonj2.test.driver.ProtonTestClient;
import org.apache.qpid.protonj2.test.driver.actions.AttachInjectAction;

/**
 * Scripts for the protonj2 test driver that play an AMQP client against a router: connect, open, begin, attach
 * senders and receivers. Every step registers what the router must answer before the peer acts, then waits for
 * the answer with a deadline.
 *
 * <p>Threads: called by the test thread; the driver runs the peer on its own event loop.
 */
final class PeerScripts {

    /** How long a script may take to complete before the test fails (a failure deadline: generous for slow CI). */
    static final long WAIT_SECONDS = 10;
    static final String HOST = "127.0.0.1";

    private PeerScripts() {
    }

    /** Connects without SASL (the router allows the skip), opens the connection and begins one session. */
    static ProtonTestClient connectAndBegin(int port) {
        ProtonTestClient peer = new ProtonTestClient();
        peer.remoteAMQPHeader().queue();
        peer.expectAMQPHeader();
        peer.remoteOpen().withContainerId("scripted-peer").queue();
        peer.expectOpen();
        peer.remoteBegin().queue();
        peer.expectBegin();
        connect(peer, port);
        await(peer);
        return peer;
    }

    /** Connects with SASL ANONYMOUS, opens the connection and begins one session. */
    static ProtonTestClient connectWithSaslAndBegin(int port) {
        ProtonTestClient peer = new ProtonTestClient();
        peer.queueClientSaslAnonymousConnect();
        peer.remoteOpen().withContainerId("scripted-sasl-peer").queue();
        peer.expectOpen();
        peer.remoteBegin().queue();
        peer.expectBegin();
        connect(peer, port);
        await(peer);
        return peer;
    }

    static void connect(ProtonTestClient peer, int port) {
        try {
            peer.connect(HOST, port);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Attaches a sending link to {@code address} (null: an anonymous-relay link) and waits for the router's
     * attach. Expects nothing more: a test that cares about credit scripts it with {@link #senderAttach}.
     */
    static void attachSender(ProtonTestClient peer, String name, int handle, String address) {
        peer.expectAttach().ofReceiver().withName(name);
        senderAttach(peer, name, handle, address).now();
        await(peer);
    }

    /** The attach of a sending link, not yet sent: script the router's answers first, then call {@code now()}. */
    static AttachInjectAction senderAttach(ProtonTestClient peer, String name, int handle, String address) {
        return peer.remoteAttach().ofSender()
                .withName(name)
                .withHandle(handle)
                .withInitialDeliveryCount(0)
                .withSenderSettleModeUnsettled()
                .withReceivervSettlesFirst()
                .withSource().withAddress("scripted-source").also()
                .withTarget().withAddress(address).also();
    }

    /** Attaches a receiving link from {@code address}, waits for the router's attach, then grants credit. */
    static void attachReceiver(ProtonTestClient peer, String name, int handle, String address, int credit) {
        peer.expectAttach().ofSender().withName(name);
        peer.remoteAttach().ofReceiver()
                .withName(name)
                .withHandle(handle)
                .withSenderSettleModeUnsettled()
                .withReceivervSettlesFirst()
                .withSource().withAddress(address).also()
                .withTarget().withAddress("scripted-target").also()
                .now();
        await(peer);
        if (credit > 0) {
            grantCredit(peer, handle, 0, credit);
        }
    }

    /** Sends a flow for a receiving link: {@code credit} more deliveries after {@code deliveryCount}. */
    static void grantCredit(ProtonTestClient peer, int handle, int deliveryCount, int credit) {
        peer.remoteFlow().withHandle(handle).withDeliveryCount(deliveryCount).withLinkCredit(credit).now();
    }

    /** Sends one unsettled message with an AMQP-value string body. */
    static void sendUnsettled(ProtonTestClient peer, int handle, int deliveryId, String body) {
        peer.remoteTransfer()
                .withHandle(handle)
                .withDeliveryId(deliveryId)
                .withDeliveryTag(new byte[] {(byte) deliveryId})
                .withMessageFormat(0)
                .withSettled(false)
                .withBody().withString(body).also()
                .now();
    }

    /** Waits for every scripted expectation of the peer to be met; fails the test after {@link #WAIT_SECONDS}. */
    static void await(ProtonTestClient peer) {
        peer.waitForScriptToComplete(WAIT_SECONDS, TimeUnit.SECONDS);
    }
}
