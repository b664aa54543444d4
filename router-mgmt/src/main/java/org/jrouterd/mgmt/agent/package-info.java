/**
 * The protocol half of the AMQP management agent at {@code $management}, as qdrouterd 1.19 answers it: {@link
 * org.jrouterd.mgmt.agent.ManagementAgent} turns a request message into a response message (QUERY with attribute
 * selection and offset/count paging, READ, the node operations GET-TYPES, GET-ATTRIBUTES, GET-OPERATIONS,
 * GET-ANNOTATIONS, GET-MGMT-NODES, GET-SCHEMA, GET-JSON-SCHEMA, GET-LOG, and qdrouterd's status codes and
 * descriptions for every failure). The entities come from one {@link org.jrouterd.mgmt.agent.EntitySource} per type;
 * the agent itself holds no entity state and opens no links.
 *
 * <p>Threads: the router's management thread calls {@code handle}; the agent keeps only immutable tables built at
 * construction and lock-free counters, so a response may be finished on whichever thread completes a source's
 * future (the core thread or an event loop). Nothing here blocks.
 */
package org.jrouterd.mgmt.agent;
