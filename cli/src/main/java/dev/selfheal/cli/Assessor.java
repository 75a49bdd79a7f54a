package dev.selfheal.cli;

import dev.selfheal.core.Selfheal;
import dev.selfheal.core.config.SelfhealConfig;
import dev.selfheal.core.diagnosis.Diagnoser;
import dev.selfheal.core.engine.Judge;
import dev.selfheal.core.engine.Judgement;
import dev.selfheal.core.health.ClusterSnapshot;
import dev.selfheal.core.health.HealthCheck;
import dev.selfheal.core.health.checks.BuiltInChecks;
import dev.selfheal.core.kube.InformerSnapshotSource;
import dev.selfheal.core.kube.LeasePauseSwitch;
import dev.selfheal.core.kube.LeaseStormStateStore;
import dev.selfheal.core.recovery.LadderCatalog;
import dev.selfheal.core.recovery.StepRegistry;
import dev.selfheal.core.remediation.Remediation;
import dev.selfheal.core.safety.GateChain;
import dev.selfheal.core.safety.GateDecision;
import dev.selfheal.core.safety.GateInput;
import dev.selfheal.core.safety.HealerGates;
import dev.selfheal.core.safety.StormGate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Judges the live cluster as a healer with a given configuration would, without acting: watches it once (the
 * healer's own snapshot source, synced then closed), runs the healer's checks and diagnoser ({@link Judge}), reads the
 * records, the storm state and the pause switch, and asks the healer's gates ({@link HealerGates}) for each node.
 * Machine facts from providers are not asked for: the CLI calls no provider.
 */
public final class Assessor {

    private final Cluster cluster;
    private final SelfhealConfig config;
    private final Clock clock;

    /**
     * @param cluster the cluster
     * @param config the healer configuration to judge with
     * @param clock the clock
     */
    public Assessor(Cluster cluster, SelfhealConfig config, Clock clock) {
        this.cluster = cluster;
        this.config = config;
        this.clock = clock;
    }

    /** Every node's assessment, by node name. */
    public Map<String, Assessment> assessAll() {
        ClusterSnapshot snapshot = snapshot();
        Instant now = clock.instant();
        Judge.Result judged = new Judge(checks(), new Diagnoser()::diagnose).judge(snapshot, now);
        Map<String, Remediation> records = cluster.remediations().stream()
                .collect(Collectors.toMap(Remediation::node, Function.identity()));
        int unhealthy = (int) judged.byNode().values().stream().filter(Judgement::nodeLevelTrouble).count();
        LadderCatalog ladders = LadderCatalog.create(config.recovery(), StepRegistry.create(List.of()));
        StormGate storm = HealerGates.storm(config.gates());
        storm.restore(Cluster.call("read the storm state", () ->
                new LeaseStormStateStore(cluster.client(), cluster.namespace()).load()).orElse(null));
        storm.observe(unhealthy, snapshot.nodes().size(), now);
        boolean paused = config.paused() || Cluster.call("read the pause switch", () -> cluster.pauseSwitch().read())
                .map(LeasePauseSwitch.State::paused).orElse(false);
        GateChain gates = HealerGates.chain(config, () -> paused, storm, ladders::ladder);
        Map<String, Assessment> out = new TreeMap<>();
        for (Judgement j : judged.byNode().values()) {
            Optional<Remediation> active = Optional.ofNullable(records.get(j.node())).filter(r -> !r.state().isFinal());
            List<GateDecision> answers = active.isEmpty() && j.diagnosis().isPresent()
                    ? ask(gates, new GateInput(snapshot.nodes().get(j.node()), j.diagnosis().get(), snapshot, unhealthy,
                    others(records, j.node()), Optional.ofNullable(records.get(j.node())), now)) : List.of();
            List<String> ladder = active.map(Remediation::ladder)
                    .orElse(j.diagnosis().map(d -> ladders.ladder(d.failureClass())).orElse(List.of()));
            out.put(j.node(), new Assessment(j.node(), now, j.verdicts(), j.diagnosis(), answers, ladder, active));
        }
        return out;
    }

    private static List<GateDecision> ask(GateChain gates, GateInput in) {
        return gates.gates().stream().map(g -> g.evaluate(in)).toList();
    }

    private static List<Remediation> others(Map<String, Remediation> records, String node) {
        return records.values().stream().filter(r -> !r.state().isFinal() && !r.node().equals(node)).toList();
    }

    private List<HealthCheck> checks() {
        List<HealthCheck> all = new ArrayList<>(BuiltInChecks.of(config.checks().toParams()));
        all.addAll(Selfheal.discoveredChecks());
        return all;
    }

    private ClusterSnapshot snapshot() {
        try (InformerSnapshotSource source = InformerSnapshotSource.builder(cluster.client())
                .namespace(cluster.namespace()).clock(clock).build()) {
            Cluster.call("watch the cluster", () -> {
                source.start();
                return null;
            });
            return source.snapshot();
        }
    }
}
