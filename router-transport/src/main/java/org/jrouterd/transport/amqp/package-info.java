/**
 * One AMQP connection: its proton-j engine (transport, connection, collector), the translation of proton events
 * into core calls, the producer and consumer links, and the Netty handler that feeds bytes in and drains frames
 * out.
 *
 * <p>Threads: every class here that holds proton objects is confined to the connection's Netty event loop. Other
 * threads reach a connection only through its {@link org.jrouterd.transport.amqp.ConnectionInbox}.
 */
package org.jrouterd.transport.amqp;
