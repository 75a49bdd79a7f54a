package dev.selfheal.cli;

import dev.selfheal.core.Selfheal;
import dev.selfheal.core.config.SelfhealConfig;
import dev.selfheal.core.diagnosis.Diagnoser;
import dev.selfheal.core.engine.Judge;
import dev.selfheal.core.engine.Judgement;
import dev.selfheal.core.explain.Explainer;
import dev.selfheal.core.explain.Explanation;
import dev.selfheal.core.explain.Subject;
import dev.selfheal.core.health.ClusterSnapshot;
import dev.selfheal.core.health.HealthCheck;
import dev.selfheal.core.health.NodeView;
import dev.selfheal.core.health.checks.BuiltInChecks;
import dev.selfheal.core.kube.InformerSnapshotSource;
import dev.selfheal.core.kube.LeasePauseSwitch;
import dev.selfheal.core.kube.LeaseStormStateStore;
import dev.selfheal.core.recovery.LadderCatalog;
import dev.selfheal.core.recovery.StepRegistry;
import dev.selfheal.core.remediation.Remediation;
import dev.selfheal.core.safety.GateChain;
import dev.selfheal.core.safety.GateInput;
import dev.selfheal.core.safety.HealerGates;
import dev.selfheal.core.safety.StormGate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Explains the live cluster as a healer with a given configuration would see it, without acting: watches it once
 * (the healer's own snapshot source, synced then closed), runs the healer's checks and diagnoser ({@link Judge}),
 * reads the records, the storm state and the pause switch, and hands each node to core's {@link Explainer} with the
 * healer's gates ({@link HealerGates}) and ladders. No provider is asked: machine facts and capabilities are unknown
 * here, so provider steps show as skipped for want of a known machine.
 */
public final class LiveExplainer {

    private final Cluster cluster;
    private final SelfhealConfig config;
    private final Clock clock;

    /**
     * @param cluster the cluster
     * @param config the healer configuration to judge with
     * @param clock the clock
     */
    public LiveExplainer(Cluster cluster, SelfhealConfig config, Clock clock) {
        this.cluster = cluster;
        this.config = config;
        this.clock = clock;
    }

    /** Every node's explanation, by node name. */
    public Map<String, Explanation> explainAll() {
        ClusterSnapshot snapshot = snapshot();
        Instant now = clock.instant();
        Judge.Result judged = new Judge(checks(), new Diagnoser()::diagnose).judge(snapshot, now);
        Map<String, Remediation> records = cluster.remediations().stream()
                .collect(Collectors.toMap(Remediation::node, Function.identity()));
        int unhealthy = (int) judged.byNode().values().stream().filter(Judgement::nodeLevelTrouble).count();
        StepRegistry steps = StepRegistry.create(List.of());
        LadderCatalog ladders = LadderCatalog.create(config.recovery(), steps);
        StormGate storm = HealerGates.storm(config.gates());
        storm.restore(Cluster.call("read the storm state", () ->
                new LeaseStormStateStore(cluster.client(), cluster.namespace()).load()).orElse(null));
        storm.observe(unhealthy, snapshot.nodes().size(), now);
        boolean paused = config.paused() || Cluster.call("read the pause switch", () -> cluster.pauseSwitch().read())
                .map(LeasePauseSwitch.State::paused).orElse(false);
        GateChain gates = HealerGates.chain(config, () -> paused, storm, ladders::ladder);
        Explainer explainer = new Explainer(gates, ladders, steps, config.recovery());
        Map<String, Explanation> out = new TreeMap<>();
        for (Judgement j : judged.byNode().values()) {
            NodeView node = snapshot.nodes().get(j.node());
            Optional<Remediation> active = Optional.ofNullable(records.get(j.node())).filter(r -> !r.state().isFinal());
            Optional<GateInput> in = j.diagnosis().filter(d -> active.isEmpty()).map(d -> new GateInput(node, d, snapshot,
                    unhealthy, others(records, j.node()), Optional.ofNullable(records.get(j.node())), now));
            out.put(j.node(), explainer.explain(new Subject(node, snapshot, now, j.verdicts(), j.diagnosis(), in, active,
                    Optional.empty(), Set.of(), agentAlive(snapshot, j.node(), now))));
        }
        return out;
    }

    /** Whether the node's agent Lease is within its duration, as the healer's step views tell it. */
    private static boolean agentAlive(ClusterSnapshot snapshot, String node, Instant now) {
        return snapshot.agentLease(node).map(l -> l.renewTime() != null && l.duration() != null
                && now.isBefore(l.renewTime().plus(l.duration()))).orElse(false);
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
