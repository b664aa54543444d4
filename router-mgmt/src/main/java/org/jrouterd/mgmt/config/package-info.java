/**
 * The {@code qdrouterd.conf} parser: reads the brace format or the {@code .json} form, checks every section against
 * the entity schema ({@link org.jrouterd.mgmt.schema}) and returns the ordered entity CREATE operations that the
 * router applies through the same code path as a management CREATE. Every problem is a
 * {@link org.jrouterd.mgmt.config.ConfigException} whose message is {@code file:line: what is wrong}.
 *
 * <p>Threads: a parser holds no mutable state; it runs on whichever thread loads the configuration (the daemon's
 * {@code main}, or a test).
 */
package org.jrouterd.mgmt.config;
