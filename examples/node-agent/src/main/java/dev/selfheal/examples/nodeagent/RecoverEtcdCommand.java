package dev.selfheal.examples.nodeagent;

import dev.selfheal.agent.AgentConfig;
import dev.selfheal.agent.config.AgentConfigException;
import dev.selfheal.agent.etcd.LocalMembers;
import dev.selfheal.agent.recover.EtcdQuorumRecovery;
import dev.selfheal.agent.recover.EtcdRecoveryReport;
import dev.selfheal.agent.etcd.LocalApiServer;
import dev.selfheal.agent.runtime.RuntimeKind;
import dev.selfheal.agent.supervise.ComponentSpec;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/**
 * {@code recover-etcd}: after a lost etcd quorum, restores the newest valid snapshot of the agent's checkpoints
 * as a new cluster of one on this node ({@code etcdMember} of the configuration) and rewrites the etcd manifest
 * to start it; the agent (a process) or the kubelet (a static pod) then runs it, and the other masters' agents
 * add their members back. A kube-apiserver static pod among the components is stopped meanwhile and started
 * anew once the restored member answers (a static-pod etcd is waited for, up to its {@code startTimeout}). Prints the report of what was lost (also in {@code <checkpoints>/etcd/}).
 */
final class RecoverEtcdCommand {

    private RecoverEtcdCommand() {
    }

    static int run(CommandLine cmd, AgentConfig config, Map<String, String> env, PrintStream out) {
        if (config.etcdMember() == null) {
            throw new AgentConfigException("etcdMember", "is required by recover-etcd: the local member's name, data "
                    + "directory and URLs");
        }
        ComponentSpec etcd = config.components().stream().filter(c -> c.id().equals("etcd")).findFirst().orElseThrow();
        Path etcdutl = cmd.option("etcdutl").map(Path::of).orElseGet(() -> RecoverCommand.onPath("etcdutl", env));
        Path etcdBinary = cmd.option("etcd-binary").map(Path::of).orElseGet(() -> RecoverCommand.onPath("etcd", env));
        long bump = Long.parseLong(cmd.option("bump-revision").orElse("1000000000"));
        Path parking = config.stateDir().resolve("static-pod-parking");
        LocalApiServer apiServer = LocalMembers.apiServer(config.components(), parking);
        EtcdQuorumRecovery recovery = new EtcdQuorumRecovery(config.etcdMember(),
                LocalMembers.manifestOnly(etcd.runtime(), etcd.manifest(), parking), apiServer,
                new EtcdQuorumRecovery.Options(etcdutl, etcdBinary, config.checkpoint().dir(), bump), Clock.systemUTC());
        try {
            // a static pod starts under the kubelet now: wait for it, then start the API server anew; a process
            // member starts with the agent, after this command
            EtcdRecoveryReport report = etcd.runtime() == RuntimeKind.STATIC_POD ? recovery.recover() : recovery.restore();
            out.println(report.summary());
            out.println(report.toJson());
            return 0;
        } catch (IOException e) {
            throw new UncheckedIOException("recover-etcd failed: " + e.getMessage(), e);
        }
    }
}
