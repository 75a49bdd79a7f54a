package dev.selfheal.core.diagnosis;

import dev.selfheal.core.health.Layer;
import dev.selfheal.core.health.Verdict;
import dev.selfheal.protocol.Component;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The root cause of a node's problem as far as the evidence tells.
 *
 * @param node the node
 * @param failureClass the class of failure, which selects the recovery ladder
 * @param component the failed component for {@link FailureClass#COMPONENT_FAILURE}, else null
 * @param evidence the unhealthy verdicts that led here
 * @param since when the earliest of those problems started
 * @param summary one human sentence, such as "no heartbeat for 42 s and the agent is silent"
 */
public record Diagnosis(String node, FailureClass failureClass, Component component, List<Verdict> evidence,
                        Instant since, String summary) {

    /** Validates and copies. */
    public Diagnosis {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(failureClass, "failureClass");
        evidence = List.copyOf(evidence);
        Objects.requireNonNull(since, "since");
        summary = Objects.requireNonNullElse(summary, "");
    }

    /** The root layer. */
    public Layer rootLayer() {
        return failureClass.layer();
    }

    /** The failed component, for component failures. */
    public Optional<Component> failedComponent() {
        return Optional.ofNullable(component);
    }
}
