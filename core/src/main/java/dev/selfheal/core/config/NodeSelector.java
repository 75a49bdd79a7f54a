package dev.selfheal.core.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A node label selector of equality terms, as {@code kubectl get nodes -l} takes them: comma-separated terms, each
 * {@code key} (the label is present, with any value) or {@code key=value}; a node matches when every term does.
 *
 * @param text the selector as written, such as {@code node-role.kubernetes.io/control-plane}
 * @param terms the parsed terms
 */
public record NodeSelector(String text, List<Term> terms) {

    private static final String KEY = "([a-z0-9]([a-z0-9.-]*[a-z0-9])?/)?[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?";
    private static final String VALUE = "([A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?)?";
    private static final String ALLOWED = "comma-separated terms 'key' or 'key=value' of node label keys and values, "
            + "such as node-role.kubernetes.io/control-plane";

    /**
     * One term.
     *
     * @param key the label key
     * @param value the value it must have, or null when any value will do
     */
    public record Term(String key, String value) {
    }

    /** Copies the terms. */
    public NodeSelector {
        terms = List.copyOf(terms);
    }

    /**
     * Parses a selector.
     *
     * @param field the field it came from, for the error
     * @throws InvalidConfigException naming the field when the text is blank or a term is not a label key (and value)
     */
    public static NodeSelector parse(String field, String text) {
        if (text == null || text.isBlank()) {
            throw new InvalidConfigException(field, "is required; allowed: " + ALLOWED);
        }
        List<Term> terms = new ArrayList<>();
        for (String raw : text.split(",", -1)) {
            String t = raw.strip();
            int eq = t.indexOf('=');
            String key = eq < 0 ? t : t.substring(0, eq);
            String value = eq < 0 ? null : t.substring(eq + 1);
            if (!key.matches(KEY) || key.length() > 316 || value != null && (!value.matches(VALUE) || value.length() > 63)) {
                throw new InvalidConfigException(field, "'" + t + "' is not allowed; allowed: " + ALLOWED);
            }
            terms.add(new Term(key, value));
        }
        return new NodeSelector(text.strip(), terms);
    }

    /** Whether labels match every term. */
    public boolean matches(Map<String, String> labels) {
        for (Term t : terms) {
            String v = labels.get(t.key());
            if (v == null || t.value() != null && !t.value().equals(v)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return text;
    }
}
