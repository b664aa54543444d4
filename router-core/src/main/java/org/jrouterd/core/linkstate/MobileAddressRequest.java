package org.jrouterd.core.linkstate;

import java.util.Objects;

/**
 * MAR: asks the router it is addressed to for an absolute MAU; {@link #id()} is the requester and
 * {@link #haveSeq()} the mobile sequence it holds for the addressee.
 *
 * <p>Threads: immutable; any thread.
 */
public record MobileAddressRequest(String id, long protocolVersion, String area, long haveSeq)
        implements ControlMessage {

    public MobileAddressRequest {
        Objects.requireNonNull(id, "id");
        area = area == null ? ControlAddresses.AREA : area;
    }

    /** A MAR of the current protocol version. */
    public static MobileAddressRequest of(String id, long haveSeq) {
        return new MobileAddressRequest(id, PROTOCOL_VERSION, ControlAddresses.AREA, haveSeq);
    }

    @Override
    public Opcode opcode() {
        return Opcode.MAR;
    }
}
