package org.jrouterd.core.linkstate;

import java.nio.ByteBuffer;
import java.util.Map;
import org.apache.qpid.proton.codec.AMQPDefinedTypes;
import org.apache.qpid.proton.codec.DecoderImpl;
import org.apache.qpid.proton.codec.EncoderImpl;

/** Encodes a body map to AMQP bytes with proton-j and back, as the transport will. */
final class WireFormat {

    private final DecoderImpl decoder = new DecoderImpl();
    private final EncoderImpl encoder = new EncoderImpl(decoder);
    private final ByteBuffer buffer = ByteBuffer.allocate(1 << 20);

    WireFormat() {
        AMQPDefinedTypes.registerAllTypes(decoder, encoder);
    }

    /** The map as proton-j decodes it from the bytes proton-j encoded it to. */
    @SuppressWarnings("unchecked")
    Map<Object, Object> roundTrip(Map<Object, Object> body) {
        buffer.clear();
        encoder.setByteBuffer(buffer);
        encoder.writeObject(body);
        buffer.flip();
        decoder.setByteBuffer(buffer);
        Object decoded = decoder.readObject();
        decoder.setByteBuffer(null);
        return (Map<Object, Object>) decoded;
    }

    /** A control message after encode, proton-j bytes, and decode. */
    DecodeResult overTheWire(ControlMessage message) {
        return ControlCodec.decode(message.opcode().wireName(), roundTrip(ControlCodec.encode(message)));
    }
}
