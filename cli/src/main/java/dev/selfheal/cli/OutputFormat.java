package dev.selfheal.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.util.Locale;

/** The {@code -o} formats: a table, a wider table, JSON or YAML. */
public enum OutputFormat {
    /** The default table. */
    TABLE,
    /** The table with more columns. */
    WIDE,
    /** JSON, the records as the healer stores them. */
    JSON,
    /** YAML, the same content as JSON. */
    YAML;

    private static final ObjectMapper JSON_MAPPER = mapper(new ObjectMapper());
    private static final ObjectMapper YAML_MAPPER = mapper(new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)));

    /** Parses {@code wide}, {@code json} or {@code yaml} (case-insensitive), naming the allowed values otherwise. */
    public static OutputFormat parse(String text) {
        return switch (text == null ? "" : text.toLowerCase(Locale.ROOT)) {
            case "", "table" -> TABLE;
            case "wide" -> WIDE;
            case "json" -> JSON;
            case "yaml" -> YAML;
            default -> throw new IllegalArgumentException("-o/--output must be one of wide, json, yaml, got '" + text + "'");
        };
    }

    /** Whether this is JSON or YAML. */
    public boolean structured() {
        return this == JSON || this == YAML;
    }

    /** The value as JSON or YAML text, ending with a newline. */
    public String write(Object value) {
        try {
            String s = (this == YAML ? YAML_MAPPER : JSON_MAPPER).writeValueAsString(value);
            return s.endsWith("\n") ? s : s + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + name().toLowerCase(Locale.ROOT) + ": " + e.getMessage(), e);
        }
    }

    private static ObjectMapper mapper(ObjectMapper m) {
        return m.registerModule(new JavaTimeModule()).disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .enable(SerializationFeature.INDENT_OUTPUT);
    }
}
