package dev.selfheal.core.agent;

import com.fasterxml.jackson.databind.JsonNode;
import dev.selfheal.spi.DurationText;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One mapping of the agent's YAML configuration, read strictly: an unknown key is an error naming it and the
 * known ones, a value of the wrong kind names its field and what is allowed. Text values may use
 * {@code ${VAR}} for an environment variable (a DaemonSet passes the node name so).
 */
final class ConfigNode {

    private static final Pattern VAR = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");

    private final String path;
    private final JsonNode node;
    private final Map<String, String> env;

    ConfigNode(String path, JsonNode node, Set<String> known, Map<String, String> env) {
        this.path = path;
        this.node = node;
        this.env = env;
        if (!node.isObject()) {
            throw new AgentConfigException(path.isEmpty() ? "(document)" : path, "must be a mapping of keys to values");
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!known.contains(key)) {
                throw new AgentConfigException(field(key), "unknown key; known keys: " + new TreeSet<>(known));
            }
        }
    }

    String field(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    boolean has(String key) {
        JsonNode v = node.get(key);
        return v != null && !v.isNull();
    }

    Optional<String> text(String key) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        if (!v.isValueNode()) {
            throw new AgentConfigException(field(key), "must be a single value, not a list or mapping");
        }
        return Optional.of(expand(field(key), v.asText()));
    }

    String requiredText(String key, String allowed) {
        return text(key).filter(s -> !s.isBlank())
                .orElseThrow(() -> new AgentConfigException(field(key), "is required; allowed: " + allowed));
    }

    Optional<Path> path(String key) {
        return text(key).map(s -> {
            if (s.isBlank()) {
                throw new AgentConfigException(field(key), "must be a file or directory path, not blank");
            }
            return Path.of(s);
        });
    }

    Optional<Boolean> bool(String key) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        if (!v.isBoolean()) {
            throw new AgentConfigException(field(key), "'" + v.asText() + "' is not allowed; allowed: true or false");
        }
        return Optional.of(v.booleanValue());
    }

    Optional<Integer> integer(String key, int min, int max) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        if (!v.canConvertToInt() || !v.isIntegralNumber() || v.intValue() < min || v.intValue() > max) {
            throw new AgentConfigException(field(key), "'" + v.asText() + "' is not allowed; allowed: a whole number from "
                    + min + " to " + max);
        }
        return Optional.of(v.intValue());
    }

    Optional<Duration> duration(String key, Duration min, Duration max) {
        return text(key).map(s -> {
            Duration d = parseDuration(field(key), s);
            if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
                throw new AgentConfigException(field(key), s + " is out of range; allowed range " + min + " to " + max);
            }
            return d;
        });
    }

    List<String> strings(String key) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            return List.of();
        }
        if (!v.isArray()) {
            throw new AgentConfigException(field(key), "must be a list of text values");
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < v.size(); i++) {
            if (!v.get(i).isValueNode()) {
                throw new AgentConfigException(field(key) + "[" + i + "]", "must be a text value");
            }
            out.add(expand(field(key) + "[" + i + "]", v.get(i).asText()));
        }
        return out;
    }

    Map<String, String> map(String key) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            return Map.of();
        }
        if (!v.isObject()) {
            throw new AgentConfigException(field(key), "must be a mapping of names to text values");
        }
        Map<String, String> out = new LinkedHashMap<>();
        v.properties().forEach(e -> {
            if (!e.getValue().isValueNode()) {
                throw new AgentConfigException(field(key) + "." + e.getKey(), "must be a text value");
            }
            out.put(e.getKey(), expand(field(key) + "." + e.getKey(), e.getValue().asText()));
        });
        return out;
    }

    Optional<ConfigNode> child(String key, Set<String> known) {
        JsonNode v = node.get(key);
        return v == null || v.isNull() ? Optional.empty() : Optional.of(new ConfigNode(field(key), v, known, env));
    }

    List<ConfigNode> list(String key, Set<String> known) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            return List.of();
        }
        if (!v.isArray()) {
            throw new AgentConfigException(field(key), "must be a list of mappings");
        }
        List<ConfigNode> out = new ArrayList<>();
        for (int i = 0; i < v.size(); i++) {
            out.add(new ConfigNode(field(key) + "[" + i + "]", v.get(i), known, env));
        }
        return out;
    }

    /** An enum value by its lower-case, dash-separated id. */
    <E extends Enum<E>> Optional<E> choice(String key, Class<E> type) {
        return text(key).map(s -> {
            for (E e : type.getEnumConstants()) {
                if (idOf(e).equals(s)) {
                    return e;
                }
            }
            List<String> allowed = new ArrayList<>();
            for (E e : type.getEnumConstants()) {
                allowed.add(idOf(e));
            }
            throw new AgentConfigException(field(key), "'" + s + "' is not allowed; allowed: " + String.join(", ", allowed));
        });
    }

    static String idOf(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Parses a duration in the syntax of {@link DurationText}. */
    static Duration parseDuration(String field, String s) {
        return DurationText.parse(s).orElseThrow(() -> new AgentConfigException(field,
                "'" + s + "' is not a duration; allowed: " + DurationText.ALLOWED));
    }

    private String expand(String field, String value) {
        Matcher m = VAR.matcher(value);
        StringBuilder b = new StringBuilder();
        while (m.find()) {
            String v = env.get(m.group(1));
            if (v == null || v.isEmpty()) {
                throw new AgentConfigException(field, "uses ${" + m.group(1) + "}, which is not set in the environment");
            }
            m.appendReplacement(b, Matcher.quoteReplacement(v));
        }
        m.appendTail(b);
        return b.toString();
    }
}
