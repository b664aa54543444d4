/**
 * SASL EXTERNAL's identity: the user id qdrouterd derives from a TLS client certificate with an sslProfile's
 * {@code uidFormat}, and the {@code uidNameMappingFile} display names. Stateless or immutable classes, used on the
 * I/O thread of the connection whose certificate they read.
 */
package org.jrouterd.transport.sasl.external;
