package dev.selfheal.e2e;

import dev.selfheal.agent.AgentConfig;
import dev.selfheal.agent.NodeAgent;
import dev.selfheal.agent.etcd.LocalMembers;
import dev.selfheal.agent.recover.EtcdQuorumRecovery;
import dev.selfheal.agent.recover.EtcdRecoveryReport;
import dev.selfheal.agent.runtime.RuntimeKind;
import dev.selfheal.testbed.kube.EtcdCluster;
import dev.selfheal.testbed.node.EtcdMember;
import dev.selfheal.testbed.node.ThreeMasterPlane;
import dev.selfheal.testbed.process.Workspace;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The node agent of one master of a {@link ThreeMasterPlane}, from a configuration file of its own: the etcd and
 * kube-apiserver static pods in the master's kubelet manifest folder (probed by nobody: the agent runs in the test's
 * JVM, outside the master's network), snapshots of the local member, and {@code etcdMember} naming the member
 * as its manifest does ({@code --name}, {@code --initial-advertise-peer-urls}), its data folder as the host sees it,
 * every member's client URL and the plane's TLS material. Runs in the test's JVM and stops with the master's power.
 */
final class MasterEtcdAgent implements AutoCloseable {

    private static final Pattern REVISION = Pattern.compile("-rev(\\d+)\\.db$");

    private final EtcdMember member;
    private final AgentConfig config;
    private final Path manifest;
    private volatile NodeAgent agent;

    private MasterEtcdAgent(EtcdMember member, AgentConfig config, Path manifest) {
        this.member = member;
        this.config = config;
        this.manifest = manifest;
    }

    /** Writes the master's agent configuration and starts the agent. */
    static MasterEtcdAgent start(ThreeMasterPlane plane, EtcdMember member) {
        Path dir = Workspace.newDir("agent-" + member.name());
        var tls = plane.etcdClientCertificate();
        String tlsFlow = "caFile: '%s', certFile: '%s', keyFile: '%s'".formatted(plane.caPem(), tls.certificate(), tls.key());
        String yaml = """
                node: %s
                stateDir: state
                superviseInterval: 1s
                staticPodManifests: '%s'
                components:
                  - component: etcd
                    runtime: static-pod
                    manifest: etcd.yaml
                    probe: {type: none}
                  - component: kube-apiserver
                    runtime: static-pod
                    manifest: kube-apiserver.yaml
                    probe: {type: none}
                checkpoint: {keep: 3, restoreAfter: 60s, mirrorToCluster: false,
                             etcd: {endpoint: '%s', interval: 2s, keep: 3, %s}}
                etcdMember: {name: %s, dataDir: '%s', clientUrl: '%s', peerUrl: '%s', endpoints: [%s],
                             %s, repairAfter: 20s, startTimeout: 90s, interval: 2s}
                os: {enabled: false}
                report: {enabled: false}
                """.formatted(member.name(), member.node().staticPodPath(), member.clientUrl(), tlsFlow, member.name(),
                member.dataDir(), member.clientUrl(), member.peerUrl(), String.join(", ", plane.etcdEndpoints()), tlsFlow);
        try {
            Path file = Files.writeString(dir.resolve("agent.yaml"), yaml);
            AgentConfig config = AgentConfig.parse(yaml, file.getParent(), Map.of());
            MasterEtcdAgent a = new MasterEtcdAgent(member, config, plane.manifest(member.node(), "etcd"));
            member.node().onPowerOff(a::stop);
            a.start();
            return a;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts the agent (again) from its configuration. */
    synchronized void start() {
        if (agent == null) {
            NodeAgent a = NodeAgent.builder(config).build();
            a.start();
            agent = a;
        }
    }

    /** Stops the agent; the kubelet keeps running the static pods. */
    synchronized void stop() {
        if (agent != null) {
            agent.close();
            agent = null;
        }
    }

    EtcdMember member() {
        return member;
    }

    /** The revision of the newest snapshot the agent took, if any. */
    Optional<Long> latestSnapshotRevision() {
        Path dir = config.checkpoint().dir().resolve("etcd");
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> REVISION.matcher(p.getFileName().toString())).filter(Matcher::find)
                    .map(m -> Long.parseLong(m.group(1))).max(Comparator.naturalOrder());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * {@code recover-etcd} on this master while its agent is stopped, as the one-shot command does: the master's
     * kube-apiserver static pod stopped, the newest valid snapshot restored as a cluster of one, the etcd manifest
     * rewritten for the kubelet; waits until the member is healthy, then starts the API server anew.
     */
    EtcdRecoveryReport recoverEtcd() throws IOException {
        if (agent != null) {
            throw new IllegalStateException("stop the agent of " + member.name() + " before recover-etcd");
        }
        Path parking = config.stateDir().resolve("static-pod-parking");
        EtcdQuorumRecovery recovery = new EtcdQuorumRecovery(config.etcdMember(),
                LocalMembers.manifestOnly(RuntimeKind.STATIC_POD, manifest, parking),
                LocalMembers.apiServer(config.components(), parking), new EtcdQuorumRecovery.Options(EtcdCluster.etcdutlBinary(), EtcdCluster.etcdBinary(), config.checkpoint().dir(),
                        1_000_000_000L), Clock.systemUTC());
        return recovery.recover();
    }

    /** The flags of the etcd container in the manifest the kubelet runs now. */
    String manifestFlags() {
        try {
            return Files.readAllLines(manifest).stream().filter(l -> l.contains("--initial-cluster"))
                    .map(String::strip).collect(Collectors.joining(" "));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        stop();
    }
}
