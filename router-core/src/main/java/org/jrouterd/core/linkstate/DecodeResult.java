package org.jrouterd.core.linkstate;

/**
 * What {@link ControlCodec#decode} made of a received control message: a record, a message of a newer protocol
 * version to ignore (the engine warns once per router id), or a malformed one.
 *
 * <p>Threads: immutable; any thread.
 */
public sealed interface DecodeResult {

    /** A control message this router understands. */
    record Decoded(ControlMessage message) implements DecodeResult {
    }

    /** A message with {@code pv} above {@link ControlMessage#PROTOCOL_VERSION}; {@code routerId} may be null. */
    record Ignored(String opcode, String routerId, long protocolVersion) implements DecodeResult {
    }

    /** A message that cannot be understood: unknown opcode, missing field, wrong type. */
    record Malformed(String opcode, String reason) implements DecodeResult {
    }
}
