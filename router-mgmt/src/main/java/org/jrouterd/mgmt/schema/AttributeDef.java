package org.jrouterd.mgmt.schema;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One attribute of an entity type: its name, type, default, whether it is required, the old names it is still
 * accepted under, and whether jrouterd acts on it yet. Immutable; built with the static factories and {@link
 * Builder}.
 */
public final class AttributeDef {

    private final String name;
    private final AttributeType type;
    private final List<String> enumValues;
    private final Object defaultValue;
    private final boolean required;
    private final List<String> deprecatedNames;
    private final boolean creatable;
    private final boolean updatable;
    private final boolean deprecated;
    private final String deprecationAdvice;
    private final String noEffectReason;
    private final boolean hashAllowed;
    private final boolean secret;
    private final boolean implemented;
    private final Set<String> unimplementedValues;
    private final Long min;
    private final Long max;
    private final List<ValueRule> rules;
    private final String description;

    private AttributeDef(Builder b) {
        this.name = b.name;
        this.type = b.type;
        this.enumValues = List.copyOf(b.enumValues);
        this.defaultValue = b.defaultValue;
        this.required = b.required;
        this.deprecatedNames = List.copyOf(b.deprecatedNames);
        this.creatable = b.creatable;
        this.updatable = b.updatable;
        this.deprecated = b.deprecated;
        this.deprecationAdvice = b.deprecationAdvice;
        this.noEffectReason = b.noEffectReason;
        this.hashAllowed = b.hashAllowed;
        this.secret = b.secret;
        this.implemented = b.implemented;
        this.unimplementedValues = Collections.unmodifiableSet(new LinkedHashSet<>(b.unimplementedValues));
        this.min = b.min;
        this.max = b.max;
        this.rules = List.copyOf(b.rules);
        this.description = b.description;
    }

    /** A text attribute. */
    public static Builder string(String name) {
        return new Builder(name, AttributeType.STRING);
    }

    /** A whole-number attribute. */
    public static Builder integer(String name) {
        return new Builder(name, AttributeType.INTEGER);
    }

    /** A yes/no attribute. */
    public static Builder bool(String name) {
        return new Builder(name, AttributeType.BOOLEAN);
    }

    /** An attribute whose value is one of {@code values}. */
    public static Builder enumOf(String name, String... values) {
        Builder builder = new Builder(name, AttributeType.ENUM);
        builder.enumValues.addAll(List.of(values));
        return builder;
    }

    /** A map attribute (a nested JSON value in the config file). */
    public static Builder map(String name) {
        return new Builder(name, AttributeType.MAP);
    }

    /** A connection-properties map ({@code openProperties}). */
    public static Builder properties(String name) {
        return new Builder(name, AttributeType.PROPERTIES);
    }

    /** A list attribute. */
    public static Builder list(String name) {
        return new Builder(name, AttributeType.LIST);
    }

    /** A file-system path attribute. */
    public static Builder path(String name) {
        return new Builder(name, AttributeType.PATH);
    }

    /** A TCP port attribute. */
    public static Builder port(String name) {
        return new Builder(name, AttributeType.PORT);
    }

    /** A reference to another entity. */
    public static Builder entityId(String name) {
        return new Builder(name, AttributeType.ENTITY_ID);
    }

    /** The attribute's name, camelCase as qdrouterd 1.19 spells it. */
    public String name() {
        return name;
    }

    /** The attribute's type. */
    public AttributeType type() {
        return type;
    }

    /** For {@link AttributeType#ENUM}: the allowed names in schema order; otherwise empty. */
    public List<String> enumValues() {
        return enumValues;
    }

    /** The typed default value, or null when the attribute has none. */
    public Object defaultValue() {
        return defaultValue;
    }

    /** Tells whether a CREATE (or config section) must give the attribute. */
    public boolean required() {
        return required;
    }

    /** Old names still accepted for this attribute (e.g. {@code helloInterval} for {@code helloIntervalSeconds}). */
    public List<String> deprecatedNames() {
        return deprecatedNames;
    }

    /** Tells whether CREATE and the config file may set the attribute; false for read-only (operational) ones. */
    public boolean creatable() {
        return creatable;
    }

    /** Tells whether UPDATE may change the attribute. */
    public boolean updatable() {
        return updatable;
    }

    /** Tells whether the attribute itself is deprecated and has no replacement (it is accepted with a warning). */
    public boolean deprecated() {
        return deprecated;
    }

    /** What to write instead of a deprecated attribute (e.g. {@code use 'password: file:PATH'}), or null. */
    public String deprecationAdvice() {
        return deprecationAdvice;
    }

    /**
     * Why jrouterd accepts the attribute but does nothing with it (e.g. {@code SASL configuration files are not
     * supported yet}), or null when it acts on it. Such an attribute is accepted, as qdrouterd accepts it, and
     * the operator is warned wherever it is written: never silently ignored.
     */
    public String noEffectReason() {
        return noEffectReason;
    }

    /** Tells whether {@code #} inside the value is part of the value (a wildcard), not a comment. */
    public boolean hashAllowed() {
        return hashAllowed;
    }

    /** Tells whether the value is a secret that may be written as {@code env:VAR}, {@code file:path}, .... */
    public boolean secret() {
        return secret;
    }

    /** Tells whether the value is a JSON map that may span several lines in {@code qdrouterd.conf}. */
    public boolean nestedJson() {
        return type == AttributeType.MAP || type == AttributeType.PROPERTIES;
    }

    /**
     * Tells whether jrouterd acts on this attribute. Setting an unimplemented attribute to anything but its default
     * is refused, never silently ignored.
     */
    public boolean implemented() {
        return implemented;
    }

    /** For enums: the allowed values jrouterd does not act on yet (e.g. role {@code route-container}). */
    public Set<String> unimplementedValues() {
        return unimplementedValues;
    }

    /** The smallest allowed integer value, or null. */
    public Long min() {
        return min;
    }

    /** The largest allowed integer value, or null. */
    public Long max() {
        return max;
    }

    /** Extra checks on the typed value. */
    public List<ValueRule> rules() {
        return rules;
    }

    /** A one-line description (ours, not qdrouterd's text). */
    public String description() {
        return description;
    }

    @Override
    public String toString() {
        return name + ":" + type.name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Builds an {@link AttributeDef}; every setter returns the builder. */
    public static final class Builder {
        private final String name;
        private final AttributeType type;
        private final List<String> enumValues = new ArrayList<>();
        private Object defaultValue;
        private boolean required;
        private final List<String> deprecatedNames = new ArrayList<>();
        private boolean creatable = true;
        private boolean updatable;
        private boolean deprecated;
        private String deprecationAdvice;
        private String noEffectReason;
        private boolean hashAllowed;
        private boolean secret;
        private boolean implemented = true;
        private final Set<String> unimplementedValues = new LinkedHashSet<>();
        private Long min;
        private Long max;
        private final List<ValueRule> rules = new ArrayList<>();
        private String description = "";

        private Builder(String name, AttributeType type) {
            this.name = Objects.requireNonNull(name, "name");
            this.type = type;
        }

        /** Sets the default; integers may be given as {@code int}. */
        public Builder def(Object value) {
            this.defaultValue = value instanceof Integer i ? Long.valueOf(i) : value;
            return this;
        }

        /** Makes the attribute required. */
        public Builder required() {
            this.required = true;
            return this;
        }

        /** Adds old names accepted for this attribute. */
        public Builder alias(String... oldNames) {
            deprecatedNames.addAll(List.of(oldNames));
            return this;
        }

        /** Makes the attribute read-only (reported, never set by CREATE or the config file). */
        public Builder readOnly() {
            this.creatable = false;
            return this;
        }

        /** Lets UPDATE change the attribute. */
        public Builder updatable() {
            this.updatable = true;
            return this;
        }

        /** Marks the attribute itself deprecated. */
        public Builder deprecated() {
            this.deprecated = true;
            return this;
        }

        /** Marks the attribute itself deprecated, saying what to write instead (e.g. {@code use 'host'}). */
        public Builder deprecated(String advice) {
            this.deprecated = true;
            this.deprecationAdvice = Objects.requireNonNull(advice, "advice");
            return this;
        }

        /** Accepts the attribute but says, wherever it is written, that it has no effect in jrouterd and why. */
        public Builder noEffect(String reason) {
            this.noEffectReason = Objects.requireNonNull(reason, "reason");
            return this;
        }

        /** Lets {@code #} appear in the value (a wildcard, not a comment). */
        public Builder hashAllowed() {
            this.hashAllowed = true;
            return this;
        }

        /** Marks the value as a secret ({@code env:}, {@code file:}, {@code pass:}, {@code literal:}). */
        public Builder secret() {
            this.secret = true;
            return this;
        }

        /** Marks the attribute as not acted on by jrouterd yet. */
        public Builder notImplemented() {
            this.implemented = false;
            return this;
        }

        /** Marks some enum values as not acted on by jrouterd yet. */
        public Builder notImplementedValues(String... values) {
            unimplementedValues.addAll(List.of(values));
            return this;
        }

        /** Sets the smallest allowed integer. */
        public Builder min(long value) {
            this.min = value;
            return this;
        }

        /** Sets the largest allowed integer. */
        public Builder max(long value) {
            this.max = value;
            return this;
        }

        /** Adds an extra check. */
        public Builder rule(ValueRule rule) {
            rules.add(rule);
            return this;
        }

        /** Sets the one-line description. */
        public Builder doc(String text) {
            this.description = text;
            return this;
        }

        /** Builds the definition. */
        public AttributeDef build() {
            return new AttributeDef(this);
        }
    }
}
