package dev.selfheal.provider.aws;

import dev.selfheal.spi.HealthFinding;
import dev.selfheal.spi.HealthFinding.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.ec2.model.InstanceStatus;
import software.amazon.awssdk.services.ec2.model.InstanceStatusEvent;
import software.amazon.awssdk.services.ec2.model.InstanceStatusSummary;
import software.amazon.awssdk.services.ec2.model.SummaryStatus;

/**
 * EC2 status checks and scheduled events as health findings. Codes (stable):
 * <ul>
 *   <li>{@code SystemStatusOk}, {@code InstanceStatusOk}: the check passed (OK);</li>
 *   <li>{@code SystemStatusInitializing}, {@code InstanceStatusInitializing}: checks still running (OK);</li>
 *   <li>{@code SystemStatusInsufficientData}, {@code InstanceStatusInsufficientData}: no verdict yet (WARNING);</li>
 *   <li>{@code SystemStatusImpaired}, {@code InstanceStatusImpaired}: the check failed (CRITICAL): AWS
 *       hardware, network or power for the system check, the guest OS for the instance check;</li>
 *   <li>{@code ScheduledEvent.<code>}, such as {@code ScheduledEvent.instance-retirement}: AWS scheduled
 *       maintenance (WARNING).</li>
 * </ul>
 * Checks that are {@code not-applicable} (a stopped instance) give no finding.
 */
final class StatusFindings {

    private StatusFindings() {
    }

    /** The findings of one instance's status. */
    static List<HealthFinding> of(InstanceStatus status) {
        List<HealthFinding> findings = new ArrayList<>();
        check("SystemStatus", "system status check (AWS hardware, network, power)", status.systemStatus(), findings);
        check("InstanceStatus", "instance status check (guest OS reachability)", status.instanceStatus(), findings);
        for (InstanceStatusEvent e : status.events()) {
            String description = e.description() == null ? "" : e.description();
            if (description.startsWith("[Completed]") || description.startsWith("[Canceled]")) {
                continue;
            }
            findings.add(new HealthFinding(Severity.WARNING, "ScheduledEvent." + e.codeAsString(),
                    "scheduled " + e.codeAsString() + (e.notBefore() == null ? "" : " not before " + e.notBefore())
                            + (description.isEmpty() ? "" : ": " + description)));
        }
        return findings;
    }

    private static void check(String prefix, String what, InstanceStatusSummary summary, List<HealthFinding> out) {
        if (summary == null || summary.status() == null) {
            return;
        }
        SummaryStatus s = summary.status();
        String details = summary.details().stream()
                .map(d -> d.nameAsString() + "=" + d.statusAsString()
                        + (d.impairedSince() == null ? "" : " since " + d.impairedSince()))
                .collect(Collectors.joining(", "));
        String suffix = details.isEmpty() ? "" : " (" + details + ")";
        switch (s) {
            case OK -> out.add(new HealthFinding(Severity.OK, prefix + "Ok", what + " passed" + suffix));
            case INITIALIZING -> out.add(new HealthFinding(Severity.OK, prefix + "Initializing",
                    what + " is initializing" + suffix));
            case INSUFFICIENT_DATA -> out.add(new HealthFinding(Severity.WARNING, prefix + "InsufficientData",
                    what + " has insufficient data" + suffix));
            case IMPAIRED -> out.add(new HealthFinding(Severity.CRITICAL, prefix + "Impaired", what + " failed" + suffix));
            default -> {
                // not-applicable (stopped, terminated) or a value newer than this SDK: nothing to report
            }
        }
    }
}
