package dev.selfheal.core.health;

/** What a check found wrong; diagnosis combines symptoms into a failure class. */
public enum Symptom {
    /** Ready is False or Unknown for longer than the threshold. */
    NODE_NOT_READY(Layer.COMPONENTS),
    /** The node's Lease in kube-node-lease was not renewed for longer than the threshold. */
    NODE_HEARTBEAT_LOST(Layer.COMPONENTS),
    /** A problem condition (node-problem-detector style) is True. */
    OS_CONDITION(Layer.OS),
    /** The node never became Ready after registering. */
    NODE_STARTUP_TIMEOUT(Layer.COMPONENTS),
    /** The provider reports the machine powered off. */
    MACHINE_OFF(Layer.INFRASTRUCTURE),
    /** The provider reports the machine gone (terminated, destroyed). */
    MACHINE_GONE(Layer.INFRASTRUCTURE),
    /** The provider reports failed status checks or critical health. */
    MACHINE_IMPAIRED(Layer.INFRASTRUCTURE),
    /** The provider did not answer about the machine. */
    MACHINE_UNANSWERED(Layer.INFRASTRUCTURE),
    /** The node agent reports a component down. */
    COMPONENT_DOWN(Layer.COMPONENTS),
    /** The node agent exhausted its restart budget for a component and asks the healer to escalate. */
    AGENT_ESCALATION(Layer.COMPONENTS),
    /** The node agent stopped heartbeating. */
    AGENT_SILENT(Layer.COMPONENTS),
    /** Pods stay Terminating on a node that cannot finish deleting them. */
    PODS_STUCK_TERMINATING(Layer.PODS),
    /** StatefulSet pods are held by an unreachable node (never rescheduled without action). */
    STATEFUL_PODS_HELD(Layer.PODS),
    /** A pod crash-loops beyond the threshold. */
    POD_CRASH_LOOP(Layer.PODS),
    /** VolumeAttachments are held by a dead node. */
    VOLUME_ATTACHMENT_HELD(Layer.PODS);

    private final Layer layer;

    Symptom(Layer layer) {
        this.layer = layer;
    }

    /** The layer this symptom belongs to. */
    public Layer layer() {
        return layer;
    }
}
