package dev.selfheal.examples.nodeagent;

import dev.selfheal.agent.AgentConfig;
import dev.selfheal.agent.AgentConfigReader;
import dev.selfheal.agent.NodeAgent;
import dev.selfheal.agent.report.AgentRbac;
import dev.selfheal.agent.supervise.ComponentSpec;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/**
 * The Selfheal node agent as a program.
 *
 * <pre>
 * node-agent run          --config /etc/selfheal/agent.yaml
 * node-agent check-config --config /etc/selfheal/agent.yaml
 * node-agent recover      --config /etc/selfheal/agent.yaml (--snapshot FILE | --data-dir DIR | --endpoint URL)
 *                         [--out DIR] [--etcd-binary PATH] [--node NAME]
 * node-agent recover-etcd --config /etc/selfheal/agent.yaml [--etcdutl PATH] [--etcd-binary PATH]
 *                         [--bump-revision N]
 * node-agent rbac         --namespace selfheal-system --service-account selfheal-agent
 * </pre>
 *
 * Exit codes: 0 done, 2 bad configuration or arguments (the message names the field), 1 any other failure.
 */
public final class NodeAgentMain {

    static final Map<String, Set<String>> COMMANDS = commands();

    private NodeAgentMain() {
    }

    /** Runs a command; exits the JVM with its code. */
    public static void main(String[] args) {
        System.exit(execute(args, System.getenv(), System.out, System.err));
    }

    /** Runs a command and returns its exit code (the {@code run} command returns when the JVM is told to stop). */
    static int execute(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        try {
            CommandLine cmd = CommandLine.parse(args, COMMANDS);
            return switch (cmd.command()) {
                case "run" -> run(loadConfig(cmd.requiredPath("config"), env));
                case "check-config" -> checkConfig(loadConfig(cmd.requiredPath("config"), env), out);
                case "recover" -> RecoverCommand.run(cmd, loadConfig(cmd.requiredPath("config"), env), env, out);
                case "recover-etcd" -> RecoverEtcdCommand.run(cmd, loadConfig(cmd.requiredPath("config"), env), env, out);
                case "rbac" -> {
                    out.print(AgentRbac.render(cmd.option("namespace").orElse("selfheal-system"),
                            cmd.option("service-account").orElse("selfheal-agent")));
                    yield 0;
                }
                default -> throw new IllegalArgumentException("unknown command " + cmd.command());
            };
        } catch (IllegalArgumentException e) { // AgentConfigException included
            err.println("node-agent: " + e.getMessage());
            return 2;
        } catch (RuntimeException e) {
            err.println("node-agent: failed: " + e);
            return 1;
        }
    }

    /** Reads the configuration file, taking {@code ${VAR}} from {@code env}. */
    static AgentConfig loadConfig(Path file, Map<String, String> env) {
        return AgentConfigReader.read(file, env);
    }

    private static int run(AgentConfig config) {
        NodeAgent agent = NodeAgent.builder(config).build();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            agent.close();
            stopped.countDown();
        }, "selfheal-node-agent-stop"));
        agent.start();
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    private static int checkConfig(AgentConfig c, PrintStream out) {
        out.println("configuration OK: node " + c.node() + ", namespace " + c.namespace() + ", state " + c.stateDir());
        for (ComponentSpec s : c.components()) {
            out.println("  " + s.id() + ": " + s.runtime().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-')
                    + (s.unit() != null ? " " + s.unit() : "") + (s.manifest() != null ? " manifest " + s.manifest() : "")
                    + ", probe " + s.probe().describe() + ", restart " + s.restart().mode().name().toLowerCase(java.util.Locale.ROOT)
                    + (s.checkpoint() ? ", checkpointed" : ""));
        }
        out.println("  checkpoints in " + c.checkpoint().dir() + (c.checkpoint().etcd() != null
                ? ", etcd snapshots from " + c.checkpoint().etcd().endpoint() + " every " + c.checkpoint().etcd().interval() : ""));
        out.println("  reporting " + (c.report().enabled() ? "on" : "off"));
        return 0;
    }

    private static Map<String, Set<String>> commands() {
        Map<String, Set<String>> m = new LinkedHashMap<>();
        m.put("run", Set.of("config"));
        m.put("check-config", Set.of("config"));
        m.put("recover", Set.of("config", "snapshot", "data-dir", "endpoint", "out", "etcd-binary", "node"));
        m.put("recover-etcd", Set.of("config", "etcdutl", "etcd-binary", "bump-revision"));
        m.put("rbac", Set.of("namespace", "service-account"));
        return m;
    }
}
