package org.jrouterd.core.message;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.UnsignedByte;
import org.apache.qpid.proton.amqp.messaging.AmqpValue;
import org.apache.qpid.proton.amqp.messaging.ApplicationProperties;
import org.apache.qpid.proton.amqp.messaging.Data;
import org.apache.qpid.proton.amqp.messaging.DeliveryAnnotations;
import org.apache.qpid.proton.amqp.messaging.Footer;
import org.apache.qpid.proton.amqp.messaging.Header;
import org.apache.qpid.proton.amqp.messaging.MessageAnnotations;
import org.apache.qpid.proton.amqp.messaging.Properties;
import org.apache.qpid.proton.codec.AMQPDefinedTypes;
import org.apache.qpid.proton.codec.CompositeReadableBuffer;
import org.apache.qpid.proton.codec.DecoderImpl;
import org.apache.qpid.proton.codec.DroppingWritableBuffer;
import org.apache.qpid.proton.codec.EncoderImpl;
import org.apache.qpid.proton.codec.ReadableBuffer;
import org.apache.qpid.proton.codec.WritableBuffer;
import org.apache.qpid.proton.message.Message;

/** Encoded messages and buffer shapes for the scanner and rewriter tests; proton-j builds and checks them. */
final class MessageFixtures {

    private MessageFixtures() {
    }

    static byte[] encode(Message message) {
        // proton-j's encoder wants room for the widest form of a list or map, so give it some slack
        byte[] bytes = new byte[message.encode(new DroppingWritableBuffer()) + 1024];
        return Arrays.copyOf(bytes, message.encode(bytes, 0, bytes.length));
    }

    static Message decode(byte[] bytes) {
        Message message = Message.Factory.create();
        message.decode(bytes, 0, bytes.length);
        return message;
    }

    static Message decode(ReadableBuffer buffer) {
        return decode(bytesOf(buffer));
    }

    /** The remaining bytes of a buffer, read from a duplicate. */
    static byte[] bytesOf(ReadableBuffer buffer) {
        ReadableBuffer copy = buffer.duplicate();
        byte[] bytes = new byte[copy.remaining()];
        copy.get(bytes);
        return bytes;
    }

    /** Encodes one value (a section, a map...) on its own with proton-j's encoder. */
    static byte[] encodeValue(Object value) {
        DecoderImpl decoder = new DecoderImpl();
        EncoderImpl encoder = new EncoderImpl(decoder);
        AMQPDefinedTypes.registerAllTypes(decoder, encoder);
        DroppingWritableBuffer measure = new DroppingWritableBuffer();
        encoder.setByteBuffer(measure);
        encoder.writeObject(value);
        ByteBuffer bytes = ByteBuffer.allocate(measure.position() + 1024);
        encoder.setByteBuffer(bytes);
        encoder.writeObject(value);
        return Arrays.copyOf(bytes.array(), bytes.position());
    }

    /** Decodes one value (a section, say) with proton-j's decoder. */
    static Object decodeValue(byte[] bytes, int from, int to) {
        DecoderImpl decoder = new DecoderImpl();
        EncoderImpl encoder = new EncoderImpl(decoder);
        AMQPDefinedTypes.registerAllTypes(decoder, encoder);
        decoder.setBuffer(ReadableBuffer.ByteBufferReader.wrap(Arrays.copyOfRange(bytes, from, to)));
        return decoder.readObject();
    }

    static ReadableBuffer array(byte[] bytes) {
        return ReadableBuffer.ByteBufferReader.wrap(bytes);
    }

    /** The bytes as a composite of arrays of {@code chunk} bytes (the last may be shorter). */
    static CompositeReadableBuffer chunked(byte[] bytes, int chunk) {
        CompositeReadableBuffer composite = new CompositeReadableBuffer();
        for (int from = 0; from < bytes.length; from += chunk) {
            composite.append(Arrays.copyOfRange(bytes, from, Math.min(bytes.length, from + chunk)));
        }
        return composite;
    }

    /** The bytes behind {@code junk} unrelated bytes, with the position on the first message byte. */
    static ReadableBuffer behindJunk(byte[] bytes, int junk) {
        byte[] padded = new byte[junk + bytes.length + junk];
        Arrays.fill(padded, (byte) 0x77);
        System.arraycopy(bytes, 0, padded, junk, bytes.length);
        ByteBuffer buffer = ByteBuffer.wrap(padded);
        buffer.position(junk).limit(junk + bytes.length);
        return ReadableBuffer.ByteBufferReader.wrap(buffer);
    }

    /** The bytes behind junk in a composite of {@code chunk}-byte arrays, with the position moved past the junk. */
    static CompositeReadableBuffer chunkedBehindJunk(byte[] bytes, int junk, int chunk) {
        byte[] padded = new byte[junk + bytes.length];
        Arrays.fill(padded, (byte) 0x77);
        System.arraycopy(bytes, 0, padded, junk, bytes.length);
        CompositeReadableBuffer composite = chunked(padded, chunk);
        composite.position(junk);
        return composite;
    }

    /** A message using every section, with router and client annotations. */
    static Message everySection() {
        Message message = Message.Factory.create();
        Header header = new Header();
        header.setDurable(true);
        header.setPriority(UnsignedByte.valueOf((byte) 7));
        message.setHeader(header);
        message.setDeliveryAnnotations(new DeliveryAnnotations(Map.of(Symbol.valueOf("x-da"), "da")));
        Map<Symbol, Object> annotations = new LinkedHashMap<>();
        annotations.put(Symbol.valueOf("x-opt-qd.to"), "routed.address");
        annotations.put(Symbol.valueOf("custom"), "kept");
        annotations.put(Symbol.valueOf("x-opt-qd.ingress"), "0/A");
        annotations.put(Symbol.valueOf("x-opt-qd.trace"), List.of("0/A", "0/B"));
        annotations.put(Symbol.valueOf("x-opt-qd.phase"), 2);
        annotations.put(Symbol.valueOf("x-number"), 42L);
        message.setMessageAnnotations(new MessageAnnotations(annotations));
        Properties properties = new Properties();
        properties.setMessageId("id-1");
        properties.setTo("queue.a");
        properties.setSubject("subject");
        properties.setReplyTo("reply.here");
        message.setProperties(properties);
        message.setApplicationProperties(new ApplicationProperties(Map.of("colour", "blue")));
        message.setBody(new AmqpValue("hello"));
        message.setFooter(new Footer(Map.of(Symbol.valueOf("x-foot"), "f")));
        return message;
    }

    /** A plain message: properties with {@code to} and a small body. */
    static Message bare(String to) {
        Message message = Message.Factory.create();
        message.setAddress(to);
        message.setBody(new AmqpValue("body"));
        return message;
    }

    static Message withData(String to, int bodySize) {
        Message message = bare(to);
        byte[] body = new byte[bodySize];
        for (int i = 0; i < bodySize; i++) {
            body[i] = (byte) (i * 31 + 7);
        }
        message.setBody(new Data(new Binary(body)));
        return message;
    }

    /** Builds hand-crafted encodings byte by byte. */
    static final class Bytes {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Bytes u8(int... values) {
            for (int value : values) {
                out.write(value);
            }
            return this;
        }

        Bytes u32(long value) {
            return u8((int) (value >>> 24) & 0xff, (int) (value >>> 16) & 0xff, (int) (value >>> 8) & 0xff,
                (int) value & 0xff);
        }

        Bytes raw(byte[] bytes) {
            out.writeBytes(bytes);
            return this;
        }

        Bytes sym8(String text) {
            byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
            return u8(0xa3, bytes.length).raw(bytes);
        }

        Bytes sym32(String text) {
            byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
            return u8(0xb3).u32(bytes.length).raw(bytes);
        }

        Bytes str8(String text) {
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            return u8(0xa1, bytes.length).raw(bytes);
        }

        Bytes ulongDescriptor(int code) {
            return u8(0x00, 0x80).u32(0).u32(code);
        }

        /** A list8 or map8 around the given element bytes. */
        Bytes compound8(int code, int count, byte[] elements) {
            return u8(code, elements.length + 1, count).raw(elements);
        }

        byte[] toByteArray() {
            return out.toByteArray();
        }
    }
}
