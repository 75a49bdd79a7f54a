package dev.selfheal.cli;

import dev.selfheal.core.remediation.Remediation;
import io.fabric8.kubernetes.api.model.Event;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code history NODE}: the node's remediation record, its finished steps and the Events Selfheal recorded on it. */
@Command(name = "history", mixinStandardHelpOptions = true,
        description = "The remediations of a node (its record and finished steps) and the Events Selfheal recorded on it.")
final class HistoryCommand implements Callable<Integer> {

    @ParentCommand
    SelfhealCli parent;

    @Spec
    CommandSpec spec;

    @Mixin
    ClusterOptions cluster;

    @Parameters(paramLabel = "NODE", description = "The node's name.")
    String node;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "table",
            description = "json or yaml (default: text).")
    OutputFormat output;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (Cluster c = cluster.connect()) {
            Optional<Remediation> record = c.remediation(node);
            List<Event> events = c.events(node);
            if (record.isEmpty() && events.isEmpty()) {
                throw new CliException(ExitCode.NOT_FOUND, c.hasNode(node)
                        ? "node " + node + " has no remediation record and no Selfheal Events (namespace " + c.namespace() + ")"
                        : "no node named " + node + " in the cluster, and no Selfheal record or Event of one");
            }
            out.print(output.structured() ? output.write(HistoryView.value(node, record, events))
                    : HistoryView.text(node, record, events, parent.clock().instant()));
            return ExitCode.OK;
        }
    }
}
