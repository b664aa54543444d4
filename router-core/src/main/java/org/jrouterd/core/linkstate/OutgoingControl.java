package org.jrouterd.core.linkstate;

import java.util.Objects;

/**
 * A control message the engine wants sent: presettled, {@code to} = {@link #to()}, application property
 * {@code opcode} = {@code message.opcode().wireName()}, body = {@link ControlCodec#encode} of the message.
 *
 * <p>How it travels depends on {@link #scope()}: {@link Scope#NEIGHBOURS} goes out once on every inter-router
 * control link (HELLO, one hop, never forwarded); {@link Scope#ALL_ROUTERS} is flooded to every router over the
 * control links, each router delivering it once (trace excludes visited routers); {@link Scope#ROUTER} goes to
 * {@link #targetRouterId()} along next hops.
 *
 * <p>Threads: immutable; any thread.
 */
public record OutgoingControl(ControlMessage message, String to, Scope scope, String targetRouterId) {

    /** How far a control message goes. */
    public enum Scope {
        NEIGHBOURS,
        ALL_ROUTERS,
        ROUTER
    }

    public OutgoingControl {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(scope, "scope");
        if ((scope == Scope.ROUTER) != (targetRouterId != null)) {
            throw new IllegalArgumentException("a target router id goes with scope ROUTER only");
        }
    }

    static OutgoingControl toNeighbours(ControlMessage message) {
        return new OutgoingControl(message, ControlAddresses.HELLO, Scope.NEIGHBOURS, null);
    }

    static OutgoingControl toAll(ControlMessage message, String to) {
        return new OutgoingControl(message, to, Scope.ALL_ROUTERS, null);
    }

    static OutgoingControl toRouter(ControlMessage message, String to, String routerId) {
        return new OutgoingControl(message, to, Scope.ROUTER, routerId);
    }

    /** The {@code opcode} application property. */
    public Opcode opcode() {
        return message.opcode();
    }
}
