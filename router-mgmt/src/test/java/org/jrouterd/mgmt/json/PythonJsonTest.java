package org.jrouterd.mgmt.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** json.dumps and json.loads as qdmanage uses them; expected texts printed by Python 3.11. */
class PythonJsonTest {

    private static Map<String, Object> sample() {
        Map<String, Object> inner = new LinkedHashMap<>();
        inner.put("b", null);
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("a", Arrays.asList(1L, inner));
        map.put("c", List.of());
        map.put("d", Map.of());
        map.put("e", 1e16);
        map.put("f", 0.1);
        map.put("g", "\u00e9\u0001/");
        return map;
    }

    @Test
    void indentsAsPythonDoes() {
        assertThat(PythonJson.dumps(sample(), 2)).isEqualTo("""
                {
                  "a": [
                    1,
                    {
                      "b": null
                    }
                  ],
                  "c": [],
                  "d": {},
                  "e": 1e+16,
                  "f": 0.1,
                  "g": "\\u00e9\\u0001/"
                }""");
    }

    @Test
    void writesOneLineWithoutIndentAndNewlinesOnlyWithIndentZero() {
        Map<String, Object> map = Map.of("a", List.of(1L, 2L));
        assertThat(PythonJson.dumps(map, null)).isEqualTo("{\"a\": [1, 2]}");
        assertThat(PythonJson.dumps(map, 0)).isEqualTo("{\n\"a\": [\n1,\n2\n]\n}");
    }

    @Test
    void floatsAsPythonsRepr() {
        assertThat(PythonJson.floatRepr(1.0)).isEqualTo("1.0");
        assertThat(PythonJson.floatRepr(1e15)).isEqualTo("1000000000000000.0");
        assertThat(PythonJson.floatRepr(0.0001)).isEqualTo("0.0001");
        assertThat(PythonJson.floatRepr(0.00001)).isEqualTo("1e-05");
        assertThat(PythonJson.floatRepr(-2.5e-7)).isEqualTo("-2.5e-07");
    }

    @Test
    void refusesBytesAsPythonDoes() {
        assertThatThrownBy(() -> PythonJson.dumps(new byte[] {1}, 2))
                .hasMessage("Object of type bytes is not JSON serializable");
    }

    @Test
    void readsJsonKeepingOrder() {
        Object value = PythonJson.loads(" {\"z\": 1, \"a\": [true, null, 2.5, \"x\\\"y\"]} ");
        assertThat(PythonJson.dumps(value, null)).isEqualTo("{\"z\": 1, \"a\": [true, null, 2.5, \"x\\\"y\"]}");
        assertThatThrownBy(() -> PythonJson.loads("{bad")).isInstanceOf(PythonJson.JsonException.class);
    }
}
