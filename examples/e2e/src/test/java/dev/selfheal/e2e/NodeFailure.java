package dev.selfheal.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.core.config.SelfhealConfig;
import dev.selfheal.core.remediation.RemediationState;
import dev.selfheal.testbed.bridge.MachineNodeBridge;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The course of a node failure shared by the node scenarios: a pool of machines as Nodes, a Deployment and a
 * StatefulSet with a volume on them, the healer with the peer's provider, then one machine broken (the one
 * under the StatefulSet pod) and its recovery awaited and checked.
 */
final class NodeFailure {

    /**
     * What was set up.
     *
     * @param dead the node whose machine fails
     * @param machine its machine key
     * @param volume the StatefulSet's volume handle
     * @param attachment the VolumeAttachment of that volume to the dead node
     * @param podsBefore the uids of every pod before the failure
     * @param nodesBefore the uids of the pool's Nodes before the failure
     */
    record Setup(String dead, String machine, String volume, String attachment, Set<String> podsBefore,
                 Set<String> nodesBefore) {
    }

    private NodeFailure() {
    }

    /** Machines, Nodes, workloads (web: one pod per node; db: one pod with a volume), the healer and the safety watch. */
    static Setup prepare(Scenario s, Infrastructure infra) {
        return prepare(s, infra, s.config());
    }

    /** As {@link #prepare(Scenario, Infrastructure)} with the healer configuration {@code config} (plus the provider). */
    static Setup prepare(Scenario s, Infrastructure infra, SelfhealConfig config) {
        MachineNodeBridge bridge = s.bridge(infra.machines(s.pool()), infra.size());
        s.apps().deployment("web", infra.size(), s.pool());
        String volume = infra.newVolume();
        String pv = s.apps().statefulSetWithVolume("db", s.pool(), infra.csiDriver(), volume);
        s.apps().awaitRunning("web", infra.size());
        String dead = s.apps().awaitRunning("db", 1).get(0).getSpec().getNodeName();
        String machine = bridge.machineOfNode(dead).orElseThrow().key();
        infra.attach(volume, bridge, dead);
        String attachment = s.apps().attach(pv, dead, infra.csiDriver());
        Set<String> before = s.podUids();
        Set<String> nodes = s.nodes().stream().map(n -> n.getMetadata().getUid()).collect(Collectors.toSet());
        s.heal(config.toBuilder().provider(infra.provider()).build());
        s.safety().watch(dead, s.apps().namespace(), () -> infra.machineOff(machine));
        infra.beforePowerOn(s.safety()::awaitCaughtUp);
        return new Setup(dead, machine, volume, attachment, before, nodes);
    }

    /** Waits until both workloads run off the dead node and the remediation succeeded; returns the new db pod. */
    static Pod awaitRecovered(Scenario s, Setup setup) {
        Pod db = s.awaitRunningElsewhere("db", setup.dead(), setup.podsBefore());
        s.awaitRunningElsewhere("web", setup.dead(), setup.podsBefore());
        s.awaitRemediation(setup.dead(), RemediationState.SUCCEEDED);
        return db;
    }

    /** The full ladder ran: the reboot did not bring the node back, then fence, release, replace, new node. */
    static void assertFullLadder(Scenario s, Setup setup) {
        assertThat(s.healer().history(setup.dead())).containsExactly("restart-component=skipped", "reboot=timed-out",
                "fence=done", "release=done", "replace=done", "remove-node=healed");
    }
}
