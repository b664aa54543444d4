package org.jrouterd.core.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.jrouterd.core.message.MessageFixtures.array;
import static org.jrouterd.core.message.MessageFixtures.chunked;
import static org.jrouterd.core.message.MessageFixtures.encode;
import static org.jrouterd.core.message.MessageFixtures.encodeValue;
import static org.jrouterd.core.message.MessageFixtures.everySection;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;

import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.codec.ReadableBuffer;
import org.apache.qpid.proton.message.Message;
import org.jrouterd.core.message.MessageFixtures.Bytes;
import org.junit.jupiter.api.Test;

class RoutingPrefixMalformedInputTest {

    private static final int[] INTERESTING_CODES = {
        0x00, 0x40, 0x41, 0x45, 0x50, 0x53, 0x56, 0x70, 0x72, 0x73, 0x80, 0xa0, 0xa1, 0xa3, 0xb0, 0xb1, 0xc0, 0xc1,
        0xd0, 0xd1, 0xe0, 0xf0, 0xff,
    };

    private final RoutingPrefix prefix = new RoutingPrefix();
    private final AnnotationRewriter rewriter = new AnnotationRewriter();
    private final Random random = new Random(20240611);

    @Test
    void randomBytesNeverMakeTheScanThrow() {
        for (int i = 0; i < 5000; i++) {
            byte[] bytes = randomBytes(random.nextInt(97));

            assertThatCode(() -> scanAndReadEverything(array(bytes))).doesNotThrowAnyException();
            assertThatCode(() -> scanAndReadEverything(chunked(bytes, 3))).doesNotThrowAnyException();
        }
    }

    @Test
    void everyTruncationIsRejectedUnlessItEndsBetweenSections() {
        Message message = everySection();
        List<Object> sections = List.of(message.getHeader(), message.getDeliveryAnnotations(),
            message.getMessageAnnotations(), message.getProperties(), message.getApplicationProperties(),
            message.getBody(), message.getFooter());
        Bytes whole = new Bytes();
        TreeSet<Integer> boundaries = new TreeSet<>();
        int length = 0;
        for (Object section : sections) {
            byte[] encoded = encodeValue(section);
            whole.raw(encoded);
            length += encoded.length;
            boundaries.add(length);
        }
        byte[] bytes = whole.toByteArray();
        assertThat(bytes).isEqualTo(encode(message));

        for (int cut = 0; cut <= bytes.length; cut++) {
            byte[] truncated = Arrays.copyOf(bytes, cut);
            boolean expected = boundaries.contains(cut);

            assertThat(prefix.scan(array(truncated))).as("cut at %d", cut).isEqualTo(expected);
            if (cut > 0) {
                assertThat(prefix.scan(chunked(truncated, 3))).as("chunked cut at %d", cut).isEqualTo(expected);
            }
        }
    }

    @Test
    void mutatedMessagesNeverThrowAndRewriteIntoMessagesThatScan() {
        byte[] original = encode(everySection());
        int accepted = 0;
        for (int i = 0; i < 5000; i++) {
            byte[] bytes = original.clone();
            for (int flips = 1 + random.nextInt(3); flips > 0; flips--) {
                bytes[random.nextInt(bytes.length)] = randomByte();
            }
            if (random.nextInt(4) == 0) {
                bytes = Arrays.copyOf(bytes, random.nextInt(bytes.length + 1));
            }
            ReadableBuffer message = chunked(bytes.length == 0 ? new byte[1] : bytes, 1 + random.nextInt(5));

            boolean scanned = scanAndReadEverything(message);

            if (scanned) {
                accepted++;
                String to = prefix.to();
                ReadableBuffer rewritten = rewriter.rewrite(message, prefix, true,
                    Map.of(Symbol.valueOf("x-opt-qd.ingress"), "0/Z"));
                assertThat(prefix.scan(rewritten)).isTrue();
                assertThat(prefix.routerIngress()).isEqualTo("0/Z");
                assertThat(prefix.to()).isEqualTo(to);
            }
        }
        assertThat(accepted).as("some mutations leave a well-formed message").isPositive();
    }

    @Test
    void rejectsAnEndlessChainOfDescriptorsWithoutRecursing() {
        byte[] bytes = new byte[200_000];
        bytes[1] = 0x53;
        bytes[2] = 0x77;

        assertThat(prefix.scan(array(bytes))).isFalse();
    }

    @Test
    void rejectsSizesBeyondTheBuffer() {
        assertThat(prefix.scan(array(new Bytes().u8(0x00, 0x53, 0x75, 0xb0).u32(0xffffffffL).u8(1).toByteArray())))
            .isFalse();
        assertThat(prefix.scan(array(new Bytes().u8(0x00, 0x53, 0x75, 0xb0).u32(0x7fffffffL).u8(1).toByteArray())))
            .isFalse();
        assertThat(prefix.scan(array(new Bytes().u8(0x00, 0x53, 0x72, 0xd1).u32(4).u32(0xfffffffeL).toByteArray())))
            .isFalse();
        assertThat(prefix.scan(array(new Bytes().u8(0x00, 0x53, 0x73, 0xc0, 2, 200, 0x40).toByteArray())))
            .isFalse();
        assertThat(prefix.scan(array(new Bytes().u8(0x00, 0xb3).u32(0xfffffff0L).toByteArray()))).isFalse();
    }

    /** Scans, and on success calls every accessor; returns what the scan returned. */
    private boolean scanAndReadEverything(ReadableBuffer message) {
        boolean scanned = prefix.scan(message);
        if (scanned) {
            prefix.priority();
            prefix.durable();
            prefix.to();
            prefix.replyTo();
            prefix.hasRouterAnnotations();
            prefix.routerTo();
            prefix.routerIngress();
            prefix.routerTrace();
            prefix.routerPhase();
            assertThat(prefix.bodyStart()).isBetween(message.position(), message.limit());
            assertThat(prefix.annotationsEnd()).isGreaterThanOrEqualTo(prefix.annotationsStart());
        }
        return scanned;
    }

    /** Random bytes, often starting like a section and often using format codes that matter. */
    private byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = randomByte();
        }
        if (length >= 3 && random.nextBoolean()) {
            bytes[0] = 0x00;
            bytes[1] = 0x53;
            bytes[2] = (byte) (0x70 + random.nextInt(9));
        }
        return bytes;
    }

    private byte randomByte() {
        return random.nextBoolean()
            ? (byte) INTERESTING_CODES[random.nextInt(INTERESTING_CODES.length)]
            : (byte) random.nextInt(256);
    }
}
