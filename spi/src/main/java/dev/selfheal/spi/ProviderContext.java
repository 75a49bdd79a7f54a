package dev.selfheal.spi;

import java.time.Clock;
import java.util.Objects;

/**
 * What a factory gets to create a provider: its configuration and the clock to measure time with
 * (injected so tests and the healer share one notion of now).
 *
 * @param config the provider's configuration
 * @param clock the clock to use for timestamps and deadlines
 */
public record ProviderContext(ProviderConfig config, Clock clock) {

    /** Validates the fields. */
    public ProviderContext {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(clock, "clock");
    }

    /** A context on the system clock. */
    public static ProviderContext of(ProviderConfig config) {
        return new ProviderContext(config, Clock.systemUTC());
    }
}
