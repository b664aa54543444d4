package org.jrouterd.mgmt.agent;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * The current entities of one type, for QUERY and READ. Each entity is a map from attribute name (qdrouterd's
 * camelCase name, e.g. {@code linkType}) to a value: {@link String}, {@link Long} or {@link Integer} (or a proton-j
 * unsigned type), {@link Boolean}, {@link List}, {@link Map} or null. The agent adds {@code type} (the full type
 * name) when an entity does not give it.
 *
 * <p>Threads: the agent calls {@link #entities()} on the management thread; the future may complete on the thread
 * that owns the state (e.g. the core thread), which should hand over a snapshot and not wait for the agent.
 */
@FunctionalInterface
public interface EntitySource {

    /**
     * Gets a snapshot of the current entities, in a stable order (QUERY pages over it with offset and count).
     *
     * @return the entities; the agent does not change the list or the maps
     */
    CompletableFuture<List<Map<String, Object>>> entities();

    /**
     * Finds the entities whose attribute {@code attribute} ({@code name} or {@code identity}) is {@code value},
     * comparing text forms (an identity given as a number matches the text a client sends). By default filters
     * {@link #entities()}; a source with an index may do better.
     *
     * @param attribute the attribute name
     * @param value the wanted value, as the request gives it
     * @return the matching entities: normally none or one
     */
    default CompletableFuture<List<Map<String, Object>>> find(String attribute, String value) {
        return entities().thenApply(all -> all.stream()
                .filter(entity -> {
                    Object actual = entity.get(attribute);
                    return actual != null && Objects.equals(actual.toString(), value);
                })
                .toList());
    }
}
