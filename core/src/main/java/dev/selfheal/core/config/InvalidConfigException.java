package dev.selfheal.core.config;

/** A configuration value is missing or out of range; the message names the field and what is allowed. */
public class InvalidConfigException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String field;

    /**
     * @param field the field path, such as {@code gates.maxUnhealthy}
     * @param message what is wrong and what is allowed
     */
    public InvalidConfigException(String field, String message) {
        super("invalid Selfheal configuration, field '" + field + "': " + message);
        this.field = field;
    }

    /** The offending field path. */
    public String field() {
        return field;
    }
}
