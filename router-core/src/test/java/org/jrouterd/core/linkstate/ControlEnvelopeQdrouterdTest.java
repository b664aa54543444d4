package org.jrouterd.core.linkstate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.messaging.AmqpValue;
import org.apache.qpid.proton.amqp.messaging.Header;
import org.apache.qpid.proton.amqp.messaging.Properties;
import org.apache.qpid.proton.codec.AMQPDefinedTypes;
import org.apache.qpid.proton.codec.DecoderImpl;
import org.apache.qpid.proton.codec.EncoderImpl;
import org.apache.qpid.proton.codec.ReadableBuffer;
import org.junit.jupiter.api.Test;

class ControlEnvelopeQdrouterdTest {

    @Test
    void roundTrip() {
        ControlEnvelope sent = ControlEnvelope.originating(OutgoingControl.toAll(
                RouterAdvertisement.of("A", 7, 2, 3), ControlAddresses.ALL_ROUTERS), "A");
        ControlEnvelope received = ControlEnvelope.decode(ReadableBuffer.ByteBufferReader.wrap(sent.encode()));
        assertThat(received.to()).isEqualTo(ControlAddresses.ALL_ROUTERS);
        assertThat(received.opcode()).isEqualTo("RA");
        assertThat(received.ingress()).isEqualTo("A");
        assertThat(received.trace()).containsExactly("A");
        assertThat(received.body()).isEqualTo(sent.body());
    }

    /**
     * qdrouterd 1.19's core (mobile_sync/mobile.c) writes the application property key {@code opcode} of MAU and
     * MAR as a symbol, and sends the differential MAU to {@code _topo/0/all/qdrouter.ma} without a scheme and
     * without router annotations. proton-j's Message.decode rejects symbol keys in application properties.
     */
    @Test
    void mauAsQdrouterdsCoreSendsIt() {
        Map<Symbol, Object> body = new LinkedHashMap<>();
        body.put(Symbol.valueOf("id"), "Q");
        body.put(Symbol.valueOf("pv"), 1L);
        body.put(Symbol.valueOf("area"), "0");
        body.put(Symbol.valueOf("mobile_seq"), 1L);
        body.put(Symbol.valueOf("hints"), List.of(3));
        body.put(Symbol.valueOf("add"), List.of("M0peer.q"));
        body.put(Symbol.valueOf("del"), List.of());
        Header header = new Header();
        header.setDurable(false);
        Properties properties = new Properties();
        properties.setTo("_topo/0/all/qdrouter.ma");

        ControlEnvelope received = ControlEnvelope.decode(ReadableBuffer.ByteBufferReader.wrap(encode(header,
                properties, Symbol.valueOf("opcode"), new AmqpValue(body))));

        assertThat(received.to()).isEqualTo("_topo/0/all/qdrouter.ma");
        assertThat(received.opcode()).isEqualTo("MAU");
        assertThat(received.ingress()).isNull();
        assertThat(received.trace()).isEmpty();
        assertThat(ControlCodec.decode(received.opcode(), received.body()))
                .isInstanceOf(DecodeResult.Decoded.class);
    }

    @Test
    void garbageIsRefused() {
        assertThatThrownBy(() -> ControlEnvelope.decode(ReadableBuffer.ByteBufferReader.wrap(new byte[] {0x00, 0x53})))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** Header, properties, application properties {opcodeKey: "MAU"} written as a plain map, body. */
    private static byte[] encode(Header header, Properties properties, Object opcodeKey, AmqpValue body) {
        ByteBuffer out = ByteBuffer.allocate(4096);
        EncoderImpl encoder = new EncoderImpl(new DecoderImpl());
        AMQPDefinedTypes.registerAllTypes(encoder.getDecoder(), encoder);
        encoder.setByteBuffer(out);
        encoder.writeObject(header);
        encoder.writeObject(properties);
        out.put((byte) 0x00).put((byte) 0x53).put((byte) 0x74);   // application-properties, then a plain map
        Map<Object, Object> applicationProperties = new LinkedHashMap<>();
        applicationProperties.put(opcodeKey, "MAU");
        encoder.writeObject(applicationProperties);
        encoder.writeObject(body);
        return Arrays.copyOf(out.array(), out.position());
    }
}
