package dev.selfheal.config;

import dev.selfheal.spi.ConfigText;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * One YAML mapping of a configuration, with its path for messages, read strictly. Its keys are text, each at
 * most once (a duplicate is an error naming it); merge keys ({@code <<}) are refused. Every getter reads one
 * value and validates it where it is read with the {@link ConfigText} rules, failing through the document's
 * {@link FieldErrors} with the field's path:
 * <ul>
 *   <li>a YAML null ({@code ~}, {@code null}, an empty value) is "not set": getters return empty, never the
 *       text {@code "null"}; a null inside a list is an error;</li>
 *   <li>a list or mapping where a single value belongs is an error, and so is a single value where a list or
 *       mapping belongs;</li>
 *   <li>aliases are resolved by the parser ({@link YamlDocument} bounds them), so an alias reads as the value
 *       it refers to.</li>
 * </ul>
 */
public final class ConfigMap {

    private final String path;
    private final Map<String, Node> entries;
    private final FieldErrors errors;
    private final ValueFilter filter;

    private ConfigMap(String path, Node node, FieldErrors errors, ValueFilter filter) {
        this.path = path;
        this.errors = errors;
        this.filter = filter;
        if (!(node instanceof MappingNode m)) {
            throw errors.error(path.isEmpty() ? YamlDocument.DOCUMENT : path, "must be a mapping of keys to values, not "
                    + kind(node));
        }
        this.entries = entries(m);
    }

    static ConfigMap root(Node node, FieldErrors errors, ValueFilter filter) {
        ConfigMap root = new ConfigMap("", node, errors, filter);
        root.checkTree(node, "", java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>()));
        return root;
    }

    /**
     * Checks the keys of every mapping in the document at once (duplicates, merge keys, keys that are not text),
     * so that a mistake is reported even where the reader would not look; each node is visited once, aliases
     * included.
     */
    private void checkTree(Node node, String at, Set<Node> visited) {
        if (!visited.add(node)) {
            return;
        }
        if (node instanceof MappingNode m) {
            new ConfigMap(at, m, errors, filter).entries.forEach((k, v) -> checkTree(v, at.isEmpty() ? k : at + "." + k, visited));
        } else if (node instanceof SequenceNode s) {
            for (int i = 0; i < s.getValue().size(); i++) {
                checkTree(s.getValue().get(i), at + "[" + i + "]", visited);
            }
        }
    }

    /** Refuses any key outside {@code known}, naming it and the known ones; returns this. */
    public ConfigMap known(Set<String> known) {
        for (String key : entries.keySet()) {
            if (!known.contains(key)) {
                throw errors.error(field(key), "unknown key; known keys here: " + new TreeSet<>(known));
            }
        }
        return this;
    }

    /** The path of this mapping, such as {@code components[2].probe}; empty for the document. */
    public String path() {
        return path;
    }

    /** The path of one of its keys. */
    public String field(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    /** An error of one of its keys. */
    public RuntimeException error(String key, String message) {
        return errors.error(field(key), message);
    }

    /** The keys present, in the document's order (null values included). */
    public Set<String> keys() {
        return entries.keySet();
    }

    /** Whether a key is present with a value other than null. */
    public boolean has(String key) {
        return node(key) != null;
    }

    /** Whether a key holds a list or a mapping. */
    public boolean isNested(String key) {
        Node n = node(key);
        return n instanceof MappingNode || n instanceof SequenceNode;
    }

    /** A single value as one line of text, when set; refuses lists, mappings and control characters. */
    public Optional<String> text(String key) {
        return scalar(field(key), node(key));
    }

    /** A single value that must be set and not blank. */
    public String requiredText(String key, String allowed) {
        return text(key).filter(s -> !s.isBlank())
                .orElseThrow(() -> error(key, "is required; allowed: " + allowed));
    }

    /** {@code true} or {@code false}, when set. */
    public Optional<Boolean> bool(String key) {
        return text(key).map(v -> ConfigText.bool(v, at(key)));
    }

    /** A whole number from {@code min} to {@code max} (ASCII digits, optional sign), when set. */
    public Optional<Integer> integer(String key, int min, int max) {
        return text(key).map(v -> ConfigText.integer(v, min, max, at(key)));
    }

    /** A duration ({@link dev.selfheal.spi.DurationText}) within the bounds (null: none), when set. */
    public Optional<Duration> duration(String key, Duration min, Duration max) {
        return text(key).map(v -> ConfigText.duration(v, min, max, at(key)));
    }

    /** A file or folder path, when set; refuses blank text, control characters and unrepresentable paths. */
    public Optional<Path> path(String key) {
        return text(key).map(v -> ConfigText.path(v, at(key)));
    }

    /** An absolute URL with a host and a port from 1 to 65535 if any, of one of {@code schemes} (empty: any). */
    public Optional<URI> url(String key, Set<String> schemes) {
        return text(key).map(v -> ConfigText.url(v, schemes, at(key)));
    }

    /** One of the given values by its id (as {@code ids} names them), when set; an error lists the allowed ids. */
    public <E> Optional<E> choice(String key, E[] values, Function<E, String> ids) {
        return text(key).map(s -> {
            List<String> allowed = new ArrayList<>();
            for (E e : values) {
                if (ids.apply(e).equals(s)) {
                    return e;
                }
                allowed.add(ids.apply(e));
            }
            throw error(key, ConfigText.quote(s) + " is not allowed; allowed: " + String.join(", ", allowed));
        });
    }

    /** A list of single values, when set; a null, list or mapping in it is an error naming its index. */
    public Optional<List<String>> strings(String key) {
        Node n = node(key);
        if (n == null) {
            return Optional.empty();
        }
        List<String> out = new ArrayList<>();
        List<Node> items = sequence(field(key), n, "a list of single values");
        for (int i = 0; i < items.size(); i++) {
            String f = field(key) + "[" + i + "]";
            out.add(scalar(f, items.get(i)).orElseThrow(() -> errors.error(f, "is null; allowed: a single value")));
        }
        return Optional.of(List.copyOf(out));
    }

    /** A mapping of single values, when set; entries whose value is null are left out (not set). */
    public Optional<Map<String, String>> texts(String key) {
        return child(key).map(c -> {
            Map<String, String> out = new LinkedHashMap<>();
            for (String k : c.keys()) {
                c.text(k).ifPresent(v -> out.put(k, v));
            }
            return out;
        });
    }

    /** A nested mapping, when set. */
    public Optional<ConfigMap> child(String key) {
        Node n = node(key);
        return n == null ? Optional.empty() : Optional.of(new ConfigMap(field(key), n, errors, filter));
    }

    /** A nested mapping with only the known keys, when set. */
    public Optional<ConfigMap> child(String key, Set<String> known) {
        return child(key).map(c -> c.known(known));
    }

    /** A list of mappings with only the known keys; empty when not set. */
    public List<ConfigMap> children(String key, Set<String> known) {
        Node n = node(key);
        if (n == null) {
            return List.of();
        }
        List<ConfigMap> out = new ArrayList<>();
        List<Node> items = sequence(field(key), n, "a list of mappings");
        for (int i = 0; i < items.size(); i++) {
            String f = field(key) + "[" + i + "]";
            if (isNull(items.get(i))) {
                throw errors.error(f, "is null; allowed: a mapping of keys to values");
            }
            out.add(new ConfigMap(f, items.get(i), errors, filter).known(known));
        }
        return out;
    }

    private Function<String, RuntimeException> at(String key) {
        String f = field(key);
        return m -> errors.error(f, m);
    }

    private Node node(String key) {
        Node n = entries.get(key);
        return n == null || isNull(n) ? null : n;
    }

    private Optional<String> scalar(String field, Node n) {
        if (n == null || isNull(n)) {
            return Optional.empty();
        }
        if (!(n instanceof ScalarNode s)) {
            throw errors.error(field, "must be a single value, not " + kind(n));
        }
        String value = filter.apply(field, s.getValue());
        return Optional.of(ConfigText.line(value, m -> errors.error(field, m)));
    }

    private List<Node> sequence(String field, Node n, String allowed) {
        if (!(n instanceof SequenceNode s)) {
            throw errors.error(field, "must be " + allowed + ", not " + kind(n));
        }
        return s.getValue();
    }

    private Map<String, Node> entries(MappingNode m) {
        Map<String, Node> out = new LinkedHashMap<>();
        for (NodeTuple t : m.getValue()) {
            Node k = t.getKeyNode();
            if (k.getTag().equals(Tag.MERGE)) {
                throw errors.error(field("<<"), "merge keys are not supported; allowed: repeat the keys, or use an alias"
                        + " (*name) for the whole value");
            }
            if (!(k instanceof ScalarNode s) || isNull(k)) {
                throw errors.error(path.isEmpty() ? YamlDocument.DOCUMENT : path, "has a key that is " + kind(k)
                        + "; allowed: text keys");
            }
            String key = ConfigText.line(s.getValue(), msg -> errors.error(field(ConfigText.quote(s.getValue())), "key " + msg));
            if (out.containsKey(key)) {
                throw errors.error(field(key), "is given twice (line " + (k.getStartMark().getLine() + 1)
                        + "); allowed: each key once");
            }
            out.put(key, t.getValueNode());
        }
        return out;
    }

    private static boolean isNull(Node n) {
        return n instanceof ScalarNode && n.getTag().equals(Tag.NULL);
    }

    private static String kind(Node n) {
        if (n instanceof MappingNode) {
            return "a mapping";
        }
        if (n instanceof SequenceNode) {
            return "a list";
        }
        return isNull(n) ? "null" : "a single value";
    }
}
