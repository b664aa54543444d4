package org.jrouterd.transport.amqp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import org.apache.qpid.proton.amqp.DescribedType;
import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.UnsignedInteger;
import org.apache.qpid.proton.amqp.messaging.Accepted;
import org.apache.qpid.proton.amqp.messaging.Released;
import org.apache.qpid.proton.amqp.messaging.Source;
import org.apache.qpid.proton.amqp.messaging.Target;
import org.apache.qpid.proton.amqp.messaging.TerminusDurability;
import org.apache.qpid.proton.amqp.messaging.TerminusExpiryPolicy;
import org.apache.qpid.proton.amqp.transport.Attach;
import org.apache.qpid.proton.amqp.transport.Role;
import org.apache.qpid.proton.amqp.transport.SenderSettleMode;
import org.apache.qpid.proton.codec.AMQPDefinedTypes;
import org.apache.qpid.proton.codec.DecoderImpl;
import org.apache.qpid.proton.codec.EncoderImpl;
import org.apache.qpid.proton.codec.WritableBuffer;
import org.junit.jupiter.api.Test;

/**
 * The termini the router writes, as bytes: one-value multiple fields in their single form (what qdrouterd 1.19
 * reads), several values as an array, and every other field as proton-j would write it.
 */
class TerminiTest {

    private static final Symbol ROUTER = Symbol.valueOf("qd.router");

    @Test
    void anInterRouterTerminusCarriesItsCapabilityAsALoneSymbol() {
        List<?> source = rawFields(Termini.sourceWith(ROUTER), Termini.SOURCE_DESCRIPTOR);
        List<?> target = rawFields(Termini.targetWith(ROUTER), Termini.TARGET_DESCRIPTOR);

        assertThat(source).hasSize(11);
        assertThat(source.get(10)).isEqualTo(ROUTER);
        assertThat(target).hasSize(7);
        assertThat(target.get(6)).isEqualTo(ROUTER);
    }

    @Test
    void twoCapabilitiesStayAnArray() {
        Source source = new Source();
        source.setCapabilities(ROUTER, Symbol.valueOf("queue"));

        assertThat(rawFields(Termini.wire(source), Termini.SOURCE_DESCRIPTOR).get(10))
                .isEqualTo(new Symbol[] {ROUTER, Symbol.valueOf("queue")});
    }

    @Test
    void aCopiedSourceReadsBackAsTheSameTerminus() {
        Source remote = new Source();
        remote.setAddress("orders");
        remote.setDurable(TerminusDurability.CONFIGURATION);
        remote.setExpiryPolicy(TerminusExpiryPolicy.NEVER);
        remote.setTimeout(UnsignedInteger.valueOf(30));
        remote.setDistributionMode(Symbol.valueOf("move"));
        remote.setFilter(Map.of(Symbol.valueOf("f"), "x"));
        remote.setDefaultOutcome(Released.getInstance());
        remote.setOutcomes(Symbol.valueOf("amqp:accepted:list"));
        remote.setCapabilities(Symbol.valueOf("queue"));

        Termini.SingleFormSource copy = Termini.wire(Termini.copy(remote));
        List<?> raw = rawFields(copy, Termini.SOURCE_DESCRIPTOR);
        Source decoded = (Source) roundTripThroughAttach(copy, null).getSource();

        assertThat(raw.get(9)).isEqualTo(Symbol.valueOf("amqp:accepted:list"));
        assertThat(decoded.getAddress()).isEqualTo("orders");
        assertThat(decoded.getDurable()).isEqualTo(TerminusDurability.CONFIGURATION);
        assertThat(decoded.getExpiryPolicy()).isEqualTo(TerminusExpiryPolicy.NEVER);
        assertThat(decoded.getTimeout()).isEqualTo(UnsignedInteger.valueOf(30));
        assertThat((Object) decoded.getDistributionMode()).isEqualTo(Symbol.valueOf("move"));
        assertThat(decoded.getFilter()).isEqualTo(Map.of(Symbol.valueOf("f"), "x"));
        assertThat(decoded.getDefaultOutcome()).isInstanceOf(Released.class);
        assertThat(decoded.getOutcomes()).containsExactly(Symbol.valueOf("amqp:accepted:list"));
        assertThat(decoded.getCapabilities()).containsExactly(Symbol.valueOf("queue"));
    }

    @Test
    void aCopiedTargetReadsBackAsTheSameTerminus() {
        Target remote = new Target();
        remote.setAddress("replies");
        remote.setDynamic(true);
        remote.setDynamicNodeProperties(Map.of(Symbol.valueOf("lifetime-policy"), Accepted.getInstance()));
        remote.setCapabilities(Symbol.valueOf("temporary-queue"));

        Target decoded = (Target) roundTripThroughAttach(null, Termini.wire(Termini.copy(remote))).getTarget();

        assertThat(decoded.getAddress()).isEqualTo("replies");
        assertThat(decoded.getDynamic()).isTrue();
        assertThat(decoded.getDynamicNodeProperties()).containsKey(Symbol.valueOf("lifetime-policy"));
        assertThat(decoded.getCapabilities()).containsExactly(Symbol.valueOf("temporary-queue"));
    }

    /** The terminus encoded inside an Attach by proton-j's codec, then decoded by it as a peer would. */
    private static Attach roundTripThroughAttach(org.apache.qpid.proton.amqp.transport.Source source,
                                                  org.apache.qpid.proton.amqp.transport.Target target) {
        Attach attach = new Attach();
        attach.setName("qdlink.test");
        attach.setHandle(UnsignedInteger.ZERO);
        attach.setRole(Role.SENDER);
        attach.setSndSettleMode(SenderSettleMode.MIXED);
        attach.setSource(source);
        attach.setTarget(target);
        DecoderImpl decoder = new DecoderImpl();
        EncoderImpl encoder = new EncoderImpl(decoder);
        AMQPDefinedTypes.registerAllTypes(decoder, encoder);
        ByteBuffer bytes = encode(encoder, attach);
        decoder.setByteBuffer(bytes);
        return (Attach) decoder.readObject();
    }

    /** The fields of a terminus as they are on the wire: decoded by a decoder that knows no AMQP types. */
    private static List<?> rawFields(Object terminus, Object descriptor) {
        DecoderImpl definedTypes = new DecoderImpl();
        EncoderImpl encoder = new EncoderImpl(definedTypes);
        AMQPDefinedTypes.registerAllTypes(definedTypes, encoder);
        ByteBuffer bytes = encode(encoder, terminus);
        DecoderImpl plain = new DecoderImpl();
        new EncoderImpl(plain);
        plain.setByteBuffer(bytes);
        DescribedType described = (DescribedType) plain.readObject();
        assertThat(described.getDescriptor()).isEqualTo(descriptor);
        return (List<?>) described.getDescribed();
    }

    private static ByteBuffer encode(EncoderImpl encoder, Object value) {
        ByteBuffer buffer = ByteBuffer.allocate(4096);
        encoder.setByteBuffer(new WritableBuffer.ByteBufferWrapper(buffer));
        encoder.writeObject(value);
        buffer.flip();
        return buffer;
    }
}
