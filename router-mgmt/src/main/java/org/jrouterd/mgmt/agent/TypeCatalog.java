package org.jrouterd.mgmt.agent;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.jrouterd.mgmt.schema.EntitySchema;
import org.jrouterd.mgmt.schema.EntityType;

/**
 * Every entity type the agent reports, built once from the {@link EntitySchema}: qdrouterd's base types
 * ({@code entity}, {@code configurationEntity}, {@code operationalEntity}), the management node types, then the
 * schema's types in schema order. Answers GET-TYPES, GET-ATTRIBUTES and GET-OPERATIONS, and resolves the type names
 * requests carry. Immutable.
 */
final class TypeCatalog {

    /** The standard management node type. */
    static final String NODE = "org.amqp.management";
    /** qdrouterd's extension of the node type. */
    static final String MANAGEMENT = "management";

    private static final String PREFIX = EntitySchema.PREFIX + ".";
    private static final List<String> BASE_ATTRIBUTES = List.of("name", "identity", "type");

    private final EntitySchema schema;
    private final Map<String, AgentType> types;
    private final Map<String, AgentType> byFullName;

    TypeCatalog(EntitySchema schema) {
        this.schema = schema;
        Map<String, AgentType> all = new LinkedHashMap<>();
        String entity = PREFIX + "entity";
        String operational = PREFIX + "operationalEntity";
        String configuration = PREFIX + "configurationEntity";
        put(all, new AgentType("entity", entity, List.of(), BASE_ATTRIBUTES, List.of(), null));
        EntityType nodeType = schema.type(NODE);
        AgentType node = agentType(nodeType, List.of(operational, entity), List.of());
        put(all, node);
        put(all, agentType(schema.type(MANAGEMENT), List.of(node.fullName(), operational, entity),
                nodeType.operations()));
        put(all, new AgentType("configurationEntity", configuration, List.of(entity), BASE_ATTRIBUTES,
                List.of("READ"), null));
        put(all, new AgentType("operationalEntity", operational, List.of(entity), BASE_ATTRIBUTES,
                List.of("READ"), null));
        for (EntityType type : schema.types().values()) {
            if (!all.containsKey(type.longName())) {
                List<String> bases = List.of(type.configuration() ? configuration : operational, entity);
                put(all, agentType(type, bases, List.of()));
            }
        }
        this.types = Collections.unmodifiableMap(all);
        Map<String, AgentType> index = new HashMap<>();
        for (AgentType type : all.values()) {
            index.put(type.fullName(), type);
        }
        this.byFullName = Map.copyOf(index);
    }

    private static void put(Map<String, AgentType> all, AgentType type) {
        all.put(type.name(), type);
    }

    private static AgentType agentType(EntityType type, List<String> bases, List<String> inheritedOperations) {
        List<String> attributes = new ArrayList<>();
        for (String name : type.attributes().keySet()) {
            if (!BASE_ATTRIBUTES.contains(name)) {
                attributes.add(name);
            }
        }
        attributes.addAll(BASE_ATTRIBUTES);
        LinkedHashSet<String> operations = new LinkedHashSet<>(type.operations());
        operations.addAll(inheritedOperations);
        operations.add("READ");
        return new AgentType(type.longName(), PREFIX + type.longName(), List.copyOf(bases), List.copyOf(attributes),
                List.copyOf(operations), type);
    }

    /** Every type, by name without the prefix, bases and node types first. */
    Map<String, AgentType> types() {
        return types;
    }

    /** The type of the management node itself ({@code management}). */
    AgentType management() {
        return types.get(MANAGEMENT);
    }

    /**
     * Resolves a type name as a request gives it: full ({@code org.apache.qpid.dispatch.router.config.address}),
     * long ({@code router.config.address}) or short ({@code address}).
     *
     * @param name the name
     * @return the type
     * @throws StatusException 400 {@code No such entity type 'name'}, as qdrouterd answers
     */
    AgentType resolve(String name) {
        AgentType type = byFullName.get(name);
        if (type == null) {
            type = types.get(name);
        }
        if (type == null) {
            EntityType schemaType = schema.type(name);
            type = schemaType == null ? null : types.get(schemaType.longName());
        }
        if (type == null) {
            throw Status.badRequest("No such entity type '" + name + "'");
        }
        return type;
    }

    /** The type and every type that extends it, in catalog order; all types for null. */
    List<AgentType> withSubtypes(AgentType type) {
        return types.values().stream().filter(t -> type == null || t.isA(type)).toList();
    }

    /** The concrete types whose entities come from sources: the schema's, without the base and node types. */
    List<AgentType> entityTypes(AgentType type) {
        return withSubtypes(type).stream().filter(t -> t.schemaType() != null && !t.node()).toList();
    }

    /** GET-TYPES: full name → full names of the base types. */
    Map<String, Object> typesBody(AgentType filter) {
        Map<String, Object> body = new LinkedHashMap<>();
        for (AgentType type : withSubtypes(filter)) {
            body.put(type.fullName(), type.bases());
        }
        return body;
    }

    /** GET-ATTRIBUTES: full name → attribute names, for every type or one. */
    Map<String, Object> attributesBody(AgentType filter) {
        Map<String, Object> body = new LinkedHashMap<>();
        for (AgentType type : types.values()) {
            if (filter == null || filter == type) {
                body.put(type.fullName(), type.attributeNames());
            }
        }
        return body;
    }

    /** GET-OPERATIONS: full name → operations, for every type or one. */
    Map<String, Object> operationsBody(AgentType filter) {
        Map<String, Object> body = new LinkedHashMap<>();
        for (AgentType type : types.values()) {
            if (filter == null || filter == type) {
                body.put(type.fullName(), type.operations());
            }
        }
        return body;
    }

    /** Every attribute name of every type, each once, in catalog order (an untyped QUERY selects from these). */
    List<String> allAttributeNames() {
        LinkedHashSet<String> names = new LinkedHashSet<>();
        for (AgentType type : types.values()) {
            names.addAll(type.attributeNames());
        }
        return List.copyOf(names);
    }
}
