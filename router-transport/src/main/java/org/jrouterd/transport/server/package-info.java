/**
 * Netty listeners: the event-loop groups (epoll when available, NIO otherwise), the bound listener sockets and
 * the {@link org.jrouterd.transport.server.ListenerSpec} value object that describes one listener (filled by the
 * embedded API now, by the config file later). Lifecycle methods run on the router's owning thread. The event
 * loops ({@link org.jrouterd.transport.server.GuardedEventLoopGroup}) and the last handler of every pipeline
 * ({@link org.jrouterd.transport.server.FatalErrorHandler}) report fatal errors to the router's
 * {@link org.jrouterd.core.engine.FatalErrors} instead of letting Netty log and forget them.
 */
package org.jrouterd.transport.server;
