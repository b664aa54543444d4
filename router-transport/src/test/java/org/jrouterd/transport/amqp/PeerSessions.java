package org.jrouterd.transport.amqp;

import static org.jrouterd.transport.amqp.AmqpWire.AMQP_HEADER;
import static org.jrouterd.transport.amqp.AmqpWire.SASL_HEADER;
import static org.jrouterd.transport.amqp.AmqpWire.amqpFrame;
import static org.jrouterd.transport.amqp.AmqpWire.saslFrame;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.UnsignedInteger;
import org.apache.qpid.proton.amqp.messaging.Accepted;
import org.apache.qpid.proton.amqp.messaging.AmqpValue;
import org.apache.qpid.proton.amqp.messaging.ApplicationProperties;
import org.apache.qpid.proton.amqp.messaging.Data;
import org.apache.qpid.proton.amqp.messaging.Header;
import org.apache.qpid.proton.amqp.messaging.Properties;
import org.apache.qpid.proton.amqp.messaging.Source;
import org.apache.qpid.proton.amqp.messaging.Target;
import org.apache.qpid.proton.amqp.security.SaslInit;
import org.apache.qpid.proton.amqp.transport.Attach;
import org.apache.qpid.proton.amqp.transport.Begin;
import org.apache.qpid.proton.amqp.transport.Close;
import org.apache.qpid.proton.amqp.transport.Detach;
import org.apache.qpid.proton.amqp.transport.Disposition;
import org.apache.qpid.proton.amqp.transport.End;
import org.apache.qpid.proton.amqp.transport.Flow;
import org.apache.qpid.proton.amqp.transport.Open;
import org.apache.qpid.proton.amqp.transport.Role;
import org.apache.qpid.proton.amqp.transport.SenderSettleMode;
import org.apache.qpid.proton.amqp.transport.Transfer;

/**
 * What a client sends in valid AMQP sessions with a router, frame by frame (one byte array per frame, so a read
 * can be cut anywhere): the fuzzer's corpus. Plus the three inputs that once escaped to Netty as exceptions.
 *
 * <p>Threads: stateless.
 */
final class PeerSessions {

    static final String ADDRESS = "fuzz.queue";
    static final int SENDER = 1;
    static final int RECEIVER = 0;

    private PeerSessions() {
    }

    /** Every valid session of the corpus. */
    static List<List<byte[]>> corpus() {
        return List.of(saslSendReceiveAndClose(), bareAnonymousRelayAndDynamicReceiver(), pipelinedInOneWrite());
    }

    /**
     * SASL ANONYMOUS, Open, Begin, a receiver with credit and a sender on one address, an unsettled message, a
     * message in two transfer frames, a pre-settled one, the dispositions for what the router delivered, then
     * Detach, End and Close.
     */
    static List<byte[]> saslSendReceiveAndClose() {
        List<byte[]> frames = new ArrayList<>();
        frames.add(SASL_HEADER);
        frames.add(saslFrame(saslInit()));
        frames.addAll(openAndBegin("fuzz-client"));
        frames.add(amqpFrame(0, receiverAttach(RECEIVER, "fuzz-receiver", ADDRESS)));
        frames.add(amqpFrame(0, flow(RECEIVER, 10)));
        frames.add(amqpFrame(0, senderAttach(SENDER, "fuzz-sender", ADDRESS)));
        frames.add(amqpFrame(0, transfer(SENDER, 0, false, false), header(), properties(null),
                new AmqpValue("hello")));
        byte[] large = message(null, 600);
        frames.add(transferFrame(transfer(SENDER, 1, false, true), Arrays.copyOfRange(large, 0, 300)));
        frames.add(transferFrame(continuation(SENDER), Arrays.copyOfRange(large, 300, large.length)));
        frames.add(amqpFrame(0, transfer(SENDER, 2, true, false), properties(null), new Data(new Binary(
                "pre-settled".getBytes(StandardCharsets.UTF_8)))));
        frames.add(amqpFrame(0, accept(0, 1)));
        frames.add(amqpFrame(0, detach(SENDER)));
        frames.add(amqpFrame(0, detach(RECEIVER)));
        frames.add(amqpFrame(0, new End()));
        frames.add(amqpFrame(0, new Close()));
        return frames;
    }

    /**
     * No SASL; an anonymous-relay sender and a dynamic receiver on a second session; messages addressed by
     * {@code to}, one of them to nowhere; then Close straight away.
     */
    static List<byte[]> bareAnonymousRelayAndDynamicReceiver() {
        List<byte[]> frames = new ArrayList<>();
        frames.add(AMQP_HEADER);
        frames.add(amqpFrame(0, open("fuzz-relay")));
        frames.add(amqpFrame(0, begin()));
        frames.add(amqpFrame(1, begin()));
        Attach dynamic = receiverAttach(0, "fuzz-dynamic", null);
        ((Source) dynamic.getSource()).setDynamic(true);
        frames.add(amqpFrame(1, dynamic));
        frames.add(amqpFrame(1, flow(0, 5)));
        frames.add(amqpFrame(0, senderAttach(0, "fuzz-relay-sender", null)));
        frames.add(amqpFrame(0, transfer(0, 0, false, false), properties("somewhere"), new AmqpValue(42)));
        frames.add(amqpFrame(0, transfer(0, 1, true, false), properties(ADDRESS), new AmqpValue("x")));
        frames.add(amqpFrame(0, transfer(0, 2, false, false), header(), new AmqpValue("no to")));
        frames.add(amqpFrame(1, new End()));
        frames.add(amqpFrame(0, new Close()));
        return frames;
    }

    /** The first session, every frame in one write (a client that pipelines). */
    static List<byte[]> pipelinedInOneWrite() {
        return List.of(AmqpWire.concat(saslSendReceiveAndClose()));
    }

    /** A second Attach on a handle already attached: once a NullPointerException in onLinkAttach. */
    static List<byte[]> secondAttachOnTheSameHandle() {
        List<byte[]> frames = new ArrayList<>(openAndBegin("fuzz-handle-in-use"));
        frames.add(amqpFrame(0, senderAttach(SENDER, "fuzz-sender", ADDRESS)));
        frames.add(amqpFrame(0, senderAttach(SENDER, "fuzz-sender-again", ADDRESS)));
        return frames;
    }

    /**
     * A new delivery while the previous one on the link is still arriving (its transfer frames reordered): once
     * an IllegalStateException "no current delivery" in ProducerLink.onDelivery.
     */
    static List<byte[]> reorderedTransfers() {
        List<byte[]> frames = new ArrayList<>(openAndBegin("fuzz-reordered"));
        frames.add(amqpFrame(0, senderAttach(SENDER, "fuzz-sender", null)));
        byte[] message = message(ADDRESS, 100);
        frames.add(transferFrame(transfer(SENDER, 0, false, true), Arrays.copyOfRange(message, 0, 50)));
        frames.add(amqpFrame(0, transfer(SENDER, 1, false, false), properties(ADDRESS), new AmqpValue("second")));
        frames.add(transferFrame(continuation(SENDER), Arrays.copyOfRange(message, 50, message.length)));
        return frames;
    }

    /**
     * The producer settles a delivery the router is still routing while its next delivery is part-way in: the
     * delivery event for the settled one once made the link read the next one's bytes, or fail with "no current
     * delivery" when none was arriving. Legal AMQP: the connection carries on.
     */
    static List<byte[]> senderSettlesWhileTheNextDeliveryArrives() {
        List<byte[]> frames = new ArrayList<>(openAndBegin("fuzz-sender-settles"));
        frames.add(amqpFrame(0, receiverAttach(RECEIVER, "fuzz-receiver", ADDRESS)));
        frames.add(amqpFrame(0, flow(RECEIVER, 10)));
        frames.add(amqpFrame(0, senderAttach(SENDER, "fuzz-sender", ADDRESS)));
        frames.add(amqpFrame(0, transfer(SENDER, 0, false, false), properties(null), new AmqpValue("first")));
        byte[] second = message(null, 100);
        frames.add(transferFrame(transfer(SENDER, 1, false, true), Arrays.copyOfRange(second, 0, 50)));
        Disposition settled = accept(0, 0);
        settled.setRole(Role.SENDER);
        settled.setState(null);
        frames.add(amqpFrame(0, settled));
        frames.add(transferFrame(continuation(SENDER), Arrays.copyOfRange(second, 50, second.length)));
        return frames;
    }

    /** A Detach for a link whose session has ended, then a new session on the same channel. */
    static List<byte[]> detachAfterItsSessionEnded() {
        List<byte[]> frames = new ArrayList<>(openAndBegin("fuzz-detach-late"));
        frames.add(amqpFrame(0, senderAttach(SENDER, "fuzz-sender", ADDRESS)));
        frames.add(amqpFrame(0, new End()));
        frames.add(amqpFrame(0, detach(SENDER)));
        frames.add(amqpFrame(0, begin()));
        frames.add(amqpFrame(0, detach(SENDER)));
        return frames;
    }

    /** A Detach on a channel no Begin opened: once an IllegalStateException from proton's output. */
    static List<byte[]> detachBeforeBegin() {
        return List.of(AMQP_HEADER, amqpFrame(0, open("fuzz-detach-first")), amqpFrame(0, detach(0)));
    }

    static List<byte[]> openAndBegin(String container) {
        return List.of(AMQP_HEADER, amqpFrame(0, open(container)), amqpFrame(0, begin()));
    }

    /** A transfer frame on channel 0 whose payload is {@code payload} as it is (a slice of a message). */
    static byte[] transferFrame(Transfer transfer, byte[] payload) {
        return AmqpWire.frame(AmqpWire.AMQP_FRAME, 0, AmqpWire.concat(AmqpWire.encode(transfer), payload));
    }

    static SaslInit saslInit() {
        SaslInit init = new SaslInit();
        init.setMechanism(Symbol.valueOf("ANONYMOUS"));
        return init;
    }

    static Open open(String container) {
        Open open = new Open();
        open.setContainerId(container);
        open.setHostname("localhost");
        open.setMaxFrameSize(UnsignedInteger.valueOf(16384));
        return open;
    }

    static Begin begin() {
        Begin begin = new Begin();
        begin.setNextOutgoingId(UnsignedInteger.ZERO);
        begin.setIncomingWindow(UnsignedInteger.valueOf(2048));
        begin.setOutgoingWindow(UnsignedInteger.valueOf(2048));
        return begin;
    }

    static Attach senderAttach(int handle, String name, String address) {
        Attach attach = new Attach();
        attach.setName(name);
        attach.setHandle(UnsignedInteger.valueOf(handle));
        attach.setRole(Role.SENDER);
        attach.setSndSettleMode(SenderSettleMode.MIXED);
        attach.setSource(new Source());
        Target target = new Target();
        target.setAddress(address);
        attach.setTarget(target);
        attach.setInitialDeliveryCount(UnsignedInteger.ZERO);
        return attach;
    }

    static Attach receiverAttach(int handle, String name, String address) {
        Attach attach = new Attach();
        attach.setName(name);
        attach.setHandle(UnsignedInteger.valueOf(handle));
        attach.setRole(Role.RECEIVER);
        Source source = new Source();
        source.setAddress(address);
        attach.setSource(source);
        attach.setTarget(new Target());
        return attach;
    }

    static Flow flow(int handle, int credit) {
        Flow flow = new Flow();
        flow.setHandle(UnsignedInteger.valueOf(handle));
        flow.setDeliveryCount(UnsignedInteger.ZERO);
        flow.setLinkCredit(UnsignedInteger.valueOf(credit));
        flow.setNextIncomingId(UnsignedInteger.ZERO);
        flow.setIncomingWindow(UnsignedInteger.valueOf(2048));
        flow.setNextOutgoingId(UnsignedInteger.ZERO);
        flow.setOutgoingWindow(UnsignedInteger.valueOf(2048));
        return flow;
    }

    static Transfer transfer(int handle, int deliveryId, boolean settled, boolean more) {
        Transfer transfer = new Transfer();
        transfer.setHandle(UnsignedInteger.valueOf(handle));
        transfer.setDeliveryId(UnsignedInteger.valueOf(deliveryId));
        transfer.setDeliveryTag(new Binary(new byte[] {(byte) deliveryId}));
        transfer.setMessageFormat(UnsignedInteger.ZERO);
        transfer.setSettled(settled);
        transfer.setMore(more);
        return transfer;
    }

    /** A later transfer frame of a delivery: only the handle. */
    static Transfer continuation(int handle) {
        Transfer transfer = new Transfer();
        transfer.setHandle(UnsignedInteger.valueOf(handle));
        return transfer;
    }

    static Disposition accept(int first, int last) {
        Disposition disposition = new Disposition();
        disposition.setRole(Role.RECEIVER);
        disposition.setFirst(UnsignedInteger.valueOf(first));
        disposition.setLast(UnsignedInteger.valueOf(last));
        disposition.setSettled(true);
        disposition.setState(Accepted.getInstance());
        return disposition;
    }

    static Detach detach(int handle) {
        Detach detach = new Detach();
        detach.setHandle(UnsignedInteger.valueOf(handle));
        detach.setClosed(true);
        return detach;
    }

    static Header header() {
        Header header = new Header();
        header.setDurable(true);
        return header;
    }

    static Properties properties(String to) {
        Properties properties = new Properties();
        properties.setMessageId("fuzz-" + (to == null ? "x" : to));
        properties.setTo(to);
        return properties;
    }

    /** The encoded sections of a message with a body of {@code bodySize} bytes. */
    static byte[] message(String to, int bodySize) {
        return AmqpWire.encode(properties(to), new ApplicationProperties(Map.of("k", "v")),
                new Data(new Binary(new byte[bodySize])));
    }
}
