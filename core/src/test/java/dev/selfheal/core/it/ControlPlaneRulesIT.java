package dev.selfheal.core.it;

import static dev.selfheal.core.it.HealerIT.config;
import static dev.selfheal.core.it.HealerIT.eventMessages;
import static dev.selfheal.core.it.HealerIT.events;
import static dev.selfheal.core.it.HealerIT.healer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.core.Selfheal;
import dev.selfheal.core.config.SelfhealConfig;
import dev.selfheal.core.health.NodeView;
import dev.selfheal.core.remediation.Remediation;
import dev.selfheal.core.remediation.RemediationState;
import dev.selfheal.testbed.process.Await;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * The control-plane rules on a real control plane with three control-plane-labelled kwok nodes, each with an etcd
 * mirror pod in kube-system (kwok runs it): two of them fail at once; only one is remediated while the other waits,
 * and its fence is held by the etcd quorum while the other member is down, acting only once it is back. The ladder
 * has no reboot, so replacing the control-plane node is passed by (reboot before replace) and the remediation ends
 * for a person. The release leaves the fenced node's etcd mirror pod in place (it stays with its node).
 */
class ControlPlaneRulesIT extends RealClusterTest {

    private static final List<String> MASTERS = List.of("cpa", "cpb", "cpc");
    private static final Duration WAIT = Duration.ofSeconds(120);

    @Test
    void twoControlPlaneNodesFailOnlyOneIsRemediatedAndItsFenceWaitsForTheEtcdQuorum() {
        TestMachines machines = new TestMachines(kube, TestMachines.all());
        MASTERS.forEach(n -> machines.addMachine("m-" + n, n, Map.of("pool", "cp", NodeView.CONTROL_PLANE_LABEL, "")));
        MASTERS.forEach(n -> etcdMirrorPod(kube.nodes().awaitReady(n, Duration.ofSeconds(60))));
        MASTERS.forEach(ControlPlaneRulesIT::awaitEtcdReady);
        SelfhealConfig base = config("h-cp");
        SelfhealConfig cfg = base.toBuilder().recovery(base.recovery().withLadder("NODE_UNREACHABLE",
                List.of("fence", "release", "replace", "remove-node"))).build();
        try (Selfheal healer = healer("h-cp", machines, cfg, new ConcurrentHashMap<>())) {
            healer.start();
            kube.nodes().stopHeartbeat("cpa");
            kube.nodes().stopHeartbeat("cpb");

            Await.until("one of cpa, cpb remediated, its fence held", WAIT, () -> held("cpa") || held("cpb"));
            String first = held("cpa") ? "cpa" : "cpb";
            String second = first.equals("cpa") ? "cpb" : "cpa";
            assertThat(eventMessages(first)).anyMatch(m -> m.startsWith("etcd-quorum: refusing fence of " + first + " (3 etcd members):"
                    + " only 1 of the other 2 members would stay healthy, fewer than the quorum of 2; unhealthy: " + second + ": "));
            Await.until(second + " told it waits", WAIT, () -> eventMessages(second).stream().anyMatch(m -> m.startsWith(
                    "control-plane: control-plane node " + first + " is under remediation (")));
            healer.evaluateNow();
            assertThat(healer.remediations()).containsKey(first).doesNotContainKey(second);
            assertThat(machines.calls()).as("nothing acted on while the quorum is short")
                    .noneMatch(c -> !c.operation().equals("status") && !c.operation().equals("capabilities"));

            kube.nodes().resumeHeartbeat(second);
            kube.nodes().awaitReady(second, Duration.ofSeconds(60));
            Await.until(first + " fenced once " + second + " is back", WAIT, () -> machines.firstCall("power-off", "m-" + first)
                    .isPresent());
            Await.until(first + "'s remediation ended", WAIT, () -> Optional.ofNullable(healer.remediations().get(first))
                    .map(r -> r.state().isFinal()).orElse(false));
            Remediation r = healer.remediations().get(first);
            assertThat(r.history()).extracting(h -> h.step() + "=" + h.outcome())
                    .containsExactly("fence=done", "release=done", "replace=skipped", "remove-node=skipped");
            assertThat(r.history().get(2).detail()).startsWith("reboot-before-replace: refusing replace of control-plane node " + first);
            assertThat(r.state()).isEqualTo(RemediationState.FAILED);
            assertThat(machines.count("replace")).isZero();
            assertThat(kube.client().pods().inNamespace("kube-system").withName("etcd-" + first).get())
                    .as("a static pod's mirror is not released: it stays with its node").isNotNull();
            assertThat(machines.firstCall("power-off", "m-" + second)).isEmpty();
            assertThat(healer.remediations()).doesNotContainKey(second);
        } finally {
            MASTERS.forEach(n -> kube.client().pods().inNamespace("kube-system").withName("etcd-" + n).withGracePeriod(0).delete());
            MASTERS.forEach(kube.nodes()::delete);
        }
    }

    private static boolean held(String node) {
        return events(node).contains("StepHeld");
    }

    /** The mirror pod a kubelet posts for kubeadm's etcd static pod: bound to the node, owned by it, never scheduled. */
    private static void etcdMirrorPod(Node node) {
        String name = node.getMetadata().getName();
        kube.client().pods().inNamespace("kube-system").resource(new PodBuilder()
                .withNewMetadata().withName("etcd-" + name).addToLabels("component", "etcd").addToLabels("tier", "control-plane")
                .addToAnnotations("kubernetes.io/config.mirror", "selfheal-it").addToAnnotations("kubernetes.io/config.source", "file")
                .addNewOwnerReference().withApiVersion("v1").withKind("Node").withName(name).withUid(node.getMetadata().getUid())
                .withController(true).endOwnerReference().endMetadata()
                .withNewSpec().withNodeName(name).withAutomountServiceAccountToken(false).withPriorityClassName("system-node-critical")
                .addNewContainer().withName("etcd").withImage("registry.k8s.io/etcd:3.6.4-0").endContainer().endSpec().build())
                .create();
    }

    private static void awaitEtcdReady(String node) {
        Await.until("etcd-" + node + " Running and ready", Duration.ofSeconds(60), () -> {
            Pod p = kube.client().pods().inNamespace("kube-system").withName("etcd-" + node).get();
            return p != null && "Running".equals(p.getStatus().getPhase()) && !p.getStatus().getContainerStatuses().isEmpty()
                    && p.getStatus().getContainerStatuses().stream().allMatch(c -> Boolean.TRUE.equals(c.getReady()));
        });
    }
}
