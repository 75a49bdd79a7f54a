package dev.selfheal.agent.etcd;

import java.util.Map;

/**
 * How the local etcd member is stopped and started again with changed flags; one implementation per runtime:
 * {@link ProcessLocalMember} (a process the agent runs from a process manifest) and {@link StaticPodLocalMember}
 * (a static pod the kubelet runs). Both rewrite the member's manifest, so the change outlives the repair.
 */
public interface LocalMember {

    /** Stops the member (it may already be down). */
    void stop();

    /**
     * Sets these flags in the member's manifest (replacing the same flags, adding missing ones) and starts it.
     *
     * @param flags flag names with their leading dashes ({@code --initial-cluster-state}) to values
     */
    void start(Map<String, String> flags);
}
