package dev.selfheal.core.health;

import java.util.List;

/**
 * Contributes custom {@link HealthCheck}s through {@link java.util.ServiceLoader}: list implementations in
 * {@code META-INF/services/dev.selfheal.core.health.HealthCheckFactory}.
 */
public interface HealthCheckFactory {

    /** The checks to add; they run after the built-in ones. */
    List<HealthCheck> checks();
}
