package dev.selfheal.agent;

import static dev.selfheal.agent.AgentItSupport.killGroup;
import static dev.selfheal.agent.AgentItSupport.processGroup;
import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.agent.kube.KubeApi;
import dev.selfheal.agent.runtime.ProcessRuntime;
import dev.selfheal.core.Selfheal;
import dev.selfheal.core.config.CheckSettings;
import dev.selfheal.core.config.GateSettings;
import dev.selfheal.core.config.MaxUnhealthy;
import dev.selfheal.core.config.RecoverySettings;
import dev.selfheal.core.config.ResilienceSettings;
import dev.selfheal.core.config.SelfhealConfig;
import dev.selfheal.core.diagnosis.Diagnosis;
import dev.selfheal.core.diagnosis.FailureClass;
import dev.selfheal.core.kube.RbacManifests;
import dev.selfheal.core.observe.SelfhealListener;
import dev.selfheal.core.remediation.Remediation;
import dev.selfheal.core.remediation.RemediationState;
import dev.selfheal.protocol.AgentConditions;
import dev.selfheal.protocol.AgentLease;
import dev.selfheal.protocol.Component;
import dev.selfheal.protocol.RestartAck;
import dev.selfheal.protocol.RestartRequest;
import dev.selfheal.testbed.kube.KubeTestbed;
import dev.selfheal.testbed.kube.NodeTemplate;
import dev.selfheal.testbed.process.Await;
import dev.selfheal.testbed.process.Ports;
import dev.selfheal.testbed.process.Workspace;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The agent against a real control plane with kwok nodes, under its own ServiceAccount and the shipped RBAC:
 * escalation after a crash loop, OS conditions, and the healer ({@link Selfheal}, under its ServiceAccount) that
 * sees "kubelet down, node alive" in the agent's report and asks the agent to restart the kubelet instead of
 * rebooting the machine.
 */
class AgentReportingIT {

    private static final String NS = "selfheal-agent-report";
    private static KubeTestbed kube;
    private static KubeApi agentApi;
    private static KubernetesClient healerClient;

    @BeforeAll
    static void startCluster() {
        kube = KubeTestbed.builder().nodeLeaseDuration(Duration.ofSeconds(4)).start();
        RbacManifests.apply(kube.client(), NS, "selfheal");
        AgentItSupport.applyRbac(kube.client(), NS, "selfheal-agent");
        healerClient = kube.serviceAccountClient(NS, "selfheal");
        agentApi = AgentItSupport.agentApi(kube, NS, "selfheal-agent", Workspace.newDir("agent-api"));
    }

    @AfterAll
    static void stopCluster() {
        if (kube != null) {
            kube.close();
        }
    }

    @Test
    void aCrashLoopingComponentBacksOffThenEscalatesAndOsConditionsAreReported() throws Exception {
        kube.nodes().addReady(NodeTemplate.named("w2"), Duration.ofSeconds(60));
        Path dir = Workspace.newDir("agent-w2");
        Files.writeString(dir.resolve("kern.log"), "");
        AgentConfig cfg = AgentConfig.parse("""
                node: w2
                namespace: %s
                stateDir: state
                superviseInterval: 100ms
                components:
                  - component: kube-proxy
                    runtime: process
                    command: [sh, -c, 'date +%%s%%3N; exit 3']
                    probe: {type: none}
                    restart: {backoff: 200ms, maxBackoff: 1s, budget: 4, window: 1m}
                    reportAfter: 0s
                os:
                  interval: 1s
                  kernelLog: kern.log
                  clock: {reference: '%s/healthz', caFile: '%s', maxSkew: 2s}
                """.formatted(NS, kube.apiServerUrl(), kube.certificateAuthority().caPem()), dir, Map.of());
        Clock ahead = Clock.offset(Clock.systemUTC(), Duration.ofSeconds(30));
        try (NodeAgent agent = NodeAgent.builder(cfg).api(agentApi).clock(ahead).build()) {
            agent.start();
            Await.until("escalation of kube-proxy on node w2", Duration.ofSeconds(60), () -> condition("w2",
                    AgentConditions.ESCALATION).filter(c -> c.getStatus().equals("True")).isPresent());
            NodeCondition esc = condition("w2", AgentConditions.ESCALATION).orElseThrow();
            assertThat(esc.getReason()).isEqualTo("kube-proxy");
            assertThat(esc.getMessage()).contains("still unhealthy after 4 restarts");
            assertThat(condition("w2", Component.KUBE_PROXY.conditionType()).orElseThrow().getStatus()).isEqualTo("True");
            Path log = ((ProcessRuntime) agent.runtime("kube-proxy").orElseThrow()).logFile();
            Await.until("six starts of kube-proxy", Duration.ofSeconds(20), () -> startGaps(log).size() >= 5);
            List<Long> gaps = startGaps(log);
            assertThat(gaps.get(0)).as("first restart at once").isLessThan(600);
            assertThat(gaps.get(1)).as("backoff 200 ms").isGreaterThanOrEqualTo(150);
            assertThat(gaps.get(2)).as("backoff 400 ms").isGreaterThanOrEqualTo(330);
            assertThat(gaps.get(3)).as("backoff 800 ms").isGreaterThanOrEqualTo(700);
            assertThat(gaps.get(4)).as("capped at maxBackoff 1 s").isBetween(900L, 2500L);

            Await.until("ClockSkew on node w2", Duration.ofSeconds(30), () -> condition("w2", "ClockSkew")
                    .filter(c -> c.getStatus().equals("True")).isPresent());
            assertThat(condition("w2", "ClockSkew").orElseThrow().getMessage()).contains("ahead of");
            Files.writeString(dir.resolve("kern.log"), "kernel: INFO: task kworker/0:1:17 blocked for more than 120 seconds.\n");
            Await.until("KernelDeadlock on node w2", Duration.ofSeconds(30), () -> condition("w2", "KernelDeadlock")
                    .filter(c -> c.getStatus().equals("True") && c.getReason().equals("TaskHung")).isPresent());
            assertThat(condition("w2", "ReadonlyFilesystem").orElseThrow().getStatus()).isEqualTo("False");
            assertThat(agent.reportStats().orElseThrow().heartbeats()).isPositive();
        } finally {
            kube.nodes().delete("w2");
        }
    }

    @Test
    void theHealerSeesKubeletDownNodeAliveAndAsksTheAgentToRestartItInsteadOfRebooting() throws Exception {
        RecordingMachines machines = new RecordingMachines();
        kube.nodes().addReady(NodeTemplate.named("w1").withProviderId("test://m-w1"), Duration.ofSeconds(60));
        Path dir = Workspace.newDir("agent-w1");
        int port = Ports.free();
        AgentConfig cfg = AgentConfig.parse("""
                node: w1
                namespace: %s
                stateDir: state
                superviseInterval: 200ms
                components:
                  - component: kubelet
                    runtime: process
                    command: [python3, -m, http.server, '%d', --bind, 127.0.0.1]
                    probe: {type: http, url: 'http://127.0.0.1:%d/', timeout: 1s}
                    restart: {mode: on-request}
                    failureThreshold: 1
                os: {enabled: false}
                """.formatted(NS, port, port), dir, Map.of());
        List<Diagnosis> diagnoses = new CopyOnWriteArrayList<>();
        try (NodeAgent agent = NodeAgent.builder(cfg).api(agentApi).build();
             Selfheal healer = Selfheal.builder().client(healerClient).config(healerConfig()).provider(machines)
                     .listener(new SelfhealListener() {
                         @Override
                         public void onDiagnosed(Diagnosis d) {
                             diagnoses.add(d);
                         }
                     }).build()) {
            agent.start();
            Await.until("the kubelet stand-in healthy", Duration.ofSeconds(30), () -> agent.health("kubelet").orElseThrow().healthy());
            Await.until("the agent Lease of w1", Duration.ofSeconds(30), () -> kube.client().leases().inNamespace(NS)
                    .withName(AgentLease.nameOf("w1")).get() != null);
            healer.start();

            long before = processGroup(agent, "kubelet");
            Instant killed = Instant.now();
            killGroup(before);
            retryOnConflict(() -> kube.nodes().stopHeartbeat("w1")); // a dead kubelet renews no node Lease
            Await.until("the kubelet stand-in restarted and healthy", Duration.ofSeconds(90),
                    () -> processGroup(agent, "kubelet") != before && agent.health("kubelet").orElseThrow().healthy());
            long ms = Duration.between(killed, Instant.now()).toMillis();
            retryOnConflict(() -> kube.nodes().resumeHeartbeat("w1")); // the kubelet is back: so is its heartbeat
            System.out.println("[agent-bench] kubelet stand-in killed -> healer diagnosed, asked, agent restarted, healthy: " + ms + " ms");

            Diagnosis d = diagnoses.stream().filter(x -> x.node().equals("w1")).findFirst().orElseThrow();
            assertThat(d.failureClass()).isEqualTo(FailureClass.COMPONENT_FAILURE);
            assertThat(d.component()).isEqualTo(Component.KUBELET);
            Map<String, String> annotations = kube.client().nodes().withName("w1").get().getMetadata().getAnnotations();
            String request = annotations.get(RestartRequest.ANNOTATION);
            assertThat(request).startsWith("kubelet/");
            assertThat(annotations.get(RestartAck.ANNOTATION)).isEqualTo(request.substring("kubelet/".length()) + "/done");
            Await.until("remediation of w1 succeeded", Duration.ofSeconds(90), () -> Optional.ofNullable(healer.remediations().get("w1"))
                    .map(Remediation::state).filter(RemediationState.SUCCEEDED::equals).isPresent());
            assertThat(healer.remediations().get("w1").history()).extracting(h -> h.step() + "=" + h.outcome())
                    .contains("restart-component=healed");
            assertThat(machines.count("reboot")).isZero();
            assertThat(machines.count("power-off")).isZero();
        } finally {
            kube.nodes().delete("w1");
        }
    }

    static SelfhealConfig healerConfig() {
        return SelfhealConfig.builder().namespace(NS).identity("agent-it-healer")
                .checks(CheckSettings.defaults().withNodeThreshold(Duration.ofSeconds(10)))
                .gates(new GateSettings(MaxUnhealthy.parse("100%"), Duration.ZERO, 5, 3, Duration.ofHours(1), Duration.ZERO,
                        "selfheal.dev/exclude"))
                .recovery(RecoverySettings.defaults().withStepTimeout("restart-component", Duration.ofSeconds(60))
                        .withBurnIn(Duration.ofSeconds(2)))
                .resilience(new ResilienceSettings(3, Duration.ofMillis(100), Duration.ofSeconds(30), 50, Duration.ofSeconds(5), 100))
                .build();
    }

    /** The testbed edits the Node with a read-modify-write; the agent patches it at the same time. */
    private static void retryOnConflict(Runnable edit) {
        for (int attempt = 1; ; attempt++) {
            try {
                edit.run();
                return;
            } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
                if (e.getCode() != 409 || attempt == 10) {
                    throw e;
                }
            }
        }
    }

    private static Optional<NodeCondition> condition(String node, String type) {
        Node n = kube.client().nodes().withName(node).get();
        if (n == null || n.getStatus() == null || n.getStatus().getConditions() == null) {
            return Optional.empty();
        }
        return n.getStatus().getConditions().stream().filter(c -> c.getType().equals(type)).findFirst();
    }

    /** The gaps between the starts of the crash-looping process, from the times it wrote into its log. */
    private static List<Long> startGaps(Path log) {
        List<Long> times;
        try {
            times = Files.readAllLines(log).stream().filter(l -> l.matches("\\d{13}")).map(Long::parseLong).toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        List<Long> gaps = new ArrayList<>();
        for (int i = 1; i < times.size(); i++) {
            gaps.add(times.get(i) - times.get(i - 1));
        }
        return gaps;
    }
}
