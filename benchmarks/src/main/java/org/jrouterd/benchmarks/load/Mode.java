package org.jrouterd.benchmarks.load;

/**
 * What one {@code jrouterd-bench} invocation does. The single-role modes run one side of a load in this process;
 * the orchestrations run both sides, each connection on its own thread, and print one result.
 */
public enum Mode {
    /** Send {@code count} messages to the address (connects to {@code --connect}). */
    SEND,
    /** Receive messages from the address (connects, or listens with {@code --listen}). */
    RECEIVE,
    /** Send requests and wait for replies, {@code --outstanding} at a time; reports round-trip times. */
    REQUEST,
    /** Answer requests: each reply goes to the request's reply-to and echoes its body. */
    RESPOND,
    /** Baseline without a router: the receiver listens, the sender connects straight to it. */
    DIRECT,
    /** Sender and receiver both connect to {@code --connect} (a router), {@code --connections} pairs. */
    PAIR,
    /** Responder and requester both connect to {@code --connect} (a router), {@code --connections} pairs. */
    RPC,
    /** Print a free loopback port (for scripts that must name a listening port before it exists). */
    FREE_PORT;

    /** Whether this mode sends messages one way and measures them at a receiver. */
    boolean oneWay() {
        return this == SEND || this == RECEIVE || this == DIRECT || this == PAIR;
    }
}
