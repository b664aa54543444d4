/**
 * The core thread: the single owner of routing state (which links are attached to which address) and the only
 * writer of the {@link org.jrouterd.core.forward.ForwardingTable}. I/O threads reach it only through
 * {@link org.jrouterd.core.engine.CoreProxy}, which queues actions; {@link org.jrouterd.core.engine.CoreThread}
 * runs them in batches. Tests drive {@link org.jrouterd.core.engine.CoreProxy#doWork()} directly.
 * {@link org.jrouterd.core.engine.FatalErrors} says what a router does when one of its threads meets an error it
 * cannot survive (any thread may report one).
 */
package org.jrouterd.core.engine;
