/**
 * The router's management agent on the wire: {@link org.jrouterd.server.management.ManagementEndpoint} is the
 * in-process consumer of {@code $management} (and so of {@code _topo/0/<router-id>/$management}), which hands each
 * request to the agent ({@code org.jrouterd.mgmt.agent}) on a thread of its own and routes the response to the
 * request's reply-to address like any other message; {@link org.jrouterd.server.management.RouterEntities}
 * supplies the entities the agent shows, each read on the thread that owns it.
 *
 * <p>Threads: one management thread per router; entity reads run on the core thread or the I/O threads.
 */
package org.jrouterd.server.management;
