/**
 * The entity schema: one description of every qdrouterd 1.19 entity type ({@link
 * org.jrouterd.mgmt.schema.EntitySchema#qdrouterd()}) with its attributes, their types, defaults, required flags,
 * enum values and deprecated aliases, which types are singletons, and which of them jrouterd implements yet. The
 * config parser uses it now and the management agent will use it later; there is no second list.
 *
 * <p>{@link org.jrouterd.mgmt.schema.EntityValidator} is the one code path that turns raw attribute values (text from
 * the config file, or values of a management CREATE) into a typed {@link org.jrouterd.mgmt.schema.EntityCreate}.
 *
 * <p>Threads: the schema is immutable after it is built and may be shared by any thread. A validator holds no
 * mutable state between calls except what it is given.
 */
package org.jrouterd.mgmt.schema;
