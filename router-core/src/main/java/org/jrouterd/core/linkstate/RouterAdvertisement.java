package org.jrouterd.core.linkstate;

import java.util.Objects;

/**
 * RA: flooded periodically (and at once on a local change) to advertise the sender's link-state and
 * mobile-address sequence numbers; a router that is behind answers with LSR or MAR.
 *
 * <p>Threads: immutable; any thread.
 */
public record RouterAdvertisement(String id, long protocolVersion, String area, long instance, long lsSeq,
        long mobileSeq) implements ControlMessage {

    public RouterAdvertisement {
        Objects.requireNonNull(id, "id");
        area = area == null ? ControlAddresses.AREA : area;
    }

    /** An RA of the current protocol version. */
    public static RouterAdvertisement of(String id, long instance, long lsSeq, long mobileSeq) {
        return new RouterAdvertisement(id, PROTOCOL_VERSION, ControlAddresses.AREA, instance, lsSeq, mobileSeq);
    }

    @Override
    public Opcode opcode() {
        return Opcode.RA;
    }
}
