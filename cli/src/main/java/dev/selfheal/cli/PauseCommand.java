package dev.selfheal.cli;

import dev.selfheal.core.kube.LeasePauseSwitch;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code pause}: sets the cluster-wide pause switch every healer of the namespace watches. */
@Command(name = "pause", mixinStandardHelpOptions = true,
        description = {"Pauses Selfheal: its healers start and advance no remediation until resumed (judging goes on).",
                "Sets the switch in the Lease " + LeasePauseSwitch.LEASE_NAME + " of the healer's namespace."})
final class PauseCommand implements Callable<Integer> {

    @ParentCommand
    SelfhealCli parent;

    @Spec
    CommandSpec spec;

    @Mixin
    ClusterOptions cluster;

    @Option(names = "--reason", paramLabel = "TEXT", defaultValue = "", description = "Why, shown by status.")
    String reason;

    @Option(names = "--by", paramLabel = "NAME", defaultValue = "${sys:user.name}",
            description = "Who pauses (default: the local user name, ${DEFAULT-VALUE}).")
    String by;

    @Override
    public Integer call() {
        try (Cluster c = cluster.connect()) {
            LeasePauseSwitch.State state = new LeasePauseSwitch.State(true, by, parent.clock().instant(), reason);
            Cluster.call("write the pause switch", () -> {
                c.pauseSwitch().write(state);
                return null;
            });
            spec.commandLine().getOut().println(describe(state) + " (namespace " + c.namespace() + ")");
            return ExitCode.OK;
        }
    }

    /** {@code Selfheal is PAUSED by alice at 2026-...: maintenance}. */
    static String describe(LeasePauseSwitch.State s) {
        return "Selfheal is " + (s.paused() ? "PAUSED" : "running") + (s.by().isEmpty() ? "" : " (set by " + s.by()
                + (s.at() == null ? "" : " at " + s.at()) + ")") + (s.reason().isEmpty() ? "" : ": " + s.reason());
    }
}
