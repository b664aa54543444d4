package org.jrouterd.transport.amqp;

import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;
import org.apache.qpid.proton.amqp.UnsignedInteger;
import org.apache.qpid.proton.amqp.transport.Attach;
import org.apache.qpid.proton.amqp.transport.Begin;
import org.apache.qpid.proton.amqp.transport.Detach;
import org.apache.qpid.proton.amqp.transport.EmptyFrame;
import org.apache.qpid.proton.amqp.transport.End;
import org.apache.qpid.proton.amqp.transport.Flow;
import org.apache.qpid.proton.amqp.transport.FrameBody;
import org.apache.qpid.proton.amqp.transport.Open;
import org.apache.qpid.proton.amqp.transport.Close;
import org.apache.qpid.proton.amqp.transport.Transfer;
import org.apache.qpid.proton.engine.impl.ProtocolTracer;
import org.apache.qpid.proton.framing.TransportFrame;

/**
 * Holds the peer to the session and link rules proton-j leaves as "TODO" (it ignores the frame, or fails later
 * in a way that breaks the engine): each received frame is checked before proton handles it, and a violation is
 * thrown as a {@link ProtocolViolation}, which closes the connection with its error:
 * <ul>
 *   <li>a session frame on a channel the peer has not begun, or a Begin on one it has: {@code amqp:not-allowed};
 *   <li>an Attach on a handle already attached: {@code amqp:session:handle-in-use};
 *   <li>a Detach, Transfer or link Flow naming a handle not attached: {@code amqp:session:unattached-handle}.
 * </ul>
 * It keeps the peer's channels and their attached handles, and passes frames on to the tracer that was installed
 * before it (the PROTOCOL log), if any.
 *
 * <p>Threads: confined to the connection's event loop, like its transport.
 */
final class FrameChecker implements ProtocolTracer {

    static final String UNATTACHED_HANDLE = "amqp:session:unattached-handle";

    private final ProtocolTracer next;
    /** The peer's begun channels and, for each, its attached handles. */
    private final Map<Integer, BitSet> channels = new HashMap<>(4);

    FrameChecker(ProtocolTracer next) {
        this.next = next;
    }

    @Override
    public void receivedFrame(TransportFrame frame) {
        if (next != null) {
            next.receivedFrame(frame);
        }
        FrameBody body = frame.getBody();
        // An empty frame is a heartbeat, legal on any channel at any time after the Open (AMQP 1.0, 2.3.2).
        if (body == null || body instanceof EmptyFrame || body instanceof Open || body instanceof Close) {
            return;
        }
        int channel = frame.getChannel();
        BitSet handles = channels.get(channel);
        if (body instanceof Begin) {
            if (handles != null) {
                throw new ProtocolViolation(AmqpConnection.NOT_ALLOWED, "begin on channel " + channel
                        + ", which has a session already");
            }
            channels.put(channel, new BitSet());
            return;
        }
        if (handles == null) {
            throw new ProtocolViolation(AmqpConnection.NOT_ALLOWED, frameName(body) + " on channel " + channel
                    + ", which has no session (no begin)");
        }
        if (body instanceof End) {
            channels.remove(channel);
        } else if (body instanceof Attach attach) {
            int handle = handle(attach.getHandle());
            if (handle >= 0 && handles.get(handle)) {
                throw new ProtocolViolation(AmqpConnection.HANDLE_IN_USE, "attach on handle " + handle
                        + ", which is in use for an attached link");
            }
            if (handle >= 0) {
                handles.set(handle);
            }
        } else if (body instanceof Detach detach) {
            handles.clear(attached(handles, detach.getHandle(), body));
        } else if (body instanceof Transfer transfer) {
            attached(handles, transfer.getHandle(), body);
        } else if (body instanceof Flow flow && flow.getHandle() != null) {
            attached(handles, flow.getHandle(), body);
        }
    }

    @Override
    public void sentFrame(TransportFrame frame) {
        if (next != null) {
            next.sentFrame(frame);
        }
    }

    /** The handle, which must be attached. */
    private static int attached(BitSet handles, UnsignedInteger handle, FrameBody body) {
        int value = handle(handle);
        if (value < 0 || !handles.get(value)) {
            throw new ProtocolViolation(UNATTACHED_HANDLE, frameName(body) + " on handle " + handle
                    + ", which is not attached");
        }
        return value;
    }

    /** A handle as an index, or -1 beyond what a BitSet holds (proton refuses those: past handle-max). */
    private static int handle(UnsignedInteger handle) {
        if (handle == null) {
            return -1;
        }
        long value = handle.longValue();
        return value < 65_536 ? (int) value : -1;
    }

    private static String frameName(FrameBody body) {
        return body.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT);
    }
}
