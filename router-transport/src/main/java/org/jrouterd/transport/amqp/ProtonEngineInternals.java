package org.jrouterd.transport.amqp;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.qpid.proton.engine.impl.HandshakeSniffingTransportWrapper;
import org.apache.qpid.proton.engine.impl.PlainTransportWrapper;
import org.apache.qpid.proton.engine.impl.TransportImpl;
import org.apache.qpid.proton.engine.impl.TransportInput;
import org.apache.qpid.proton.engine.impl.TransportOutput;
import org.apache.qpid.proton.engine.impl.TransportWrapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The only place that reaches into proton-j's private engine fields (checked against proton-j 0.34.1), so that an
 * idle connection costs little: it frees the frame parser's input buffer and the output adaptor's buffer (each the
 * size of a maximum frame) when they hold no bytes, and takes the SASL layer (with its own encoder, decoder and
 * type registry) out of a transport's input and output chain once the exchange is over. Proton re-creates both
 * buffers on demand; it does the same itself for buffers above {@code proton.transport_buffer_release_threshold}.
 *
 * <p>If proton-j's fields are not what this class expects, it says so once in the log and does nothing: the
 * router works as before, only with heavier connections; {@code ProtonEngineInternalsTest} fails loudly then.
 *
 * <p>Threads: stateless; each call must come from the thread that owns the transport it touches.
 */
final class ProtonEngineInternals {

    private static final Logger LOG = LoggerFactory.getLogger("SERVER");
    private static final String IMPL = "org.apache.qpid.proton.engine.impl.";

    private static final VarHandle PARSER_INPUT;
    private static final VarHandle ADAPTOR_OUTPUT;
    private static final VarHandle ADAPTOR_HEAD;
    private static final VarHandle TRANSPORT_INPUT;
    private static final VarHandle TRANSPORT_OUTPUT;
    private static final VarHandle TRANSPORT_SASL;
    private static final VarHandle SNIFFER_SELECTED;
    private static final VarHandle SWITCH_INPUT;
    private static final VarHandle SWITCH_OUTPUT;
    private static final Class<?> FRAME_PARSER;
    private static final Class<?> OUTPUT_ADAPTOR;
    private static final Class<?> SASL_SWITCH;
    /** What did not match, empty when every field was found. */
    private static final List<String> MISMATCHES = new ArrayList<>();

    static {
        FRAME_PARSER = type("FrameParser");
        OUTPUT_ADAPTOR = type("TransportOutputAdaptor");
        SASL_SWITCH = type("SaslImpl$SwitchingSaslTransportWrapper");
        PARSER_INPUT = field(FRAME_PARSER, "_inputBuffer", ByteBuffer.class);
        ADAPTOR_OUTPUT = field(OUTPUT_ADAPTOR, "_outputBuffer", ByteBuffer.class);
        ADAPTOR_HEAD = field(OUTPUT_ADAPTOR, "_head", ByteBuffer.class);
        TRANSPORT_INPUT = field(TransportImpl.class, "_inputProcessor", TransportInput.class);
        TRANSPORT_OUTPUT = field(TransportImpl.class, "_outputProcessor", TransportOutput.class);
        TRANSPORT_SASL = field(TransportImpl.class, "_sasl", type("SaslImpl"));
        SNIFFER_SELECTED = field(HandshakeSniffingTransportWrapper.class, "_selectedTransportWrapper",
                TransportWrapper.class);
        SWITCH_INPUT = field(SASL_SWITCH, "currentInput", TransportInput.class);
        SWITCH_OUTPUT = field(SASL_SWITCH, "currentOutput", TransportOutput.class);
        if (!MISMATCHES.isEmpty()) {
            LOG.warn("proton-j's engine is not the one jrouterd was built for ({}); idle connections keep their "
                    + "buffers and SASL layer", MISMATCHES);
        }
    }

    private ProtonEngineInternals() {
    }

    /** What did not match proton-j 0.34's fields; empty when this class works. */
    static List<String> mismatches() {
        return List.copyOf(MISMATCHES);
    }

    /** Frees the frame parser's input buffer if {@code input} is proton's frame parser and holds no bytes. */
    static void releaseInputBuffer(TransportInput input) {
        if (PARSER_INPUT != null && FRAME_PARSER.isInstance(input)) {
            ByteBuffer buffer = (ByteBuffer) PARSER_INPUT.get(input);
            if (buffer != null && buffer.position() == 0) {
                PARSER_INPUT.set(input, (ByteBuffer) null);
            }
        }
    }

    /** Frees the output adaptor's buffer if {@code output} is proton's adaptor and holds no bytes. */
    static void releaseOutputBuffer(TransportOutput output) {
        if (ADAPTOR_OUTPUT != null && ADAPTOR_HEAD != null && OUTPUT_ADAPTOR.isInstance(output)) {
            ByteBuffer buffer = (ByteBuffer) ADAPTOR_OUTPUT.get(output);
            if (buffer != null && buffer.position() == 0) {
                ADAPTOR_HEAD.set(output, (ByteBuffer) null);
                ADAPTOR_OUTPUT.set(output, (ByteBuffer) null);
            }
        }
    }

    /** Whether this holds a buffer now (for tests): the parser's input or the adaptor's output. */
    static boolean holdsBuffer(Object inputOrOutput) {
        if (FRAME_PARSER != null && FRAME_PARSER.isInstance(inputOrOutput)) {
            return PARSER_INPUT.get(inputOrOutput) != null;
        }
        return OUTPUT_ADAPTOR != null && OUTPUT_ADAPTOR.isInstance(inputOrOutput)
                && ADAPTOR_OUTPUT.get(inputOrOutput) != null;
    }

    /**
     * Once the transport's SASL layer has handed both directions to {@code next} (the layer under it), makes the
     * transport call {@code next} directly and forget the SASL layer, so that its codec can be collected. The SASL
     * layer is proton's sniffer, which picks either the SASL exchange (done when it has switched both directions
     * to the layer under it: the outcome is out and its buffers are empty) or, for a client that skips SASL where
     * that is allowed, a plain pass-through to the layer under it.
     *
     * @return whether the SASL layer is gone (false: not finished yet, or proton-j is not as expected)
     */
    static boolean dropFinishedSasl(TransportImpl transport, TransportInput nextInput, TransportOutput nextOutput) {
        if (!MISMATCHES.isEmpty()) {
            return false;
        }
        Object head = TRANSPORT_INPUT.get(transport);
        if (!(head instanceof HandshakeSniffingTransportWrapper) || TRANSPORT_OUTPUT.get(transport) != head) {
            return false;
        }
        Object selected = SNIFFER_SELECTED.get(head);
        boolean finished = selected instanceof PlainTransportWrapper
                || SASL_SWITCH.isInstance(selected) && SWITCH_INPUT.get(selected) == nextInput
                && SWITCH_OUTPUT.get(selected) == nextOutput;
        if (!finished) {
            return false;
        }
        TRANSPORT_INPUT.set(transport, nextInput);
        TRANSPORT_OUTPUT.set(transport, nextOutput);
        TRANSPORT_SASL.set(transport, null);
        return true;
    }

    /** Whether the transport still has its SASL layer (for tests). */
    static boolean hasSasl(TransportImpl transport) {
        return TRANSPORT_SASL != null && TRANSPORT_SASL.get(transport) != null;
    }

    private static Class<?> type(String simpleName) {
        try {
            return Class.forName(IMPL + simpleName, false, TransportImpl.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            MISMATCHES.add("no class " + simpleName);
            return null;
        }
    }

    private static VarHandle field(Class<?> owner, String name, Class<?> type) {
        if (owner == null || type == null) {
            MISMATCHES.add("no field " + name + " (its class or type is missing)");
            return null;
        }
        try {
            return MethodHandles.privateLookupIn(owner, MethodHandles.lookup()).findVarHandle(owner, name, type);
        } catch (NoSuchFieldException | IllegalAccessException | RuntimeException e) {
            MISMATCHES.add(owner.getSimpleName() + "." + name + ": " + e);
            return null;
        }
    }
}
