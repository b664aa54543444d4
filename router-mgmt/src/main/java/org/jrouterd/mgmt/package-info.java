/**
 * Management for jrouterd: the qdrouterd 1.19 entity schema ({@code mgmt.schema}), the {@code qdrouterd.conf}
 * parser that turns a configuration file into entity CREATE operations ({@code mgmt.config}), a small JSON reader
 * with line numbers ({@code mgmt.json}), and later the AMQP management agent at {@code $management} that
 * {@code qdstat} and {@code qdmanage} talk to, applying CREATEs through the same
 * {@link org.jrouterd.mgmt.schema.EntityValidator}.
 */
package org.jrouterd.mgmt;
