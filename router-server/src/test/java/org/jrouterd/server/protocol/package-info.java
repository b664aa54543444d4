/**
 * Protocol-level tests of the router against scripted AMQP peers (the protonj2 test driver) and raw sockets:
 * credit for senders, outcomes when a consumer goes away, bad input, idle time-outs and Open negotiation. Each
 * test starts its own embedded router on ephemeral ports; the test thread drives the peers and waits on their
 * scripts with deadlines.
 */
package org.jrouterd.server.protocol;
