package dev.selfheal.cli;

import dev.selfheal.core.config.SelfhealConfig;
import dev.selfheal.core.explain.Explanation;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code dry-run -f CONFIG}: validates a configuration and tells what a healer with it would do now, per node. */
@Command(name = "dry-run", mixinStandardHelpOptions = true,
        description = {"Validates a healer configuration and judges the live cluster with it, without acting: what a "
                + "healer with this configuration would do now, node by node.",
                "Nothing is written to the cluster and no provider is called."})
final class DryRunCommand implements Callable<Integer> {

    @ParentCommand
    SelfhealCli parent;

    @Spec
    CommandSpec spec;

    @Mixin
    ClusterOptions cluster;

    @Option(names = {"-f", "--config"}, paramLabel = "FILE", required = true,
            description = "The healer's configuration file (YAML, as the standalone healer reads it).")
    Path config;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "table",
            description = "wide (every node in full), json or yaml (default: one line per node).")
    OutputFormat output;

    @Override
    public Integer call() {
        SelfhealConfig cfg = ConfigFile.load(config);
        PrintWriter out = spec.commandLine().getOut();
        try (Cluster c = cluster.connect(cfg.namespace())) {
            List<Explanation> all = new ArrayList<>(new LiveExplainer(c, cfg, parent.clock()).explainAll().values());
            if (all.isEmpty()) {
                throw new CliException(ExitCode.NOT_FOUND, "the cluster has no nodes to judge");
            }
            if (output.structured()) {
                out.print(output.write(all.stream().map(ExplainView::value).toList()));
            } else if (output == OutputFormat.WIDE) {
                all.forEach(a -> out.println(ExplainView.text(a)));
            } else {
                out.println("Configuration " + config + " is valid. A healer with it would, now:");
                out.print(ExplainView.plan(all));
            }
            return ExitCode.OK;
        }
    }
}
