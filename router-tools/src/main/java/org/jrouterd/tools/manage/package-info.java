/**
 * {@code jrouterd-manage}: qdmanage 1.19's operations (QUERY, CREATE, READ, UPDATE, DELETE, the GET-* node
 * operations and any other operation by name) and options, printing JSON as qdmanage does. Runs on the thread
 * that calls {@code main}.
 */
package org.jrouterd.tools.manage;
