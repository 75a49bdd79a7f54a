package dev.selfheal.agent.etcd;

import dev.selfheal.agent.config.AgentConfigException;
import dev.selfheal.agent.runtime.ComponentRuntime;
import dev.selfheal.agent.runtime.ProcessRuntime;
import dev.selfheal.agent.runtime.RuntimeKind;
import dev.selfheal.agent.runtime.StaticPodRuntime;
import dev.selfheal.agent.supervise.ComponentSpec;
import dev.selfheal.protocol.Component;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The {@link LocalMember} of the supervised etcd component, by the runtime it runs under. */
public final class LocalMembers {

    /** The etcd container's name in a static pod (kubeadm's). */
    public static final String CONTAINER = "etcd";

    private LocalMembers() {
    }

    /**
     * The member for a one-shot command while the agent does not run (so neither does an etcd process of its):
     * a process member is only rewritten in its manifest, which the agent runs when it starts; a static pod is
     * stopped and started through its manifest as usual (the kubelet runs it).
     *
     * @param runtime how etcd runs
     * @param manifest its manifest
     * @param parkingDir where a static pod's manifest waits while the member is stopped
     */
    public static LocalMember manifestOnly(RuntimeKind runtime, Path manifest, Path parkingDir) {
        if (runtime == RuntimeKind.STATIC_POD && manifest != null) {
            return new StaticPodLocalMember(manifest, parkingDir, CONTAINER);
        }
        if (runtime == RuntimeKind.PROCESS && manifest != null) {
            return new LocalMember() {
                @Override
                public void stop() {
                    // the agent's processes end with the agent: nothing runs
                }

                @Override
                public void start(Map<String, String> flags) {
                    try {
                        ProcessLocalMember.rewrite(manifest, flags);
                    } catch (IOException e) {
                        throw new UncheckedIOException("cannot rewrite the etcd manifest " + manifest, e);
                    }
                }
            };
        }
        throw new AgentConfigException("etcdMember", "needs the etcd component run as a process or a static pod with a "
                + "manifest; allowed runtimes: process, static-pod");
    }

    /**
     * The node's API server as the configuration runs it: a {@code kube-apiserver} component with runtime
     * {@code static-pod} and a manifest; {@link LocalApiServer#NONE} otherwise (a process of the agent starts and
     * stops with the agent, a systemd unit is not the agent's to change).
     *
     * @param components the configured components
     * @param parkingDir where the manifest waits while the API server is stopped
     */
    public static LocalApiServer apiServer(List<ComponentSpec> components, Path parkingDir) {
        return components.stream()
                .filter(c -> c.component() == Component.KUBE_APISERVER && c.runtime() == RuntimeKind.STATIC_POD
                        && c.manifest() != null)
                .findFirst().map(c -> LocalApiServer.staticPod(c.manifest(), parkingDir)).orElse(LocalApiServer.NONE);
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
