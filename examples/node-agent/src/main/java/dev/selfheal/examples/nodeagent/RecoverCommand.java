package dev.selfheal.examples.nodeagent;

import dev.selfheal.agent.AgentConfig;
import dev.selfheal.agent.checkpoint.Checkpointer;
import dev.selfheal.agent.recover.ControlPlaneRecovery;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * {@code recover}: rebuilds a node's control-plane manifests from etcd state (a snapshot, a data directory or a
 * live endpoint) and writes them to their places (seeding the agent's checkpoints) or to {@code --out}.
 */
final class RecoverCommand {

    private RecoverCommand() {
    }

    static int run(CommandLine cmd, AgentConfig config, Map<String, String> env, PrintStream out) {
        ControlPlaneRecovery.Source source = source(cmd);
        String node = cmd.option("node").orElse(config.node());
        Path etcd = cmd.option("etcd-binary").map(Path::of).orElseGet(() -> onPath("etcd", env));
        Map<String, List<ControlPlaneRecovery.Manifest>> found;
        try {
            found = ControlPlaneRecovery.read(source, new ControlPlaneRecovery.Options(etcd, config.namespace(), Duration.ofSeconds(60)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read etcd state from " + source, e);
        }
        List<ControlPlaneRecovery.Manifest> manifests = found.get(node);
        if (manifests == null || manifests.isEmpty()) {
            throw new IllegalArgumentException("no mirrored control-plane manifests of node " + node + " in " + source
                    + "; nodes found: " + found.keySet());
        }
        Path outDir = cmd.option("out").map(Path::of).orElse(null);
        Checkpointer seed = outDir == null ? new Checkpointer(config.checkpoint().dir(), config.checkpoint().keep(), Clock.systemUTC()) : null;
        for (Path p : ControlPlaneRecovery.write(manifests, outDir, seed)) {
            out.println("recovered " + p);
        }
        return 0;
    }

    private static ControlPlaneRecovery.Source source(CommandLine cmd) {
        int given = (cmd.option("snapshot").isPresent() ? 1 : 0) + (cmd.option("data-dir").isPresent() ? 1 : 0)
                + (cmd.option("endpoint").isPresent() ? 1 : 0);
        if (given != 1) {
            throw new IllegalArgumentException("recover needs exactly one of --snapshot FILE, --data-dir DIR, --endpoint URL");
        }
        if (cmd.option("snapshot").isPresent()) {
            return new ControlPlaneRecovery.Snapshot(cmd.requiredPath("snapshot"));
        }
        if (cmd.option("data-dir").isPresent()) {
            return new ControlPlaneRecovery.DataDir(cmd.requiredPath("data-dir"));
        }
        return new ControlPlaneRecovery.Endpoint(cmd.option("endpoint").orElseThrow(), null, null, null);
    }

    static Path onPath(String exe, Map<String, String> env) {
        for (String d : env.getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin").split(":")) {
            Path p = Path.of(d, exe);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        throw new IllegalArgumentException("no " + exe + " on PATH; give --etcd-binary PATH");
    }
}
