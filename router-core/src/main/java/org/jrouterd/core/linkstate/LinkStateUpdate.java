package org.jrouterd.core.linkstate;

import java.util.Objects;

/**
 * LSU: a router's link state, sent in reply to an LSR.
 *
 * <p>Threads: immutable; any thread.
 */
public record LinkStateUpdate(String id, long protocolVersion, String area, long instance, long lsSeq,
        LinkState linkState) implements ControlMessage {

    public LinkStateUpdate {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(linkState, "linkState");
        area = area == null ? ControlAddresses.AREA : area;
    }

    /** An LSU of the current protocol version carrying {@code linkState}. */
    public static LinkStateUpdate of(long instance, LinkState linkState) {
        return new LinkStateUpdate(linkState.id(), PROTOCOL_VERSION, ControlAddresses.AREA, instance,
                linkState.lsSeq(), linkState);
    }

    @Override
    public Opcode opcode() {
        return Opcode.LSU;
    }
}
