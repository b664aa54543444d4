package org.jrouterd.mgmt.agent;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.jrouterd.mgmt.schema.EntityCreate;

/**
 * The runtime changes of one entity type: what a management CREATE, UPDATE or DELETE does to a running router.
 * A method that returns null means the type does not support that change at run time (the agent answers 501). A
 * change refused for a reason (a duplicate name, an inter-router connection) fails its future with an
 * {@link EntityChangeRefused}, which the agent answers with its status.
 *
 * <p>Threads: the agent calls these on the management thread; each implementation applies the change on the
 * thread that owns the state (the core thread for addresses, an event loop for a connection) and completes the
 * future there or on the management thread.
 */
public interface EntityWriter {

    /**
     * Creates an entity, checked by the same validator as the config file.
     *
     * @param create the checked attributes, with defaults filled in
     * @return the created entity's attributes (the CREATE response body), or null when not supported
     */
    default CompletableFuture<Map<String, Object>> create(EntityCreate create) {
        return null;
    }

    /**
     * Changes an entity.
     *
     * @param entity  the entity as its source shows it (at least {@code name} and {@code identity})
     * @param changes the attributes the request gives (without {@code type}, {@code name}, {@code identity})
     * @return the entity's attributes after the change (the UPDATE response body), or null when not supported
     */
    default CompletableFuture<Map<String, Object>> update(Map<String, Object> entity, Map<String, Object> changes) {
        return null;
    }

    /**
     * Deletes an entity.
     *
     * @param entity the entity as its source shows it
     * @return completes when it is gone, or null when not supported
     */
    default CompletableFuture<Void> delete(Map<String, Object> entity) {
        return null;
    }
}
