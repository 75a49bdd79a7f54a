package dev.selfheal.core.health;

import dev.selfheal.spi.MachineStatus;
import dev.selfheal.spi.PowerState;
import java.time.Instant;

/**
 * The last answer of the infrastructure about the machine under a node, or the lack of one.
 *
 * @param nodeName the node
 * @param power the power state ({@link PowerState#UNKNOWN} when the provider did not answer)
 * @param impaired whether the provider reported a critical finding (failed status checks, BMC critical)
 * @param detail a human summary of the findings or of the error
 * @param observedAt when the provider was asked
 * @param answered whether the provider answered at all
 */
public record MachineView(String nodeName, PowerState power, boolean impaired, String detail, Instant observedAt,
                          boolean answered) {

    /** A view of a provider answer. */
    public static MachineView of(String nodeName, MachineStatus status) {
        StringBuilder d = new StringBuilder();
        status.findings().forEach(f -> d.append(f.code()).append(": ").append(f.message()).append("; "));
        return new MachineView(nodeName, status.power(), status.hasCriticalFinding(), d.toString().trim(),
                status.observedAt(), true);
    }

    /** A view of a provider that did not answer. */
    public static MachineView unanswered(String nodeName, String error, Instant at) {
        return new MachineView(nodeName, PowerState.UNKNOWN, false, error, at, false);
    }
}
