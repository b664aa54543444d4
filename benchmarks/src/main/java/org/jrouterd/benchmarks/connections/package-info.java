/**
 * What a connection costs the router: {@link org.jrouterd.benchmarks.connections.IdleConnectionHeap} measures the
 * live heap per idle AMQP connection in a daemon (class histograms through {@code jcmd}) and how many idle
 * connections a heap holds, with {@link org.jrouterd.benchmarks.connections.RawAmqpConnection}, a client that is
 * only a socket and pre-encoded frames.
 *
 * <p>Threads: the main thread measures; opener threads handshake; one heartbeat thread writes to the connections
 * once they are open.
 */
package org.jrouterd.benchmarks.connections;
