package dev.selfheal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.selfheal.core.Selfheal;
import dev.selfheal.core.config.SelfhealConfig;
import dev.selfheal.core.diagnosis.FailureClass;
import dev.selfheal.core.kube.KubeEventRecorder;
import dev.selfheal.core.kube.LeasePauseSwitch;
import dev.selfheal.core.kube.LeaseRemediationStore;
import dev.selfheal.core.remediation.Remediation;
import dev.selfheal.core.remediation.RemediationState;
import dev.selfheal.core.remediation.StepPhase;
import dev.selfheal.testbed.kube.KubeTestbed;
import dev.selfheal.testbed.kube.KubeTestbedExtension;
import dev.selfheal.testbed.kube.NodeTemplate;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The CLI against the testbed's real API server, reading records written as the healer writes them. */
@ExtendWith(KubeTestbedExtension.class)
class SelfhealCliIT {

    private static final List<String> LADDER = List.of("reboot", "fence", "release");

    @TempDir
    Path dir;

    @Test
    void statusAndHistoryShowTheHealersRecordsAndEvents(KubeTestbed kube) throws Exception {
        String ns = namespace(kube);
        String kc = kube.adminKubeconfig().toString();
        Run empty = Run.of("status", "--kubeconfig", kc, "-n", ns);
        assertThat(empty.code()).as(empty.toString()).isZero();
        assertThat(empty.out()).contains("No remediations in namespace " + ns);
        Run noNamespace = Run.of("status", "--kubeconfig", kc, "-n", "cli-absent-ns");
        assertThat(noNamespace.code()).as(noNamespace.toString()).isEqualTo(ExitCode.NOT_FOUND);
        assertThat(noNamespace.err()).contains("the namespace cli-absent-ns does not exist");

        Instant t0 = Instant.now().minusSeconds(300);
        LeaseRemediationStore store = new LeaseRemediationStore(kube.client(), ns, Duration.ofSeconds(60));
        store.create(Remediation.start("r-1", "cli-w1", "u1", FailureClass.NODE_UNREACHABLE, null, LADDER, "healer-a", t0,
                        "no heartbeat").moveTo(RemediationState.REMEDIATING, t0, "remediating")
                .stepFinished("timed-out", t0.plusSeconds(60), "still silent").phase(StepPhase.ACTING, t0.plusSeconds(61)));
        store.create(Remediation.start("r-2", "cli-w2", "u2", FailureClass.OS_FAILURE, null, LADDER, "healer-a", t0,
                "read-only root"));
        try (KubeEventRecorder events = KubeEventRecorder.builder(kube.client()).instance("healer-a").build()) {
            events.record("cli-w1", "RemediationStarted", "attempt 1: no heartbeat", false);
            events.record("cli-w1", "StepTimedOut", "reboot: still silent", true);
        }

        Run table = Run.of("status", "--kubeconfig", kc, "-n", ns);
        assertThat(table.code()).as(table.toString()).isZero();
        assertThat(table.out().lines().toList()).hasSize(3);
        assertThat(table.out()).contains("cli-w1", "NODE_UNREACHABLE", "fence (2/3)", "ACTING", "REMEDIATING", "healer-a",
                "cli-w2", "OS_FAILURE", "reboot (1/3)", "PENDING");
        Run json = Run.of("status", "--kubeconfig", kc, "-n", ns, "-o", "json");
        JsonNode records = new ObjectMapper().readTree(json.out());
        assertThat(records).hasSize(2);
        assertThat(records.get(0).get("id").asText()).isEqualTo("r-1");
        assertThat(Run.of("status", "--kubeconfig", kc, "-n", ns, "-o", "wide").out()).contains("r-2", "read-only root");

        Run history = Run.of("history", "cli-w1", "--kubeconfig", kc, "-n", ns);
        assertThat(history.code()).as(history.toString()).isZero();
        assertThat(history.out()).contains("remediation r-1", "reboot -> fence -> release", "timed-out", "still silent",
                "RemediationStarted", "StepTimedOut", "Warning");
        JsonNode h = new ObjectMapper().readTree(Run.of("history", "cli-w1", "--kubeconfig", kc, "-n", ns, "-o", "json").out());
        assertThat(h.get("remediation").get("id").asText()).isEqualTo("r-1");
        assertThat(h.get("events").findValuesAsText("reason")).containsExactly("RemediationStarted", "StepTimedOut");

        Run unknown = Run.of("history", "cli-nowhere", "--kubeconfig", kc, "-n", ns);
        assertThat(unknown.code()).as(unknown.toString()).isEqualTo(ExitCode.NOT_FOUND);
        assertThat(unknown.err()).contains("no node named cli-nowhere");
    }

    @Test
    void pauseAndResumeReachARunningHealer(KubeTestbed kube) {
        String ns = namespace(kube);
        String kc = kube.adminKubeconfig().toString();
        SelfhealConfig config = SelfhealConfig.builder().namespace(ns).identity("cli-healer").dryRun(true).build();
        try (Selfheal healer = Selfheal.builder().client(kube.client()).config(config).build()) {
            healer.start();
            assertThat(healer.isPaused()).isFalse();

            Run pause = Run.of("pause", "--kubeconfig", kc, "-n", ns, "--reason", "maintenance", "--by", "alice");
            assertThat(pause.code()).as(pause.toString()).isZero();
            assertThat(pause.out()).contains("Selfheal is PAUSED (set by alice", ": maintenance");
            await("the healer sees the pause", healer::isPaused);
            assertThat(Run.of("status", "--kubeconfig", kc, "-n", ns).out()).contains("Selfheal is PAUSED", "maintenance");

            Run resume = Run.of("resume", "--kubeconfig", kc, "-n", ns);
            assertThat(resume.code()).as(resume.toString()).isZero();
            assertThat(resume.out()).contains("Selfheal resumed");
            await("the healer sees the resume", () -> !healer.isPaused());
            assertThat(new LeasePauseSwitch(kube.client(), ns).read().orElseThrow().paused()).isFalse();
            assertThat(Run.of("resume", "--kubeconfig", kc, "-n", ns).out()).contains("Selfheal was not paused");
        }
    }

    @Test
    void explainAndDryRunJudgeTheLiveCluster(KubeTestbed kube) throws Exception {
        String ns = namespace(kube);
        String kc = kube.adminKubeconfig().toString();
        String suffix = UUID.randomUUID().toString().substring(0, 6);
        String sick = "cli-sick-" + suffix;
        String fine = "cli-fine-" + suffix;
        kube.nodes().addReady(NodeTemplate.named(sick), Duration.ofSeconds(60));
        kube.nodes().addReady(NodeTemplate.named(fine), Duration.ofSeconds(60));
        try {
            Path cfg = Files.writeString(dir.resolve("selfheal.yaml"), "namespace: " + ns + "\n"
                    + "checks: {notReadyAfter: 20s, heartbeatLostAfter: 20s}\ngates: {maxUnhealthy: 100%}\n");
            // kwok renews node Leases every 10 s (a quarter of 40 s): 20 s tell a silent node from a live one
            kube.nodes().stopHeartbeat(sick);
            Run explain = until(() -> Run.of("explain", sick, "--kubeconfig", kc, "-f", cfg.toString()),
                    r -> r.out().contains("Diagnosis: NODE_"));
            assertThat(explain.code()).as(explain.toString()).isZero();
            assertThat(explain.out()).contains("Checks:", "UNHEALTHY", "Gates:", "pause", "max-unhealthy", "dry-run", "allow",
                    "Ladder:", "WOULD_SKIP", "Outcome: WOULD_START: would remediate NODE_");
            JsonNode j = new ObjectMapper().readTree(Run.of("explain", sick, "--kubeconfig", kc, "-f", cfg.toString(),
                    "-o", "json").out());
            assertThat(j.get("gates")).hasSize(8);
            assertThat(j.get("diagnosis").get("failureClass").asText()).startsWith("NODE_");
            assertThat(j.get("ladder").findValuesAsText("plan")).isNotEmpty().allMatch(p -> p.startsWith("WOULD_"));

            Run healthy = Run.of("explain", fine, "--kubeconfig", kc, "-f", cfg.toString());
            assertThat(healthy.out()).contains("Diagnosis: healthy", "Outcome: NOTHING_TO_DO");

            Run plan = Run.of("dry-run", "-f", cfg.toString(), "--kubeconfig", kc);
            assertThat(plan.code()).as(plan.toString()).isZero();
            assertThat(plan.out()).contains("is valid. A healer with it would, now:");
            assertThat(line(plan.out(), sick)).contains("WOULD_START", "would remediate NODE_");
            assertThat(line(plan.out(), fine)).contains("healthy", "NOTHING_TO_DO");

            assertThat(kube.client().leases().inNamespace(ns).list().getItems()).as("dry-run and explain write nothing")
                    .isEmpty();
            assertThat(kube.client().v1().events().inNamespace("default").withField("involvedObject.name", sick).list()
                    .getItems()).as("no Event of Selfheal either")
                    .noneMatch(e -> KubeEventRecorder.COMPONENT.equals(e.getSource().getComponent()));

            assertThat(Run.of("pause", "--kubeconfig", kc, "-n", ns).code()).isZero();
            Run paused = Run.of("dry-run", "-f", cfg.toString(), "--kubeconfig", kc);
            assertThat(line(paused.out(), sick)).contains("BLOCKED", "blocked by gate pause: Selfheal is paused");

            new LeaseRemediationStore(kube.client(), ns, Duration.ofSeconds(60)).create(Remediation.start("r-9", sick, "u",
                            FailureClass.NODE_UNREACHABLE, null, LADDER, "healer-a", Instant.now(), "no heartbeat")
                    .moveTo(RemediationState.REMEDIATING, Instant.now(), "remediating")
                    .stepFinished("ok", Instant.now(), "rebooted").phase(StepPhase.ACTING, Instant.now()));
            Run inProgress = Run.of("explain", sick, "--kubeconfig", kc, "-f", cfg.toString());
            assertThat(inProgress.out()).contains("Outcome: IN_PROGRESS", "r-9").containsPattern("reboot +DONE")
                    .containsPattern("fence +CURRENT");

            Run unknown = Run.of("explain", "cli-nowhere", "--kubeconfig", kc, "-n", ns);
            assertThat(unknown.code()).as(unknown.toString()).isEqualTo(ExitCode.NOT_FOUND);
            assertThat(unknown.err()).contains("no node named cli-nowhere");
        } finally {
            kube.nodes().delete(sick);
            kube.nodes().delete(fine);
        }
    }

    private static String line(String text, String node) {
        return text.lines().filter(l -> l.startsWith(node + " ")).findFirst().orElse("(no line for " + node + ")\n" + text);
    }

    private static String namespace(KubeTestbed kube) {
        String ns = "cli-" + UUID.randomUUID().toString().substring(0, 8);
        kube.client().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
                .create();
        return ns;
    }

    private static void await(String what, BooleanSupplier condition) {
        until(() -> condition.getAsBoolean(), b -> b);
        assertThat(condition.getAsBoolean()).as(what).isTrue();
    }

    /** Repeats the call until its answer passes (for at most a minute); returns the last answer. */
    private static <T> T until(Supplier<T> call, Predicate<T> done) {
        long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        List<T> seen = new ArrayList<>();
        while (true) {
            T t = call.get();
            seen.add(t);
            if (done.test(t) || System.nanoTime() > end) {
                return t;
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return t;
            }
        }
    }
}
