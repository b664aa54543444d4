/**
 * TLS with real processes: router daemons configured with qdrouterd's {@code sslProfile}, Qpid JMS over
 * {@code amqps://}, Python Proton with {@code SSLDomain}, meshes over mutual TLS. Certificates are generated per
 * test ({@code TestCertificates}). Test code; each test on its own thread.
 */
package org.jrouterd.systemtests.tls;
