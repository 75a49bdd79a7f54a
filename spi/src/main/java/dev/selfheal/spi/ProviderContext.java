package dev.selfheal.spi;

import java.time.Clock;
import java.util.Objects;

/**
 * What a factory gets to create a provider: its configuration, the clock to measure time with (injected so
 * tests and the healer share one notion of now), and the guard to ask before every mutating request.
 *
 * @param config the provider's configuration
 * @param clock the clock to use for timestamps and deadlines
 * @param guard asked immediately before each mutating request, retries included ({@link ActionGuard})
 */
public record ProviderContext(ProviderConfig config, Clock clock, ActionGuard guard) {

    /** Validates the fields. */
    public ProviderContext {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(guard, "guard");
    }

    /** A context whose guard always allows. */
    public ProviderContext(ProviderConfig config, Clock clock) {
        this(config, clock, ActionGuard.ALWAYS);
    }

    /** A context on the system clock whose guard always allows. */
    public static ProviderContext of(ProviderConfig config) {
        return new ProviderContext(config, Clock.systemUTC());
    }
}
