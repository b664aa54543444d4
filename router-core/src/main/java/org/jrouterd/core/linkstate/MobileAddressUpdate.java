package org.jrouterd.core.linkstate;

import java.util.List;
import java.util.Objects;

/**
 * MAU: the sender's mobile addresses (router hash keys such as {@code M0foo}) at {@code mobileSeq}. Either
 * differential ({@code add} and {@code del} set, {@code exist} null) or absolute ({@code exist} set, the others
 * null). {@code hints} holds one treatment code per added (or existing) key; when its size differs from that list
 * the hints are ignored, as qdrouterd does.
 *
 * <p>Threads: immutable; any thread.
 */
public record MobileAddressUpdate(String id, long protocolVersion, String area, long mobileSeq, List<String> add,
        List<String> del, List<String> exist, List<Integer> hints) implements ControlMessage {

    public MobileAddressUpdate {
        Objects.requireNonNull(id, "id");
        area = area == null ? ControlAddresses.AREA : area;
        boolean absolute = exist != null && add == null && del == null;
        boolean differential = exist == null && add != null && del != null;
        if (!absolute && !differential) {
            throw new IllegalArgumentException("an MAU has either add and del, or exist");
        }
        add = add == null ? null : List.copyOf(add);
        del = del == null ? null : List.copyOf(del);
        exist = exist == null ? null : List.copyOf(exist);
        hints = hints == null ? List.of() : List.copyOf(hints);
    }

    /** A differential MAU of the current protocol version; {@code hints} parallel to {@code add}. */
    public static MobileAddressUpdate differential(String id, long mobileSeq, List<String> add, List<Integer> hints,
            List<String> del) {
        return new MobileAddressUpdate(id, PROTOCOL_VERSION, ControlAddresses.AREA, mobileSeq, add, del, null, hints);
    }

    /** An absolute MAU of the current protocol version; {@code hints} parallel to {@code exist}. */
    public static MobileAddressUpdate absolute(String id, long mobileSeq, List<String> exist, List<Integer> hints) {
        return new MobileAddressUpdate(id, PROTOCOL_VERSION, ControlAddresses.AREA, mobileSeq, null, null, exist,
                hints);
    }

    /** True for an absolute MAU (an {@code exist} list). */
    public boolean isAbsolute() {
        return exist != null;
    }

    /** The keys the hints run parallel to: {@code exist} or {@code add}. */
    public List<String> listedKeys() {
        return exist != null ? exist : add;
    }

    /** The hint for the key at {@code index} of {@link #listedKeys()}; UNSPECIFIED when hints are unusable. */
    public TreatmentHint hintAt(int index) {
        return hints.size() == listedKeys().size() ? TreatmentHint.fromCode(hints.get(index))
                : TreatmentHint.UNSPECIFIED;
    }

    @Override
    public Opcode opcode() {
        return Opcode.MAU;
    }
}
