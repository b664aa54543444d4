package org.jrouterd.core.linkstate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.UnsignedInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ControlCodecTest {

    private final WireFormat wire = new WireFormat();

    static Stream<ControlMessage> everyKindOfMessage() {
        return Stream.of(
                Hello.of("A", 1700000000L, List.of("B", "C")),
                Hello.of("A", 1700000000L, List.of()),
                RouterAdvertisement.of("A", 1700000000L, 7, 3),
                LinkStateRequest.of("B"),
                LinkStateUpdate.of(1700000000L, new LinkState("A", "0", 7, Map.of("B", 1L, "C", 10L))),
                MobileAddressUpdate.differential("A", 4, List.of("M0foo", "M0bar"), List.of(2, 3), List.of("M0old")),
                MobileAddressUpdate.absolute("A", 4, List.of("M0foo", "Cbroker"), List.of(3, 0)),
                MobileAddressRequest.of("B", 2));
    }

    @ParameterizedTest
    @MethodSource("everyKindOfMessage")
    void everyMessageRoundTripsThroughProtonJBytes(ControlMessage message) {
        assertThat(wire.overTheWire(message)).isEqualTo(new DecodeResult.Decoded(message));
    }

    @Test
    void helloRaLsrAndLsuUseStringKeysAndLongNumbersAsQdrouterdsPythonRouterSends() {
        Map<Object, Object> hello = wire.roundTrip(ControlCodec.encode(Hello.of("A", 42, List.of("B"))));
        assertThat(hello.keySet()).containsExactly("id", "pv", "area", "instance", "seen");
        assertThat(hello.get("pv")).isEqualTo(1L);
        assertThat(hello.get("area")).isEqualTo("0");
        assertThat(hello.get("instance")).isEqualTo(42L);
        assertThat(hello.get("seen")).isEqualTo(List.of("B"));

        Map<Object, Object> ra = wire.roundTrip(ControlCodec.encode(RouterAdvertisement.of("A", 42, 5, 6)));
        assertThat(ra.keySet()).containsExactly("id", "pv", "area", "instance", "ls_seq", "mobile_seq");
        assertThat(ra.get("ls_seq")).isEqualTo(5L);
        assertThat(ra.get("mobile_seq")).isEqualTo(6L);

        Map<Object, Object> lsr = wire.roundTrip(ControlCodec.encode(LinkStateRequest.of("A")));
        assertThat(lsr).isEqualTo(Map.of("id", "A", "pv", 1L, "area", "0"));

        Map<Object, Object> lsu = wire.roundTrip(ControlCodec.encode(
                LinkStateUpdate.of(42, new LinkState("A", "0", 5, Map.of("B", 3L)))));
        assertThat(lsu.keySet()).containsExactly("id", "pv", "area", "instance", "ls_seq", "ls");
        assertThat(lsu.get("ls")).isEqualTo(Map.of("id", "A", "area", "0", "ls_seq", 5L, "peers", Map.of("B", 3L)));
    }

    @Test
    void mauAndMarUseSymbolKeysLongNumbersAndIntHintsAsQdrouterdsCoreSends() {
        Map<Object, Object> mau = wire.roundTrip(ControlCodec.encode(
                MobileAddressUpdate.differential("A", 4, List.of("M0foo"), List.of(2), List.of("M0bar"))));
        assertThat(mau.keySet()).containsExactly(sym("id"), sym("pv"), sym("area"), sym("mobile_seq"), sym("hints"),
                sym("add"), sym("del"));
        assertThat(mau.get(sym("id"))).isEqualTo("A");
        assertThat(mau.get(sym("pv"))).isEqualTo(1L);
        assertThat(mau.get(sym("area"))).isEqualTo("0");
        assertThat(mau.get(sym("mobile_seq"))).isEqualTo(4L);
        assertThat(mau.get(sym("hints"))).isEqualTo(List.of(2));
        assertThat(mau.get(sym("add"))).isEqualTo(List.of("M0foo"));
        assertThat(mau.get(sym("del"))).isEqualTo(List.of("M0bar"));

        Map<Object, Object> absolute = wire.roundTrip(ControlCodec.encode(
                MobileAddressUpdate.absolute("A", 4, List.of("M0foo"), List.of(3))));
        assertThat(absolute.keySet()).containsExactly(sym("id"), sym("pv"), sym("area"), sym("mobile_seq"),
                sym("exist"), sym("hints"));

        Map<Object, Object> mar = wire.roundTrip(ControlCodec.encode(MobileAddressRequest.of("B", 9)));
        assertThat(mar).isEqualTo(Map.of(sym("id"), "B", sym("pv"), 1L, sym("area"), "0", sym("have_seq"), 9L));
    }

    @Test
    void acceptsSymbolKeysAndIntNumbersWhereStringKeysAndLongsAreSent() {
        Map<Object, Object> body = new LinkedHashMap<>();
        body.put(sym("id"), "B");
        body.put(sym("pv"), 1);
        body.put(sym("instance"), UnsignedInteger.valueOf(77));
        body.put(sym("ls_seq"), 3);
        body.put(sym("mobile_seq"), (short) 2);
        assertThat(ControlCodec.decode("RA", wire.roundTrip(body)))
                .isEqualTo(new DecodeResult.Decoded(new RouterAdvertisement("B", 1, "0", 77, 3, 2)));
    }

    @Test
    void acceptsStringKeysAndIntsWhereSymbolKeysAndLongsAreSent() {
        Map<Object, Object> body = new LinkedHashMap<>();
        body.put("id", "B");
        body.put("pv", 1L);
        body.put("area", "0");
        body.put("mobile_seq", 5);
        body.put("exist", List.of("M0x"));
        body.put("hints", List.of(1L));
        assertThat(ControlCodec.decode("MAU", wire.roundTrip(body))).isEqualTo(new DecodeResult.Decoded(
                MobileAddressUpdate.absolute("B", 5, List.of("M0x"), List.of(1))));
    }

    @Test
    void aMissingProtocolVersionIsVersionZeroAndAccepted() {
        assertThat(ControlCodec.decode("LSR", Map.of("id", "B")))
                .isEqualTo(new DecodeResult.Decoded(new LinkStateRequest("B", 0, "0")));
        assertThat(ControlCodec.decode("HELLO", Map.of("id", "B", "seen", List.of())))
                .isEqualTo(new DecodeResult.Decoded(new Hello("B", 0, "0", 0, List.of())));
    }

    @Test
    void aMessageOfANewerProtocolVersionDecodesToIgnored() {
        assertThat(ControlCodec.decode("HELLO", Map.of("id", "B", "pv", 2L, "seen", List.of())))
                .isEqualTo(new DecodeResult.Ignored("HELLO", "B", 2));
        assertThat(ControlCodec.decode("MAU", Map.of(sym("id"), "B", sym("pv"), 2L, sym("something"), "new")))
                .isEqualTo(new DecodeResult.Ignored("MAU", "B", 2));
    }

    @Test
    void malformedBodiesDecodeToMalformedWithAReason() {
        assertThat(ControlCodec.decode("NOPE", Map.of("id", "B"))).isInstanceOf(DecodeResult.Malformed.class);
        assertThat(ControlCodec.decode("RA", null)).isInstanceOf(DecodeResult.Malformed.class);
        assertThat(ControlCodec.decode("RA", Map.of("id", "B", "ls_seq", 1L)))
                .isEqualTo(new DecodeResult.Malformed("RA", "mandatory field 'mobile_seq' missing"));
        assertThat(ControlCodec.decode("HELLO", Map.of("id", 5L, "seen", List.of())))
                .isEqualTo(new DecodeResult.Malformed("HELLO", "field 'id' is not a string: Long"));
        assertThat(ControlCodec.decode("MAU", Map.of("id", "B", "mobile_seq", 1L, "add", List.of())))
                .isEqualTo(new DecodeResult.Malformed("MAU", "MAU needs either exist, or both add and del"));
        assertThat(ControlCodec.decode("LSU", Map.of("id", "B", "ls_seq", 1L, "ls", "x")))
                .isEqualTo(new DecodeResult.Malformed("LSU", "field 'ls' is not a map: String"));
    }

    @Test
    void anMauRecordHasEitherAddAndDelOrExist() {
        assertThatThrownBy(() -> new MobileAddressUpdate("A", 1, "0", 1, List.of(), List.of(), List.of(), null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new MobileAddressUpdate("A", 1, "0", 1, List.of(), null, null, null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void hintsAreUsedOnlyWhenThereIsOnePerListedKey() {
        MobileAddressUpdate matching = MobileAddressUpdate.absolute("A", 1, List.of("M0a", "M0b"), List.of(2, 9));
        assertThat(matching.hintAt(0)).isEqualTo(TreatmentHint.CLOSEST);
        assertThat(matching.hintAt(1)).isEqualTo(TreatmentHint.UNSPECIFIED);
        MobileAddressUpdate short1 = MobileAddressUpdate.absolute("A", 1, List.of("M0a", "M0b"), List.of(2));
        assertThat(short1.hintAt(0)).isEqualTo(TreatmentHint.UNSPECIFIED);
    }

    @Test
    void controlAddressesAndOpcodesAreQdrouterds() {
        assertThat(ControlAddresses.HELLO).isEqualTo("amqp:/_local/qdhello");
        assertThat(ControlAddresses.ALL_ROUTERS).isEqualTo("amqp:/_topo/0/all/qdrouter");
        assertThat(ControlAddresses.ALL_ROUTERS_MA).isEqualTo("amqp:/_topo/0/all/qdrouter.ma");
        assertThat(ControlAddresses.router("R1")).isEqualTo("amqp:/_topo/0/R1/qdrouter");
        assertThat(ControlAddresses.routerMa("R1")).isEqualTo("amqp:/_topo/0/R1/qdrouter.ma");
        assertThat(Stream.of(Opcode.values()).map(Opcode::wireName))
                .containsExactly("HELLO", "RA", "LSR", "LSU", "MAU", "MAR");
        assertThat(Stream.of(Opcode.values()).filter(Opcode::usesSymbolKeys)).containsExactly(Opcode.MAU, Opcode.MAR);
    }

    private static Symbol sym(String name) {
        return Symbol.valueOf(name);
    }
}
