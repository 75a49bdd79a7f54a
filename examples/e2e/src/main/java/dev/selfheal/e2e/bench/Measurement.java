package dev.selfheal.e2e.bench;

import java.time.Duration;
import java.util.Optional;

/**
 * One measured recovery.
 *
 * @param healer {@code Selfheal} or {@code Kubernetes alone}
 * @param failure the failure
 * @param deployment failure to the Deployment's new pod Running elsewhere, empty when not within the cap
 * @param statefulSet failure to the StatefulSet's new pod Running elsewhere, empty when not within the cap
 */
record Measurement(String healer, Failure failure, Optional<Duration> deployment, Optional<Duration> statefulSet) {
}
