package dev.selfheal.cli;

import dev.selfheal.core.kube.LeasePauseSwitch;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code resume}: clears the cluster-wide pause switch. A healer paused by its configuration stays paused. */
@Command(name = "resume", mixinStandardHelpOptions = true,
        description = {"Resumes Selfheal after a pause: its healers go on with their remediations.",
                "A healer whose own configuration says paused: true stays paused."})
final class ResumeCommand implements Callable<Integer> {

    @ParentCommand
    SelfhealCli parent;

    @Spec
    CommandSpec spec;

    @Mixin
    ClusterOptions cluster;

    @Option(names = "--by", paramLabel = "NAME", defaultValue = "${sys:user.name}",
            description = "Who resumes (default: the local user name, ${DEFAULT-VALUE}).")
    String by;

    @Override
    public Integer call() {
        try (Cluster c = cluster.connect()) {
            LeasePauseSwitch s = c.pauseSwitch();
            Optional<LeasePauseSwitch.State> before = Cluster.call("read the pause switch", s::read);
            if (before.isEmpty() || !before.get().paused()) {
                spec.commandLine().getOut().println("Selfheal was not paused (namespace " + c.namespace() + ")");
                return ExitCode.OK;
            }
            LeasePauseSwitch.State state = new LeasePauseSwitch.State(false, by, parent.clock().instant(), "");
            Cluster.call("write the pause switch", () -> {
                s.write(state);
                return null;
            });
            spec.commandLine().getOut().println("Selfheal resumed (namespace " + c.namespace() + ")");
            return ExitCode.OK;
        }
    }
}
