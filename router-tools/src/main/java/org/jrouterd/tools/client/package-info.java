/**
 * A small blocking AMQP management client: one socket, proton-j's engine driven by the calling thread, a sender
 * to the management node and a dynamic receiver for the replies (as Python Proton's {@code SyncRequestResponse}
 * that qdstat and qdmanage use), and the requests of AMQP Management as qdmanage sends them. Everything runs on
 * the thread that calls it.
 */
package org.jrouterd.tools.client;
