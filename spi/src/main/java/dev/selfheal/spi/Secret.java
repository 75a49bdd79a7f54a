package dev.selfheal.spi;

import java.util.Objects;

/**
 * A secret value (password, key, token) that never shows itself: {@link #toString()} prints a mask, so
 * a secret passed into a log line, an exception or an event leaks nothing. Only {@link #reveal()} gives
 * the value, to hand it to the call that needs it.
 */
public final class Secret {

    private final String value;

    private Secret(String value) {
        this.value = Objects.requireNonNull(value, "value");
    }

    /** Wraps a value. */
    public static Secret of(String value) {
        return new Secret(value);
    }

    /** The value itself. Pass it on; never log it. */
    public String reveal() {
        return value;
    }

    /** Whether the value is empty. */
    public boolean isEmpty() {
        return value.isEmpty();
    }

    /** Always {@code "****"}. */
    @Override
    public String toString() {
        return "****";
    }
}
