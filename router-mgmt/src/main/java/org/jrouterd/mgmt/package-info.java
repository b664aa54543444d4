/**
 * Management for jrouterd: the qdrouterd 1.19 entity schema, the {@code qdrouterd.conf} parser that turns a
 * configuration file into entity CREATE operations, and the AMQP management agent at {@code $management} that
 * {@code qdstat} and {@code qdmanage} talk to. Everything here runs on the core thread.
 *
 * <p>Nothing lives here yet: the config file (issue 4) and management come in later issues. The listener
 * description that the config file will fill is {@code org.jrouterd.transport.server.ListenerSpec}.
 */
package org.jrouterd.mgmt;
