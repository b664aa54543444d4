/**
 * The router as a whole: the embedded API ({@link org.jrouterd.server.Router}) that wires the core thread, the
 * address table and the Netty server together, and the daemon entry point ({@link org.jrouterd.server.Main}).
 * Lifecycle methods run on the caller's thread; the router's own threads are the core thread and the event loops.
 */
package org.jrouterd.server;
