/**
 * Applies configuration entities (from {@code qdrouterd.conf}, and later from management CREATE requests) to a
 * router being built: the one code path from an {@link org.jrouterd.mgmt.schema.EntityCreate} to running
 * configuration. Runs on the thread that starts the router.
 */
package org.jrouterd.server.config;
