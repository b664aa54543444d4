package org.jrouterd.core.linkstate;

import java.util.List;
import java.util.Objects;

/**
 * HELLO: sent every helloIntervalSeconds on every inter-router control link, one hop. {@code seen} lists the
 * routers the sender heard within helloMaxAgeSeconds; a router that finds itself there has a neighbour.
 *
 * <p>Threads: immutable; any thread.
 */
public record Hello(String id, long protocolVersion, String area, long instance, List<String> seen)
        implements ControlMessage {

    public Hello {
        Objects.requireNonNull(id, "id");
        area = area == null ? ControlAddresses.AREA : area;
        seen = List.copyOf(seen);
    }

    /** A HELLO of the current protocol version. */
    public static Hello of(String id, long instance, List<String> seen) {
        return new Hello(id, PROTOCOL_VERSION, ControlAddresses.AREA, instance, seen);
    }

    @Override
    public Opcode opcode() {
        return Opcode.HELLO;
    }
}
