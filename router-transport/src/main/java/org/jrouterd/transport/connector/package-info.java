/**
 * Outgoing connections: the {@link org.jrouterd.transport.connector.ConnectorSpec} value object (filled by the
 * config file's {@code connector {}} section) and the {@link org.jrouterd.transport.connector.AmqpConnector} that
 * keeps one connection up, retrying with exponential back-off and jitter and cycling through its failover list.
 * A connector's state changes on one event loop; its status is readable from any thread.
 */
package org.jrouterd.transport.connector;
