package dev.selfheal.agent.status;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Writes metrics in the Prometheus text exposition format (version 0.0.4): one {@code # HELP} and
 * {@code # TYPE} line per family, then its samples. Names and label names are checked; label values are escaped
 * (backslash, double quote, line feed); a family is declared once. Not thread-safe: one writer per scrape.
 * <pre>{@code
 * MetricsText m = new MetricsText();
 * m.family("selfheal_agent_component_up", "gauge", "1 when the component's probe passes")
 *  .sample("selfheal_agent_component_up", Map.of("component", "kubelet"), 1);
 * String body = m.text();
 * }</pre>
 */
public final class MetricsText {

    /** The content type of the text format. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    private static final Set<String> TYPES = Set.of("counter", "gauge", "untyped");

    private final StringBuilder out = new StringBuilder(1024);
    private final Set<String> declared = new LinkedHashSet<>();

    /**
     * Declares a family: its {@code # HELP} and {@code # TYPE} lines.
     *
     * @param type {@code counter}, {@code gauge} or {@code untyped}
     * @throws IllegalArgumentException for a bad name or type, or a family declared twice
     */
    public MetricsText family(String name, String type, String help) {
        checkName(name);
        if (!TYPES.contains(type)) {
            throw new IllegalArgumentException("metric type '" + type + "' is not allowed; allowed: " + TYPES);
        }
        if (!declared.add(name)) {
            throw new IllegalArgumentException("metric family '" + name + "' is declared twice");
        }
        out.append("# HELP ").append(name).append(' ').append(help.replace("\\", "\\\\").replace("\n", "\\n")).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
        return this;
    }

    /** A sample without labels. */
    public MetricsText sample(String name, double value) {
        return sample(name, Map.of(), value);
    }

    /**
     * A sample of a declared family; labels are written in the map's iteration order.
     *
     * @throws IllegalArgumentException for an undeclared family or a bad label name
     */
    public MetricsText sample(String name, Map<String, String> labels, double value) {
        if (!declared.contains(name)) {
            throw new IllegalArgumentException("metric '" + name + "' has no family; declare it with family() first");
        }
        out.append(name);
        if (!labels.isEmpty()) {
            out.append('{');
            String sep = "";
            for (Map.Entry<String, String> l : labels.entrySet()) {
                if (!LABEL.matcher(l.getKey()).matches() || l.getKey().startsWith("__")) {
                    throw new IllegalArgumentException("label name '" + l.getKey() + "' is not allowed; allowed: "
                            + "[a-zA-Z_][a-zA-Z0-9_]*, not starting with __");
                }
                out.append(sep).append(l.getKey()).append("=\"").append(escape(l.getValue())).append('"');
                sep = ",";
            }
            out.append('}');
        }
        return value(value);
    }

    /** The text written so far. */
    public String text() {
        return out.toString();
    }

    /** A value as Prometheus reads it: integers without a fraction, {@code NaN}, {@code +Inf}, {@code -Inf}. */
    static String number(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return Double.toString(v);
    }

    private MetricsText value(double v) {
        out.append(' ').append(number(v)).append('\n');
        return this;
    }

    private static String escape(String v) {
        return v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    private static void checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("metric name '" + name + "' is not allowed; allowed: [a-zA-Z_:][a-zA-Z0-9_:]*");
        }
    }
}
