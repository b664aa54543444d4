package org.jrouterd.mgmt.config;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jrouterd.mgmt.json.JsonReader;
import org.jrouterd.mgmt.json.JsonSyntaxException;
import org.jrouterd.mgmt.json.JsonValue;
import org.jrouterd.mgmt.schema.AttributeDef;
import org.jrouterd.mgmt.schema.EntitySchema;
import org.jrouterd.mgmt.schema.EntityType;
import org.jrouterd.mgmt.schema.EntityValidator;
import org.jrouterd.mgmt.schema.InvalidEntityException;
import org.jrouterd.mgmt.schema.Names;
import org.jrouterd.mgmt.schema.RawAttribute;

/**
 * Reads the brace format of {@code qdrouterd.conf}:
 *
 * <pre>
 * listener {                 # a section: its name, then '{' at the end of the line
 *     host: 0.0.0.0          # one 'attribute: value' per line; '#' starts a comment
 *     sasl-mechanisms: ANONYMOUS
 * }                          # '}' alone on its line
 * address {
 *     pattern: a/#/b         # in pattern, bindingKey and hostname '#' is a wildcard: the value is one word
 * }
 * connector {
 *     openProperties: {      # openProperties and vhost groups take a JSON map that may span lines
 *         "tenant": "blue"
 *     }
 * }
 * </pre>
 *
 * Sections are handed to a {@link SectionSink} as soon as each closes. Not thread-safe; one instance per file.
 */
final class ConfSyntax {

    private static final Pattern HEADER = Pattern.compile("([\\w-]+)\\s*\\{");
    private static final Pattern ATTRIBUTE = Pattern.compile("([\\w$-]+)\\s*:(.*)", Pattern.DOTALL);
    private static final Pattern BARE_WORD = Pattern.compile("[\\w-]+");
    private static final Pattern ONE_LINE_SECTION = Pattern.compile("([\\w-]+)\\s*\\{.*}");

    private final String file;
    private final String text;
    private final EntitySchema schema;
    private final EntityValidator validator;

    private EntityType sectionType;
    private int sectionLine;
    private List<RawAttribute> attributes;

    ConfSyntax(String file, String text, EntitySchema schema, EntityValidator validator) {
        this.file = file;
        this.text = text;
        this.schema = schema;
        this.validator = validator;
    }

    void read(SectionSink sink) throws ConfigException {
        int offset = 0;
        int line = 1;
        while (offset < text.length()) {
            int end = text.indexOf('\n', offset);
            if (end < 0) {
                end = text.length();
            }
            String content = text.substring(offset, end).strip();
            int next = end + 1;
            int nextLine = line + 1;
            if (!content.isEmpty() && !content.startsWith("#")) {
                if (sectionType == null) {
                    readOutsideSection(content, line);
                } else {
                    int[] resume = readInsideSection(content, offset, line, sink);
                    if (resume != null) {
                        next = resume[0];
                        nextLine = resume[1];
                    }
                }
            }
            offset = next;
            line = nextLine;
        }
        if (sectionType != null) {
            throw error(sectionLine, sectionType.shortName() + ": section is not closed: missing '}' for the '{' "
                    + "on this line");
        }
    }

    private void readOutsideSection(String content, int line) throws ConfigException {
        String code = stripComment(content);
        Matcher header = HEADER.matcher(code);
        if (header.matches()) {
            openSection(header.group(1), line);
            return;
        }
        if (code.equals("}")) {
            throw error(line, "unexpected '}': no section is open");
        }
        Matcher attribute = ATTRIBUTE.matcher(code);
        if (attribute.matches()) {
            throw error(line, "attribute '" + attribute.group(1).strip() + "' is outside a section: put it inside "
                    + "a section such as 'listener { ... }'");
        }
        if (BARE_WORD.matcher(code).matches()) {
            throw error(line, "section '" + code + "' must be followed by '{' on the same line");
        }
        Matcher oneLine = ONE_LINE_SECTION.matcher(code);
        if (oneLine.matches()) {
            throw error(line, "section '" + oneLine.group(1) + "' must end its first line with '{' and close with "
                    + "'}' on a line of its own");
        }
        throw error(line, "expected a section such as 'listener {' but found '" + code + "'");
    }

    private void openSection(String writtenName, int line) throws ConfigException {
        String name = Names.camelCase(writtenName);
        EntityType type = schema.type(name);
        if (type == null || !type.configuration() || !type.shortName().equals(name)) {
            String hint = Names.closest(name, schema.sectionNames());
            throw error(line, "unknown section '" + writtenName + "'"
                    + (hint == null ? "" : " (did you mean '" + hint + "'?)"));
        }
        try {
            validator.checkType(type, line);
        } catch (InvalidEntityException e) {
            throw error(e.line(), e.getMessage());
        }
        sectionType = type;
        sectionLine = line;
        attributes = new ArrayList<>();
    }

    /** Reads one line inside a section; returns {offset, line} to resume at when a nested value spanned lines. */
    private int[] readInsideSection(String content, int lineOffset, int line, SectionSink sink)
            throws ConfigException {
        String section = sectionType.shortName();
        Matcher attribute = ATTRIBUTE.matcher(content);
        if (attribute.matches()) {
            String writtenName = attribute.group(1);
            AttributeDef def = attributeFor(writtenName, line);
            String rest = attribute.group(2);
            if (def.hashAllowed()) {
                attributes.add(new RawAttribute(writtenName, oneWord(section, def, rest, line), line));
                return null;
            }
            String value = stripComment(rest).strip();
            if (value.startsWith("{")) {
                if (!def.nestedJson()) {
                    throw error(line, section + ": attribute '" + def.name() + "' takes a single value, not a "
                            + "nested '{ ... }' map");
                }
                int brace = text.indexOf('{', text.indexOf(':', lineOffset));
                return readNestedJson(def, brace, line, writtenName);
            }
            if (value.isEmpty()) {
                throw error(line, section + ": attribute '" + def.name() + "' has no value");
            }
            if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                throw error(line, section + ": attribute '" + def.name() + "': values are not quoted in "
                        + "qdrouterd.conf; write " + value.substring(1, value.length() - 1) + " without the quotes");
            }
            attributes.add(new RawAttribute(writtenName, value, line));
            return null;
        }
        String code = stripComment(content);
        if (code.equals("}")) {
            RawSection done = new RawSection(sectionType, sectionLine, List.copyOf(attributes));
            sectionType = null;
            attributes = null;
            sink.accept(done);
            return null;
        }
        if (HEADER.matcher(code).matches()) {
            throw error(line, "section '" + code.substring(0, code.length() - 1).strip() + "' starts inside section '"
                    + section + "' opened at line " + sectionLine + ": is a '}' missing?");
        }
        throw error(line, section + ": expected 'attribute: value' or '}' but found '" + code + "'");
    }

    private AttributeDef attributeFor(String writtenName, int line) throws ConfigException {
        try {
            return EntityValidator.lookUp(sectionType, new RawAttribute(writtenName, null, line));
        } catch (InvalidEntityException e) {
            throw error(e.line(), e.getMessage());
        }
    }

    /** pattern, bindingKey, hostname: '#' belongs to the value, which is one word; a comment may follow a space. */
    private String oneWord(String section, AttributeDef def, String rest, int line) throws ConfigException {
        String stripped = rest.strip();
        if (stripped.isEmpty()) {
            throw error(line, section + ": attribute '" + def.name() + "' has no value");
        }
        String[] parts = stripped.split("\\s+", 2);
        if (parts.length == 2 && !parts[1].startsWith("#")) {
            throw error(line, section + ": attribute '" + def.name() + "': the value must be one word, but found '"
                    + stripped + "' ('#' is part of a " + def.name() + "; a comment must start after a space)");
        }
        return parts[0];
    }

    private int[] readNestedJson(AttributeDef def, int braceOffset, int line, String writtenName)
            throws ConfigException {
        String section = sectionType.shortName();
        JsonReader reader = new JsonReader(text, braceOffset, line);
        JsonValue value;
        try {
            value = reader.readValue();
        } catch (JsonSyntaxException e) {
            if (e.endOfText()) {
                throw error(line, section + ": attribute '" + def.name() + "': the JSON value that starts on this "
                        + "line is never closed");
            }
            throw error(e.line(), section + ": attribute '" + def.name() + "': invalid JSON: " + e.getMessage());
        }
        int end = text.indexOf('\n', reader.offset());
        if (end < 0) {
            end = text.length();
        }
        String after = stripComment(text.substring(reader.offset(), end)).strip();
        if (!after.isEmpty()) {
            throw error(reader.line(), section + ": attribute '" + def.name() + "': unexpected '" + after
                    + "' after the JSON value");
        }
        attributes.add(new RawAttribute(writtenName, value.plain(), line));
        return new int[] {end + 1, reader.line() + 1};
    }

    private static String stripComment(String content) {
        int hash = content.indexOf('#');
        return (hash < 0 ? content : content.substring(0, hash)).strip();
    }

    private ConfigException error(int line, String message) {
        return new ConfigException(file, line, message);
    }
}
