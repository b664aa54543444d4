package org.jrouterd.mgmt.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jrouterd.mgmt.json.JsonReader;
import org.jrouterd.mgmt.json.JsonSyntaxException;
import org.jrouterd.mgmt.json.JsonValue;
import org.jrouterd.mgmt.schema.EntitySchema;
import org.jrouterd.mgmt.schema.EntityType;
import org.jrouterd.mgmt.schema.EntityValidator;
import org.jrouterd.mgmt.schema.InvalidEntityException;
import org.jrouterd.mgmt.schema.Names;
import org.jrouterd.mgmt.schema.RawAttribute;

/**
 * Reads the {@code .json} form: a JSON array of {@code ["type", {attributes}]} pairs, e.g.
 * {@code [["router", {"id": "A"}], ["listener", {"port": 5672}]]}. Types may be short ({@code address}), long
 * ({@code router.config.address}) or full names; names are normalised like the brace format's. {@code #} outside a
 * string starts a comment. Stateless apart from its inputs.
 */
final class JsonConfigSyntax {

    private final String file;
    private final String text;
    private final EntitySchema schema;
    private final EntityValidator validator;

    JsonConfigSyntax(String file, String text, EntitySchema schema, EntityValidator validator) {
        this.file = file;
        this.text = text;
        this.schema = schema;
        this.validator = validator;
    }

    void read(SectionSink sink) throws ConfigException {
        JsonValue root;
        try {
            root = JsonReader.parse(text, 1);
        } catch (JsonSyntaxException e) {
            throw new ConfigException(file, e.line(), "invalid JSON: " + e.getMessage());
        }
        if (!root.isArray()) {
            throw new ConfigException(file, root.line(), "a .json configuration must be a JSON array of "
                    + "[\"type\", {attributes}] pairs, not " + root.kind());
        }
        for (JsonValue pair : root.elements()) {
            sink.accept(section(pair));
        }
    }

    private RawSection section(JsonValue pair) throws ConfigException {
        if (!pair.isArray() || pair.elements().size() != 2 || !(pair.elements().get(0).value() instanceof String)
                || !pair.elements().get(1).isObject()) {
            throw new ConfigException(file, pair.line(), "expected a [\"type\", {attributes}] pair but found "
                    + (pair.isArray() ? "an array of " + pair.elements().size() + " elements that is not one"
                    : pair.kind()));
        }
        String written = (String) pair.elements().get(0).value();
        String name = Names.camelCase(written);
        EntityType type = schema.type(name);
        if (type == null || !type.configuration()) {
            String hint = Names.closest(name, schema.sectionNames());
            throw new ConfigException(file, pair.line(), "unknown entity type '" + written + "'"
                    + (hint == null ? "" : " (did you mean '" + hint + "'?)"));
        }
        try {
            validator.checkType(type, pair.line());
        } catch (InvalidEntityException e) {
            throw new ConfigException(file, e.line(), e.getMessage());
        }
        List<RawAttribute> attributes = new ArrayList<>();
        for (Map.Entry<String, JsonValue> member : pair.elements().get(1).members().entrySet()) {
            JsonValue value = member.getValue();
            attributes.add(new RawAttribute(member.getKey(), value.plain(), value.line()));
        }
        return new RawSection(type, pair.line(), attributes);
    }
}
