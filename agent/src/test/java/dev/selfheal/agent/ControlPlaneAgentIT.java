package dev.selfheal.agent;

import static dev.selfheal.agent.AgentItSupport.answers;
import static dev.selfheal.agent.AgentItSupport.flag;
import static dev.selfheal.agent.AgentItSupport.killGroup;
import static dev.selfheal.agent.AgentItSupport.processGroup;
import static dev.selfheal.agent.AgentItSupport.timeUntil;
import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.agent.checkpoint.CheckpointSettings;
import dev.selfheal.agent.checkpoint.Checkpointer;
import dev.selfheal.agent.checkpoint.EtcdSnapshotter;
import dev.selfheal.agent.recover.ControlPlaneRecovery;
import dev.selfheal.agent.kube.KubeApi;
import dev.selfheal.agent.runtime.ProcessManifest;
import dev.selfheal.agent.supervise.ComponentHealth;
import dev.selfheal.protocol.AgentLease;
import dev.selfheal.protocol.Component;
import dev.selfheal.testbed.kube.KubeTestbed;
import dev.selfheal.testbed.kube.NodeTemplate;
import dev.selfheal.testbed.process.Await;
import dev.selfheal.testbed.process.TestbedCache;
import dev.selfheal.testbed.process.Versions;
import dev.selfheal.testbed.process.Workspace;
import dev.selfheal.testbed.tls.CertificateAuthority;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The agent owns the testbed's real etcd, kube-apiserver, kube-scheduler and kube-controller-manager as plain
 * processes, each described by a process manifest it checkpoints, and reports to that same API server under its
 * own ServiceAccount with the shipped RBAC. Times printed as {@code [agent-bench]} go to docs/benchmarks.md.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ControlPlaneAgentIT {

    private static final String NS = "selfheal-agent-it";
    private static final String NODE = "cp-1";
    private static final List<String> COMPONENTS = List.of("etcd", "kube-apiserver", "kube-scheduler", "kube-controller-manager");

    private static KubeTestbed kube;
    private static Path dir;
    private static Path manifests;
    private static AgentConfig config;
    private static NodeAgent agent;
    private static KubeApi agentApi;
    private static HttpClient http;
    private static String readyz;
    private static String etcdHealth;

    @BeforeAll
    static void takeOverTheControlPlane() throws Exception {
        kube = KubeTestbed.builder().nodeLeaseDuration(Duration.ofSeconds(10)).start();
        AgentItSupport.namespace(kube.client(), NS);
        AgentItSupport.applyRbac(kube.client(), NS, "selfheal-agent");
        kube.nodes().addReady(NodeTemplate.named(NODE), Duration.ofSeconds(60));
        agentApi = AgentItSupport.agentApi(kube, NS, "selfheal-agent", Workspace.newDir("agent-api"));
        dir = Workspace.newDir("agent-cp");
        manifests = Files.createDirectories(dir.resolve("manifests"));
        for (String c : COMPONENTS) {
            Files.writeString(manifests.resolve(c + ".yaml"), new ProcessManifest(kube.componentCommand(c), Map.of(), null).toYaml());
        }
        CertificateAuthority ca = kube.certificateAuthority();
        CertificateAuthority.IssuedCertificate probeCert = ca.issueClient("agent-probe", "selfheal-agent-probe");
        readyz = kube.apiServerUrl() + "/readyz";
        etcdHealth = kube.etcdUrl() + "/health";
        config = AgentConfig.parse(configYaml(probeCert), dir, Map.of());
        http = AgentItSupport.http(ca.trustingContext());
        for (String c : List.of("kube-controller-manager", "kube-scheduler", "kube-apiserver", "etcd")) {
            processOf(c).stop(Duration.ofSeconds(5));
        }
        agent = NodeAgent.builder(config).api(agentApi).processStopGrace(Duration.ofSeconds(3)).build();
        agent.start();
        long t = timeUntil("the agent's control plane", Duration.ofSeconds(120), () -> agent.health().values().stream()
                .allMatch(ComponentHealth::healthy));
        System.out.println("[agent-bench] control plane started by the agent in " + t + " ms");
    }

    private static dev.selfheal.testbed.process.PeerProcess processOf(String c) {
        return switch (c) {
            case "etcd" -> kube.etcd();
            case "kube-apiserver" -> kube.apiServer();
            case "kube-scheduler" -> kube.scheduler();
            default -> kube.controllerManager();
        };
    }

    private static String configYaml(CertificateAuthority.IssuedCertificate probeCert) {
        String sched = "https://127.0.0.1:" + flag(kube.componentCommand("kube-scheduler"), "secure-port") + "/healthz";
        String cm = "https://127.0.0.1:" + flag(kube.componentCommand("kube-controller-manager"), "secure-port") + "/healthz";
        String restart = "restart: {backoff: 500ms, maxBackoff: 2s, budget: 20, window: 1m}";
        return """
                node: %s
                namespace: %s
                stateDir: state
                superviseInterval: 200ms
                components:
                  - component: etcd
                    runtime: process
                    manifest: manifests/etcd.yaml
                    probe: {type: http, url: '%s', expectBody: '"health":"true"'}
                    %s
                  - component: kube-apiserver
                    runtime: process
                    manifest: manifests/kube-apiserver.yaml
                    probe: {type: https, url: '%s', caFile: '%s', certFile: '%s', keyFile: '%s'}
                    %s
                  - component: kube-scheduler
                    runtime: process
                    manifest: manifests/kube-scheduler.yaml
                    probe: {type: https, url: '%s', insecureSkipVerify: true}
                    %s
                  - component: kube-controller-manager
                    runtime: process
                    manifest: manifests/kube-controller-manager.yaml
                    probe: {type: https, url: '%s', insecureSkipVerify: true}
                    %s
                checkpoint: {keep: 3, restoreAfter: 5s, etcd: {endpoint: '%s', interval: 3s, keep: 3}}
                os: {interval: 5s, kernelLog: none}
                """.formatted(NODE, NS, etcdHealth, restart, readyz, kube.certificateAuthority().caPem(),
                probeCert.certificate(), probeCert.key(), restart, sched, restart, cm, restart, kube.etcdUrl());
    }

    @AfterAll
    static void stop() {
        if (agent != null) {
            agent.close();
        }
        if (kube != null) {
            kube.close();
        }
    }

    @Test
    @Order(1)
    void everyComponentIsHealthyCheckpointedAndReported() {
        Await.until("checkpoints of every component", Duration.ofSeconds(30),
                () -> COMPONENTS.stream().allMatch(c -> agent.checkpoints().latest(c).isPresent()));
        Await.until("component conditions on node " + NODE, Duration.ofSeconds(30), () -> COMPONENTS.stream()
                .allMatch(c -> condition(Component.ofId(c).orElseThrow().conditionType()).filter(s -> s.equals("False")).isPresent()));
        var lease = kube.client().leases().inNamespace(NS).withName(AgentLease.nameOf(NODE)).get();
        assertThat(lease.getSpec().getHolderIdentity()).isEqualTo(NODE);
        assertThat(lease.getSpec().getLeaseDurationSeconds()).isEqualTo(AgentLease.DURATION_SECONDS);
        Await.until("the control-plane mirror", Duration.ofSeconds(30), () -> mirror().keySet()
                .containsAll(COMPONENTS.stream().map(c -> c + ".manifest").toList()));
        assertThat(mirror().get("etcd.manifest")).isEqualTo(agent.checkpoints().latest("etcd").orElseThrow().content());
    }

    @Test
    @Order(2)
    void aKilledApiServerIsRestoredAndTheApiAnswersAgain() throws Exception {
        long before = processGroup(agent, "kube-apiserver");
        killGroup(before);
        long ms = timeUntil("the API server to answer again", Duration.ofSeconds(60), () -> answers(http, readyz, "ok"));
        System.out.println("[agent-bench] kube-apiserver killed -> /readyz ok again: " + ms + " ms");
        assertThat(processGroup(agent, "kube-apiserver")).isNotEqualTo(before);
        assertThat(kube.client().namespaces().withName(NS).get()).isNotNull();
        Await.until("the agent sees it healthy", Duration.ofSeconds(10), () -> agent.health("kube-apiserver").orElseThrow().healthy());
    }

    @Test
    @Order(3)
    void aKilledEtcdIsRestartedWithItsDataIntact() throws Exception {
        kube.client().configMaps().inNamespace(NS).resource(new ConfigMapBuilder().withNewMetadata().withName("survivor")
                .endMetadata().addToData("written", "before etcd died").build()).create();
        killGroup(processGroup(agent, "etcd"));
        long ms = timeUntil("etcd to answer again", Duration.ofSeconds(60), () -> answers(http, etcdHealth, "\"health\":\"true\""));
        System.out.println("[agent-bench] etcd killed -> /health true again: " + ms + " ms");
        Await.until("the data through the API server", Duration.ofSeconds(60), () -> Optional.ofNullable(kube.client()
                .configMaps().inNamespace(NS).withName("survivor").get()).map(ConfigMap::getData)
                .map(d -> d.get("written")).filter("before etcd died"::equals).isPresent());
    }

    @Test
    @Order(4)
    void aRemovedOrCorruptManifestIsRestoredFromItsCheckpointWithoutARestart() throws Exception {
        Path m = manifests.resolve("kube-scheduler.yaml");
        String good = Files.readString(m);
        long pg = processGroup(agent, "kube-scheduler");
        Files.delete(m);
        long removed = timeUntil("the removed manifest back", Duration.ofSeconds(10), () -> Files.exists(m));
        assertThat(Files.readString(m)).isEqualTo(good);
        Files.writeString(m, "command: [kube-scheduler\n  --broken: {{");
        long corrupt = timeUntil("the corrupt manifest replaced", Duration.ofSeconds(10), () -> read(m).equals(good));
        System.out.println("[agent-bench] manifest removed -> restored: " + removed + " ms; corrupted -> restored: " + corrupt + " ms");
        assertThat(processGroup(agent, "kube-scheduler")).as("the scheduler kept running").isEqualTo(pg);
        assertThat(config.checkpoint().dir().resolve("rejected")).isDirectoryContaining(p -> p.getFileName().toString()
                .startsWith("kube-scheduler-"));
    }

    @Test
    @Order(5)
    void anApiServerWhoseManifestIsGoneComesBackFromTheCheckpoint() throws Exception {
        Path m = manifests.resolve("kube-apiserver.yaml");
        String checkpoint = agent.checkpoints().latest("kube-apiserver").orElseThrow().content();
        Files.delete(m);
        killGroup(processGroup(agent, "kube-apiserver"));
        long ms = timeUntil("the API server back from its checkpoint", Duration.ofSeconds(60), () -> answers(http, readyz, "ok"));
        System.out.println("[agent-bench] kube-apiserver killed and its manifest removed -> restored from checkpoint, /readyz ok: " + ms + " ms");
        assertThat(Files.readString(m)).isEqualTo(checkpoint);
        Await.until("the agent sees it healthy", Duration.ofSeconds(10), () -> agent.health("kube-apiserver").orElseThrow().healthy());
    }

    @Test
    @Order(6)
    void anApiServerThatStaysDownOnABadManifestIsRolledBackToTheCheckpoint() throws Exception {
        Path m = manifests.resolve("kube-apiserver.yaml");
        String good = agent.checkpoints().latest("kube-apiserver").orElseThrow().content();
        ProcessManifest bad = ProcessManifest.parse(good);
        List<String> cmd = new java.util.ArrayList<>(bad.command());
        cmd.add("--no-such-flag=1");
        long t0 = System.nanoTime();
        Files.writeString(m, new ProcessManifest(cmd, bad.env(), bad.workDir()).toYaml());
        Await.until("the API server down on the bad manifest", Duration.ofSeconds(20), () -> !answers(http, readyz, "ok"));
        Await.until("the API server rolled back", Duration.ofSeconds(90), Duration.ofMillis(50), () -> answers(http, readyz, "ok"), null);
        System.out.println("[agent-bench] kube-apiserver given a bad manifest -> restarted on it, down past restoreAfter=5s, "
                + "rolled back, /readyz ok: " + (System.nanoTime() - t0) / 1_000_000 + " ms after the manifest was written");
        assertThat(Files.readString(m)).isEqualTo(good);
        assertThat(agent.checkpoints().latest("kube-apiserver").orElseThrow().content()).isEqualTo(good);
    }

    @Test
    @Order(7)
    void etcdSnapshotsAreVerifiedAndACorruptOneIsNeverUsed() throws Exception {
        EtcdSnapshotter snaps = agent.etcdSnapshots().orElseThrow();
        Await.until("two etcd snapshots", Duration.ofSeconds(30), () -> snaps.snapshots().size() >= 2);
        Path newest = snaps.snapshots().get(0);
        assertThat(EtcdSnapshotter.verify(newest)).isTrue();
        byte[] b = Files.readAllBytes(newest);
        b[b.length / 2] ^= 0x5a;
        Files.write(newest, b);
        assertThat(EtcdSnapshotter.verify(newest)).isFalse();
        assertThat(snaps.latestValid()).isPresent().get().isNotEqualTo(newest);
    }

    @Test
    @Order(8)
    void recoverRebuildsTheManifestsFromAnEtcdSnapshot() throws Exception {
        Path db = agent.etcdSnapshots().orElseThrow().snapshot();
        Map<String, List<ControlPlaneRecovery.Manifest>> found = ControlPlaneRecovery.read(new ControlPlaneRecovery.Snapshot(db),
                new ControlPlaneRecovery.Options(etcdBinary(), NS, Duration.ofSeconds(60)));
        assertThat(found).containsKey(NODE);
        assertThat(found.get(NODE)).extracting(ControlPlaneRecovery.Manifest::component).containsExactlyInAnyOrderElementsOf(COMPONENTS);
        Path out = dir.resolve("recovered-from-snapshot");
        ControlPlaneRecovery.write(found.get(NODE), out, null);
        for (String c : COMPONENTS) {
            assertThat(Files.readString(out.resolve(c + ".yaml"))).isEqualTo(agent.checkpoints().latest(c).orElseThrow().content());
        }
    }

    @Test
    @Order(9)
    void recoverBringsTheWholeControlPlaneBackFromTheEtcdDataDirectory() throws Exception {
        agent.close();
        agent = null;
        Await.until("the control plane down", Duration.ofSeconds(10), () -> !answers(http, readyz, "ok"));
        deleteTree(manifests);
        deleteTree(config.checkpoint().dir());
        long t0 = System.nanoTime();
        Map<String, List<ControlPlaneRecovery.Manifest>> found = ControlPlaneRecovery.read(
                new ControlPlaneRecovery.DataDir(kube.etcdDataDir()), new ControlPlaneRecovery.Options(etcdBinary(), NS, null));
        List<Path> written = ControlPlaneRecovery.write(found.get(NODE), null,
                new Checkpointer(config.checkpoint().dir(), config.checkpoint().keep(), java.time.Clock.systemUTC()));
        assertThat(written).containsExactlyInAnyOrderElementsOf(COMPONENTS.stream().map(c -> manifests.resolve(c + ".yaml")).toList());
        agent = NodeAgent.builder(config).api(agentApi).processStopGrace(Duration.ofSeconds(3)).build();
        agent.start();
        Await.until("the API server back", Duration.ofSeconds(90), Duration.ofMillis(50), () -> answers(http, readyz, "ok"), null);
        System.out.println("[agent-bench] recover from the etcd data directory + agent start -> /readyz ok: "
                + (System.nanoTime() - t0) / 1_000_000 + " ms");
        assertThat(kube.client().configMaps().inNamespace(NS).withName("survivor").get().getData())
                .containsEntry("written", "before etcd died");
        Await.until("every component healthy", Duration.ofSeconds(60), () -> agent.health().values().stream().allMatch(ComponentHealth::healthy));
    }

    private static Path etcdBinary() {
        return TestbedCache.executable("etcd-" + Versions.get("ETCD_VERSION"), "etcd", "etcd");
    }

    private static Map<String, String> mirror() {
        ConfigMap cm = kube.client().configMaps().inNamespace(NS).withName(CheckpointSettings.mirrorName(NODE)).get();
        return cm == null || cm.getData() == null ? Map.of() : cm.getData();
    }

    private static Optional<String> condition(String type) {
        Node n = kube.client().nodes().withName(NODE).get();
        return n.getStatus().getConditions().stream().filter(c -> c.getType().equals(type)).map(NodeCondition::getStatus).findFirst();
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (java.io.IOException e) {
            return "";
        }
    }

    private static void deleteTree(Path p) throws java.io.IOException {
        try (var s = Files.walk(p)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }
}
