package dev.selfheal.cli;

import dev.selfheal.core.kube.LeasePauseSwitch;
import dev.selfheal.core.remediation.Remediation;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code status}: every remediation record, and whether Selfheal is paused. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Every remediation: node, failure class, step, phase, state, attempt, age and owner.")
final class StatusCommand implements Callable<Integer> {

    @ParentCommand
    SelfhealCli parent;

    @Spec
    CommandSpec spec;

    @Mixin
    ClusterOptions cluster;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "table",
            description = "wide, json or yaml (default: a table).")
    OutputFormat output;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (Cluster c = cluster.connect()) {
            List<Remediation> records = c.remediations();
            Optional<LeasePauseSwitch.State> pause = Cluster.call("read the pause switch", () -> c.pauseSwitch().read());
            if (output.structured()) {
                out.print(output.write(records));
                return ExitCode.OK;
            }
            pause.filter(LeasePauseSwitch.State::paused).ifPresent(p -> out.println(PauseCommand.describe(p)));
            if (records.isEmpty()) {
                out.println("No remediations in namespace " + c.namespace() + ".");
                return ExitCode.OK;
            }
            out.print(StatusView.table(records, parent.clock().instant(), output == OutputFormat.WIDE));
            return ExitCode.OK;
        }
    }
}
