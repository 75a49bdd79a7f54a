package dev.selfheal.core.kube;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.core.config.RecoverySettings;
import dev.selfheal.core.config.ResilienceSettings;
import dev.selfheal.core.diagnosis.FailureClass;
import dev.selfheal.core.health.ClusterSnapshot;
import dev.selfheal.core.provider.ProviderGateway;
import dev.selfheal.core.recovery.ClusterOperations;
import dev.selfheal.core.recovery.ReleaseWorkloadsStep;
import dev.selfheal.core.recovery.StepContext;
import dev.selfheal.core.recovery.StepView;
import dev.selfheal.core.remediation.Remediation;
import dev.selfheal.core.remediation.RemediationState;
import dev.selfheal.testbed.kube.KubeTestbed;
import dev.selfheal.testbed.kube.KubeTestbedExtension;
import dev.selfheal.testbed.kube.NodeTemplate;
import dev.selfheal.testbed.process.Await;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The release step against a real kube-apiserver and kube-controller-manager (whose taint eviction controller acts on
 * the out-of-service taint) with kwok nodes: a StatefulSet's pod is released from its node twenty times in a row,
 * alternating between two nodes, and its namesake recreated on the healthy node is never evicted.
 */
@ExtendWith(KubeTestbedExtension.class)
class ReleaseOrderIT {

    private static final int ROUNDS = 20;
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Duration SETTLE = Duration.ofSeconds(2);
    private static final String APP = "db";

    @Test
    void theRecreatedStatefulSetPodIsNeverEvictedAcrossTwentyReleases(KubeTestbed kube) throws Exception {
        String healerNs = HealerAccess.namespaceWithRbac(kube, "sh-rel");
        String ns = HealerAccess.unique("sh-rel-wl");
        String pool = HealerAccess.unique("pool");
        List<String> nodes = List.of(HealerAccess.unique("rel-a"), HealerAccess.unique("rel-b"));
        KubernetesClient admin = kube.client();
        admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build()).create();
        nodes.forEach(n -> kube.nodes().addReady(NodeTemplate.named(n).withLabel("pool", pool), WAIT));
        PodLog log = new PodLog();
        ClusterOperations ops = new KubeClusterOperations(HealerAccess.healer(kube, healerNs));
        try (Watch pods = admin.pods().inNamespace(ns).watch(log);
             Watch events = admin.v1().events().inNamespace(ns).watch(log.events());
             ProviderGateway gateway = new ProviderGateway(List.of(), ResilienceSettings.defaults())) {
            admin.apps().daemonSets().inNamespace(ns).resource(daemonSet(pool)).create();
            admin.apps().statefulSets().inNamespace(ns).resource(statefulSet(pool)).create();
            Pod pod = awaitRunning(admin, ns, null);
            for (int round = 1; round <= ROUNDS; round++) {
                String fenced = pod.getSpec().getNodeName();
                String healthy = nodes.get(0).equals(fenced) ? nodes.get(1) : nodes.get(0);
                Pod witness = awaitDaemonPod(admin, ns, fenced);
                log.released.add(pod.getMetadata().getUid());
                log.released.add(witness.getMetadata().getUid());
                // A dead node: kwok, the node's stand-in kubelet, stops acting on its pods. (Acting, it would delete each
                // force-deleted pod again by name, without the UID precondition a kubelet sends, and hit the namesake.)
                kube.nodes().stopHeartbeat(fenced);

                new ReleaseWorkloadsStep().act(context(fenced, ops, gateway));

                Pod moved = awaitRunning(admin, ns, fenced);
                assertThat(moved.getSpec().getNodeName()).as("round %d", round).isEqualTo(healthy);
                Await.until("the taint eviction controller marked the DaemonSet pod of " + fenced + " for deletion (round "
                        + round + ")", WAIT, () -> log.marked.contains(witness.getMetadata().getName()));
                Thread.sleep(SETTLE.toMillis()); // any eviction queued by the taint would have been carried out by now
                Pod after = admin.pods().inNamespace(ns).withName(APP + "-0").get();
                assertThat(after.getMetadata().getUid()).as("round %d: the pod Running on %s is still the same", round, healthy)
                        .isEqualTo(moved.getMetadata().getUid());
                assertThat(after.getMetadata().getDeletionTimestamp()).as("round %d", round).isNull();
                assertThat(log.violations).as("round %d: pods evicted or deleted that were never released", round).isEmpty();

                kube.nodes().resumeHeartbeat(fenced); // the node is healthy again
                ops.removeTaint(fenced, ClusterOperations.OUT_OF_SERVICE_TAINT);
                ops.removeTaint(fenced, ClusterOperations.FENCED_TAINT);
                pod = moved;
            }
            assertThat(log.evictedStatefulSetPods).as("StatefulSet pods evicted by the taint").isEmpty();
            assertThat(log.marked).as("no eviction of the StatefulSet pod's name was ever queued").doesNotContain(APP + "-0")
                    .hasSizeGreaterThanOrEqualTo(ROUNDS);
        } finally {
            admin.namespaces().withName(ns).delete();
            nodes.forEach(n -> kube.nodes().delete(n));
        }
    }

    private static StepContext context(String node, ClusterOperations ops, ProviderGateway gateway) {
        Instant now = Instant.now();
        Remediation r = Remediation.start("r-" + node, node, node + "-uid", FailureClass.NODE_UNREACHABLE, null,
                List.of(ReleaseWorkloadsStep.NAME), "it", now, "released by the test")
                .moveTo(RemediationState.REMEDIATING, now, "remediating").fenced(now);
        StepView view = new StepView(r, ClusterSnapshot.empty(now), now, false, false, Optional.empty(), Set.of(),
                RecoverySettings.defaults());
        return new StepContext(view, gateway, ops, Duration.ofSeconds(60));
    }

    /** The StatefulSet's pod once Running, on a node other than {@code notOn}. */
    private static Pod awaitRunning(KubernetesClient admin, String ns, String notOn) {
        Pod[] found = new Pod[1];
        Await.until("pod " + APP + "-0 Running" + (notOn == null ? "" : " off " + notOn), WAIT, () -> {
            Pod p = admin.pods().inNamespace(ns).withName(APP + "-0").get();
            found[0] = p;
            return p != null && p.getMetadata().getDeletionTimestamp() == null && p.getStatus() != null
                    && "Running".equals(p.getStatus().getPhase()) && !p.getSpec().getNodeName().equals(notOn);
        });
        return found[0];
    }

    private static Pod awaitDaemonPod(KubernetesClient admin, String ns, String node) {
        Pod[] found = new Pod[1];
        Await.until("a Running DaemonSet pod on " + node, WAIT, () -> {
            found[0] = admin.pods().inNamespace(ns).withLabel("app", "agent").list().getItems().stream()
                    .filter(p -> node.equals(p.getSpec().getNodeName()) && p.getMetadata().getDeletionTimestamp() == null)
                    .filter(p -> p.getStatus() != null && "Running".equals(p.getStatus().getPhase())).findFirst().orElse(null);
            return found[0] != null;
        });
        return found[0];
    }

    private static io.fabric8.kubernetes.api.model.apps.StatefulSet statefulSet(String pool) {
        return new StatefulSetBuilder().withNewMetadata().withName(APP).endMetadata()
                .withNewSpec().withReplicas(1).withServiceName(APP)
                .withNewSelector().addToMatchLabels("app", APP).endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", APP).endMetadata()
                .withSpec(podSpec(pool)).endTemplate().endSpec().build();
    }

    private static io.fabric8.kubernetes.api.model.apps.DaemonSet daemonSet(String pool) {
        return new DaemonSetBuilder().withNewMetadata().withName("agent").endMetadata()
                .withNewSpec().withNewSelector().addToMatchLabels("app", "agent").endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", "agent").endMetadata()
                .withSpec(podSpec(pool)).endTemplate().endSpec().build();
    }

    private static io.fabric8.kubernetes.api.model.PodSpec podSpec(String pool) {
        return new PodSpecBuilder().addToNodeSelector("pool", pool).withTerminationGracePeriodSeconds(0L)
                .addNewContainer().withName("c").withImage("registry.invalid/app:1").endContainer().build();
    }

    /**
     * Every pod of the namespace the taint evicted or that was deleted, against the pods the test released; and every
     * pod the taint eviction controller marked for deletion (its Events, by pod name).
     */
    private static final class PodLog implements Watcher<Pod> {
        final Set<String> released = ConcurrentHashMap.newKeySet();
        final Set<String> marked = ConcurrentHashMap.newKeySet();
        final List<String> evictedStatefulSetPods = new CopyOnWriteArrayList<>();
        final List<String> violations = new CopyOnWriteArrayList<>();

        @Override
        public void eventReceived(Action action, Pod p) {
            String uid = p.getMetadata().getUid();
            String what = p.getMetadata().getName() + " (uid " + uid + ") on " + p.getSpec().getNodeName();
            boolean byTaint = p.getStatus() != null && p.getStatus().getConditions() != null && p.getStatus().getConditions().stream()
                    .anyMatch(ReleaseOrderIT::evictedByTaint);
            if (byTaint) {
                if (p.getMetadata().getName().startsWith(APP + "-")) {
                    evictedStatefulSetPods.add(what);
                }
            }
            boolean gone = action == Action.DELETED || p.getMetadata().getDeletionTimestamp() != null;
            if ((byTaint || gone) && !released.contains(uid)) {
                violations.add(action + " " + what + (byTaint ? " evicted by the taint" : " deleted"));
            }
        }

        @Override
        public void onClose(WatcherException cause) {
            violations.add("the watch closed: " + cause.getMessage());
        }

        Watcher<Event> events() {
            return new Watcher<>() {
                @Override
                public void eventReceived(Action action, Event e) {
                    String prefix = "Marking for deletion Pod " + e.getInvolvedObject().getNamespace() + "/";
                    if ("TaintManagerEviction".equals(e.getReason()) && e.getMessage() != null && e.getMessage().startsWith(prefix)) {
                        marked.add(e.getMessage().substring(prefix.length()));
                    }
                }

                @Override
                public void onClose(WatcherException cause) {
                    violations.add("the Event watch closed: " + cause.getMessage());
                }
            };
        }
    }

    private static boolean evictedByTaint(PodCondition c) {
        return "DisruptionTarget".equals(c.getType()) && "DeletionByTaintManager".equals(c.getReason());
    }
}
