package dev.selfheal.agent.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reading values out of what {@link JsonReader} returns, forgiving as a path lookup is: a missing field or one of
 * another type reads as empty.
 */
public final class Json {

    private Json() {
    }

    /** The object at this path of field names, or an empty map. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> object(Object root, String... path) {
        Object v = at(root, path);
        return v instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    /** The array at this path, or an empty list. */
    @SuppressWarnings("unchecked")
    public static List<Object> array(Object root, String... path) {
        Object v = at(root, path);
        return v instanceof List<?> l ? (List<Object>) l : List.of();
    }

    /** The scalar at this path as text (numbers and booleans as written), or {@code otherwise}. */
    public static String text(Object root, String otherwise, String... path) {
        Object v = at(root, path);
        return v instanceof String || v instanceof Number || v instanceof Boolean ? v.toString() : otherwise;
    }

    /** The string-valued fields of the object at this path (others skipped). */
    public static Map<String, String> strings(Object root, String... path) {
        Map<String, String> out = new LinkedHashMap<>();
        object(root, path).forEach((k, v) -> {
            if (v instanceof String s) {
                out.put(k, s);
            }
        });
        return out;
    }

    private static Object at(Object root, String... path) {
        Object v = root;
        for (String p : path) {
            if (!(v instanceof Map<?, ?> m)) {
                return null;
            }
            v = m.get(p);
        }
        return v;
    }
}
