/**
 * The SASL server layer: pluggable mechanisms ({@link org.jrouterd.transport.sasl.SaslMechanism}), the registry a
 * listener chooses its offered list from, and the per-connection exchange that drives proton-j's SASL frames.
 * Everything runs on the connection's I/O thread. ANONYMOUS is built in; PLAIN, SCRAM and EXTERNAL come with the
 * security issue and plug in through {@link org.jrouterd.transport.sasl.SaslMechanisms}.
 */
package org.jrouterd.transport.sasl;
