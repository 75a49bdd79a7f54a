package dev.selfheal.config;

/** Rewrites every scalar value before it is interpreted, such as the node agent's {@code ${VAR}} expansion. */
@FunctionalInterface
public interface ValueFilter {

    /** Leaves values as they are. */
    ValueFilter NONE = (field, value) -> value;

    /**
     * @param field the field path, for errors
     * @param value the value as written
     * @return the value to interpret
     */
    String apply(String field, String value);
}
