package dev.selfheal.core.recovery;

import java.util.List;

/**
 * Contributes custom {@link RecoveryStep}s through {@link java.util.ServiceLoader}: list implementations in
 * {@code META-INF/services/dev.selfheal.core.recovery.RecoveryStepFactory}. A step with the name of a
 * built-in one replaces it.
 */
public interface RecoveryStepFactory {

    /** The steps to add. */
    List<RecoveryStep> steps();
}
