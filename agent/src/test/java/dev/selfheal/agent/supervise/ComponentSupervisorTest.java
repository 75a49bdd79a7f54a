package dev.selfheal.agent.supervise;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.agent.checkpoint.Checkpointer;
import dev.selfheal.agent.probe.ProbeResult;
import dev.selfheal.agent.probe.ProbeSpec;
import dev.selfheal.agent.report.ConditionBoard;
import dev.selfheal.agent.runtime.RuntimeKind;
import dev.selfheal.agent.runtime.StaticPodRuntime;
import dev.selfheal.protocol.AgentConditions;
import dev.selfheal.protocol.Component;
import dev.selfheal.testbed.clock.ManualClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ComponentSupervisorTest {

    private final ManualClock clock = ManualClock.at(Instant.parse("2026-01-01T00:00:00Z"));
    private final ConditionBoard board = new ConditionBoard(clock);
    private final ScriptedRuntime runtime = new ScriptedRuntime();
    private final List<Duration> wakeUps = new ArrayList<>();
    private boolean probeOk = true;

    @TempDir
    Path dir;

    private ComponentSpec spec(RestartMode mode, Path manifest, boolean restore) {
        return new ComponentSpec(Component.KUBE_SCHEDULER, RuntimeKind.PROCESS, manifest == null ? List.of("sched") : List.of(),
                Map.of(), null, manifest, null, ProbeSpec.none(),
                new RestartPolicy(mode, Duration.ofSeconds(1), Duration.ofSeconds(4), 3, Duration.ofMinutes(1)),
                Duration.ofSeconds(5), 2, Duration.ofSeconds(3), manifest != null, restore, Duration.ZERO);
    }

    private ComponentSupervisor supervisor(ComponentSpec spec) {
        ManifestKeeper keeper = spec.manifest() == null ? null
                : new ManifestKeeper(spec, new Checkpointer(dir.resolve("ckpt"), 3, clock), dir.resolve("rejected"), clock, cp -> { });
        return new ComponentSupervisor(spec, runtime, () -> probeOk ? ProbeResult.ok("ok") : ProbeResult.failed("no"),
                keeper, board, clock, Duration.ofSeconds(10), wakeUps::add);
    }

    private boolean conditionTrue() {
        return board.get(Component.KUBE_SCHEDULER.conditionType()).map(ConditionBoard.Entry::problem).orElse(false);
    }

    @Test
    void startsOnceThenRestartsADeadComponentAtOnceAndReportsOnlyAfterReportAfter() {
        ComponentSupervisor s = supervisor(spec(RestartMode.AUTO, null, false));
        s.tick();
        assertThat(runtime.calls).containsExactly("start");
        s.tick();
        assertThat(s.health().state()).isEqualTo(ComponentHealth.State.HEALTHY);
        assertThat(conditionTrue()).isFalse();

        runtime.running = false; // it died
        s.tick();
        assertThat(runtime.calls).containsExactly("start", "start");
        assertThat(conditionTrue()).as("not reported before reportAfter").isFalse();
        assertThat(wakeUps).contains(Duration.ofSeconds(3));
        s.tick();
        assertThat(s.health().healthy()).isTrue();
        assertThat(s.health().restartsInWindow()).isEqualTo(1);
    }

    @Test
    void failedProbesCountOnlyAfterTheGraceAndTheThreshold() {
        ComponentSupervisor s = supervisor(spec(RestartMode.AUTO, null, false));
        s.tick();
        probeOk = false;
        s.tick();
        s.tick();
        assertThat(runtime.calls).as("within the start-up grace").containsExactly("start");
        clock.advance(Duration.ofSeconds(6));
        s.tick();
        assertThat(runtime.calls).as("one failure, threshold 2").containsExactly("start");
        s.tick();
        assertThat(runtime.calls).containsExactly("start", "restart");
        assertThat(s.health().state()).isEqualTo(ComponentHealth.State.UNHEALTHY);
    }

    @Test
    void crashLoopBacksOffThenEscalatesAndKeepsTrying() {
        runtime.startsRunning = false;
        ComponentSupervisor s = supervisor(spec(RestartMode.AUTO, null, false));
        s.tick(); // initial start: the process dies at once
        List<Instant> restarts = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            long before = runtime.count("start");
            s.tick();
            if (runtime.count("start") > before) {
                restarts.add(clock.instant());
            }
            clock.advance(Duration.ofMillis(100));
        }
        assertThat(restarts.get(1)).isEqualTo(restarts.get(0).plusSeconds(1));
        assertThat(restarts.get(2)).isEqualTo(restarts.get(1).plusSeconds(2));
        assertThat(restarts.get(3)).isEqualTo(restarts.get(2).plusSeconds(4));
        assertThat(restarts.get(4)).as("capped at maxBackoff").isEqualTo(restarts.get(3).plusSeconds(4));
        assertThat(s.health().escalated()).isTrue();
        ConditionBoard.Entry esc = board.get(AgentConditions.ESCALATION).orElseThrow();
        assertThat(esc.problem()).isTrue();
        assertThat(esc.reason()).isEqualTo("kube-scheduler");
        assertThat(conditionTrue()).isTrue();

        runtime.startsRunning = true;
        runtime.running = true;
        s.tick();
        assertThat(conditionTrue()).isFalse();
        assertThat(s.health().escalated()).as("healthy for a moment is not yet the end of the crash loop").isTrue();
        clock.advance(Duration.ofSeconds(4)); // maxBackoff
        s.tick();
        assertThat(s.health().escalated()).isFalse();
        assertThat(board.get(AgentConditions.ESCALATION).orElseThrow().problem()).isFalse();
    }

    @Test
    void aComponentThatDiesMomentsAfterEachStartIsEscalatedOnceNotOnEveryRestart() {
        ComponentSupervisor s = supervisor(spec(RestartMode.AUTO, null, false));
        s.tick(); // initial start
        Instant lastStart = clock.instant();
        for (int i = 0; i < 600; i++) {
            // it runs and passes its probe for 500 ms after each start, then dies
            runtime.running = clock.instant().isBefore(lastStart.plusMillis(500));
            long before = runtime.count("start");
            s.tick();
            if (runtime.count("start") > before) {
                lastStart = clock.instant();
            }
            clock.advance(Duration.ofMillis(100));
        }
        assertThat(runtime.count("start")).as("it kept being restarted").isGreaterThan(5);
        assertThat(s.health().escalated()).isTrue();
        assertThat(s.health().escalationsTotal()).as("one crash loop, one escalation").isEqualTo(1);
    }

    @Test
    void onRequestModeReportsAtOnceAndRestartsOnlyWhenAsked() {
        ComponentSpec spec = new ComponentSpec(Component.KUBELET, RuntimeKind.PROCESS, List.of("kubelet"), Map.of(), null, null,
                null, ProbeSpec.none(), new RestartPolicy(RestartMode.ON_REQUEST, Duration.ofSeconds(1), Duration.ofSeconds(1), 1,
                Duration.ofMinutes(1)), Duration.ZERO, 1, Duration.ZERO, false, false, Duration.ZERO);
        ComponentSupervisor s = new ComponentSupervisor(spec, runtime, () -> ProbeResult.ok("ok"), null, board, clock,
                Duration.ofSeconds(10), wakeUps::add);
        s.tick();
        runtime.running = false;
        s.tick();
        s.tick();
        assertThat(runtime.calls).containsExactly("start");
        assertThat(board.get("KubeletUnhealthy").orElseThrow().problem()).isTrue();
        assertThat(board.get(AgentConditions.ESCALATION)).isEmpty();
        assertThat(s.restartNow("asked")).isTrue();
        s.tick();
        assertThat(runtime.calls).containsExactly("start", "start");
        assertThat(board.get("KubeletUnhealthy").orElseThrow().problem()).isFalse();
    }

    @Test
    void aMissingOrCorruptManifestIsRestoredFromTheCheckpointWithoutARestart() throws IOException {
        Path manifest = dir.resolve("sched.yaml");
        Files.writeString(manifest, "command: [sched, --v=1]\n");
        ComponentSupervisor s = supervisor(spec(RestartMode.AUTO, manifest, false));
        s.tick();
        s.tick(); // healthy: checkpointed
        Files.delete(manifest);
        s.tick();
        assertThat(Files.readString(manifest)).isEqualTo("command: [sched, --v=1]\n");
        Files.writeString(manifest, "command: [sched\n");
        s.tick();
        assertThat(Files.readString(manifest)).isEqualTo("command: [sched, --v=1]\n");
        assertThat(runtime.calls).containsExactly("start");
        assertThat(runtime.applied).containsExactly("first:command: [sched, --v=1]");
        assertThat(dir.resolve("rejected")).isDirectoryContaining(p -> p.getFileName().toString().startsWith("kube-scheduler-"));
    }

    @Test
    void aManifestReplacedByAFifoIsSetAsideAndRestoredInsteadOfBlockingTheSupervisor() throws Exception {
        Path manifest = dir.resolve("sched.yaml");
        Files.writeString(manifest, "command: [sched, --v=1]\n");
        ComponentSupervisor s = supervisor(spec(RestartMode.AUTO, manifest, false));
        s.tick();
        s.tick(); // healthy: checkpointed
        Files.delete(manifest);
        assertThat(new ProcessBuilder("mkfifo", manifest.toString()).start().waitFor()).isZero();
        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(30), s::tick);
        assertThat(Files.isRegularFile(manifest)).isTrue();
        assertThat(Files.readString(manifest)).isEqualTo("command: [sched, --v=1]\n");
        assertThat(runtime.calls).containsExactly("start");
    }

    @Test
    void aValidButFailingManifestIsRolledBackAfterRestoreAfter() throws IOException {
        Path manifest = dir.resolve("sched.yaml");
        Files.writeString(manifest, "command: [sched, --good]\n");
        ComponentSupervisor s = supervisor(spec(RestartMode.AUTO, manifest, true));
        s.tick();
        s.tick();
        Files.writeString(manifest, "command: [sched, --bad]\n");
        runtime.startsRunning = false;
        runtime.running = false;
        for (int i = 0; i < 9; i++) {
            s.tick();
            clock.advance(Duration.ofSeconds(1));
        }
        assertThat(Files.readString(manifest)).as("not yet: restoreAfter is 10 s").contains("--bad");
        clock.advance(Duration.ofSeconds(2));
        runtime.startsRunning = true;
        s.tick();
        assertThat(Files.readString(manifest)).contains("--good");
        assertThat(runtime.applied).containsExactly("first:command: [sched, --good]", "changed:command: [sched, --bad]",
                "changed:command: [sched, --good]");
        s.tick();
        assertThat(s.health().healthy()).isTrue();
    }

    @Test
    void aNewManifestWhileUnhealthyGetsItsOwnRestoreAfter() throws IOException {
        Path manifest = dir.resolve("sched.yaml");
        Files.writeString(manifest, "command: [sched, --good]\n");
        ComponentSupervisor s = supervisor(spec(RestartMode.AUTO, manifest, true));
        s.tick();
        s.tick();
        runtime.startsRunning = false;
        runtime.running = false;
        s.tick();
        clock.advance(Duration.ofSeconds(8));
        Files.writeString(manifest, "command: [sched, --other]\n");
        s.tick();
        clock.advance(Duration.ofSeconds(3));
        s.tick();
        assertThat(Files.readString(manifest)).as("11 s unhealthy, but only 3 s on this manifest").contains("--other");
        clock.advance(Duration.ofSeconds(8));
        s.tick();
        assertThat(Files.readString(manifest)).contains("--good");
    }

    @Test
    void aStartThatFailsBacksOffInsteadOfRetryingEveryRound() {
        ScriptedRuntime broken = new ScriptedRuntime();
        broken.startFailure = "cannot start: no such executable";
        ComponentSupervisor s = new ComponentSupervisor(spec(RestartMode.AUTO, null, false), broken, () -> ProbeResult.ok("ok"),
                null, board, clock, Duration.ofSeconds(10), wakeUps::add);
        for (int i = 0; i < 10; i++) {
            s.tick();
            clock.advance(Duration.ofMillis(100));
        }
        assertThat(broken.count("start")).as("initial start, the immediate restart, then backoff (1 s)").isEqualTo(2);
        assertThat(s.health().detail()).contains("no such executable");
    }

    @Test
    void aStaticPodRestartIsNotUndoneByTheManifestKeeper() throws Exception {
        Path manifests = Files.createDirectories(dir.resolve("manifests"));
        Path pod = manifests.resolve("kube-scheduler.yaml");
        Files.writeString(pod, "kind: Pod\nspec: {containers: [{name: s, image: i}]}\n");
        ComponentSpec spec = new ComponentSpec(Component.KUBE_SCHEDULER, RuntimeKind.STATIC_POD, List.of(), Map.of(), null, pod,
                null, ProbeSpec.none(), RestartPolicy.defaults(), Duration.ZERO, 1, Duration.ZERO, true, false, Duration.ZERO);
        java.util.concurrent.ScheduledExecutorService ses = java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
        try {
            StaticPodRuntime rt = new StaticPodRuntime(pod, dir.resolve("parking"), Duration.ofMillis(500), ses);
            ComponentSupervisor s = new ComponentSupervisor(spec, rt, () -> ProbeResult.ok("ok"),
                    new ManifestKeeper(spec, new Checkpointer(dir.resolve("ckpt"), 3, clock), dir.resolve("rejected"), clock, cp -> { }),
                    board, clock, Duration.ofSeconds(10), wakeUps::add);
            s.tick(); // healthy: checkpointed
            assertThat(s.restartNow("asked")).isTrue();
            s.tick();
            assertThat(pod).as("the kubelet must see the manifest gone").doesNotExist();
            for (int i = 0; i < 100 && !Files.exists(pod); i++) {
                Thread.sleep(20);
            }
            s.tick();
            assertThat(pod).exists();
            assertThat(s.health().healthy()).isTrue();
            assertThat(dir.resolve("rejected")).doesNotExist();
        } finally {
            ses.shutdownNow();
        }
    }

    @Test
    void aFailingStaticPodIsLeftToTheKubeletForItsGraceBeforeTheAgentRestartsIt() throws Exception {
        Path pod = Files.createDirectories(dir.resolve("manifests")).resolve("kube-scheduler.yaml");
        Files.writeString(pod, "kind: Pod\nspec: {containers: [{name: s, image: i}]}\n");
        ComponentSpec spec = new ComponentSpec(Component.KUBE_SCHEDULER, RuntimeKind.STATIC_POD, List.of(), Map.of(), null, pod,
                null, ProbeSpec.none(), RestartPolicy.defaults(), Duration.ZERO, 1, Duration.ofMinutes(5), true, false,
                Duration.ofSeconds(30));
        runtime.running = true; // the manifest is in place
        ComponentSupervisor s = supervisor(spec);
        s.tick();
        assertThat(s.health().healthy()).isTrue();

        probeOk = false; // its container crashed; the kubelet is restarting it
        s.tick();
        clock.advance(Duration.ofSeconds(29));
        s.tick();
        assertThat(s.health().state()).isEqualTo(ComponentHealth.State.UNHEALTHY);
        assertThat(runtime.calls).as("the kubelet's turn").doesNotContain("restart");
        assertThat(wakeUps).contains(Duration.ofSeconds(30), Duration.ofSeconds(1));

        clock.advance(Duration.ofSeconds(1));
        s.tick();
        assertThat(runtime.calls).as("the kubelet did not bring it back").containsExactly("restart");
    }
}
