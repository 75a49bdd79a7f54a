package dev.selfheal.cli;

import dev.selfheal.core.config.SelfhealConfig;
import dev.selfheal.core.explain.Explanation;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code explain NODE}: what the healer sees of a node and would do about it now. */
@Command(name = "explain", mixinStandardHelpOptions = true,
        description = {"What the healer sees of a node and would do now: every check's verdict with its evidence, the "
                + "diagnosis, each gate's answer and the ladder.",
                "Judged here, by the healer's own checks, diagnoser and gates, on a fresh view of the cluster; "
                        + "no provider is asked."})
final class ExplainCommand implements Callable<Integer> {

    @ParentCommand
    SelfhealCli parent;

    @Spec
    CommandSpec spec;

    @Mixin
    ClusterOptions cluster;

    @Parameters(paramLabel = "NODE", description = "The node's name.")
    String node;

    @Option(names = {"-f", "--config"}, paramLabel = "FILE",
            description = "The healer's configuration file (default: the built-in defaults).")
    Path config;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "table",
            description = "json or yaml (default: text).")
    OutputFormat output;

    @Override
    public Integer call() {
        SelfhealConfig cfg = config == null ? SelfhealConfig.defaults() : ConfigFile.load(config);
        PrintWriter out = spec.commandLine().getOut();
        try (Cluster c = cluster.connect(cfg.namespace())) {
            if (!c.hasNode(node)) {
                throw new CliException(ExitCode.NOT_FOUND, "no node named " + node + " in the cluster");
            }
            Explanation a = new LiveExplainer(c, cfg, parent.clock()).explainAll().get(node);
            if (a == null) {
                throw new CliException(ExitCode.NOT_FOUND, "node " + node + " left the cluster while it was judged");
            }
            out.print(output.structured() ? output.write(ExplainView.value(a)) : ExplainView.text(a));
            return ExitCode.OK;
        }
    }
}
