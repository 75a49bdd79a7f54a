package dev.selfheal.core.config;

import java.time.Duration;

/** Checks used by the config records; each failure names the field and the allowed range. */
final class Validate {

    private Validate() {
    }

    static Duration duration(String field, Duration value, Duration min, Duration max) {
        if (value == null) {
            throw new InvalidConfigException(field, "is required; allowed range " + min + " to " + max);
        }
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw new InvalidConfigException(field, value + " is out of range; allowed range " + min + " to " + max);
        }
        return value;
    }

    static int range(String field, int value, int min, int max) {
        if (value < min || value > max) {
            throw new InvalidConfigException(field, value + " is out of range; allowed range " + min + " to " + max);
        }
        return value;
    }

    static String text(String field, String value, String pattern, String allowed) {
        if (value == null || !value.matches(pattern)) {
            throw new InvalidConfigException(field, "'" + value + "' is not allowed; allowed: " + allowed);
        }
        return value;
    }
}
