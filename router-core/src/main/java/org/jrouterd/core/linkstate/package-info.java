/**
 * The link-state engine: qdrouterd 1.19's inter-router control protocol (HELLO, RA, LSR, LSU, MAU, MAR; see
 * shared/PROTOCOL.md §3–4) and the shortest paths it yields.
 *
 * <p>{@link org.jrouterd.core.linkstate.ControlCodec} maps the immutable control-message records to and from the
 * AMQP body map with qdrouterd's exact key and value types. {@link org.jrouterd.core.linkstate.LinkStateEngine}
 * runs neighbour discovery, link-state exchange and mobile-address synchronisation; it is fed decoded records,
 * driven by a clock it is given (never the wall clock) and emits {@link org.jrouterd.core.linkstate.OutgoingControl}
 * records that the transport sends. {@link org.jrouterd.core.linkstate.PathComputation} turns the link-state
 * database into an immutable {@link org.jrouterd.core.linkstate.Topology}: next hop, cost and valid origins per
 * router.
 *
 * <p>Threads: the engine and everything it holds are owned by the core thread. Records, {@code Topology} and the
 * codec are immutable or stateless and may be read from any thread.
 */
package org.jrouterd.core.linkstate;
