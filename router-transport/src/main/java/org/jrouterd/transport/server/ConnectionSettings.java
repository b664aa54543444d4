package org.jrouterd.transport.server;

import java.util.List;

/**
 * How one AMQP connection behaves, whichever side opened it: what a {@link ListenerSpec} gives the connections it
 * accepts and a {@link org.jrouterd.transport.connector.ConnectorSpec} gives the connection it makes. Immutable.
 */
public interface ConnectionSettings {

    /** The connection role. */
    ConnectionRole role();

    /** Largest AMQP frame accepted, in bytes. */
    int maxFrameSize();

    /** Most sessions a peer may open on the connection. */
    int maxSessions();

    /** Idle time-out enforced (half of it advertised, as AMQP recommends); 0 disables it. */
    int idleTimeoutSeconds();

    /** Credit window of incoming links, in deliveries. */
    int linkCapacity();

    /** Where client {@code x-opt-qd.*} annotations are removed. */
    StripAnnotations stripAnnotations();

    /** SASL mechanisms: offered by a listener, or the one(s) a connector may use. */
    List<String> saslMechanisms();

    /** For an inter-router connection: its cost as configured on this side (the larger of both sides wins). */
    int cost();
}
