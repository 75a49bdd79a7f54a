package dev.selfheal.core.health.checks;

import static dev.selfheal.core.health.checks.CheckFixtures.NOW;
import static dev.selfheal.core.health.checks.CheckFixtures.ago;
import static dev.selfheal.core.health.checks.CheckFixtures.notReady;
import static dev.selfheal.core.health.checks.CheckFixtures.ready;
import static dev.selfheal.core.health.checks.CheckFixtures.snapshot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.selfheal.core.health.NodeView;
import dev.selfheal.core.health.Symptom;
import dev.selfheal.core.health.Verdict;
import dev.selfheal.core.health.Verdict.Status;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class VolumeAttachmentHeldCheckTest {

    private final VolumeAttachmentHeldCheck check = new VolumeAttachmentHeldCheck(Duration.ofSeconds(60));

    @Test
    void attachmentsOfAWorkingNodeAreHealthy() {
        NodeView n = ready("n1");
        assertThat(check.judge(n, snapshot().nodes(n).attachment("va-1", "n1", true).build(), NOW).status())
                .isEqualTo(Status.HEALTHY);
    }

    @Test
    void downNodeWithoutAttachedVolumesIsHealthy() {
        NodeView n = notReady("n1", "Unknown", ago(600));
        assertThat(check.judge(n, snapshot().nodes(n).build(), NOW).status()).isEqualTo(Status.HEALTHY);
        assertThat(check.judge(n, snapshot().nodes(n).attachment("va-1", "n1", false).build(), NOW).status())
                .isEqualTo(Status.HEALTHY);
    }

    @Test
    void attachedToARecentlyDownNodeIsSuspect() {
        NodeView n = notReady("n1", "Unknown", ago(30));
        Verdict v = check.judge(n, snapshot().nodes(n).attachment("va-1", "n1", true).build(), NOW);
        assertThat(v.status()).isEqualTo(Status.SUSPECT);
        assertThat(v.symptom()).isEqualTo(Symptom.VOLUME_ATTACHMENT_HELD);
        assertThat(v.recheckAt()).isEqualTo(ago(30).plusSeconds(60));
    }

    @Test
    void heldPastTheThresholdListsTheAttachedOnes() {
        NodeView n = notReady("n1", "False", ago(61));
        Verdict v = check.judge(n, snapshot().nodes(n).attachment("va-2", "n1", true).attachment("va-1", "n1", true)
                .attachment("va-3", "n1", false).build(), NOW);
        assertThat(v.isUnhealthy()).isTrue();
        assertThat(v.since()).isEqualTo(ago(61));
        assertThat(v.attribute("attachments")).contains("va-1,va-2");
        assertThat(v.attribute("attachmentCount")).contains("2");
    }

    @Test
    void validatesParameters() {
        assertThatThrownBy(() -> new VolumeAttachmentHeldCheck(Duration.ofDays(3), 5))
                .hasMessage("VolumeAttachmentHeldCheck.heldAfter must be between 1 s and 24 h, was 72 h");
    }
}
