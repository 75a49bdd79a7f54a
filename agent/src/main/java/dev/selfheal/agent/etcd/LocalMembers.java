package dev.selfheal.agent.etcd;

import dev.selfheal.agent.config.AgentConfigException;
import dev.selfheal.agent.runtime.ComponentRuntime;
import dev.selfheal.agent.runtime.ProcessRuntime;
import dev.selfheal.agent.runtime.StaticPodRuntime;
import java.nio.file.Path;

/** The {@link LocalMember} of the supervised etcd component, by the runtime it runs under. */
public final class LocalMembers {

    /** The etcd container's name in a static pod (kubeadm's). */
    public static final String CONTAINER = "etcd";

    private LocalMembers() {
    }

    /**
     * @param runtime the etcd component's runtime
     * @param manifest its manifest (process manifest or Pod manifest)
     * @param parkingDir where a static pod's manifest waits while the member is stopped
     * @throws AgentConfigException when etcd runs under a runtime whose flags the agent cannot rewrite (systemd)
     */
    public static LocalMember of(ComponentRuntime runtime, Path manifest, Path parkingDir) {
        if (runtime instanceof ProcessRuntime p && manifest != null) {
            return new ProcessLocalMember(p, manifest);
        }
        if (runtime instanceof StaticPodRuntime && manifest != null) {
            return new StaticPodLocalMember(manifest, parkingDir, CONTAINER);
        }
        throw new AgentConfigException("etcdMember", "needs the etcd component run as a process or a static pod with a "
                + "manifest; allowed runtimes: process, static-pod");
    }
}
