package org.jrouterd.transport.amqp;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.qpid.proton.amqp.DescribedType;
import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.UnsignedLong;
import org.apache.qpid.proton.amqp.messaging.Source;
import org.apache.qpid.proton.amqp.messaging.Target;
import org.apache.qpid.proton.amqp.messaging.TerminusExpiryPolicy;

/**
 * The link termini the router writes. Copies of a peer's termini, so that the router's side of an attach echoes
 * them without sharing proton's objects (the router then sets its own address on a dynamic one), and termini that
 * carry one capability, for inter-router links.
 *
 * <p>Every terminus made here writes an AMQP "multiple" field (capabilities, outcomes) that holds one value in
 * the field's single form, a lone symbol, as Qpid Proton-C does; two or more values go as an array. qdrouterd 1.19
 * reads a terminus's capabilities only in the single form ({@code qdr_terminus_has_capability} looks at the
 * first value and expects a symbol): an array holding {@code qd.router} is not an inter-router link to it, and it
 * refuses the attach ("Endpoint attach forbidden on inter-router connection"). proton-j always writes an array,
 * so these termini encode themselves: proton-j's encoder writes a {@link DescribedType} it has no type for as its
 * descriptor and its described list. Stateless.
 */
final class Termini {

    /** The source terminus's descriptor, {@code amqp:source:list}. */
    static final UnsignedLong SOURCE_DESCRIPTOR = UnsignedLong.valueOf(0x28L);
    /** The target terminus's descriptor, {@code amqp:target:list}. */
    static final UnsignedLong TARGET_DESCRIPTOR = UnsignedLong.valueOf(0x29L);

    private Termini() {
    }

    /**
     * A terminus as qdrouterd's link lines show it: {@code {orders expire:sess}}, {@code {(dyn)<none> expire:sess}}
     * for a dynamic one without an address, {@code {<none> expire:sess}} without a terminus.
     */
    static String describe(Object terminus) {
        if (!(terminus instanceof org.apache.qpid.proton.amqp.messaging.Terminus t)) {
            return "{<none> expire:sess}";
        }
        String expiry = switch (t.getExpiryPolicy() == null ? TerminusExpiryPolicy.SESSION_END : t.getExpiryPolicy()) {
            case LINK_DETACH -> "link";
            case SESSION_END -> "sess";
            case CONNECTION_CLOSE -> "conn";
            case NEVER -> "never";
        };
        return "{" + (t.getDynamic() ? "(dyn)" : "") + (t.getAddress() == null ? "<none>" : t.getAddress())
                + " expire:" + expiry + "}";
    }

    static Target copy(Target remote) {
        Target target = new Target();
        target.setAddress(remote.getAddress());
        target.setDurable(remote.getDurable());
        target.setExpiryPolicy(remote.getExpiryPolicy());
        target.setTimeout(remote.getTimeout());
        target.setDynamic(remote.getDynamic());
        target.setDynamicNodeProperties(remote.getDynamicNodeProperties());
        target.setCapabilities(remote.getCapabilities());
        return target;
    }

    static Source copy(Source remote) {
        Source source = new Source();
        source.setAddress(remote.getAddress());
        source.setDurable(remote.getDurable());
        source.setExpiryPolicy(remote.getExpiryPolicy());
        source.setTimeout(remote.getTimeout());
        source.setDynamic(remote.getDynamic());
        source.setDynamicNodeProperties(remote.getDynamicNodeProperties());
        source.setDistributionMode(remote.getDistributionMode());
        source.setFilter(remote.getFilter());
        source.setDefaultOutcome(remote.getDefaultOutcome());
        source.setOutcomes(remote.getOutcomes());
        source.setCapabilities(remote.getCapabilities());
        return source;
    }

    /** An empty source with no address and one capability, as it goes on the wire. */
    static SingleFormSource sourceWith(Symbol capability) {
        Source source = new Source();
        source.setCapabilities(capability);
        return new SingleFormSource(source);
    }

    /** An empty target with no address and one capability, as it goes on the wire. */
    static SingleFormTarget targetWith(Symbol capability) {
        Target target = new Target();
        target.setCapabilities(capability);
        return new SingleFormTarget(target);
    }

    /** What to write for {@code source}: the terminus itself, in the single form where it has one value. */
    static SingleFormSource wire(Source source) {
        return new SingleFormSource(source);
    }

    /** What to write for {@code target}: the terminus itself, in the single form where it has one value. */
    static SingleFormTarget wire(Target target) {
        return new SingleFormTarget(target);
    }

    /** The peer's own source echoed back in the router's attach; any other kind as it came. */
    static org.apache.qpid.proton.amqp.transport.Source echo(org.apache.qpid.proton.amqp.transport.Source remote) {
        return remote instanceof Source source ? wire(copy(source)) : remote;
    }

    /** The peer's own target echoed back in the router's attach; any other kind (a coordinator) as it came. */
    static org.apache.qpid.proton.amqp.transport.Target echo(org.apache.qpid.proton.amqp.transport.Target remote) {
        return remote instanceof Target target ? wire(copy(target)) : remote;
    }

    /** The value to write for a "multiple" field: null, the lone value, or the array. */
    static Object multiple(Symbol[] values) {
        if (values == null || values.length == 0) {
            return null;
        }
        return values.length == 1 ? values[0] : values;
    }

    /** The described list of a terminus without its trailing nulls (their defaults), as proton-j trims them. */
    private static List<Object> trimmed(Object... fields) {
        int count = fields.length;
        while (count > 0 && fields[count - 1] == null) {
            count--;
        }
        return new ArrayList<>(Arrays.asList(fields).subList(0, count));
    }

    /**
     * A source as the router writes it: the terminus, encoded with one-value multiple fields in their single form.
     * Immutable as long as nobody changes the wrapped source after the attach (the router does not).
     */
    record SingleFormSource(Source source) implements org.apache.qpid.proton.amqp.transport.Source, DescribedType {

        @Override
        public String getAddress() {
            return source.getAddress();
        }

        @Override
        public SingleFormSource copy() {
            return new SingleFormSource(Termini.copy(source));
        }

        @Override
        public Object getDescriptor() {
            return SOURCE_DESCRIPTOR;
        }

        @Override
        public Object getDescribed() {
            return trimmed(source.getAddress(), source.getDurable().getValue(), source.getExpiryPolicy().getPolicy(),
                    source.getTimeout(), source.getDynamic(), source.getDynamicNodeProperties(),
                    source.getDistributionMode(), source.getFilter(), source.getDefaultOutcome(),
                    multiple(source.getOutcomes()), multiple(source.getCapabilities()));
        }
    }

    /**
     * A target as the router writes it: the terminus, encoded with one-value multiple fields in their single form.
     * Immutable as long as nobody changes the wrapped target after the attach (the router does not).
     */
    record SingleFormTarget(Target target) implements org.apache.qpid.proton.amqp.transport.Target, DescribedType {

        @Override
        public String getAddress() {
            return target.getAddress();
        }

        @Override
        public SingleFormTarget copy() {
            return new SingleFormTarget(Termini.copy(target));
        }

        @Override
        public Object getDescriptor() {
            return TARGET_DESCRIPTOR;
        }

        @Override
        public Object getDescribed() {
            return trimmed(target.getAddress(), target.getDurable().getValue(), target.getExpiryPolicy().getPolicy(),
                    target.getTimeout(), target.getDynamic(), target.getDynamicNodeProperties(),
                    multiple(target.getCapabilities()));
        }
    }
}
