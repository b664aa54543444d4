package org.jrouterd.core.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.jrouterd.core.message.MessageFixtures.array;
import static org.jrouterd.core.message.MessageFixtures.bare;
import static org.jrouterd.core.message.MessageFixtures.behindJunk;
import static org.jrouterd.core.message.MessageFixtures.bytesOf;
import static org.jrouterd.core.message.MessageFixtures.chunked;
import static org.jrouterd.core.message.MessageFixtures.chunkedBehindJunk;
import static org.jrouterd.core.message.MessageFixtures.decode;
import static org.jrouterd.core.message.MessageFixtures.encode;
import static org.jrouterd.core.message.MessageFixtures.encodeValue;
import static org.jrouterd.core.message.MessageFixtures.everySection;
import static org.jrouterd.core.message.MessageFixtures.withData;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.messaging.AmqpValue;
import org.apache.qpid.proton.amqp.messaging.Data;
import org.apache.qpid.proton.amqp.messaging.DeliveryAnnotations;
import org.apache.qpid.proton.amqp.messaging.Header;
import org.apache.qpid.proton.amqp.messaging.MessageAnnotations;
import org.apache.qpid.proton.codec.ReadableBuffer;
import org.apache.qpid.proton.message.Message;
import org.jrouterd.core.message.MessageFixtures.Bytes;
import org.junit.jupiter.api.Test;

class AnnotationRewriterTest {

    private static final Symbol INGRESS = Symbol.valueOf("x-opt-qd.ingress");
    private static final Symbol TRACE = Symbol.valueOf("x-opt-qd.trace");
    private static final Symbol TO = Symbol.valueOf("x-opt-qd.to");
    private static final Symbol PHASE = Symbol.valueOf("x-opt-qd.phase");

    private final RoutingPrefix prefix = new RoutingPrefix();
    private final AnnotationRewriter rewriter = new AnnotationRewriter();

    @Test
    void stripsRouterAnnotationsAndCopiesEverythingElseByteForByte() {
        Message original = everySection();
        byte[] bytes = encode(original);
        ReadableBuffer message = array(bytes);
        assertThat(prefix.scan(message)).isTrue();
        int start = prefix.annotationsStart();
        int end = prefix.annotationsEnd();

        byte[] stripped = bytesOf(rewriter.rewrite(message, prefix, true, Map.of()));

        Message decoded = decode(stripped);
        assertThat(decoded.getMessageAnnotations().getValue())
            .containsExactly(Map.entry(Symbol.valueOf("custom"), "kept"), Map.entry(Symbol.valueOf("x-number"), 42L));
        assertThat(decoded.getHeader().getPriority()).isEqualTo(original.getHeader().getPriority());
        assertThat(decoded.getDeliveryAnnotations().getValue()).isEqualTo(original.getDeliveryAnnotations().getValue());
        assertThat(decoded.getProperties().getTo()).isEqualTo("queue.a");
        assertThat(decoded.getApplicationProperties().getValue()).isEqualTo(Map.of("colour", "blue"));
        assertThat(((AmqpValue) decoded.getBody()).getValue()).isEqualTo("hello");
        assertThat((Map<?, ?>) decoded.getFooter().getValue()).isEqualTo(original.getFooter().getValue());
        assertThat(Arrays.copyOf(stripped, start)).isEqualTo(Arrays.copyOf(bytes, start));
        int newEnd = stripped.length - (bytes.length - end);
        assertThat(Arrays.copyOfRange(stripped, newEnd, stripped.length))
            .isEqualTo(Arrays.copyOfRange(bytes, end, bytes.length));
        assertThat(prefix.scan(array(stripped))).isTrue();
        assertThat(prefix.hasRouterAnnotations()).isFalse();
        assertThat(prefix.annotationsEnd()).isEqualTo(newEnd);
    }

    @Test
    void keepsTheRemainingAnnotationsByteForByte() {
        Map<Symbol, Object> annotations = new LinkedHashMap<>();
        annotations.put(Symbol.valueOf("first"), List.of(1, 2));
        annotations.put(TO, "dropped");
        annotations.put(Symbol.valueOf("second"), "kept");
        Message message = bare("a");
        message.setMessageAnnotations(new MessageAnnotations(annotations));
        byte[] bytes = encode(message);
        byte[] keptEntries = new Bytes().raw(encodeValue(Symbol.valueOf("first"))).raw(encodeValue(List.of(1, 2)))
            .raw(encodeValue(Symbol.valueOf("second"))).raw(encodeValue("kept")).toByteArray();
        assertThat(prefix.scan(array(bytes))).isTrue();

        byte[] stripped = bytesOf(rewriter.rewrite(array(bytes), prefix, true, Map.of()));

        byte[] section = new Bytes().u8(0x00, 0x53, 0x72).compound8(0xc1, 4, keptEntries).toByteArray();
        assertThat(Arrays.copyOf(stripped, section.length)).isEqualTo(section);
    }

    @Test
    void dropsTheSectionWhenOnlyRouterAnnotationsWereThere() {
        Message original = bare("queue.a");
        original.setMessageAnnotations(new MessageAnnotations(Map.of(TO, "x", INGRESS, "0/A")));
        ReadableBuffer message = array(encode(original));
        assertThat(prefix.scan(message)).isTrue();

        byte[] stripped = bytesOf(rewriter.rewrite(message, prefix, true, Map.of()));

        assertThat(stripped).isEqualTo(encode(bare("queue.a")));
        assertThat(decode(stripped).getMessageAnnotations()).isNull();
    }

    @Test
    void insertsAnnotationsAfterHeaderAndDeliveryAnnotationsWhenThereWereNone() {
        Message original = bare("queue.a");
        original.setHeader(new Header());
        original.setDeliveryAnnotations(new DeliveryAnnotations(Map.of(Symbol.valueOf("x-da"), 1)));
        byte[] bytes = encode(original);
        ReadableBuffer message = array(bytes);
        assertThat(prefix.scan(message)).isTrue();
        int bodyStart = prefix.bodyStart();

        byte[] rewritten = bytesOf(rewriter.rewrite(message, prefix, true, Map.of(INGRESS, "0/A")));

        original.setMessageAnnotations(new MessageAnnotations(Map.of(INGRESS, "0/A")));
        assertThat(rewritten).isEqualTo(encode(original));
        assertThat(Arrays.copyOf(rewritten, bodyStart)).isEqualTo(Arrays.copyOf(bytes, bodyStart));
        assertThat(prefix.scan(array(rewritten))).isTrue();
        assertThat(prefix.annotationsStart()).isEqualTo(bodyStart);
        assertThat(prefix.routerIngress()).isEqualTo("0/A");
        assertThat(prefix.to()).isEqualTo("queue.a");
    }

    @Test
    void insertsAnnotationsAtTheStartOfABareMessage() {
        ReadableBuffer message = array(encode(bare("queue.a")));
        assertThat(prefix.scan(message)).isTrue();

        byte[] rewritten = bytesOf(rewriter.rewrite(message, prefix, false, Map.of(TO, "queue.b")));

        Message expected = bare("queue.a");
        expected.setMessageAnnotations(new MessageAnnotations(Map.of(TO, "queue.b")));
        assertThat(rewritten).isEqualTo(encode(expected));
    }

    @Test
    void writesIngressTraceToAndPhaseThatProtonDecodes() {
        ReadableBuffer message = array(encode(bare("queue.a")));
        assertThat(prefix.scan(message)).isTrue();
        Map<Symbol, Object> put = new LinkedHashMap<>();
        put.put(INGRESS, "0/A");
        put.put(TRACE, List.of("0/A", "0/B"));
        put.put(TO, "queue.b");
        put.put(PHASE, 1);

        ReadableBuffer rewritten = rewriter.rewrite(message, prefix, true, put);

        assertThat(decode(rewritten).getMessageAnnotations().getValue()).containsExactlyEntriesOf(put);
        assertThat(prefix.scan(rewritten)).isTrue();
        assertThat(prefix.routerIngress()).isEqualTo("0/A");
        assertThat(prefix.routerTrace()).containsExactly("0/A", "0/B");
        assertThat(prefix.routerTo()).isEqualTo("queue.b");
        assertThat(prefix.routerPhase()).isEqualTo(1);
    }

    @Test
    void replacesAnExistingEntryWithTheSameKey() {
        Map<Symbol, Object> annotations = new LinkedHashMap<>();
        annotations.put(TRACE, List.of("0/A"));
        annotations.put(Symbol.valueOf("custom"), "kept");
        Message original = bare("a");
        original.setMessageAnnotations(new MessageAnnotations(annotations));
        ReadableBuffer message = array(encode(original));
        assertThat(prefix.scan(message)).isTrue();

        ReadableBuffer rewritten = rewriter.rewrite(message, prefix, false, Map.of(TRACE, List.of("0/A", "0/B")));

        assertThat(decode(rewritten).getMessageAnnotations().getValue()).containsExactly(
            Map.entry(Symbol.valueOf("custom"), "kept"), Map.entry(TRACE, List.of("0/A", "0/B")));
    }

    @Test
    void returnsTheSameBufferWhenNothingChanges() {
        Message original = bare("a");
        original.setMessageAnnotations(new MessageAnnotations(Map.of(Symbol.valueOf("custom"), "kept")));
        ReadableBuffer message = array(encode(original));
        assertThat(prefix.scan(message)).isTrue();

        assertThat(rewriter.rewrite(message, prefix, true, Map.of())).isSameAs(message);
        assertThat(rewriter.rewrite(message, prefix, false, Map.of())).isSameAs(message);
    }

    @Test
    void growsTheMapToItsWideFormWhenItOutgrowsTheNarrowOne() {
        Map<Symbol, Object> many = new LinkedHashMap<>();
        for (int i = 0; i < 200; i++) {
            many.put(Symbol.valueOf("key-" + i), i);
        }
        Message original = bare("a");
        original.setMessageAnnotations(new MessageAnnotations(many));
        ReadableBuffer message = array(encode(original));
        assertThat(prefix.scan(message)).isTrue();

        byte[] rewritten = bytesOf(rewriter.rewrite(message, prefix, false, Map.of(INGRESS, "0/A")));

        assertThat(rewritten[3] & 0xff).isEqualTo(0xd1);
        Map<Symbol, Object> expected = new LinkedHashMap<>(many);
        expected.put(INGRESS, "0/A");
        assertThat(decode(rewritten).getMessageAnnotations().getValue()).containsExactlyEntriesOf(expected);
    }

    @Test
    void narrowsTheMapWhenStrippingLeavesLittle() {
        Map<Symbol, Object> annotations = new LinkedHashMap<>();
        annotations.put(TO, "y".repeat(300));
        annotations.put(Symbol.valueOf("small"), 1);
        Message original = bare("a");
        original.setMessageAnnotations(new MessageAnnotations(annotations));
        ReadableBuffer message = array(encode(original));
        assertThat(prefix.scan(message)).isTrue();

        byte[] stripped = bytesOf(rewriter.rewrite(message, prefix, true, Map.of()));

        assertThat(stripped[3] & 0xff).isEqualTo(0xc1);
        assertThat(decode(stripped).getMessageAnnotations().getValue()).containsExactly(
            Map.entry(Symbol.valueOf("small"), 1));
    }

    @Test
    void rewritesSymbolDescribedAnnotationsWithUlongKeys() {
        byte[] entries = new Bytes().u8(0x53, 5).str8("numbered").sym8("x-opt-qd.to").str8("gone").toByteArray();
        byte[] bytes = new Bytes().u8(0x00).sym8("amqp:message-annotations:map").compound8(0xc1, 4, entries)
            .raw(encode(bare("a"))).toByteArray();
        ReadableBuffer message = array(bytes);
        assertThat(prefix.scan(message)).isTrue();

        byte[] stripped = bytesOf(rewriter.rewrite(message, prefix, true, Map.of(INGRESS, "0/A")));

        byte[] expectedEntries = new Bytes().u8(0x53, 5).str8("numbered").raw(encodeValue(INGRESS))
            .raw(encodeValue("0/A")).toByteArray();
        byte[] expected = new Bytes().u8(0x00, 0x53, 0x72).compound8(0xc1, 4, expectedEntries)
            .raw(encode(bare("a"))).toByteArray();
        assertThat(stripped).isEqualTo(expected);
    }

    @Test
    void rewritesCompositeAndOffsetBuffersLikeArrays() {
        byte[] bytes = encode(everySection());
        Map<Symbol, Object> put = Map.of(INGRESS, "0/B", TRACE, List.of("0/B"));
        assertThat(prefix.scan(array(bytes))).isTrue();
        byte[] expected = bytesOf(rewriter.rewrite(array(bytes), prefix, true, put));

        for (ReadableBuffer message : List.of(chunked(bytes, 1), chunked(bytes, 3), behindJunk(bytes, 9),
            chunkedBehindJunk(bytes, 5, 3))) {
            int position = message.position();
            assertThat(prefix.scan(message)).isTrue();

            assertThat(bytesOf(rewriter.rewrite(message, prefix, true, put))).isEqualTo(expected);
            assertThat(message.position()).isEqualTo(position);
        }
    }

    @Test
    void carriesA1MiBBodyThroughUnchanged() {
        Message original = withData("big", 1 << 20);
        original.setMessageAnnotations(new MessageAnnotations(Map.of(TO, "elsewhere")));
        byte[] bytes = encode(original);
        ReadableBuffer message = chunked(bytes, 16 * 1024);
        assertThat(prefix.scan(message)).isTrue();
        int bareLength = bytes.length - prefix.bodyStart();

        byte[] rewritten = bytesOf(rewriter.rewrite(message, prefix, true, Map.of(INGRESS, "0/A")));

        assertThat(Arrays.copyOfRange(rewritten, rewritten.length - bareLength, rewritten.length))
            .isEqualTo(Arrays.copyOfRange(bytes, bytes.length - bareLength, bytes.length));
        assertThat(((Data) decode(rewritten).getBody()).getValue())
            .isEqualTo(new Binary(((Data) original.getBody()).getValue().getArray()));
    }

    // ------------------------------------------------------------------ copies for a neighbour

    /** The neighbour rewrite against the generic one with the entries it stands for: the same message, byte for byte. */
    private void assertNeighbourCopyAsGeneric(Message original, boolean strip, boolean keepIngress, String to,
                                              int chunk) {
        byte[] bytes = encode(original);
        ReadableBuffer message = chunk > 0 ? chunked(bytes, chunk) : behindJunk(bytes, 3);
        assertThat(prefix.scan(message)).isTrue();
        Map<Symbol, Object> put = new LinkedHashMap<>();
        if (!keepIngress) {
            put.put(INGRESS, "0/Router.A");
        }
        List<String> trace = new java.util.ArrayList<>(strip ? List.of() : prefix.routerTrace());
        trace.add("0/Router.A");
        put.put(TRACE, trace);
        if (to != null) {
            put.put(TO, to);
        }
        byte[] generic = bytesOf(new AnnotationRewriter().rewrite(message, prefix, strip, put));
        byte[] neighbour = bytesOf(rewriter.rewriteForNeighbour(message, prefix, strip,
                new RouterStamp("Router.A"), keepIngress, to));

        assertThat(decode(neighbour).getMessageAnnotations().getValue())
            .isEqualTo(decode(generic).getMessageAnnotations().getValue());
        assertThat(decode(neighbour).getMessageAnnotations().getValue().get(TRACE)).isEqualTo(trace);
        assertThat(prefix.scan(array(neighbour))).isTrue();
        assertThat(prefix.routerTrace()).isEqualTo(trace);
        assertThat(prefix.bodyStart()).isGreaterThan(0);
        assertThat(Arrays.copyOfRange(neighbour, prefix.bodyStart(), neighbour.length))
            .isEqualTo(Arrays.copyOfRange(generic, generic.length - (neighbour.length - prefix.bodyStart()),
                generic.length));
    }

    @Test
    void aNeighbourCopyOfAClientMessageGetsIngressTraceAndTo() {
        assertNeighbourCopyAsGeneric(bare("from a client"), true, false, "service.q", 0);
        assertNeighbourCopyAsGeneric(everySection(), true, false, null, 0);
    }

    @Test
    void aNeighbourCopyOfARelayedMessageExtendsItsTraceAndKeepsItsIngress() {
        Message relayed = everySection();
        Map<Symbol, Object> annotations = new LinkedHashMap<>();
        annotations.put(Symbol.valueOf("custom"), "kept");
        annotations.put(INGRESS, "0/Router.Z");
        annotations.put(TRACE, List.of("0/Router.Z", "0/Router.Y"));
        annotations.put(TO, "service.q");
        relayed.setMessageAnnotations(new MessageAnnotations(annotations));
        assertNeighbourCopyAsGeneric(relayed, false, true, null, 0);
        assertNeighbourCopyAsGeneric(relayed, false, true, null, 7);     // split across buffer chunks
        annotations.put(TRACE, List.of());
        assertNeighbourCopyAsGeneric(relayed, false, true, null, 0);     // list0
    }

    @Test
    void aNeighbourCopyHandlesTracesAndAddressesOverTheSmallEncodings() {
        Message relayed = bare("long");
        List<String> longTrace = new java.util.ArrayList<>();
        for (int i = 0; i < 40; i++) {
            longTrace.add("0/Router.number-" + i);                 // > 255 bytes: a list32
        }
        relayed.setMessageAnnotations(new MessageAnnotations(Map.of(TRACE, longTrace, INGRESS, "0/Router.number-0")));
        assertNeighbourCopyAsGeneric(relayed, false, true, "x".repeat(300), 0);   // a str32 address
        assertNeighbourCopyAsGeneric(relayed, false, true, "x".repeat(300), 0);   // the cached entry
        assertNeighbourCopyAsGeneric(relayed, true, false, "\u00e9t\u00e9", 0);   // stripped; UTF-8
    }

    @Test
    void traceContainsComparesEncodedEntries() {
        Message relayed = bare("t");
        relayed.setMessageAnnotations(new MessageAnnotations(Map.of(TRACE, List.of("0/A", "0/Router.B", "0/\u00e9"))));
        assertThat(prefix.scan(array(encode(relayed)))).isTrue();
        assertThat(prefix.traceContains("0/", "A")).isTrue();
        assertThat(prefix.traceContains("0/", "Router.B")).isTrue();
        assertThat(prefix.traceContains("0/", "\u00e9")).isTrue();
        assertThat(prefix.traceContains("0/", "Router")).isFalse();
        assertThat(prefix.traceContains("0/", "B")).isFalse();
        assertThat(prefix.traceContains("1/", "A")).isFalse();
        assertThat(prefix.scan(array(encode(bare("none"))))).isTrue();
        assertThat(prefix.traceContains("0/", "A")).isFalse();
    }

    @Test
    void refusesAScannerThatDescribesAnotherMessage() {
        ReadableBuffer first = array(encode(everySection()));
        ReadableBuffer second = array(encode(bare("a")));
        assertThat(prefix.scan(first)).isTrue();

        assertThatThrownBy(() -> rewriter.rewrite(second, prefix, true, Map.of()))
            .isInstanceOf(IllegalArgumentException.class);

        prefix.clear();
        assertThatThrownBy(() -> rewriter.rewrite(first, prefix, true, Map.of()))
            .isInstanceOf(IllegalArgumentException.class);
    }
}
