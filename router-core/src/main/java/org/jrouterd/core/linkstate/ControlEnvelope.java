package org.jrouterd.core.linkstate;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.messaging.AmqpValue;
import org.apache.qpid.proton.amqp.messaging.ApplicationProperties;
import org.apache.qpid.proton.amqp.messaging.Header;
import org.apache.qpid.proton.amqp.messaging.MessageAnnotations;
import org.apache.qpid.proton.amqp.messaging.Properties;
import org.apache.qpid.proton.codec.DecoderImpl;
import org.apache.qpid.proton.codec.EncoderImpl;
import org.apache.qpid.proton.codec.ReadableBuffer;
import org.apache.qpid.proton.codec.messaging.AmqpSequenceType;
import org.apache.qpid.proton.codec.messaging.AmqpValueType;
import org.apache.qpid.proton.codec.messaging.ApplicationPropertiesType;
import org.apache.qpid.proton.codec.messaging.DataType;
import org.apache.qpid.proton.codec.messaging.DeliveryAnnotationsType;
import org.apache.qpid.proton.codec.messaging.FooterType;
import org.apache.qpid.proton.codec.messaging.HeaderType;
import org.apache.qpid.proton.codec.messaging.MessageAnnotationsType;
import org.apache.qpid.proton.codec.messaging.PropertiesType;
import org.apache.qpid.proton.message.Message;

/**
 * One control message as it travels on an inter-router control link: {@code to}, the {@code opcode}
 * application property, the amqp-value map body, and the router annotations {@code x-opt-qd.ingress} and
 * {@code x-opt-qd.trace} (routers as {@code 0/<id>}). Header durable=false; sent pre-settled.
 *
 * <p>Control messages are few (about one per neighbour per second), so they are encoded and decoded with
 * proton-j's {@link Message}; routed data messages never are.
 *
 * <p>Threads: immutable (the body map is not copied and must not be changed); any thread.
 *
 * @param to      the destination address (e.g. {@code amqp:/_topo/0/all/qdrouter})
 * @param opcode  HELLO, RA, LSU, LSR, MAU or MAR
 * @param body    the body map (see {@link ControlCodec}); null if the body was not a map
 * @param ingress the router the message entered the mesh at, without {@code 0/}; null if absent
 * @param trace   the routers it passed, without {@code 0/}, in order
 */
public record ControlEnvelope(String to, String opcode, Map<?, ?> body, String ingress, List<String> trace) {

    static final Symbol INGRESS = Symbol.valueOf("x-opt-qd.ingress");
    static final Symbol TRACE = Symbol.valueOf("x-opt-qd.trace");
    private static final String AREA_PREFIX = ControlAddresses.AREA + "/";
    private static final String OPCODE = "opcode";
    /**
     * Decodes message sections with proton-j's generic section types, without its fast paths: the fast-path
     * application-properties decoder (used by {@link Message#decode}) accepts string keys only and fails on
     * qdrouterd 1.19's MAU and MAR, whose core ({@code mobile_sync/mobile.c}) writes the key {@code opcode} as a
     * symbol. One decoder per thread (event loops), built once.
     */
    private static final ThreadLocal<DecoderImpl> SECTION_DECODER =
            ThreadLocal.withInitial(ControlEnvelope::sectionDecoder);

    public ControlEnvelope {
        trace = trace == null ? List.of() : List.copyOf(trace);
    }

    /** A control message leaving its first router. */
    public static ControlEnvelope originating(OutgoingControl control, String selfId) {
        return new ControlEnvelope(control.to(), control.opcode().wireName(), ControlCodec.encode(control.message()),
                selfId, List.of(selfId));
    }

    /** This message as a router relays it: its id appended to the trace. */
    public ControlEnvelope relayedBy(String routerId) {
        List<String> longer = new ArrayList<>(trace.size() + 1);
        longer.addAll(trace);
        longer.add(routerId);
        return new ControlEnvelope(to, opcode, body, ingress, longer);
    }

    /** Whether {@code routerId} is in the trace. */
    public boolean visited(String routerId) {
        return trace.contains(routerId);
    }

    /** Encodes the whole AMQP message. */
    public byte[] encode() {
        Message message = Message.Factory.create();
        Header header = new Header();
        header.setDurable(false);
        message.setHeader(header);
        Map<Symbol, Object> annotations = new HashMap<>();
        if (ingress != null) {
            annotations.put(INGRESS, AREA_PREFIX + ingress);
        }
        List<String> wireTrace = new ArrayList<>(trace.size());
        for (String id : trace) {
            wireTrace.add(AREA_PREFIX + id);
        }
        annotations.put(TRACE, wireTrace);
        message.setMessageAnnotations(new MessageAnnotations(annotations));
        Properties properties = new Properties();
        properties.setTo(to);
        message.setProperties(properties);
        message.setApplicationProperties(new ApplicationProperties(Map.of("opcode", opcode)));
        message.setBody(new AmqpValue(body));
        byte[] buffer = new byte[256];
        while (true) {
            try {
                int length = message.encode(buffer, 0, buffer.length);
                byte[] out = new byte[length];
                System.arraycopy(buffer, 0, out, 0, length);
                return out;
            } catch (java.nio.BufferOverflowException e) {
                buffer = new byte[buffer.length * 4];
            }
        }
    }

    /**
     * Decodes a received control message. The {@code opcode} application property may be keyed by a string
     * (qdrouterd's Python router: HELLO, RA, LSR, LSU) or a symbol (its C core: MAU, MAR).
     *
     * @throws IllegalArgumentException if it is not an AMQP message or lacks {@code to} or {@code opcode}
     */
    public static ControlEnvelope decode(ReadableBuffer encoded) {
        String to = null;
        Map<?, ?> applicationProperties = null;
        Map<?, ?> annotations = null;
        Object bodyValue = null;
        DecoderImpl decoder = SECTION_DECODER.get();
        decoder.setBuffer(encoded);
        try {
            while (encoded.hasRemaining()) {
                Object section = decoder.readObject();
                if (section instanceof Properties properties) {
                    to = properties.getTo();
                } else if (section instanceof ApplicationProperties properties) {
                    applicationProperties = properties.getValue();
                } else if (section instanceof MessageAnnotations messageAnnotations) {
                    annotations = messageAnnotations.getValue();
                } else if (section instanceof AmqpValue value) {
                    bodyValue = value.getValue();
                }
            }
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("undecodable control message: " + e.getMessage(), e);
        } finally {
            decoder.setBuffer(null);
        }
        Object opcode = applicationProperties == null ? null : opcode(applicationProperties);
        if (to == null || opcode == null) {
            throw new IllegalArgumentException("control message without to or opcode");
        }
        Map<?, ?> body = bodyValue instanceof Map<?, ?> map ? map : null;
        String ingress = null;
        List<String> trace = new ArrayList<>();
        if (annotations != null) {
            if (annotations.get(INGRESS) instanceof String s) {
                ingress = withoutArea(s);
            }
            if (annotations.get(TRACE) instanceof List<?> list) {
                for (Object entry : list) {
                    if (entry instanceof String s) {
                        trace.add(withoutArea(s));
                    }
                }
            }
        }
        return new ControlEnvelope(to, opcode.toString(), body, ingress, trace);
    }

    private static Object opcode(Map<?, ?> applicationProperties) {
        Object value = applicationProperties.get(OPCODE);
        return value != null ? value : applicationProperties.get(Symbol.valueOf(OPCODE));
    }

    private static DecoderImpl sectionDecoder() {
        DecoderImpl decoder = new DecoderImpl();
        EncoderImpl encoder = new EncoderImpl(decoder);
        HeaderType.register(decoder, encoder);
        DeliveryAnnotationsType.register(decoder, encoder);
        MessageAnnotationsType.register(decoder, encoder);
        PropertiesType.register(decoder, encoder);
        ApplicationPropertiesType.register(decoder, encoder);
        AmqpValueType.register(decoder, encoder);
        AmqpSequenceType.register(decoder, encoder);
        DataType.register(decoder, encoder);
        FooterType.register(decoder, encoder);
        return decoder;
    }

    /** {@code 0/A} is router A; a bare id is taken as is. */
    static String withoutArea(String entry) {
        return entry.startsWith(AREA_PREFIX) ? entry.substring(AREA_PREFIX.length()) : entry;
    }
}
