package dev.selfheal.agent.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The agent's small JSON reader and writer. */
class JsonReaderTest {

    @Test
    void readsObjectsArraysStringsNumbersAndLiterals() {
        Object v = JsonReader.parse(" {\"a\": [1, -2.5e3, true, false, null], \"b\": {\"c\": \"x\\\"\\\\\\/\\n\\u00e9\\u2028\"},"
                + " \"big\": 12345678901234567890, \"e\": {}, \"l\": []} ");
        assertThat(Json.array(v, "a")).containsExactly(1L, new BigDecimal("-2.5e3"), true, false, null);
        assertThat(Json.text(v, null, "b", "c")).isEqualTo("x\"\\/\n\u00e9\u2028");
        assertThat(Json.object(v, "big")).isEmpty();
        assertThat(Json.text(v, null, "big")).isEqualTo("12345678901234567890");
        assertThat(Json.object(v, "e")).isEmpty();
        assertThat(Json.array(v, "l")).isEmpty();
        assertThat(Json.text(v, "none", "missing", "deeper")).isEqualTo("none");
        assertThat(Json.strings(v, "b")).containsExactly(Map.entry("c", "x\"\\/\n\u00e9\u2028"));
    }

    @Test
    void refusesBrokenTextNamingTheOffset() {
        for (String bad : List.of("", "{", "{\"a\" 1}", "[1,]", "{\"a\":1} x", "\"unterminated", "tru", "01x", "{\"a\":\"\u0001\"}")) {
            assertThatThrownBy(() -> JsonReader.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("not JSON: ").hasMessageContaining("at offset");
        }
        String deep = "[".repeat(JsonReader.MAX_DEPTH + 2) + "]".repeat(JsonReader.MAX_DEPTH + 2);
        assertThatThrownBy(() -> JsonReader.parse(deep)).hasMessageContaining("nested deeper than");
    }

    @Test
    void readsAStreamOfConcatenatedDocuments() throws IOException {
        JsonReader r = new JsonReader(new StringReader("{\"type\":\"ADDED\"}\n{\"type\":\"MODIFIED\"} {\"type\":\"BOOKMARK\"}\n"));
        List<String> types = new ArrayList<>();
        while (r.hasNext()) {
            types.add(Json.text(r.next(), null, "type"));
        }
        assertThat(types).containsExactly("ADDED", "MODIFIED", "BOOKMARK");
    }

    @Test
    void writesWhatItReadsBack() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("s", "tab\tquote\" back\\ nl\n ctl\u0001 sep\u2028");
        m.put("n", 42);
        m.put("list", List.of(true, "x", Map.of()));
        m.put("null", null);
        String json = JsonWriter.write(m);
        assertThat(json).startsWith("{\"s\":\"tab\\tquote\\\" back\\\\ nl\\n ctl\\u0001 sep\\u2028\",\"n\":42,");
        Map<String, Object> back = Json.object(JsonReader.parse(json));
        assertThat(back).containsEntry("s", m.get("s")).containsEntry("n", 42L).containsEntry("null", null);
        assertThat(back.get("list")).isEqualTo(List.of(true, "x", Map.of()));
        assertThatThrownBy(() -> JsonWriter.write(Map.of("x", new Object()))).hasMessageContaining("cannot write a Object");
    }
}
