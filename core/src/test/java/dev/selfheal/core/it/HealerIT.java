package dev.selfheal.core.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.core.Selfheal;
import dev.selfheal.core.config.CheckSettings;
import dev.selfheal.core.config.GateSettings;
import dev.selfheal.core.config.MaxUnhealthy;
import dev.selfheal.core.config.RecoverySettings;
import dev.selfheal.core.config.ResilienceSettings;
import dev.selfheal.core.config.SelfhealConfig;
import dev.selfheal.core.diagnosis.Diagnosis;
import dev.selfheal.core.observe.SelfhealListener;
import dev.selfheal.core.remediation.LeaseRemediationFormat;
import dev.selfheal.core.remediation.Remediation;
import dev.selfheal.core.remediation.RemediationState;
import dev.selfheal.spi.Capability;
import dev.selfheal.testbed.process.Await;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * The healer on a real control plane with kwok nodes, running under its own ServiceAccount with exactly the
 * shipped RBAC, with a test-only provider.
 */
class HealerIT extends RealClusterTest {

    private static final Duration THRESHOLD = Duration.ofSeconds(10);

    @Test
    void deadNodeIsDetectedFencedReleasedAndReplaced() {
        TestMachines machines = new TestMachines(kube, TestMachines.all());
        machines.addMachine("m-a1", "a1", Map.of("pool", "a"));
        machines.addMachine("m-a2", "a2", Map.of("pool", "a"));
        kube.nodes().awaitReady("a1", Duration.ofSeconds(60));
        kube.nodes().awaitReady("a2", Duration.ofSeconds(60));
        String app = deploy("web-a", "a");
        Pod pod = awaitRunningPod(app, null);
        String dead = pod.getSpec().getNodeName();
        Map<String, Instant> diagnosed = new ConcurrentHashMap<>();
        try (Selfheal healer = healer("h-a", machines, config("h-a"), diagnosed)) {
            healer.start();
            kube.nodes().stopHeartbeat(dead);
            Instant lastRenewal = lastRenewal(dead);

            Pod moved = awaitRunningPod(app, dead);
            Instant released = Instant.now();
            assertThat(moved.getSpec().getNodeName()).isNotEqualTo(dead);
            Await.until("remediation of " + dead + " succeeded", Duration.ofSeconds(120),
                    () -> state(healer, dead) == RemediationState.SUCCEEDED);

            Duration detection = Duration.between(lastRenewal.plus(THRESHOLD), diagnosed.get(dead));
            System.out.println("detection latency after threshold: " + detection.toMillis() + " ms");
            assertThat(detection).isLessThanOrEqualTo(Duration.ofSeconds(1));
            Instant fenced = machines.firstCall("power-off", "m-" + dead).orElseThrow().at();
            assertThat(fenced).isBefore(released);
            assertThat(machines.count("replace")).isEqualTo(1);
            Remediation r = healer.remediations().get(dead);
            assertThat(r.fencedAt()).isNotNull();
            assertThat(r.history()).extracting(h -> h.step() + "=" + h.outcome())
                    .contains("fence=done", "release=done", "replace=done", "remove-node=healed");
            assertThat(kube.client().nodes().withName(dead).get()).isNull();
            assertThat(events(dead)).contains("Diagnosed", "RemediationStarted");
        }
    }

    @Test
    void podsAreNeverReleasedWithoutAConfirmedFence() {
        TestMachines machines = new TestMachines(kube, TestMachines.all());
        machines.refuseToConfirmFence();
        machines.addMachine("m-b1", "b1", Map.of("pool", "b"));
        kube.nodes().awaitReady("b1", Duration.ofSeconds(60));
        String app = deploy("web-b", "b");
        Pod pod = awaitRunningPod(app, null);
        // One attempt only, so the record read below is the one that failed (not a fresh retry).
        SelfhealConfig once = config("h-b").toBuilder().gates(new GateSettings(MaxUnhealthy.parse("100%"), Duration.ZERO, 5, 1,
                Duration.ofHours(1), Duration.ZERO, "selfheal.dev/exclude")).build();
        try (Selfheal healer = healer("h-b", machines, once, new ConcurrentHashMap<>())) {
            healer.start();
            kube.nodes().stopHeartbeat("b1");
            Await.until("remediation of b1 failed", Duration.ofSeconds(90), () -> state(healer, "b1") == RemediationState.FAILED);
            Pod still = kube.client().pods().inNamespace(NS).withName(pod.getMetadata().getName()).get();
            assertThat(still).isNotNull();
            assertThat(still.getMetadata().getDeletionTimestamp()).isNull();
            assertThat(kube.client().nodes().withName("b1").get().getSpec().getTaints())
                    .noneMatch(t -> t.getKey().equals("node.kubernetes.io/out-of-service"));
            assertThat(machines.count("power-off")).isGreaterThanOrEqualTo(1);
            assertThat(healer.remediations().get("b1").history()).extracting(h -> h.step() + "=" + h.outcome())
                    .contains("fence=failed").doesNotContain("release=done");
        } finally {
            kube.client().apps().deployments().inNamespace(NS).withName("web-b").delete();
            kube.nodes().delete("b1");
        }
    }

    @Test
    void stormStopsEveryRemediationAndSaysWhy() {
        TestMachines machines = new TestMachines(kube, TestMachines.all());
        for (String n : List.of("c1", "c2", "c3")) {
            machines.addMachine("m-" + n, n, Map.of("pool", "c"));
            kube.nodes().awaitReady(n, Duration.ofSeconds(60));
        }
        SelfhealConfig cfg = config("h-c").toBuilder().gates(new GateSettings(MaxUnhealthy.parse("1"),
                Duration.ofMinutes(5), 2, 3, Duration.ofHours(1), Duration.ofMinutes(1), "selfheal.dev/exclude")).build();
        try (Selfheal healer = healer("h-c", machines, cfg, new ConcurrentHashMap<>())) {
            healer.start();
            kube.nodes().stopHeartbeat("c1");
            kube.nodes().stopHeartbeat("c2");
            Await.until("storm event on c1", Duration.ofSeconds(60), () -> events("c1").contains("RemediationBlocked"));
            assertThat(eventMessages("c1")).anyMatch(m -> m.contains("max-unhealthy"));
            assertThat(healer.remediations()).doesNotContainKeys("c1", "c2");
            assertThat(machines.calls()).noneMatch(c -> !c.operation().equals("status"));
        } finally {
            List.of("c1", "c2", "c3").forEach(kube.nodes()::delete);
        }
    }

    @Test
    void aNewLeaderKeepsTheStormFreezeUntilItsCooldownEnds() {
        TestMachines machines = new TestMachines(kube, TestMachines.all());
        for (String n : List.of("s1", "s2", "s3")) {
            machines.addMachine("m-" + n, n, Map.of("pool", "s"));
            kube.nodes().awaitReady(n, Duration.ofSeconds(60));
        }
        SelfhealConfig cfg = config("h-s").toBuilder().gates(new GateSettings(MaxUnhealthy.parse("1"),
                Duration.ofMinutes(5), 2, 3, Duration.ofHours(1), Duration.ofMinutes(1), "selfheal.dev/exclude")).build();
        try {
            try (Selfheal first = healer("h-s1", machines, cfg.toBuilder().identity("h-s1").build(), new ConcurrentHashMap<>())) {
                first.start();
                kube.nodes().stopHeartbeat("s1");
                kube.nodes().stopHeartbeat("s2");
                Await.until("the storm persisted", Duration.ofSeconds(60), () -> kube.client().leases().inNamespace(NS)
                        .withName(dev.selfheal.core.kube.LeaseStormStateStore.LEASE_NAME).get() != null);
            }
            String since = kube.client().leases().inNamespace(NS).withName(dev.selfheal.core.kube.LeaseStormStateStore.LEASE_NAME)
                    .get().getMetadata().getAnnotations().get("selfheal.dev/storm-since");
            kube.nodes().resumeHeartbeat("s2"); // fewer nodes down now, but the freeze holds
            kube.nodes().awaitReady("s2", Duration.ofSeconds(60));
            try (Selfheal next = healer("h-s2", machines, cfg.toBuilder().identity("h-s2").build(), new ConcurrentHashMap<>())) {
                next.start();
                // Either the cooldown, or the same storm still on: the new leader knows when the first healer saw it begin.
                Await.until("the new leader keeps the freeze", Duration.ofSeconds(60), () -> eventMessages("s1").stream()
                        .anyMatch(m -> m.contains("cooling down after a storm") || m.contains("(since " + since + ")")));
                next.evaluateNow();
                assertThat(next.remediations()).doesNotContainKey("s1");
                assertThat(machines.calls()).noneMatch(c -> !c.operation().equals("status"));
            }
        } finally {
            List.of("s1", "s2", "s3").forEach(kube.nodes()::delete);
        }
    }

    @Test
    void dryRunRecordsThePlanAndChangesNothing() {
        TestMachines machines = new TestMachines(kube, TestMachines.all());
        machines.addMachine("m-d1", "d1", Map.of("pool", "d"));
        kube.nodes().awaitReady("d1", Duration.ofSeconds(60));
        SelfhealConfig cfg = config("h-d").toBuilder().dryRun(true).build();
        try (Selfheal healer = healer("h-d", machines, cfg, new ConcurrentHashMap<>())) {
            healer.start();
            kube.nodes().stopHeartbeat("d1");
            Await.until("dry-run plan event on d1", Duration.ofSeconds(60), () -> events("d1").contains("DryRunPlan"));
            healer.evaluateNow();
            assertThat(eventMessages("d1")).anyMatch(m -> m.contains("would remediate NODE_UNREACHABLE"));
            assertThat(kube.client().leases().inNamespace(NS).withName(LeaseRemediationFormat.leaseName("d1")).get()).isNull();
            assertThat(machines.calls()).noneMatch(c -> !c.operation().equals("status"));
            assertThat(kube.client().nodes().withName("d1").get().getSpec().getTaints()).isNullOrEmpty();
        } finally {
            kube.nodes().delete("d1");
        }
    }

    @Test
    void nodeThatComesBackDuringRemediationEndsItCleanly() {
        TestMachines machines = new TestMachines(kube, EnumSet.of(Capability.POWER_STATUS, Capability.REBOOT));
        machines.addMachine("m-e1", "e1", Map.of("pool", "e"));
        kube.nodes().awaitReady("e1", Duration.ofSeconds(60));
        SelfhealConfig cfg = config("h-e").toBuilder()
                .recovery(config("h-e").recovery().withStepTimeout("reboot", Duration.ofMinutes(2))).build();
        try (Selfheal healer = healer("h-e", machines, cfg, new ConcurrentHashMap<>())) {
            healer.start();
            kube.nodes().stopHeartbeat("e1");
            Await.until("reboot of e1", Duration.ofSeconds(60), () -> machines.count("reboot") == 1);
            kube.nodes().resumeHeartbeat("e1");
            Await.until("remediation of e1 ended", Duration.ofSeconds(60), () -> Optional.ofNullable(state(healer, "e1"))
                    .map(RemediationState::isFinal).orElse(false));
            assertThat(state(healer, "e1")).isEqualTo(RemediationState.SUCCEEDED);
            assertThat(machines.count("power-off")).isZero();
        } finally {
            kube.nodes().delete("e1");
        }
    }

    @Test
    void statefulSetPodAndVolumeAttachmentAreForceReleasedAfterFencing() {
        TestMachines machines = new TestMachines(kube, TestMachines.all());
        machines.addMachine("m-h1", "h1", Map.of("pool", "h"));
        machines.addMachine("m-h2", "h2", Map.of("pool", "h"));
        kube.nodes().awaitReady("h1", Duration.ofSeconds(60));
        kube.nodes().awaitReady("h2", Duration.ofSeconds(60));
        ensureNamespace();
        kube.client().apps().statefulSets().inNamespace(NS).resource(new io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder()
                .withNewMetadata().withName("db-h").endMetadata()
                .withNewSpec().withReplicas(1).withServiceName("db-h")
                .withNewSelector().addToMatchLabels("app", "db-h").endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", "db-h").endMetadata()
                .withNewSpec().addToNodeSelector("pool", "h")
                .addNewContainer().withName("c").withImage("registry.invalid/db:1").endContainer()
                .endSpec().endTemplate().endSpec().build()).create();
        Pod pod = awaitRunningPod("db-h", null);
        String dead = pod.getSpec().getNodeName();
        kube.client().storage().v1().volumeAttachments().resource(new io.fabric8.kubernetes.api.model.storage.VolumeAttachmentBuilder()
                .withNewMetadata().withName("va-h").endMetadata()
                .withNewSpec().withAttacher("test.csi.selfheal.dev").withNodeName(dead)
                .withNewSource().withPersistentVolumeName("pv-h").endSource().endSpec().build()).create();
        SelfhealConfig cfg = config("h-h").toBuilder()
                .recovery(config("h-h").recovery().withReleaseMode(dev.selfheal.core.config.ReleaseMode.FORCE_DELETE)).build();
        try (Selfheal healer = healer("h-h", machines, cfg, new ConcurrentHashMap<>())) {
            healer.start();
            kube.nodes().stopHeartbeat(dead);
            Pod moved = awaitRunningPod("db-h", dead);
            Instant released = Instant.now();
            assertThat(moved.getMetadata().getUid()).isNotEqualTo(pod.getMetadata().getUid());
            assertThat(machines.firstCall("power-off", "m-" + dead).orElseThrow().at()).isBefore(released);
            Await.until("VolumeAttachment va-h deleted", Duration.ofSeconds(30),
                    () -> kube.client().storage().v1().volumeAttachments().withName("va-h").get() == null);
            Await.until("remediation of " + dead + " succeeded", Duration.ofSeconds(120),
                    () -> state(healer, dead) == RemediationState.SUCCEEDED);
            assertThat(events(dead)).doesNotContain("OutOfServiceTaintRemoved");
        } finally {
            kube.client().apps().statefulSets().inNamespace(NS).withName("db-h").delete();
        }
    }

    @Test
    void poweredOffMachineIsReleasedThenPoweredOnAndTheTaintRemoved() {
        TestMachines machines = new TestMachines(kube, TestMachines.all());
        machines.addMachine("m-k1", "k1", Map.of("pool", "k"));
        machines.addMachine("m-k2", "k2", Map.of("pool", "k"));
        kube.nodes().awaitReady("k1", Duration.ofSeconds(60));
        kube.nodes().awaitReady("k2", Duration.ofSeconds(60));
        String app = deploy("web-k", "k");
        String dead = awaitRunningPod(app, null).getSpec().getNodeName();
        try (Selfheal healer = healer("h-k", machines, config("h-k"), new ConcurrentHashMap<>())) {
            healer.start();
            machines.powerOff(dev.selfheal.spi.MachineRef.of("test", "m-" + dead, dead)); // someone pulls the plug
            Await.until("remediation of " + dead + " succeeded", Duration.ofSeconds(120),
                    () -> state(healer, dead) == RemediationState.SUCCEEDED);
            Remediation r = healer.remediations().get(dead);
            assertThat(r.failureClass()).isEqualTo(dev.selfheal.core.diagnosis.FailureClass.MACHINE_DOWN);
            assertThat(r.history()).extracting(h -> h.step() + "=" + h.outcome())
                    .containsExactly("fence=done", "release=done", "power-on=healed");
            assertThat(awaitRunningPod(app, dead).getSpec().getNodeName()).isNotEqualTo(dead);
            Await.until("out-of-service and fenced taints removed from " + dead, Duration.ofSeconds(60),
                    () -> kube.client().nodes().withName(dead).get().getSpec().getTaints().stream()
                            .noneMatch(t -> t.getKey().equals("node.kubernetes.io/out-of-service") || t.getKey().equals("selfheal.dev/fenced")));
            assertThat(events(dead)).contains("OutOfServiceTaintRemoved");
            assertThat(machines.count("replace")).isZero();
        } finally {
            kube.client().apps().deployments().inNamespace(NS).withName("web-k").delete();
        }
    }

    @Test
    void aNodeHoldingLocalVolumesIsFencedAndReleasedButItsMachineIsNotReplaced() {
        TestMachines machines = new TestMachines(kube, TestMachines.all());
        machines.addMachine("m-l1", "l1", Map.of("pool", "l"));
        kube.nodes().awaitReady("l1", Duration.ofSeconds(60));
        String pv = "local-l1-data";
        kube.client().persistentVolumes().resource(new io.fabric8.kubernetes.api.model.PersistentVolumeBuilder()
                .withNewMetadata().withName(pv).endMetadata()
                .withNewSpec().addToCapacity("storage", new io.fabric8.kubernetes.api.model.Quantity("1Gi"))
                .withAccessModes("ReadWriteOnce").withStorageClassName("local").withNewLocal().withPath("/mnt/disks/a").endLocal()
                .withNewClaimRef().withNamespace(NS).withName("data-db-0").endClaimRef()
                .withNewNodeAffinity().withNewRequired().addNewNodeSelectorTerm().addNewMatchExpression()
                .withKey("kubernetes.io/hostname").withOperator("In").withValues("l1").endMatchExpression()
                .endNodeSelectorTerm().endRequired().endNodeAffinity().endSpec().build()).create();
        // One attempt only, so the record read below is the one that stopped at replace (not a fresh retry).
        SelfhealConfig once = config("h-l").toBuilder().gates(new GateSettings(MaxUnhealthy.parse("100%"), Duration.ZERO, 5, 1,
                Duration.ofHours(1), Duration.ZERO, "selfheal.dev/exclude")).build();
        try (Selfheal healer = healer("h-l", machines, once, new ConcurrentHashMap<>())) {
            healer.start();
            kube.nodes().stopHeartbeat("l1");
            Await.until("remediation of l1 ended", Duration.ofSeconds(120),
                    () -> state(healer, "l1") != null && state(healer, "l1").isFinal());
            Remediation r = healer.remediations().get("l1");
            assertThat(r.state()).isEqualTo(RemediationState.FAILED);
            assertThat(r.history()).extracting(h -> h.step() + "=" + h.outcome())
                    .contains("fence=done", "release=done", "replace=failed").doesNotContain("remove-node=healed");
            assertThat(machines.count("power-off")).isEqualTo(1);
            assertThat(machines.count("replace")).as("the machine holding the local volume is kept").isZero();
            assertThat(eventMessages("l1")).anyMatch(m -> m.contains("local PersistentVolumes [" + pv + " (claim " + NS + "/data-db-0)]"));
        } finally {
            kube.client().persistentVolumes().withName(pv).patch(
                    io.fabric8.kubernetes.client.dsl.base.PatchContext.of(io.fabric8.kubernetes.client.dsl.base.PatchType.JSON_MERGE),
                    "{\"metadata\":{\"finalizers\":null}}");
            kube.client().persistentVolumes().withName(pv).delete();
        }
    }

    static SelfhealConfig config(String identity) {
        return SelfhealConfig.builder().namespace(NS).identity(identity)
                .checks(CheckSettings.defaults().withNodeThreshold(THRESHOLD))
                .gates(new GateSettings(MaxUnhealthy.parse("100%"), Duration.ZERO, 5, 3, Duration.ofHours(1), Duration.ZERO,
                        "selfheal.dev/exclude"))
                .recovery(RecoverySettings.defaults().withBurnIn(Duration.ofSeconds(2)).withStepTimeout("reboot", Duration.ofSeconds(3))
                        .withStepTimeout("remove-node", Duration.ofSeconds(60)))
                .resilience(new ResilienceSettings(3, Duration.ofMillis(100), Duration.ofSeconds(30), 50, Duration.ofSeconds(5), 100))
                .build();
    }

    static Selfheal healer(String identity, TestMachines machines, SelfhealConfig cfg, Map<String, Instant> diagnosed) {
        return Selfheal.builder().client(healerClient).config(cfg).provider(machines).listener(new SelfhealListener() {
            @Override
            public void onDiagnosed(Diagnosis d) {
                diagnosed.putIfAbsent(d.node(), Instant.now());
            }
        }).build();
    }

    static RemediationState state(Selfheal healer, String node) {
        Remediation r = healer.remediations().get(node);
        return r == null ? null : r.state();
    }

    static Instant lastRenewal(String node) {
        return kube.client().leases().inNamespace("kube-node-lease").withName(node).get().getSpec().getRenewTime().toInstant();
    }

    static void ensureNamespace() {
        KubernetesClient c = kube.client();
        c.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build()).createOr(r -> r.update());
        Await.until("default service account in " + NS, Duration.ofSeconds(30),
                () -> c.serviceAccounts().inNamespace(NS).withName("default").get() != null);
    }

    static String deploy(String name, String pool) {
        ensureNamespace();
        KubernetesClient c = kube.client();
        c.apps().deployments().inNamespace(NS).resource(new DeploymentBuilder()
                .withNewMetadata().withName(name).endMetadata()
                .withNewSpec().withReplicas(1)
                .withNewSelector().addToMatchLabels("app", name).endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", name).endMetadata()
                .withNewSpec().addToNodeSelector("pool", pool)
                .addNewContainer().withName("c").withImage("registry.invalid/app:1").endContainer()
                .endSpec().endTemplate().endSpec().build()).create();
        return name;
    }

    static Pod awaitRunningPod(String app, String notOn) {
        Pod[] found = new Pod[1];
        Await.until("a Running pod of " + app + (notOn == null ? "" : " off " + notOn), Duration.ofSeconds(120), () -> {
            for (Pod p : kube.client().pods().inNamespace(NS).withLabel("app", app).list().getItems()) {
                if ("Running".equals(p.getStatus().getPhase()) && p.getMetadata().getDeletionTimestamp() == null
                        && !p.getSpec().getNodeName().equals(notOn)) {
                    found[0] = p;
                    return true;
                }
            }
            return false;
        });
        return found[0];
    }

    static List<String> events(String node) {
        return kube.client().v1().events().inNamespace("default").list().getItems().stream()
                .filter(e -> node.equals(e.getInvolvedObject().getName())).map(e -> e.getReason()).toList();
    }

    static List<String> eventMessages(String node) {
        return kube.client().v1().events().inNamespace("default").list().getItems().stream()
                .filter(e -> node.equals(e.getInvolvedObject().getName())).map(e -> e.getMessage()).toList();
    }
}
