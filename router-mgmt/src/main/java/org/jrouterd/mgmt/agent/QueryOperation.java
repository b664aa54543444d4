package org.jrouterd.mgmt.agent;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * QUERY, as qdrouterd answers it: the body's {@code attributeNames} selects columns (absent, not a list or empty:
 * every attribute of the type, in schema order; an unknown name: 404 {@code Unknown attributes ['x'] for type T.});
 * the application properties {@code offset} and {@code count} page over the entities as qdrouterd's C agent does (a
 * negative offset: no rows; count absent, 0 or negative: every row from the offset on; a value that is not a
 * number counts as 0). The response body is {@code {attributeNames: [...], results: [[...], ...]}}.
 *
 * <p>Without {@code entityType} the query runs over every type, as qdrouterd's Python agent does, and leaves out
 * rows whose selected values are all null. Only the requested page is projected into rows, so paging over a large
 * type costs one snapshot and one page.
 *
 * <p>Threads: {@link #run} on the management thread; the projection runs where the sources' futures complete.
 */
final class QueryOperation {

    private final TypeCatalog catalog;
    private final Map<String, EntitySource> sources;
    private final Map<String, Object> self;

    QueryOperation(TypeCatalog catalog, Map<String, EntitySource> sources, Map<String, Object> self) {
        this.catalog = catalog;
        this.sources = sources;
        this.self = self;
    }

    /**
     * Runs a query.
     *
     * @param request the request
     * @return the response body
     * @throws StatusException for an unknown type or attribute
     */
    CompletableFuture<Object> run(Request request) {
        String entityType = request.text("entityType");
        AgentType type = entityType == null ? null : catalog.resolve(entityType);
        List<String> names = selection(request.body(), type);
        long offset = request.lenientInteger("offset", 0);
        long count = request.lenientInteger("count", -1);
        boolean dropEmptyRows = type == null;
        return rows(type).thenApply(rows -> body(names,
                page(dropEmptyRows ? nonEmpty(rows, names) : rows, offset, count)));
    }

    private List<String> selection(Object body, AgentType type) {
        List<String> all = type == null ? catalog.allAttributeNames() : type.attributeNames();
        Object requested = body instanceof Map<?, ?> map ? map.get("attributeNames") : null;
        if (!(requested instanceof List<?> list) || list.isEmpty()) {
            return all;
        }
        List<String> names = new ArrayList<>(list.size());
        LinkedHashSet<String> unknown = new LinkedHashSet<>();
        for (Object item : list) {
            String name = String.valueOf(item);
            names.add(name);
            if (!all.contains(name)) {
                unknown.add(name);
            }
        }
        if (!unknown.isEmpty()) {
            String forType = type == null ? "" : " for type " + type.fullName();
            throw Status.notFound("Unknown attributes " + PythonText.repr(List.copyOf(unknown)) + forType + ".");
        }
        return names;
    }

    /** The entities of the type (or of every type), each with its type, in a stable order. */
    private CompletableFuture<List<Row>> rows(AgentType type) {
        List<CompletableFuture<List<Row>>> parts = new ArrayList<>();
        if (type == null || type.node() || type.name().equals("entity") || type.name().equals("operationalEntity")) {
            parts.add(CompletableFuture.completedFuture(List.of(new Row(catalog.management(), self))));
        }
        for (AgentType each : catalog.entityTypes(type)) {
            EntitySource source = sources.get(each.name());
            if (source != null) {
                parts.add(source.entities().thenApply(entities -> rowsOf(each, entities)));
            }
        }
        if (parts.size() == 1) {
            return parts.get(0);
        }
        return CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new)).thenApply(done -> {
            List<Row> all = new ArrayList<>();
            for (CompletableFuture<List<Row>> part : parts) {
                all.addAll(part.join());
            }
            return all;
        });
    }

    private static List<Row> rowsOf(AgentType type, List<Map<String, Object>> entities) {
        List<Row> rows = new ArrayList<>(entities.size());
        for (Map<String, Object> entity : entities) {
            rows.add(new Row(type, entity));
        }
        return rows;
    }

    private static List<Row> page(List<Row> rows, long offset, long count) {
        if (offset < 0 || offset >= rows.size()) {
            return List.of();
        }
        long end = count <= 0 ? rows.size() : Math.min(rows.size(), offset + count);
        return rows.subList((int) offset, (int) end);
    }

    private static List<Row> nonEmpty(List<Row> rows, List<String> names) {
        return rows.stream().filter(row -> names.stream().anyMatch(name -> row.value(name) != null)).toList();
    }

    private static Map<String, Object> body(List<String> names, List<Row> rows) {
        List<Object> results = new ArrayList<>(rows.size());
        for (Row row : rows) {
            List<Object> values = new ArrayList<>(names.size());
            for (String name : names) {
                values.add(row.value(name));
            }
            results.add(values);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("attributeNames", names);
        body.put("results", results);
        return body;
    }

    /** One entity and its type. */
    record Row(AgentType type, Map<String, Object> entity) {

        /** The value to send for an attribute; {@code type} is the full type name unless the entity gives one. */
        Object value(String name) {
            Object value = entity.get(name);
            if (value == null && name.equals("type")) {
                return type.fullName();
            }
            return WireValues.of(value);
        }
    }
}
