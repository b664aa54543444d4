package org.jrouterd.mgmt.schema;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One entity type: its names, whether it is a singleton or a configuration type, whether jrouterd implements it
 * yet, and its attributes. Immutable.
 *
 * <p>Names: the <em>short</em> name is the config-file section ({@code address}); the <em>long</em> name is
 * qdrouterd's schema name ({@code router.config.address}); the <em>full</em> name adds the prefix
 * ({@code org.apache.qpid.dispatch.router.config.address}), as management requests carry it.
 */
public final class EntityType {

    private final String shortName;
    private final String longName;
    private final String extendsType;
    private final boolean singleton;
    private final boolean implemented;
    private final boolean deprecated;
    private final List<String> operations;
    private final Map<String, AttributeDef> attributes;
    private final Map<String, AttributeDef> byAnyName;
    private final List<EntityRule> rules;
    private final String description;

    private EntityType(Builder b) {
        this.shortName = b.shortName;
        this.longName = b.longName;
        this.extendsType = b.extendsType;
        this.singleton = b.singleton;
        this.implemented = b.implemented;
        this.deprecated = b.deprecated;
        this.operations = List.copyOf(b.operations);
        this.attributes = Collections.unmodifiableMap(new LinkedHashMap<>(b.attributes));
        Map<String, AttributeDef> index = new HashMap<>();
        for (AttributeDef def : b.attributes.values()) {
            index.put(def.name(), def);
        }
        for (AttributeDef def : b.attributes.values()) {
            for (String alias : def.deprecatedNames()) {
                if (index.putIfAbsent(alias, def) != null) {
                    throw new IllegalStateException(longName + ": alias " + alias + " is already a name");
                }
            }
        }
        this.byAnyName = Map.copyOf(index);
        this.rules = List.copyOf(b.rules);
        this.description = b.description;
    }

    /**
     * Starts a configuration type.
     *
     * @param longName qdrouterd's name without the prefix, e.g. {@code listener} or {@code router.config.address}
     * @return the builder
     */
    public static Builder configuration(String longName) {
        return new Builder(longName, "configurationEntity");
    }

    /**
     * Starts an operational (read-only, runtime) type.
     *
     * @param longName e.g. {@code router.link}
     * @return the builder
     */
    public static Builder operational(String longName) {
        return new Builder(longName, "operationalEntity");
    }

    /** The config-file section name: {@code address} for {@code router.config.address}. */
    public String shortName() {
        return shortName;
    }

    /** qdrouterd's schema name without the prefix, e.g. {@code router.config.address}. */
    public String longName() {
        return longName;
    }

    /** The name management requests carry, e.g. {@code org.apache.qpid.dispatch.router.config.address}. */
    public String fullName() {
        return longName.startsWith("org.") ? longName : EntitySchema.PREFIX + "." + longName;
    }

    /** The base type: {@code configurationEntity} or {@code operationalEntity}. */
    public String extendsType() {
        return extendsType;
    }

    /** Tells whether this is a configuration type (one that a config file section may create). */
    public boolean configuration() {
        return "configurationEntity".equals(extendsType);
    }

    /** Tells whether at most one entity of this type may exist. */
    public boolean singleton() {
        return singleton;
    }

    /** Tells whether jrouterd implements this type yet. */
    public boolean implemented() {
        return implemented;
    }

    /** Tells whether the type is deprecated in qdrouterd. */
    public boolean deprecated() {
        return deprecated;
    }

    /** The management operations the type supports, beyond READ. */
    public List<String> operations() {
        return operations;
    }

    /** All attributes in schema order, by canonical name. */
    public Map<String, AttributeDef> attributes() {
        return attributes;
    }

    /**
     * Finds an attribute by its canonical name or a deprecated alias (both already camelCase).
     *
     * @param name the name
     * @return the attribute, or null
     */
    public AttributeDef attribute(String name) {
        return byAnyName.get(name);
    }

    /** Every name an attribute is known by (canonical and aliases), for suggestions. */
    public Collection<String> allAttributeNames() {
        return byAnyName.keySet();
    }

    /** Checks across attributes, applied after each attribute has been checked. */
    public List<EntityRule> rules() {
        return rules;
    }

    /** A one-line description. */
    public String description() {
        return description;
    }

    @Override
    public String toString() {
        return longName;
    }

    /** Builds an {@link EntityType}. */
    public static final class Builder {
        private final String longName;
        private final String shortName;
        private final String extendsType;
        private boolean singleton;
        private boolean implemented;
        private boolean deprecated;
        private final List<String> operations = new ArrayList<>();
        private final Map<String, AttributeDef> attributes = new LinkedHashMap<>();
        private final List<EntityRule> rules = new ArrayList<>();
        private String description = "";

        private Builder(String longName, String extendsType) {
            this.longName = longName;
            this.shortName = longName.startsWith("router.config.")
                    ? longName.substring("router.config.".length()) : longName;
            this.extendsType = extendsType;
            attribute(AttributeDef.string("name").doc("Unique name, optionally given by the user."));
            attribute(AttributeDef.string("identity").readOnly().doc("Unique identity, assigned by the router."));
        }

        /** Makes the type a singleton. */
        public Builder singleton() {
            this.singleton = true;
            return this;
        }

        /** Marks the type as implemented by jrouterd. */
        public Builder implemented() {
            this.implemented = true;
            return this;
        }

        /** Marks the type deprecated. */
        public Builder deprecated() {
            this.deprecated = true;
            return this;
        }

        /** Sets the management operations (beyond READ). */
        public Builder operations(String... names) {
            operations.addAll(List.of(names));
            return this;
        }

        /** Adds (or replaces) an attribute. */
        public Builder attribute(AttributeDef.Builder def) {
            AttributeDef built = def.build();
            attributes.put(built.name(), built);
            return this;
        }

        /** Adds a cross-attribute check. */
        public Builder rule(EntityRule rule) {
            rules.add(rule);
            return this;
        }

        /** Sets the one-line description. */
        public Builder doc(String text) {
            this.description = text;
            return this;
        }

        /** Builds the type. */
        public EntityType build() {
            return new EntityType(this);
        }
    }
}
