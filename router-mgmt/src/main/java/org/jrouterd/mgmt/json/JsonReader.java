package org.jrouterd.mgmt.json;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A recursive-descent reader for one JSON value, strict except that {@code #} outside a string starts a comment to
 * the end of the line. Duplicate object keys are an error. Each reader reads one text once; create a new one per
 * text.
 *
 * <pre>{@code
 * JsonValue whole = JsonReader.parse(text, 1);                  // the whole text is one value
 * JsonReader reader = new JsonReader(text, offset, line);       // or one value inside a larger text
 * JsonValue nested = reader.readValue();
 * int resumeAt = reader.offset();                               // first character after the value
 * }</pre>
 *
 * <p>Threads: one reader per parse, on the thread that parses (a cursor over one text); not thread-safe.
 */
public final class JsonReader {

    private static final int MAX_DEPTH = 64;

    private final String text;
    private int pos;
    private int line;
    private int depth;

    /**
     * Creates a reader positioned inside {@code text}.
     *
     * @param text   the text
     * @param offset where the value (or whitespace before it) starts
     * @param line   the 1-based line of {@code offset}
     */
    public JsonReader(String text, int offset, int line) {
        this.text = text;
        this.pos = offset;
        this.line = line;
    }

    /**
     * Parses a text that holds exactly one JSON value (and whitespace or comments around it).
     *
     * @param text      the text
     * @param firstLine the line number of the text's first line
     * @return the value
     * @throws JsonSyntaxException if the text is not one well-formed value
     */
    public static JsonValue parse(String text, int firstLine) throws JsonSyntaxException {
        JsonReader reader = new JsonReader(text, 0, firstLine);
        JsonValue value = reader.readValue();
        reader.skipBlank();
        if (reader.pos < text.length()) {
            throw reader.error("unexpected " + reader.describeNext() + " after the end of the JSON value");
        }
        return value;
    }

    /** The offset just after the last value read. */
    public int offset() {
        return pos;
    }

    /** The line of {@link #offset()}. */
    public int line() {
        return line;
    }

    /**
     * Reads the next value, skipping whitespace and comments before it.
     *
     * @return the value
     * @throws JsonSyntaxException if it is malformed or the text ends first
     */
    public JsonValue readValue() throws JsonSyntaxException {
        skipBlank();
        if (pos >= text.length()) {
            throw error("unexpected end of file: a JSON value is missing or not closed");
        }
        int startLine = line;
        char c = text.charAt(pos);
        switch (c) {
            case '{':
                return new JsonValue(readObject(), startLine);
            case '[':
                return new JsonValue(readArray(), startLine);
            case '"':
                return new JsonValue(readString(), startLine);
            case 't':
                readWord("true");
                return new JsonValue(Boolean.TRUE, startLine);
            case 'f':
                readWord("false");
                return new JsonValue(Boolean.FALSE, startLine);
            case 'n':
                readWord("null");
                return new JsonValue(null, startLine);
            default:
                if (c == '-' || (c >= '0' && c <= '9')) {
                    return new JsonValue(readNumber(), startLine);
                }
                throw error("expected a JSON value but found " + describeNext());
        }
    }

    private Map<String, JsonValue> readObject() throws JsonSyntaxException {
        enter();
        pos++;
        Map<String, JsonValue> members = new LinkedHashMap<>();
        skipBlank();
        if (peek() == '}') {
            pos++;
            depth--;
            return Collections.unmodifiableMap(members);
        }
        while (true) {
            skipBlank();
            if (peek() != '"') {
                throw error("expected a quoted key but found " + describeNext());
            }
            int keyLine = line;
            String key = readString();
            skipBlank();
            expect(':');
            JsonValue value = readValue();
            if (members.containsKey(key)) {
                throw new JsonSyntaxException(keyLine, "duplicate key \"" + key + "\"", false);
            }
            members.put(key, value);
            skipBlank();
            char next = peek();
            pos++;
            if (next == '}') {
                depth--;
                return Collections.unmodifiableMap(members);
            }
            if (next != ',') {
                pos--;
                throw error("expected ',' or '}' but found " + describeNext());
            }
        }
    }

    private List<JsonValue> readArray() throws JsonSyntaxException {
        enter();
        pos++;
        List<JsonValue> elements = new ArrayList<>();
        skipBlank();
        if (peek() == ']') {
            pos++;
            depth--;
            return Collections.unmodifiableList(elements);
        }
        while (true) {
            elements.add(readValue());
            skipBlank();
            char next = peek();
            pos++;
            if (next == ']') {
                depth--;
                return Collections.unmodifiableList(elements);
            }
            if (next != ',') {
                pos--;
                throw error("expected ',' or ']' but found " + describeNext());
            }
        }
    }

    private String readString() throws JsonSyntaxException {
        pos++;
        StringBuilder out = new StringBuilder();
        while (true) {
            if (pos >= text.length()) {
                throw error("unexpected end of file inside a string");
            }
            char c = text.charAt(pos++);
            if (c == '"') {
                return out.toString();
            }
            if (c == '\n' || c < 0x20) {
                pos--;
                throw error("unescaped control character or line break inside a string");
            }
            if (c != '\\') {
                out.append(c);
                continue;
            }
            if (pos >= text.length()) {
                throw error("unexpected end of file inside a string");
            }
            char escaped = text.charAt(pos++);
            switch (escaped) {
                case '"', '\\', '/' -> out.append(escaped);
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'u' -> out.append(readUnicodeEscape());
                default -> throw error("invalid escape '\\" + escaped + "' in a string");
            }
        }
    }

    private char readUnicodeEscape() throws JsonSyntaxException {
        if (pos + 4 > text.length()) {
            throw error("incomplete \\u escape in a string");
        }
        String hex = text.substring(pos, pos + 4);
        for (int i = 0; i < 4; i++) {
            if (Character.digit(hex.charAt(i), 16) < 0) {
                throw error("invalid \\u escape '\\u" + hex + "' in a string");
            }
        }
        pos += 4;
        return (char) Integer.parseInt(hex, 16);
    }

    private Object readNumber() throws JsonSyntaxException {
        int start = pos;
        if (peek() == '-') {
            pos++;
        }
        if (peek() == '0') {
            pos++;
        } else if (isDigit(peek())) {
            skipDigits();
        } else {
            throw error("invalid number: a digit must follow '-'");
        }
        boolean integral = true;
        if (peek() == '.') {
            integral = false;
            pos++;
            requireDigit("a digit must follow '.'");
            skipDigits();
        }
        if (peek() == 'e' || peek() == 'E') {
            integral = false;
            pos++;
            if (peek() == '+' || peek() == '-') {
                pos++;
            }
            requireDigit("a digit must follow the exponent");
            skipDigits();
        }
        String number = text.substring(start, pos);
        if (integral) {
            try {
                return Long.parseLong(number);
            } catch (NumberFormatException tooBig) {
                return Double.parseDouble(number);
            }
        }
        return Double.parseDouble(number);
    }

    private void requireDigit(String message) throws JsonSyntaxException {
        if (!isDigit(peek())) {
            throw error("invalid number: " + message);
        }
    }

    private void skipDigits() {
        while (isDigit(peek())) {
            pos++;
        }
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private void readWord(String word) throws JsonSyntaxException {
        if (!text.startsWith(word, pos)) {
            throw error("expected a JSON value but found " + describeNext());
        }
        pos += word.length();
    }

    private void expect(char wanted) throws JsonSyntaxException {
        if (peek() != wanted) {
            throw error("expected '" + wanted + "' but found " + describeNext());
        }
        pos++;
    }

    private void enter() throws JsonSyntaxException {
        if (++depth > MAX_DEPTH) {
            throw error("JSON nested deeper than " + MAX_DEPTH + " levels");
        }
    }

    /** Skips whitespace and {@code #} comments; counts lines. */
    private void skipBlank() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == '\n') {
                line++;
                pos++;
            } else if (c == ' ' || c == '\t' || c == '\r') {
                pos++;
            } else if (c == '#') {
                while (pos < text.length() && text.charAt(pos) != '\n') {
                    pos++;
                }
            } else {
                return;
            }
        }
    }

    private char peek() {
        return pos < text.length() ? text.charAt(pos) : '\0';
    }

    private String describeNext() {
        if (pos >= text.length()) {
            return "the end of the file";
        }
        char c = text.charAt(pos);
        if (c == '\n' || c == '\r') {
            return "the end of the line";
        }
        int end = pos + 1;
        while (end < text.length() && end - pos < 20 && Character.isLetterOrDigit(text.charAt(end))
                && Character.isLetterOrDigit(c)) {
            end++;
        }
        return "'" + text.substring(pos, end) + "'";
    }

    private JsonSyntaxException error(String message) {
        return new JsonSyntaxException(line, message, pos >= text.length());
    }
}
