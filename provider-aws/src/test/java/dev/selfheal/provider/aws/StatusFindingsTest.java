package dev.selfheal.provider.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.spi.HealthFinding;
import dev.selfheal.spi.HealthFinding.Severity;
import dev.selfheal.spi.PowerState;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.model.EventCode;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;
import software.amazon.awssdk.services.ec2.model.InstanceStatus;
import software.amazon.awssdk.services.ec2.model.InstanceStatusDetails;
import software.amazon.awssdk.services.ec2.model.InstanceStatusEvent;
import software.amazon.awssdk.services.ec2.model.StatusName;
import software.amazon.awssdk.services.ec2.model.StatusType;
import software.amazon.awssdk.services.ec2.model.SummaryStatus;

class StatusFindingsTest {

    @Test
    void impairedChecksAreCritical() {
        InstanceStatus s = InstanceStatus.builder()
                .systemStatus(b -> b.status(SummaryStatus.IMPAIRED).details(InstanceStatusDetails.builder()
                        .name(StatusName.REACHABILITY).status(StatusType.FAILED)
                        .impairedSince(Instant.parse("2025-01-01T00:00:00Z")).build()))
                .instanceStatus(b -> b.status(SummaryStatus.OK))
                .build();
        List<HealthFinding> findings = StatusFindings.of(s);
        assertThat(findings).extracting(HealthFinding::code).containsExactly("SystemStatusImpaired", "InstanceStatusOk");
        assertThat(findings.get(0).severity()).isEqualTo(Severity.CRITICAL);
        assertThat(findings.get(0).message()).contains("reachability=failed since 2025-01-01T00:00:00Z");
        assertThat(findings.get(1).severity()).isEqualTo(Severity.OK);
    }

    @Test
    void insufficientDataWarnsAndInitializingIsOk() {
        InstanceStatus s = InstanceStatus.builder()
                .systemStatus(b -> b.status(SummaryStatus.INITIALIZING))
                .instanceStatus(b -> b.status(SummaryStatus.INSUFFICIENT_DATA))
                .build();
        assertThat(StatusFindings.of(s)).extracting(HealthFinding::code, HealthFinding::severity).containsExactly(
                org.assertj.core.groups.Tuple.tuple("SystemStatusInitializing", Severity.OK),
                org.assertj.core.groups.Tuple.tuple("InstanceStatusInsufficientData", Severity.WARNING));
    }

    @Test
    void notApplicableChecksGiveNothingAndPendingEventsWarn() {
        InstanceStatus s = InstanceStatus.builder()
                .systemStatus(b -> b.status(SummaryStatus.NOT_APPLICABLE))
                .instanceStatus(b -> b.status(SummaryStatus.NOT_APPLICABLE))
                .events(InstanceStatusEvent.builder().code(EventCode.INSTANCE_RETIREMENT)
                                .description("The instance is running on degraded hardware")
                                .notBefore(Instant.parse("2025-02-01T00:00:00Z")).build(),
                        InstanceStatusEvent.builder().code(EventCode.SYSTEM_REBOOT)
                                .description("[Completed] reboot").build())
                .build();
        List<HealthFinding> findings = StatusFindings.of(s);
        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.code()).isEqualTo("ScheduledEvent.instance-retirement");
            assertThat(f.severity()).isEqualTo(Severity.WARNING);
            assertThat(f.message()).contains("not before 2025-02-01T00:00:00Z").contains("degraded hardware");
        });
    }

    @Test
    void instanceStatesMapToPowerStates() {
        assertThat(InstanceStates.power(InstanceStateName.RUNNING)).isEqualTo(PowerState.ON);
        assertThat(InstanceStates.power(InstanceStateName.PENDING)).isEqualTo(PowerState.POWERING_ON);
        assertThat(InstanceStates.power(InstanceStateName.STOPPING)).isEqualTo(PowerState.POWERING_OFF);
        assertThat(InstanceStates.power(InstanceStateName.SHUTTING_DOWN)).isEqualTo(PowerState.POWERING_OFF);
        assertThat(InstanceStates.power(InstanceStateName.STOPPED)).isEqualTo(PowerState.OFF);
        assertThat(InstanceStates.power(InstanceStateName.TERMINATED)).isEqualTo(PowerState.GONE);
        assertThat(InstanceStates.power(InstanceStateName.UNKNOWN_TO_SDK_VERSION)).isEqualTo(PowerState.UNKNOWN);
        assertThat(InstanceStates.power((InstanceStateName) null)).isEqualTo(PowerState.UNKNOWN);
    }
}
