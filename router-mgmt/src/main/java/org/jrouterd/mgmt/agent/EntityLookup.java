package org.jrouterd.mgmt.agent;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Finds the entity a READ, UPDATE or DELETE names, as qdrouterd's agent does: by {@code name} if the request gives
 * one, else by {@code identity}; then checks that every identifier given matches. Failures: 404 {@code No entity
 * with name=x}, 400 {@code Conflicting name=x identity=y}, 500 {@code Duplicate (2) entities with name=x}.
 *
 * <p>Threads: {@link #find} on the management thread; the checks run where the sources' futures complete.
 */
final class EntityLookup {

    private final TypeCatalog catalog;
    private final Map<String, EntitySource> sources;

    EntityLookup(TypeCatalog catalog, Map<String, EntitySource> sources) {
        this.catalog = catalog;
        this.sources = sources;
    }

    /** An entity and its type. */
    record Found(AgentType type, Map<String, Object> entity) {
    }

    /**
     * Finds one entity.
     *
     * @param type the requested type, or null for any type
     * @param ids the identifiers the request gives, {@code name} first, then {@code identity}; not empty
     * @return the entity, or a future failed with a {@link StatusException}
     */
    CompletableFuture<Found> find(AgentType type, Map<String, String> ids) {
        Map.Entry<String, String> first = ids.entrySet().iterator().next();
        List<AgentType> types = catalog.entityTypes(type);
        List<CompletableFuture<List<Found>>> parts = new ArrayList<>();
        for (AgentType each : types) {
            EntitySource source = sources.get(each.name());
            if (source != null) {
                parts.add(source.find(first.getKey(), first.getValue())
                        .thenApply(entities -> entities.stream().map(e -> new Found(each, e)).toList()));
            }
        }
        return CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new)).thenApply(done -> {
            List<Found> found = new ArrayList<>();
            for (CompletableFuture<List<Found>> part : parts) {
                found.addAll(part.join());
            }
            return check(found, first, ids);
        });
    }

    private static Found check(List<Found> found, Map.Entry<String, String> first, Map<String, String> ids) {
        if (found.isEmpty()) {
            throw Status.notFound("No entity with " + describe(ids));
        }
        if (found.size() > 1) {
            throw new StatusException(new Status(Status.INTERNAL_SERVER_ERROR, "Duplicate (" + found.size()
                    + ") entities with " + first.getKey() + "=" + first.getValue()));
        }
        Found entity = found.get(0);
        for (Map.Entry<String, String> id : ids.entrySet()) {
            Object actual = entity.entity().get(id.getKey());
            if (actual == null || !actual.toString().equals(id.getValue())) {
                throw Status.badRequest("Conflicting " + describe(ids));
            }
        }
        return entity;
    }

    /** qdrouterd's text for the identifiers of a request: {@code name=x identity=y}. */
    static String describe(Map<String, String> ids) {
        StringBuilder out = new StringBuilder();
        for (Map.Entry<String, String> id : ids.entrySet()) {
            if (out.length() > 0) {
                out.append(' ');
            }
            out.append(id.getKey()).append('=').append(id.getValue());
        }
        return out.toString();
    }

    /**
     * The READ body: every attribute of the type in qdrouterd's order (null when the entity has no value), then any
     * other attribute the entity gives; {@code type} is the full type name.
     */
    static Map<String, Object> readBody(Found found) {
        Map<String, Object> body = new LinkedHashMap<>();
        QueryOperation.Row row = new QueryOperation.Row(found.type(), found.entity());
        for (String name : found.type().attributeNames()) {
            body.put(name, row.value(name));
        }
        for (Map.Entry<String, Object> entry : found.entity().entrySet()) {
            body.putIfAbsent(entry.getKey(), WireValues.of(entry.getValue()));
        }
        return body;
    }
}
