/**
 * Netty listeners: the event-loop groups (epoll when available, NIO otherwise), the bound listener sockets and
 * the {@link org.jrouterd.transport.server.ListenerSpec} value object that describes one listener (filled by the
 * embedded API now, by the config file later). Lifecycle methods run on the router's owning thread.
 */
package org.jrouterd.transport.server;
