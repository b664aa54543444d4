/**
 * TLS for listeners and connectors, and the one pipeline set-up both share: {@link
 * org.jrouterd.transport.tls.TlsProfile} (an {@code sslProfile}'s settings, immutable), {@link
 * org.jrouterd.transport.tls.TlsMaterial} (its certificate, key and trusted CAs read with BouncyCastle), {@link
 * org.jrouterd.transport.tls.TlsContexts} (Netty {@code SslContext}s, OpenSSL when netty-tcnative is on the class
 * path, the JDK's otherwise), {@link org.jrouterd.transport.tls.ListenerTls} and {@link
 * org.jrouterd.transport.tls.ConnectorTls} (what a listener or connector does with them) and {@link
 * org.jrouterd.transport.tls.ConnectionPipeline} (socket options, TLS or plain, AMQP, the fatal error handler).
 * {@link org.jrouterd.transport.tls.TlsContextSource} rebuilds a context when the profile's files change (live
 * rotation). Loading runs on the configuring thread, rotation checks on the server's acceptor loop, the handlers on
 * each connection's event loop.
 */
package org.jrouterd.transport.tls;
