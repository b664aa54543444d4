package org.jrouterd.mgmt.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonReaderTest {

    @Test
    void readsEveryKindOfValueWithTheLineItStartsOn() throws JsonSyntaxException {
        JsonValue value = JsonReader.parse("""
                {
                  "s": "a\\"b\\u0041\\n",
                  "i": -42,
                  "d": 1.5e3,
                  "t": true, "f": false, "n": null,
                  "list": [1, [2], {}],
                  "map": {"k": "v"}
                }
                """, 1);

        assertThat(value.plain()).isInstanceOf(Map.class);
        assertThat(((Map<?, ?>) value.plain()).get("list")).isEqualTo(List.of(1L, List.of(2L), Map.of()));
        Map<String, JsonValue> members = value.members();
        assertThat(members.get("s").value()).isEqualTo("a\"bA\n");
        assertThat(members.get("i").value()).isEqualTo(-42L);
        assertThat(members.get("d").value()).isEqualTo(1500.0);
        assertThat(members.get("n").value()).isNull();
        assertThat(members.get("list").line()).isEqualTo(6);
        assertThat(members.get("map").members().get("k").line()).isEqualTo(7);
        assertThat(members.keySet()).containsExactly("s", "i", "d", "t", "f", "n", "list", "map");
    }

    @Test
    void treatsHashOutsideStringsAsAComment() throws JsonSyntaxException {
        JsonValue value = JsonReader.parse("# header\n[\"a#b\", # note\n 2]\n", 1);

        assertThat(value.plain()).isEqualTo(List.of("a#b", 2L));
        assertThat(value.line()).isEqualTo(2);
    }

    @Test
    void reportsATrailingCommaAtItsLine() {
        assertThatThrownBy(() -> JsonReader.parse("[\n1,\n]", 1))
                .isInstanceOf(JsonSyntaxException.class)
                .hasMessage("expected a JSON value but found ']'")
                .extracting(e -> ((JsonSyntaxException) e).line()).isEqualTo(3);
    }

    @Test
    void reportsDuplicateKeys() {
        assertThatThrownBy(() -> JsonReader.parse("{\"a\": 1,\n \"a\": 2}", 1))
                .hasMessage("duplicate key \"a\"")
                .extracting(e -> ((JsonSyntaxException) e).line()).isEqualTo(2);
    }

    @Test
    void reportsAnUnclosedValueAsTheEndOfTheText() {
        assertThatThrownBy(() -> JsonReader.parse("{\"a\": [1, 2", 1))
                .isInstanceOfSatisfying(JsonSyntaxException.class, e -> assertThat(e.endOfText()).isTrue())
                .hasMessage("expected ',' or ']' but found the end of the file");
    }

    @Test
    void refusesALineBreakInsideAString() {
        assertThatThrownBy(() -> JsonReader.parse("\"ab\ncd\"", 1))
                .hasMessage("unescaped control character or line break inside a string");
    }

    @Test
    void refusesMalformedNumbersAndWords() {
        assertThatThrownBy(() -> JsonReader.parse("-", 1)).hasMessage("invalid number: a digit must follow '-'");
        assertThatThrownBy(() -> JsonReader.parse("1.", 1)).hasMessage("invalid number: a digit must follow '.'");
        assertThatThrownBy(() -> JsonReader.parse("yes", 1)).hasMessage("expected a JSON value but found 'yes'");
        assertThatThrownBy(() -> JsonReader.parse("1 2", 1))
                .hasMessage("unexpected '2' after the end of the JSON value");
    }

    @Test
    void readsOneValueInsideALargerTextAndSaysWhereItEnded() throws JsonSyntaxException {
        String text = "openProperties: {\n  \"a\": 1\n}\nnext: line";
        JsonReader reader = new JsonReader(text, text.indexOf('{'), 1);

        JsonValue value = reader.readValue();

        assertThat(value.plain()).isEqualTo(Map.of("a", 1L));
        assertThat(reader.line()).isEqualTo(3);
        assertThat(text.substring(reader.offset())).isEqualTo("\nnext: line");
    }
}
