package org.jrouterd.core.linkstate;

/**
 * The treatment hint an MAU carries per mobile address (qdrouterd's {@code qd_address_treatment_t} codes).
 * {@link #UNSPECIFIED} means the MAU gave no usable hint: the receiving router applies its own default.
 *
 * <p>Threads: immutable; any thread.
 */
public enum TreatmentHint {
    FLOOD(0),
    MULTICAST(1),
    CLOSEST(2),
    BALANCED(3),
    LINK_BALANCED(4),
    UNAVAILABLE(5),
    UNSPECIFIED(-1);

    private final int code;

    TreatmentHint(int code) {
        this.code = code;
    }

    /** The integer sent on the wire. */
    public int code() {
        return code;
    }

    /** The hint for a wire code; {@link #UNSPECIFIED} for any code qdrouterd does not define. */
    public static TreatmentHint fromCode(long code) {
        for (TreatmentHint hint : values()) {
            if (hint.code == code && hint != UNSPECIFIED) {
                return hint;
            }
        }
        return UNSPECIFIED;
    }
}
