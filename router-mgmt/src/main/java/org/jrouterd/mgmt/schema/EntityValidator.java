package org.jrouterd.mgmt.schema;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The one code path from written attributes to a checked {@link EntityCreate}: name normalisation, deprecated
 * aliases, types, ranges, secrets, required attributes, defaults, cross-attribute rules and — unless told to check
 * against the schema only — whether jrouterd implements what is asked. Used by the config parser now and by the
 * management agent's CREATE later. Stateless between calls; any thread may use it.
 */
public final class EntityValidator {

    private final SecretResolver secrets;
    private final boolean requireImplemented;

    /**
     * Creates a validator.
     *
     * @param secrets            resolves {@code env:} and {@code file:} passwords
     * @param requireImplemented true to refuse what jrouterd does not implement yet; false to check against
     *                           qdrouterd's schema only
     */
    public EntityValidator(SecretResolver secrets, boolean requireImplemented) {
        this.secrets = secrets;
        this.requireImplemented = requireImplemented;
    }

    /**
     * Checks one entity and fills in its defaults.
     *
     * @param type       the entity type (a configuration type)
     * @param entityLine where the entity starts (for problems of the whole entity)
     * @param written    the attributes in the order written
     * @param origin     where it came from, for {@link EntityCreate#origin()}; may be null
     * @param warnings   receives warnings: deprecated names and attributes, attributes without effect
     * @return the checked entity
     * @throws InvalidEntityException at the first problem
     */
    public EntityCreate validate(EntityType type, int entityLine, List<RawAttribute> written, String origin,
                                 List<Warning> warnings) throws InvalidEntityException {
        String section = type.shortName();
        checkType(type, entityLine);
        if (type.deprecated()) {
            warnings.add(new Warning(entityLine, section + " is deprecated in qdrouterd"));
        }
        Map<String, Object> values = new HashMap<>();
        Map<String, RawAttribute> seen = new HashMap<>();
        for (RawAttribute raw : written) {
            AttributeDef def = lookUp(type, raw);
            RawAttribute earlier = seen.putIfAbsent(def.name(), raw);
            if (earlier != null) {
                throw new InvalidEntityException(raw.line(), section + ": attribute '" + def.name() + "' is set twice"
                        + sameAs(earlier, raw) + (earlier.line() > 0 ? " (first at line " + earlier.line() + ")" : ""));
            }
            warnIfDeprecatedOrIgnored(section, def, raw, warnings);
            values.put(def.name(), checkValue(section, def, raw));
        }
        Map<String, Object> result = new LinkedHashMap<>();
        for (AttributeDef def : type.attributes().values()) {
            Object value = values.get(def.name());
            if (value == null && def.required()) {
                throw new InvalidEntityException(entityLine, section + ": missing required attribute '"
                        + def.name() + "'");
            }
            if (value == null && def.creatable()) {
                value = def.defaultValue();
            }
            if (value != null) {
                result.put(def.name(), value);
            }
        }
        for (EntityRule rule : type.rules()) {
            EntityRule.Problem problem = rule.check(result);
            if (problem != null) {
                RawAttribute at = problem.attribute() == null ? null : seen.get(problem.attribute());
                throw new InvalidEntityException(at == null ? entityLine : at.line(),
                        section + ": " + problem.message());
            }
        }
        Map<String, Integer> lines = new HashMap<>();
        seen.forEach((attribute, raw) -> lines.put(attribute, raw.line()));
        return new EntityCreate(type, result, values.keySet(), origin, lines);
    }

    /**
     * Checks that entities of a type may be created: it is a configuration type and, unless checking against the
     * schema only, jrouterd implements it.
     *
     * @param type       the type
     * @param entityLine where the entity starts
     * @throws InvalidEntityException if not
     */
    public void checkType(EntityType type, int entityLine) throws InvalidEntityException {
        if (!type.configuration()) {
            throw new InvalidEntityException(entityLine, type.shortName() + " is an operational entity type: the "
                    + "router reports it, it cannot be created");
        }
        if (requireImplemented && !type.implemented()) {
            throw new InvalidEntityException(entityLine, type.shortName() + " is not supported by jrouterd yet");
        }
    }

    /**
     * Finds the attribute a written name means (canonical, hyphenated, underscored or deprecated alias).
     *
     * @param type the entity type
     * @param raw  the written attribute
     * @return the attribute
     * @throws InvalidEntityException if the type has no such attribute, or it is read-only
     */
    public static AttributeDef lookUp(EntityType type, RawAttribute raw) throws InvalidEntityException {
        String section = type.shortName();
        String name = Names.camelCase(raw.writtenName());
        AttributeDef def = type.attribute(name);
        if (def == null) {
            String hint = Names.closest(name, type.allAttributeNames());
            throw new InvalidEntityException(raw.line(), section + ": unknown attribute '" + raw.writtenName() + "'"
                    + (hint == null ? "" : " (did you mean '" + hint + "'?)"));
        }
        if (!def.creatable()) {
            throw new InvalidEntityException(raw.line(), section + ": attribute '" + def.name()
                    + "' is read-only: the router reports it, it cannot be configured");
        }
        return def;
    }

    private static String sameAs(RawAttribute earlier, RawAttribute later) {
        return earlier.writtenName().equals(later.writtenName()) ? "" : " ('" + earlier.writtenName() + "' and '"
                + later.writtenName() + "' are the same attribute)";
    }

    /**
     * One warning per written attribute that needs one: a deprecated name (with its replacement), a deprecated
     * attribute (with what to do instead), and — when checking for running — an attribute jrouterd accepts but
     * does not act on (with why).
     */
    private void warnIfDeprecatedOrIgnored(String section, AttributeDef def, RawAttribute raw,
                                           List<Warning> warnings) {
        String name = Names.camelCase(raw.writtenName());
        String ignored = requireImplemented && def.noEffectReason() != null
                ? " has no effect in jrouterd (" + def.noEffectReason() + "); ignored" : null;
        if (!name.equals(def.name())) {
            warnings.add(new Warning(raw.line(), section + ": attribute '" + raw.writtenName()
                    + "' is deprecated, use '" + def.name() + "'" + (ignored == null ? "" : "; it" + ignored)));
        } else if (def.deprecated()) {
            warnings.add(new Warning(raw.line(), section + ": attribute '" + def.name() + "' is deprecated"
                    + (def.deprecationAdvice() == null ? "" : ": " + def.deprecationAdvice())
                    + (ignored == null ? "" : "; it" + ignored)));
        } else if (ignored != null) {
            warnings.add(new Warning(raw.line(), section + ": attribute '" + def.name() + "'" + ignored));
        }
    }

    private Object checkValue(String section, AttributeDef def, RawAttribute raw) throws InvalidEntityException {
        String prefix = section + ": attribute '" + def.name() + "': ";
        Object value;
        try {
            value = AttributeValues.coerce(def, raw.value());
        } catch (InvalidValueException e) {
            throw new InvalidEntityException(raw.line(), prefix + e.getMessage());
        }
        if (requireImplemented) {
            if (!def.implemented() && !Objects.equals(value, def.defaultValue())) {
                throw new InvalidEntityException(raw.line(), section + ": attribute '" + def.name()
                        + "' is not supported by jrouterd yet");
            }
            if (def.unimplementedValues().contains(value)) {
                throw new InvalidEntityException(raw.line(), prefix + "'" + value
                        + "' is not supported by jrouterd yet");
            }
        }
        if (def.secret()) {
            try {
                value = secrets.resolve((String) value);
            } catch (InvalidValueException e) {
                throw new InvalidEntityException(raw.line(), prefix + e.getMessage());
            }
        }
        return value;
    }

    /**
     * Something accepted but worth telling the operator, e.g. a deprecated attribute name.
     *
     * @param line    where (0 when there are no lines)
     * @param message what, naming the entity type and attribute
     */
    public record Warning(int line, String message) {
    }
}
