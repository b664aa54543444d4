/**
 * Forwarding: the published routes (address to consumer links and distribution) that I/O threads read without
 * locks, and the choice of consumer(s) for one message (closest, balanced, multicast).
 *
 * <p>Threads: {@link org.jrouterd.core.forward.ForwardingTable} is written only by the core thread and read by
 * every I/O thread; {@link org.jrouterd.core.forward.AddressRoute} is immutable; {@link
 * org.jrouterd.core.forward.Forwarder} runs on the producer's I/O thread.
 */
package org.jrouterd.core.forward;
