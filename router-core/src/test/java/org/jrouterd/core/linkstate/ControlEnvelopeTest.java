package org.jrouterd.core.linkstate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.messaging.AmqpValue;
import org.apache.qpid.proton.amqp.messaging.ApplicationProperties;
import org.apache.qpid.proton.amqp.messaging.Data;
import org.apache.qpid.proton.amqp.messaging.MessageAnnotations;
import org.apache.qpid.proton.amqp.messaging.Properties;
import org.apache.qpid.proton.codec.ReadableBuffer;
import org.apache.qpid.proton.message.Message;
import org.junit.jupiter.api.Test;

class ControlEnvelopeTest {

    private static final Symbol INGRESS = Symbol.valueOf("x-opt-qd.ingress");
    private static final Symbol TRACE = Symbol.valueOf("x-opt-qd.trace");

    private static ReadableBuffer wrap(byte[] bytes) {
        return ReadableBuffer.ByteBufferReader.wrap(bytes);
    }

    private static Message protonDecode(byte[] bytes) {
        Message message = Message.Factory.create();
        message.decode(bytes, 0, bytes.length);
        return message;
    }

    private static byte[] protonEncode(Message message) {
        byte[] buffer = new byte[4096];
        int length = message.encode(buffer, 0, buffer.length);
        return Arrays.copyOf(buffer, length);
    }

    private static Map<Object, Object> raBody() {
        Map<Object, Object> body = new LinkedHashMap<>();
        body.put("id", "A");
        body.put("pv", 1L);
        body.put("area", "0");
        body.put("instance", 1700000000L);
        body.put("ls_seq", 3L);
        body.put("mobile_seq", 2L);
        return body;
    }

    private static Map<Object, Object> mauBody() {
        Map<Object, Object> body = new LinkedHashMap<>();
        body.put(Symbol.valueOf("id"), "A");
        body.put(Symbol.valueOf("pv"), 1L);
        body.put(Symbol.valueOf("area"), "0");
        body.put(Symbol.valueOf("mobile_seq"), 4L);
        body.put(Symbol.valueOf("hints"), List.of(2));
        body.put(Symbol.valueOf("add"), List.of("M0foo"));
        body.put(Symbol.valueOf("del"), List.of());
        return body;
    }

    @Test
    void roundTripKeepsEveryFieldWithStringKeys() {
        ControlEnvelope sent = new ControlEnvelope(ControlAddresses.ALL_ROUTERS, "RA", raBody(), "A", List.of("A", "B"));
        ControlEnvelope received = ControlEnvelope.decode(wrap(sent.encode()));
        assertThat(received).isEqualTo(sent);
        assertThat(received.body().get("ls_seq")).isEqualTo(3L);
    }

    @Test
    void roundTripKeepsSymbolKeysAsSymbols() {
        ControlEnvelope sent = new ControlEnvelope(ControlAddresses.ALL_ROUTERS_MA, "MAU", mauBody(), "A",
                List.of("A"));
        ControlEnvelope received = ControlEnvelope.decode(wrap(sent.encode()));
        assertThat(received).isEqualTo(sent);
        assertThat(received.body().keySet()).allMatch(Symbol.class::isInstance);
        assertThat(ControlCodec.decode(received.opcode(), received.body()))
                .isEqualTo(new DecodeResult.Decoded(MobileAddressUpdate.differential("A", 4, List.of("M0foo"),
                        List.of(2), List.of())));
    }

    @Test
    void theWireCarriesQdrouterdsAnnotationsPropertiesAndHeader() {
        ControlEnvelope sent = new ControlEnvelope(ControlAddresses.ALL_ROUTERS, "RA", raBody(), "A", List.of("A", "B"));
        Message message = protonDecode(sent.encode());

        Map<Symbol, Object> annotations = message.getMessageAnnotations().getValue();
        assertThat(annotations).containsOnlyKeys(INGRESS, TRACE);
        assertThat(annotations.get(INGRESS)).isEqualTo("0/A");
        assertThat(annotations.get(TRACE)).isEqualTo(List.of("0/A", "0/B"));
        assertThat(message.getAddress()).isEqualTo("amqp:/_topo/0/all/qdrouter");
        assertThat(message.getApplicationProperties().getValue()).isEqualTo(Map.of("opcode", "RA"));
        assertThat(message.getHeader()).isNotNull();
        assertThat(message.getHeader().getDurable()).isNotEqualTo(Boolean.TRUE);
        assertThat(message.getBody()).isInstanceOf(AmqpValue.class);
        assertThat(((AmqpValue) message.getBody()).getValue()).isEqualTo(raBody());
    }

    @Test
    void originatingSetsIngressAndTraceToThisRouterAndRelayingAppends() {
        OutgoingControl control = new OutgoingControl(RouterAdvertisement.of("A", 42, 1, 0),
                ControlAddresses.ALL_ROUTERS, OutgoingControl.Scope.ALL_ROUTERS, null);
        ControlEnvelope first = ControlEnvelope.originating(control, "A");
        assertThat(first.ingress()).isEqualTo("A");
        assertThat(first.trace()).containsExactly("A");
        assertThat(first.opcode()).isEqualTo("RA");
        assertThat(first.to()).isEqualTo(ControlAddresses.ALL_ROUTERS);

        ControlEnvelope relayed = first.relayedBy("B");
        assertThat(relayed.ingress()).isEqualTo("A");
        assertThat(relayed.trace()).containsExactly("A", "B");
        assertThat(first.trace()).as("the original is unchanged").containsExactly("A");
        assertThat(relayed.visited("A")).isTrue();
        assertThat(relayed.visited("B")).isTrue();
        assertThat(relayed.visited("C")).isFalse();

        Message onWire = protonDecode(relayed.encode());
        assertThat(onWire.getMessageAnnotations().getValue().get(TRACE)).isEqualTo(List.of("0/A", "0/B"));
        ControlEnvelope received = ControlEnvelope.decode(wrap(relayed.encode()));
        assertThat(ControlCodec.decode(received.opcode(), received.body()))
                .isEqualTo(new DecodeResult.Decoded(RouterAdvertisement.of("A", 42, 1, 0)));
    }

    @Test
    void anEnvelopeWithoutIngressSendsNoIngressAnnotation() {
        ControlEnvelope sent = new ControlEnvelope(ControlAddresses.HELLO, "HELLO", raBody(), null, null);
        Map<Symbol, Object> annotations = protonDecode(sent.encode()).getMessageAnnotations().getValue();
        assertThat(annotations).doesNotContainKey(INGRESS);
        assertThat(annotations.get(TRACE)).isEqualTo(List.of());
        ControlEnvelope received = ControlEnvelope.decode(wrap(sent.encode()));
        assertThat(received.ingress()).isNull();
        assertThat(received.trace()).isEmpty();
    }

    @Test
    void aMessageWithoutAnnotationsDecodesWithoutIngressOrTrace() {
        Message message = Message.Factory.create();
        message.setProperties(new Properties());
        message.setAddress(ControlAddresses.HELLO);
        message.setApplicationProperties(new ApplicationProperties(Map.of("opcode", "HELLO")));
        message.setBody(new AmqpValue(Map.of("id", "B", "pv", 1L, "area", "0", "instance", 7L,
                "seen", List.of("A"))));
        ControlEnvelope received = ControlEnvelope.decode(wrap(protonEncode(message)));
        assertThat(received.to()).isEqualTo(ControlAddresses.HELLO);
        assertThat(received.opcode()).isEqualTo("HELLO");
        assertThat(received.ingress()).isNull();
        assertThat(received.trace()).isEmpty();
        assertThat(received.visited("A")).isFalse();
        assertThat(ControlCodec.decode(received.opcode(), received.body()))
                .isEqualTo(new DecodeResult.Decoded(Hello.of("B", 7, List.of("A"))));
    }

    @Test
    void routerIdsWithoutAreaAreTakenAsTheyAreAndNonStringTraceEntriesAreSkipped() {
        Message message = Message.Factory.create();
        message.setAddress(ControlAddresses.ALL_ROUTERS);
        message.setApplicationProperties(new ApplicationProperties(Map.of("opcode", "RA")));
        message.setMessageAnnotations(new MessageAnnotations(Map.of(INGRESS, "C",
                TRACE, List.of("0/C", 17, "D"))));
        message.setBody(new AmqpValue(raBody()));
        ControlEnvelope received = ControlEnvelope.decode(wrap(protonEncode(message)));
        assertThat(received.ingress()).isEqualTo("C");
        assertThat(received.trace()).containsExactly("C", "D");
    }

    @Test
    void aBodyThatIsNotAMapDecodesToANullBody() {
        Message message = Message.Factory.create();
        message.setAddress(ControlAddresses.ALL_ROUTERS);
        message.setApplicationProperties(new ApplicationProperties(Map.of("opcode", "RA")));
        message.setBody(new Data(new Binary("x".getBytes(StandardCharsets.US_ASCII))));
        ControlEnvelope received = ControlEnvelope.decode(wrap(protonEncode(message)));
        assertThat(received.body()).isNull();
        assertThat(ControlCodec.decode(received.opcode(), received.body()))
                .isInstanceOf(DecodeResult.Malformed.class);
    }

    @Test
    void aMessageWithoutToOrOpcodeIsRejected() {
        Message noTo = Message.Factory.create();
        noTo.setApplicationProperties(new ApplicationProperties(Map.of("opcode", "RA")));
        noTo.setBody(new AmqpValue(raBody()));
        assertThatThrownBy(() -> ControlEnvelope.decode(wrap(protonEncode(noTo))))
                .isInstanceOf(IllegalArgumentException.class);

        Message noOpcode = Message.Factory.create();
        noOpcode.setAddress(ControlAddresses.ALL_ROUTERS);
        noOpcode.setBody(new AmqpValue(raBody()));
        assertThatThrownBy(() -> ControlEnvelope.decode(wrap(protonEncode(noOpcode))))
                .isInstanceOf(IllegalArgumentException.class);

        Message otherProperties = Message.Factory.create();
        otherProperties.setAddress(ControlAddresses.ALL_ROUTERS);
        otherProperties.setApplicationProperties(new ApplicationProperties(Map.of("op", "RA")));
        assertThatThrownBy(() -> ControlEnvelope.decode(wrap(protonEncode(otherProperties))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void malformedBytesAreAnIllegalArgument() {
        assertThatThrownBy(() -> ControlEnvelope.decode(wrap(new byte[0])))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ControlEnvelope.decode(wrap("not an AMQP message".getBytes(StandardCharsets.US_ASCII))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ControlEnvelope.decode(wrap(new byte[] {0x00, 0x53, 0x77, (byte) 0xd1, 0x00, 0x00})))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ControlEnvelope.decode(wrap(new byte[] {(byte) 0xff, (byte) 0xff, 0x01})))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void everyTruncationDecodesOrIsAnIllegalArgument() {
        byte[] whole = new ControlEnvelope(ControlAddresses.ALL_ROUTERS, "RA", raBody(), "A", List.of("A", "B"))
                .encode();
        for (int length = 0; length < whole.length; length++) {
            byte[] part = Arrays.copyOf(whole, length);
            try {
                ControlEnvelope decoded = ControlEnvelope.decode(wrap(part));
                assertThat(decoded.to()).as("length %d", length).isNotNull();
                assertThat(decoded.opcode()).as("length %d", length).isNotNull();
            } catch (IllegalArgumentException expected) {
                // fine: refused as malformed
            }
        }
    }
}
