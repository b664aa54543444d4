/**
 * One AMQP connection: its proton-j engine (transport, connection, collector), the translation of proton events
 * into core calls, the producer and consumer links, and the Netty handler that feeds bytes in and drains frames
 * out.
 *
 * <p>Threads: every class here that holds proton objects is confined to the connection's Netty event loop. Other
 * threads reach a connection only through its {@link org.jrouterd.transport.amqp.ConnectionInbox}, except
 * management reads: {@link org.jrouterd.transport.amqp.ConnectionRegistry} runs one task per event loop that reads
 * that loop's connections and links into immutable {@link org.jrouterd.transport.amqp.ConnectionSnapshot}s and
 * {@link org.jrouterd.transport.amqp.LinkSnapshot}s (the counters behind them are plain fields of the links, written
 * on the same loop).
 */
package org.jrouterd.transport.amqp;
