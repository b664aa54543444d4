package org.jrouterd.server.mesh;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.messaging.AmqpValue;
import org.apache.qpid.proton.amqp.messaging.ApplicationProperties;
import org.apache.qpid.proton.amqp.messaging.Header;
import org.apache.qpid.proton.amqp.messaging.Properties;
import org.apache.qpid.proton.codec.AMQPDefinedTypes;
import org.apache.qpid.proton.codec.DecoderImpl;
import org.apache.qpid.proton.codec.EncoderImpl;

/**
 * Messages encoded the way qdrouterd 1.19 puts them on an inter-router link, written section by section with
 * proton-j's codec and deliberately <em>not</em> with jrouterd's {@code ControlCodec}/{@code ControlEnvelope}, so
 * that a test using them checks wire compatibility rather than agreement with itself.
 *
 * <p>What qdrouterd 1.19 does, from its sources:
 * <ul>
 *   <li>HELLO, RA, LSR and LSU come from its Python router ({@code python_embedded.c compose_python_message}):
 *       header [durable=false], properties [message-id null, user-id null, to], application properties
 *       {@code {"opcode": ...}} (string key), amqp-value map with string keys. The Python ints are encoded by
 *       {@code qd_py_to_composed}: as {@code int} when they fit 32 bits, else {@code long} (the brief of this test
 *       asks for longs; {@link Numbers#PYTHON} gives the 1.19 behaviour). Ingress and trace annotations are set to
 *       the router's node id {@code 0/<id>}.</li>
 *   <li>MAU and MAR come from its C core ({@code modules/mobile_sync/mobile.c}): header [durable=false],
 *       properties [null, null, to], application properties with a <b>symbol</b> key {@code opcode}
 *       ({@code qd_compose_insert_symbol(field, OPCODE)}), body map with symbol keys, long numbers and int hints.
 *       The differential MAU goes to {@code _topo/0/all/qdrouter.ma} (no {@code amqp:/} scheme); MAR and the
 *       absolute MAU to {@code amqp:/_topo/0/<id>/qdrouter.ma}. No router annotations are set on them.</li>
 *   <li>Router annotations ({@code message.c compose_message_annotations_v1}) follow any user annotations in
 *       the order to, trace, ingress, phase, and are padded to 4 entries with duplicate keys
 *       {@code x-opt-qd.} → {@code "X"}.</li>
 * </ul>
 *
 * <p>Threads: stateless; any thread.
 */
final class QdrouterdWire {

    static final String HELLO_ADDRESS = "amqp:/_local/qdhello";
    static final String ALL_ROUTERS = "amqp:/_topo/0/all/qdrouter";
    /** Where qdrouterd 1.19's core sends a differential MAU: without a scheme. */
    static final String ALL_ROUTERS_MA_AS_SENT = "_topo/0/all/qdrouter.ma";
    static final Symbol INGRESS = Symbol.valueOf("x-opt-qd.ingress");
    static final Symbol TRACE = Symbol.valueOf("x-opt-qd.trace");
    static final Symbol TO = Symbol.valueOf("x-opt-qd.to");
    static final Symbol PHASE = Symbol.valueOf("x-opt-qd.phase");
    static final Symbol PAD = Symbol.valueOf("x-opt-qd.");
    private static final int ROUTER_ANNOTATION_KEYS = 4;

    /** How numbers in HELLO/RA/LSR/LSU bodies are typed. */
    enum Numbers {
        /** Always AMQP long (what PROTOCOL.md and the brief describe). */
        LONG,
        /** AMQP int when the value fits 32 bits, else long (qdrouterd 1.19's {@code qd_py_to_composed}). */
        PYTHON
    }

    private QdrouterdWire() {
    }

    static String router(String routerId) {
        return "amqp:/_topo/0/" + routerId + "/qdrouter";
    }

    static String routerMa(String routerId) {
        return "amqp:/_topo/0/" + routerId + "/qdrouter.ma";
    }

    static Object number(Numbers numbers, long value) {
        if (numbers == Numbers.PYTHON && value >= Integer.MIN_VALUE && value <= Integer.MAX_VALUE) {
            return (int) value;
        }
        return value;
    }

    /** A control message as qdrouterd's Python router sends it (HELLO, RA, LSR, LSU). */
    static byte[] pythonControl(String selfId, String to, String opcode, Map<String, Object> body) {
        Header header = new Header();
        header.setDurable(false);
        Properties properties = new Properties();
        properties.setTo(to);
        Map<String, Object> applicationProperties = new LinkedHashMap<>();
        applicationProperties.put("opcode", opcode);
        return encode(header,
                routerAnnotations(null, List.of("0/" + selfId), "0/" + selfId),
                properties,
                new ApplicationProperties(applicationProperties),
                new AmqpValue(new LinkedHashMap<>(body)));
    }

    /**
     * A control message as qdrouterd's C core sends it (MAU, MAR): symbol keys, including {@code opcode} in the
     * application properties. proton-j's {@link ApplicationProperties} encoder insists on string keys, so that
     * section is written by hand (descriptor 0x74, then a plain map).
     */
    static byte[] coreControl(String to, String opcode, Map<Symbol, Object> body) {
        Header header = new Header();
        header.setDurable(false);
        Properties properties = new Properties();
        properties.setTo(to);
        Map<Symbol, Object> symbolKeyed = new LinkedHashMap<>();
        symbolKeyed.put(Symbol.valueOf("opcode"), opcode);
        return encode(header, properties, described(0x74, symbolKeyed), new AmqpValue(new LinkedHashMap<>(body)));
    }

    /** A section: descriptor {@code 0x00 smallulong code}, then {@code value} written as a plain AMQP value. */
    static byte[] described(int code, Object value) {
        ByteBuffer out = ByteBuffer.allocate(4096);
        out.put((byte) 0x00).put((byte) 0x53).put((byte) code);
        encoder(out).writeObject(value);
        return Arrays.copyOf(out.array(), out.position());
    }

    /** HELLO body: id, pv, area, instance, seen. */
    static Map<String, Object> hello(Numbers n, String id, long instance, List<String> seen) {
        Map<String, Object> body = header(n, id);
        body.put("instance", number(n, instance));
        body.put("seen", new ArrayList<>(seen));
        return body;
    }

    /** RA body: id, pv, area, instance, ls_seq, mobile_seq. */
    static Map<String, Object> ra(Numbers n, String id, long instance, long lsSeq, long mobileSeq) {
        Map<String, Object> body = header(n, id);
        body.put("instance", number(n, instance));
        body.put("ls_seq", number(n, lsSeq));
        body.put("mobile_seq", number(n, mobileSeq));
        return body;
    }

    /** LSR body: id, pv, area. */
    static Map<String, Object> lsr(Numbers n, String id) {
        return header(n, id);
    }

    /** LSU body: id, pv, area, instance, ls_seq, ls {id, area, ls_seq, peers}. */
    static Map<String, Object> lsu(Numbers n, String id, long instance, long lsSeq, Map<String, Long> peers) {
        Map<String, Object> body = header(n, id);
        body.put("instance", number(n, instance));
        body.put("ls_seq", number(n, lsSeq));
        Map<String, Object> ls = new LinkedHashMap<>();
        ls.put("id", id);
        ls.put("area", "0");
        ls.put("ls_seq", number(n, lsSeq));
        Map<String, Object> peerCosts = new LinkedHashMap<>();
        peers.forEach((peer, cost) -> peerCosts.put(peer, number(n, cost)));
        ls.put("peers", peerCosts);
        body.put("ls", ls);
        return body;
    }

    /** Differential MAU body, in mobile.c's key order: id, pv, area, mobile_seq, hints, add, del. */
    static Map<Symbol, Object> differentialMau(String id, long mobileSeq, List<String> add, List<Integer> hints,
                                               List<String> del) {
        Map<Symbol, Object> body = symbolHeader(id);
        body.put(Symbol.valueOf("mobile_seq"), mobileSeq);
        body.put(Symbol.valueOf("hints"), new ArrayList<>(hints));
        body.put(Symbol.valueOf("add"), new ArrayList<>(add));
        body.put(Symbol.valueOf("del"), new ArrayList<>(del));
        return body;
    }

    /** Absolute MAU body: id, pv, area, mobile_seq, exist, hints. */
    static Map<Symbol, Object> absoluteMau(String id, long mobileSeq, List<String> exist, List<Integer> hints) {
        Map<Symbol, Object> body = symbolHeader(id);
        body.put(Symbol.valueOf("mobile_seq"), mobileSeq);
        body.put(Symbol.valueOf("exist"), new ArrayList<>(exist));
        body.put(Symbol.valueOf("hints"), new ArrayList<>(hints));
        return body;
    }

    /** MAR body: id, pv, area, have_seq. */
    static Map<Symbol, Object> mar(String id, long haveSeq) {
        Map<Symbol, Object> body = symbolHeader(id);
        body.put(Symbol.valueOf("have_seq"), haveSeq);
        return body;
    }

    private static Map<String, Object> header(Numbers n, String id) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", id);
        body.put("pv", number(n, 1));
        body.put("area", "0");
        return body;
    }

    private static Map<Symbol, Object> symbolHeader(String id) {
        Map<Symbol, Object> body = new LinkedHashMap<>();
        body.put(Symbol.valueOf("id"), id);
        body.put(Symbol.valueOf("pv"), 1L);
        body.put(Symbol.valueOf("area"), "0");
        return body;
    }

    /**
     * A message-annotations section laid out as qdrouterd 1.19 sends router annotations: x-opt-qd.to (if any),
     * x-opt-qd.trace, x-opt-qd.ingress, then {@code x-opt-qd.} → "X" pads up to 4 entries. The pads repeat one
     * key, which a Java map cannot hold, so the map is written by hand (map32).
     */
    static byte[] routerAnnotations(String to, List<String> trace, String ingress) {
        return routerAnnotations(to, 0, trace, ingress);
    }

    /** The same, with {@code x-opt-qd.phase} (an int, after {@code x-opt-qd.to}) when {@code phase} is not 0. */
    static byte[] routerAnnotations(String to, int phase, List<String> trace, String ingress) {
        ByteBuffer elements = ByteBuffer.allocate(4096);
        EncoderImpl encoder = encoder(elements);
        int entries = 0;
        if (to != null) {
            encoder.writeSymbol(TO);
            encoder.writeString(to);
            entries++;
        }
        if (phase != 0) {
            encoder.writeSymbol(PHASE);
            encoder.writeInteger(phase);
            entries++;
        }
        encoder.writeSymbol(TRACE);
        encoder.writeList(new ArrayList<>(trace));
        entries++;
        encoder.writeSymbol(INGRESS);
        encoder.writeString(ingress);
        entries++;
        for (; entries < ROUTER_ANNOTATION_KEYS; entries++) {
            encoder.writeSymbol(PAD);
            encoder.writeString("X");
        }
        int length = elements.position();
        ByteBuffer section = ByteBuffer.allocate(3 + 1 + 8 + length);
        section.put((byte) 0x00).put((byte) 0x53).put((byte) 0x72);   // described by message-annotations
        section.put((byte) 0xd1).putInt(4 + length).putInt(entries * 2);   // map32: size, count
        section.put(elements.array(), 0, length);
        return section.array();
    }

    /** Concatenates sections: byte arrays are taken as already encoded, anything else is written by proton-j. */
    static byte[] encode(Object... sections) {
        ByteBuffer out = ByteBuffer.allocate(64 * 1024);
        EncoderImpl encoder = encoder(out);
        for (Object section : sections) {
            if (section instanceof byte[] raw) {
                out.put(raw);
            } else {
                encoder.writeObject(section);
            }
        }
        return Arrays.copyOf(out.array(), out.position());
    }

    private static EncoderImpl encoder(ByteBuffer buffer) {
        EncoderImpl encoder = new EncoderImpl(new DecoderImpl());
        AMQPDefinedTypes.registerAllTypes(encoder.getDecoder(), encoder);
        encoder.setByteBuffer(buffer);
        return encoder;
    }
}
