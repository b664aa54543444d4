package org.jrouterd.core.linkstate;

import java.util.Objects;

/**
 * LSR: asks the router it is addressed to for its link state; {@link #id()} is the requester.
 *
 * <p>Threads: immutable; any thread.
 */
public record LinkStateRequest(String id, long protocolVersion, String area) implements ControlMessage {

    public LinkStateRequest {
        Objects.requireNonNull(id, "id");
        area = area == null ? ControlAddresses.AREA : area;
    }

    /** An LSR of the current protocol version. */
    public static LinkStateRequest of(String id) {
        return new LinkStateRequest(id, PROTOCOL_VERSION, ControlAddresses.AREA);
    }

    @Override
    public Opcode opcode() {
        return Opcode.LSR;
    }
}
