package dev.selfheal.core.health.checks;

import dev.selfheal.core.health.ClusterSnapshot;
import dev.selfheal.core.health.HealthCheck;
import dev.selfheal.core.health.Layer;
import dev.selfheal.core.health.NodeView;
import dev.selfheal.core.health.Symptom;
import dev.selfheal.core.health.Verdict;
import dev.selfheal.core.health.VolumeAttachmentView;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * VolumeAttachments reported attached to a node that is down (Ready not True, or node Lease expired; see
 * {@link NodeDown}) for {@code heldAfter} or longer: {@link Symptom#VOLUME_ATTACHMENT_HELD}, since the node
 * went down. While attached, the volume cannot attach elsewhere, so pods that need it cannot start on another
 * node. Attributes {@code attachments=<name,...>} (sorted, at most {@code maxListed}),
 * {@code attachmentCount}. SUSPECT with {@code recheckAt = down + heldAfter} before that; HEALTHY on a node
 * that is up.
 *
 * @param heldAfter how long attachments may stay on a down node (1 s to 24 h)
 * @param maxListed the most attachments named in the {@code attachments} attribute (1 to 1000)
 */
public record VolumeAttachmentHeldCheck(Duration heldAfter, int maxListed) implements HealthCheck {

    /** The check's name. */
    public static final String NAME = "volume-attachments-held";

    /** Validates. */
    public VolumeAttachmentHeldCheck {
        Judging.requireBetween("VolumeAttachmentHeldCheck.heldAfter", heldAfter, Judging.MIN_THRESHOLD,
                Judging.MAX_THRESHOLD);
        Judging.requireBetween("VolumeAttachmentHeldCheck.maxListed", maxListed, 1, Judging.MAX_LISTED_LIMIT);
    }

    /** The check listing at most {@link StuckTerminatingPodsCheck#DEFAULT_MAX_LISTED} attachments. */
    public VolumeAttachmentHeldCheck(Duration heldAfter) {
        this(heldAfter, StuckTerminatingPodsCheck.DEFAULT_MAX_LISTED);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Layer layer() {
        return Layer.PODS;
    }

    @Override
    public Verdict judge(NodeView node, ClusterSnapshot snapshot, Instant now) {
        List<VolumeAttachmentView> attachments = snapshot.attachments(node.name());
        if (attachments.isEmpty()) {
            return Verdict.healthy(NAME, node.name());
        }
        Instant down = NodeDown.since(node, snapshot, now);
        if (down == null) {
            return Verdict.healthy(NAME, node.name());
        }
        List<String> held = new ArrayList<>();
        for (VolumeAttachmentView va : attachments) {
            if (va.attached()) {
                held.add(va.name());
            }
        }
        if (held.isEmpty()) {
            return Verdict.healthy(NAME, node.name());
        }
        String what = held.size() + " VolumeAttachment(s) held by a node that is down ("
                + NodeDown.describe(node) + ")";
        return Judging.overDuration(NAME, node.name(), Symptom.VOLUME_ATTACHMENT_HELD, what, down, heldAfter, now)
                .with("attachments", Judging.list(held, maxListed))
                .with("attachmentCount", Integer.toString(held.size()));
    }
}
