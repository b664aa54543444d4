package org.jrouterd.core.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.jrouterd.core.message.MessageFixtures.array;
import static org.jrouterd.core.message.MessageFixtures.bare;
import static org.jrouterd.core.message.MessageFixtures.behindJunk;
import static org.jrouterd.core.message.MessageFixtures.chunked;
import static org.jrouterd.core.message.MessageFixtures.chunkedBehindJunk;
import static org.jrouterd.core.message.MessageFixtures.decode;
import static org.jrouterd.core.message.MessageFixtures.decodeValue;
import static org.jrouterd.core.message.MessageFixtures.encode;
import static org.jrouterd.core.message.MessageFixtures.encodeValue;
import static org.jrouterd.core.message.MessageFixtures.everySection;
import static org.jrouterd.core.message.MessageFixtures.withData;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.messaging.AmqpValue;
import org.apache.qpid.proton.amqp.messaging.Footer;
import org.apache.qpid.proton.amqp.messaging.Header;
import org.apache.qpid.proton.amqp.messaging.MessageAnnotations;
import org.apache.qpid.proton.amqp.messaging.Properties;
import org.apache.qpid.proton.codec.ReadableBuffer;
import org.apache.qpid.proton.message.Message;
import org.jrouterd.core.message.MessageFixtures.Bytes;
import org.junit.jupiter.api.Test;

class RoutingPrefixTest {

    private final RoutingPrefix prefix = new RoutingPrefix();

    /** Everything the scanner reports, offsets made relative to the buffer's position. */
    record Scan(int priority, boolean durable, String to, String replyTo, boolean routerAnnotations, String routerTo,
                String ingress, List<String> trace, int phase, int annotationsStart, int annotationsEnd,
                int bodyStart) {

        static Scan of(RoutingPrefix prefix, ReadableBuffer message) {
            assertThat(prefix.scan(message)).isTrue();
            int base = message.position();
            return new Scan(prefix.priority(), prefix.durable(), prefix.to(), prefix.replyTo(),
                prefix.hasRouterAnnotations(), prefix.routerTo(), prefix.routerIngress(), prefix.routerTrace(),
                prefix.routerPhase(), relative(prefix.annotationsStart(), base),
                relative(prefix.annotationsEnd(), base), prefix.bodyStart() - base);
        }

        private static int relative(int offset, int base) {
            return offset < 0 ? offset : offset - base;
        }
    }

    @Test
    void findsToInABareMessage() {
        byte[] bytes = encode(bare("queue.a"));

        assertThat(prefix.scan(array(bytes))).isTrue();

        assertThat(prefix.to()).isEqualTo("queue.a");
        assertThat(prefix.replyTo()).isNull();
        assertThat(prefix.priority()).isEqualTo(-1);
        assertThat(prefix.durable()).isFalse();
        assertThat(prefix.hasRouterAnnotations()).isFalse();
        assertThat(prefix.routerTo()).isNull();
        assertThat(prefix.annotationsStart()).isEqualTo(-1);
        assertThat(prefix.annotationsEnd()).isEqualTo(-1);
        assertThat(prefix.bodyStart()).isZero();
    }

    @Test
    void findsToBehindHeaderAndAnnotations() {
        byte[] bytes = encode(everySection());

        assertThat(prefix.scan(array(bytes))).isTrue();

        assertThat(prefix.to()).isEqualTo("queue.a");
        assertThat(prefix.replyTo()).isEqualTo("reply.here");
        assertThat(prefix.durable()).isTrue();
        assertThat(prefix.priority()).isEqualTo(7);
        assertThat(prefix.hasRouterAnnotations()).isTrue();
        assertThat(prefix.routerTo()).isEqualTo("routed.address");
        assertThat(prefix.routerIngress()).isEqualTo("0/A");
        assertThat(prefix.routerTrace()).containsExactly("0/A", "0/B");
        assertThat(prefix.routerPhase()).isEqualTo(2);
    }

    @Test
    void locatesTheAnnotationsSectionAndTheBareMessage() {
        Message message = everySection();
        byte[] bytes = encode(message);

        assertThat(prefix.scan(array(bytes))).isTrue();

        Object annotations = decodeValue(bytes, prefix.annotationsStart(), prefix.annotationsEnd());
        assertThat(annotations).isInstanceOf(MessageAnnotations.class);
        assertThat(((MessageAnnotations) annotations).getValue()).isEqualTo(message.getMessageAnnotations().getValue());
        assertThat(prefix.bodyStart()).isEqualTo(prefix.annotationsEnd());
        assertThat(decodeValue(bytes, prefix.bodyStart(), bytes.length)).isInstanceOf(Properties.class);
    }

    @Test
    void putsTheBareMessageAfterTheHeaderWhenThereAreNoAnnotations() {
        Message message = bare("queue.a");
        Header header = new Header();
        header.setDurable(true);
        message.setHeader(header);
        byte[] bytes = encode(message);
        int headerLength = encodeValue(header).length;

        assertThat(prefix.scan(array(bytes))).isTrue();

        assertThat(prefix.bodyStart()).isEqualTo(headerLength);
        assertThat(prefix.durable()).isTrue();
        assertThat(prefix.priority()).isEqualTo(-1);
        assertThat(prefix.annotationsStart()).isEqualTo(-1);
    }

    @Test
    void putsTheBodyStartAtTheLimitWhenThereIsNoBareMessage() {
        Header header = new Header();
        header.setDurable(false);
        byte[] bytes = encodeValue(header);

        assertThat(prefix.scan(array(bytes))).isTrue();

        assertThat(prefix.bodyStart()).isEqualTo(bytes.length);
        assertThat(prefix.to()).isNull();
    }

    @Test
    void readsPriorityFromTheHeader() {
        for (int priority : new int[] {0, 4, 9, 255}) {
            Message message = bare("a");
            message.setHeader(new Header());
            message.setPriority((short) priority);

            assertThat(prefix.scan(array(encode(message)))).isTrue();

            assertThat(prefix.priority()).isEqualTo(priority);
        }
    }

    @Test
    void readsABooleanDurableFlagEncodedWithAValueByte() {
        byte[] bytes = new Bytes().u8(0x00, 0x53, 0x70).compound8(0xc0, 2, new byte[] {0x56, 0x01, 0x50, 0x03})
            .toByteArray();

        assertThat(prefix.scan(array(bytes))).isTrue();

        assertThat(prefix.durable()).isTrue();
        assertThat(prefix.priority()).isEqualTo(3);
    }

    @Test
    void detectsAnyRouterAnnotationWhetherOrNotItIsTo() {
        Message message = bare("a");
        message.setMessageAnnotations(new MessageAnnotations(Map.of(Symbol.valueOf("x-opt-qd.stream"), 1)));

        assertThat(prefix.scan(array(encode(message)))).isTrue();

        assertThat(prefix.hasRouterAnnotations()).isTrue();
        assertThat(prefix.routerTo()).isNull();
        assertThat(prefix.routerIngress()).isNull();
        assertThat(prefix.routerTrace()).isEmpty();
        assertThat(prefix.routerPhase()).isZero();
    }

    @Test
    void ignoresKeysThatOnlyLookLikeRouterAnnotations() {
        Message message = bare("a");
        Map<Symbol, Object> annotations = Map.of(Symbol.valueOf("x-opt-qd"), 1, Symbol.valueOf("x-opt-qdx.to"), "b",
            Symbol.valueOf("x-opt-other"), "c");
        message.setMessageAnnotations(new MessageAnnotations(annotations));

        assertThat(prefix.scan(array(encode(message)))).isTrue();

        assertThat(prefix.hasRouterAnnotations()).isFalse();
        assertThat(prefix.routerTo()).isNull();
        assertThat(prefix.annotationsStart()).isGreaterThanOrEqualTo(0);
    }

    @Test
    void ignoresARouterToThatIsNotText() {
        Message message = bare("a");
        message.setMessageAnnotations(new MessageAnnotations(Map.of(Symbol.valueOf("x-opt-qd.to"), 17)));

        assertThat(prefix.scan(array(encode(message)))).isTrue();

        assertThat(prefix.hasRouterAnnotations()).isTrue();
        assertThat(prefix.routerTo()).isNull();
        assertThat(prefix.to()).isEqualTo("a");
    }

    @Test
    void readsAnnotationsWithUlongKeys() {
        byte[] annotations = new Bytes().u8(0x53, 5).str8("small").u8(0x80).u32(0).u32(6).str8("wide")
            .u8(0x44).str8("zero").sym8("x-opt-qd.to").str8("routed").toByteArray();
        byte[] bytes = new Bytes().u8(0x00, 0x53, 0x72).compound8(0xc1, 8, annotations)
            .raw(encode(bare("a"))).toByteArray();

        assertThat(prefix.scan(array(bytes))).isTrue();

        assertThat(prefix.routerTo()).isEqualTo("routed");
        assertThat(prefix.to()).isEqualTo("a");
        assertThat(prefix.annotationsEnd()).isEqualTo(prefix.bodyStart());
    }

    @Test
    void readsSectionsWithSymbolDescriptors() {
        byte[] properties = new Bytes().u8(0x40, 0x40).str8("queue.sym").toByteArray();
        byte[] annotations = new Bytes().sym8("x-opt-qd.to").str8("routed.sym").toByteArray();
        byte[] bytes = new Bytes()
            .u8(0x00).sym8("amqp:header:list").compound8(0xc0, 2, new byte[] {0x41, 0x50, 0x05})
            .u8(0x00).sym32("amqp:message-annotations:map").compound8(0xc1, 2, annotations)
            .u8(0x00).sym8("amqp:properties:list").compound8(0xc0, 3, properties)
            .u8(0x00).sym8("amqp:amqp-value:*").str8("body")
            .toByteArray();

        assertThat(prefix.scan(array(bytes))).isTrue();

        assertThat(prefix.durable()).isTrue();
        assertThat(prefix.priority()).isEqualTo(5);
        assertThat(prefix.routerTo()).isEqualTo("routed.sym");
        assertThat(prefix.to()).isEqualTo("queue.sym");
        Message decoded = decode(bytes);
        assertThat(decoded.getAddress()).isEqualTo("queue.sym");
        assertThat(decoded.getPriority()).isEqualTo((short) 5);
        assertThat(decoded.getMessageAnnotations().getValue()).containsEntry(Symbol.valueOf("x-opt-qd.to"),
            "routed.sym");
    }

    @Test
    void readsSectionsWithUlongDescriptorsAndASymbolTo() {
        byte[] properties = new Bytes().u8(0x40, 0x40).u8(0xa3, 7).raw("queue.u".getBytes()).u8(0x40).str8("back")
            .toByteArray();
        byte[] annotations = new Bytes().sym8("x-opt-qd.ingress").str8("0/R").toByteArray();
        byte[] bytes = new Bytes()
            .ulongDescriptor(0x70).u8(0x45)
            .ulongDescriptor(0x72).compound8(0xc1, 2, annotations)
            .ulongDescriptor(0x73).compound8(0xc0, 5, properties)
            .ulongDescriptor(0x75).u8(0xa0, 3, 1, 2, 3)
            .ulongDescriptor(0x75).u8(0xa0, 1, 4)
            .toByteArray();

        assertThat(prefix.scan(array(bytes))).isTrue();

        assertThat(prefix.priority()).isEqualTo(-1);
        assertThat(prefix.routerIngress()).isEqualTo("0/R");
        assertThat(prefix.to()).isEqualTo("queue.u");
        assertThat(prefix.replyTo()).isEqualTo("back");
        assertThat(prefix.bodyStart()).isEqualTo(11 + 13 + annotations.length);
    }

    @Test
    void givesTheSameAnswersForCompositeAndOffsetBuffers() {
        List<byte[]> messages = List.of(encode(everySection()), encode(bare("queue.a")), encode(withData("d", 700)));
        for (byte[] bytes : messages) {
            Scan expected = Scan.of(prefix, array(bytes));

            assertThat(Scan.of(prefix, chunked(bytes, 1))).isEqualTo(expected);
            assertThat(Scan.of(prefix, chunked(bytes, 3))).isEqualTo(expected);
            assertThat(Scan.of(prefix, chunked(bytes, 7))).isEqualTo(expected);
            assertThat(Scan.of(prefix, behindJunk(bytes, 5))).isEqualTo(expected);
            assertThat(Scan.of(prefix, chunkedBehindJunk(bytes, 4, 3))).isEqualTo(expected);
            assertThat(Scan.of(prefix, chunkedBehindJunk(bytes, 2, 1))).isEqualTo(expected);
        }
    }

    @Test
    void leavesTheBufferWhereItWas() {
        byte[] bytes = encode(everySection());
        ReadableBuffer composite = chunkedBehindJunk(bytes, 4, 3);

        assertThat(prefix.scan(composite)).isTrue();
        prefix.to();
        prefix.routerTrace();

        assertThat(composite.position()).isEqualTo(4);
        assertThat(composite.limit()).isEqualTo(4 + bytes.length);
    }

    @Test
    void skipsA1MiBDataSection() {
        byte[] bytes = encode(withData("big", 1 << 20));
        int dataSection = bytes.length - (1 << 20) - 8; // 0x00 0x53 0x75 0xb0 and a 4-byte size
        assertThat(bytes[dataSection + 3] & 0xff).isEqualTo(0xb0);

        Scan expected = Scan.of(prefix, array(bytes));

        assertThat(expected.to()).isEqualTo("big");
        assertThat(Scan.of(prefix, chunked(bytes, 16 * 1024))).isEqualTo(expected);
        assertThat(Scan.of(prefix, chunked(bytes, 1000))).isEqualTo(expected);
        assertThat(prefix.scan(array(Arrays.copyOf(bytes, bytes.length - 1)))).isFalse();
        assertThat(prefix.scan(chunked(Arrays.copyOf(bytes, bytes.length - 1), 16 * 1024))).isFalse();
    }

    @Test
    void skipsALargeStringBodyAndReachesTheFooter() {
        Message message = bare("big");
        message.setBody(new AmqpValue("x".repeat(1 << 20)));
        message.setFooter(new Footer(Map.of(Symbol.valueOf("x-f"), "f")));
        byte[] bytes = encode(message);

        assertThat(prefix.scan(array(bytes))).isTrue();
        assertThat(prefix.to()).isEqualTo("big");

        byte[] withoutFooterEnd = Arrays.copyOf(bytes, bytes.length - 2);
        assertThat(prefix.scan(array(withoutFooterEnd))).isFalse();
    }

    @Test
    void rejectsSectionsOutOfOrder() {
        byte[] header = encodeValue(new Header());
        byte[] properties = encodeValue(new Properties());
        byte[] body = encodeValue(new AmqpValue("x"));

        assertThat(prefix.scan(array(concat(properties, header, body)))).isFalse();
        assertThat(prefix.scan(array(concat(header, header, body)))).isFalse();
        assertThat(prefix.scan(array(concat(header, body, properties)))).isFalse();
        assertThat(prefix.scan(array(concat(header, body, body)))).isFalse();
        assertThat(prefix.scan(array(concat(header, properties, body)))).isTrue();
    }

    @Test
    void rejectsMixedBodyKinds() {
        byte[] data = new Bytes().u8(0x00, 0x53, 0x75, 0xa0, 1, 9).toByteArray();
        byte[] sequence = new Bytes().u8(0x00, 0x53, 0x76, 0x45).toByteArray();

        assertThat(prefix.scan(array(concat(data, data)))).isTrue();
        assertThat(prefix.scan(array(concat(sequence, sequence)))).isTrue();
        assertThat(prefix.scan(array(concat(data, sequence)))).isFalse();
    }

    @Test
    void rejectsWhatIsNotAMessage() {
        assertThat(prefix.scan(array(new byte[0]))).isFalse();
        assertThat(prefix.scan(array(new byte[] {0x00, 0x53, 0x10, 0x45}))).isFalse(); // a performative
        assertThat(prefix.scan(array(new byte[] {0x00, 0x44, 0x45}))).isFalse();
        assertThat(prefix.scan(array(new byte[] {0x00, 0x53, 0x75, 0x45}))).isFalse(); // data that is a list
        assertThat(prefix.scan(array(new byte[] {0x00, 0x53, 0x70, (byte) 0xc1, 1, 0}))).isFalse(); // map header
        assertThat(prefix.scan(array(new Bytes().u8(0x00).sym8("amqp:header:map").u8(0x45).toByteArray())))
            .isFalse();
        assertThat(prefix.scan(array(new Bytes().u8(0x00, 0x80).u32(1).u32(0x70).u8(0x45).toByteArray())))
            .isFalse();
        assertThat(prefix.scan(array(new byte[] {0x45}))).isFalse();
    }

    @Test
    void rejectsAHeaderWhosePriorityIsNotAUbyte() {
        byte[] bytes = new Bytes().u8(0x00, 0x53, 0x70).compound8(0xc0, 2, new byte[] {0x42, 0x54, 0x03})
            .toByteArray();

        assertThat(prefix.scan(array(bytes))).isFalse();
    }

    @Test
    void rejectsAnnotationsWhoseEntriesDoNotFillTheMap() {
        byte[] entries = new Bytes().sym8("k").str8("v").u8(0x40).toByteArray();
        byte[] bytes = new Bytes().u8(0x00, 0x53, 0x72).compound8(0xc1, 2, entries).toByteArray();

        assertThat(prefix.scan(array(bytes))).isFalse();
    }

    @Test
    void refusesToAnswerBeforeAScanOrAfterAFailedOne() {
        assertThatThrownBy(prefix::to).isInstanceOf(IllegalStateException.class);

        assertThat(prefix.scan(array(encode(bare("a"))))).isTrue();
        assertThat(prefix.scan(array(new byte[] {1, 2, 3}))).isFalse();

        assertThatThrownBy(prefix::bodyStart).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void forgetsTheLastMessageOnTheNextScan() {
        assertThat(prefix.scan(array(encode(everySection())))).isTrue();
        assertThat(prefix.routerTo()).isNotNull();

        assertThat(prefix.scan(array(encode(bare("plain"))))).isTrue();

        assertThat(prefix.routerTo()).isNull();
        assertThat(prefix.to()).isEqualTo("plain");
        assertThat(prefix.routerTrace()).isEmpty();
        assertThat(prefix.priority()).isEqualTo(-1);
    }

    static byte[] concat(byte[]... parts) {
        Bytes bytes = new Bytes();
        for (byte[] part : parts) {
            bytes.raw(part);
        }
        return bytes.toByteArray();
    }
}
