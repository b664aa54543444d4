package org.jrouterd.core.linkstate;

/**
 * A decoded inter-router control message. Every one names its sender ({@link #id()}) and protocol version.
 *
 * <p>Threads: implementations are immutable records; any thread.
 */
public sealed interface ControlMessage
        permits Hello, RouterAdvertisement, LinkStateRequest, LinkStateUpdate, MobileAddressUpdate,
        MobileAddressRequest {

    /** The protocol version this implementation speaks and sends as {@code pv}. */
    long PROTOCOL_VERSION = 1;

    /** The router that sent the message. */
    String id();

    /** The {@code pv} field (0 when a peer omitted it). */
    long protocolVersion();

    /** The {@code opcode} application property for this message. */
    Opcode opcode();
}
