package org.jrouterd.mgmt.schema;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The set of entity types: {@link #qdrouterd()} is qdrouterd 1.19's, with jrouterd's "implemented yet" marks.
 * Looks types up by short name ({@code address}), long name ({@code router.config.address}) or full name
 * ({@code org.apache.qpid.dispatch.router.config.address}), and knows the order a configuration is applied in.
 * Immutable.
 */
public final class EntitySchema {

    /** The prefix of full type names. */
    public static final String PREFIX = "org.apache.qpid.dispatch";

    /**
     * The documented load order: these section types first, in this order; then every other type; listeners and
     * connectors last, so that no traffic flows before the configuration is complete.
     */
    private static final List<String> LOAD_FIRST = List.of("log", "router", "policy", "sslProfile",
            "authServicePlugin", "address", "linkRoute", "autoLink", "exchange", "binding", "vhost");
    private static final List<String> LOAD_LAST = List.of("listener", "connector");

    private static final EntitySchema QDROUTERD = build();

    private final Map<String, EntityType> types;
    private final Map<String, EntityType> byAnyName;

    private EntitySchema(List<EntityType> all) {
        Map<String, EntityType> ordered = new LinkedHashMap<>();
        Map<String, EntityType> index = new HashMap<>();
        for (EntityType type : all) {
            ordered.put(type.longName(), type);
            index.put(type.longName(), type);
            index.put(type.fullName(), type);
            if (type.configuration()) {
                index.putIfAbsent(type.shortName(), type);
            }
        }
        this.types = Collections.unmodifiableMap(ordered);
        this.byAnyName = Map.copyOf(index);
    }

    /** The qdrouterd 1.19 schema, shared and immutable. */
    public static EntitySchema qdrouterd() {
        return QDROUTERD;
    }

    private static EntitySchema build() {
        List<EntityType> all = new ArrayList<>();
        all.addAll(RouterTypes.all());
        all.addAll(ConnectionTypes.all());
        all.addAll(AddressingTypes.all());
        all.addAll(OperationalTypes.all());
        return new EntitySchema(all);
    }

    /** Every type, by long name, in schema order. */
    public Map<String, EntityType> types() {
        return types;
    }

    /**
     * Finds a type by short name (configuration types only), long name or full name.
     *
     * @param name the name
     * @return the type, or null
     */
    public EntityType type(String name) {
        return byAnyName.get(name);
    }

    /** The short names of the configuration types, i.e. the sections a config file may have. */
    public List<String> sectionNames() {
        return types.values().stream().filter(EntityType::configuration).map(EntityType::shortName).toList();
    }

    /**
     * Where a type comes in the load order: smaller first.
     *
     * @param type a configuration type
     * @return its rank
     */
    public int loadRank(EntityType type) {
        int first = LOAD_FIRST.indexOf(type.shortName());
        if (first >= 0) {
            return first;
        }
        return LOAD_LAST.contains(type.shortName()) ? LOAD_FIRST.size() + 1 : LOAD_FIRST.size();
    }
}
