package dev.selfheal.core.safety;

import dev.selfheal.core.remediation.Remediation;

/**
 * The one place that enforces "a node's workloads are released only after its machine was confirmed
 * fenced". Every release path (out-of-service taint, pod force-deletion, VolumeAttachment deletion, volume
 * detachment) calls {@link #requireFenced(Remediation)} first.
 */
public final class FencingInvariant {

    private FencingInvariant() {
    }

    /**
     * Passes only when the remediation recorded the provider's confirmation that the machine is off.
     *
     * @throws UnfencedReleaseException otherwise
     */
    public static void requireFenced(Remediation remediation) {
        if (remediation == null || !remediation.isFenced()) {
            throw new UnfencedReleaseException(remediation == null ? "?" : remediation.node());
        }
    }

    /** Thrown when something tries to release the workloads of a node that is not confirmed fenced. */
    public static final class UnfencedReleaseException extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        UnfencedReleaseException(String node) {
            super("refusing to release the workloads of node " + node + ": its machine is not confirmed fenced");
        }
    }
}
