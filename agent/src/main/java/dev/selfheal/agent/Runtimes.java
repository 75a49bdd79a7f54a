package dev.selfheal.agent;

import dev.selfheal.agent.runtime.Commands;
import dev.selfheal.agent.runtime.ComponentRuntime;
import dev.selfheal.agent.runtime.ProcessManifest;
import dev.selfheal.agent.runtime.ProcessRuntime;
import dev.selfheal.agent.runtime.StaticPodRuntime;
import dev.selfheal.agent.runtime.SystemdRuntime;
import dev.selfheal.agent.supervise.ComponentSpec;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;

/** Creates the {@link ComponentRuntime} a component spec asks for. */
final class Runtimes {

    private Runtimes() {
    }

    static ComponentRuntime create(ComponentSpec spec, AgentConfig config, ScheduledExecutorService scheduler,
                                   Duration staticPodGap, Duration stopGrace, Commands commands) {
        return switch (spec.runtime()) {
            case PROCESS -> new ProcessRuntime(spec.id(), spec.command().isEmpty() ? null
                    : new ProcessManifest(spec.command(), spec.env(), spec.workDir()), config.logDir(),
                    config.stateDir().resolve("run").resolve(spec.id()), stopGrace, commands);
            case SYSTEMD -> new SystemdRuntime(spec.unit(), config.systemctl(), commands);
            case STATIC_POD -> new StaticPodRuntime(spec.manifest(), config.stateDir().resolve("static-pod-parking"),
                    staticPodGap, scheduler);
        };
    }
}
