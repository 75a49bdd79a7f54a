package dev.selfheal.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.testbed.bridge.MachineNodeBridge;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Seed scenario: a node is irrecoverably corrupt. Kubernetes sees it as unreachable; a reboot does not bring
 * it back; the machine is replaced (an Auto Scaling replacement, the VM re-created from its template, the
 * server re-provisioned by PXE), the new node registers and turns Ready, and the workloads run again. On AWS,
 * vSphere and bare metal.
 */
@ExtendWith(E2eClusterExtension.class)
class NodeIrrecoverableIT {

    @Test
    void onAwsTheAutoScalingGroupReplacesTheInstanceAndTheNewNodeJoins(E2eCluster cluster) {
        try (Scenario s = new Scenario(cluster, "broken-aws"); AwsInfrastructure aws = new AwsInfrastructure(cluster.moto())) {
            irrecoverable(s, aws);
        }
    }

    @Test
    void onVsphereTheVmIsRecreatedFromItsTemplateAndRegistersAgain(E2eCluster cluster) {
        try (Scenario s = new Scenario(cluster, "broken-vs"); VsphereInfrastructure vsphere = new VsphereInfrastructure()) {
            irrecoverable(s, vsphere);
        }
    }

    @Test
    void onBareMetalTheServerIsReprovisionedByPxeAndRegistersAgain(E2eCluster cluster) {
        try (Scenario s = new Scenario(cluster, "broken-bm"); BareMetalInfrastructure metal = new BareMetalInfrastructure()) {
            irrecoverable(s, metal);
        }
    }

    private static void irrecoverable(Scenario s, Infrastructure infra) {
        NodeFailure.Setup setup = NodeFailure.prepare(s, infra);

        s.bridge().breakMachine(setup.machine());

        Pod db = NodeFailure.awaitRecovered(s, setup);
        NodeFailure.assertFullLadder(s, setup);
        infra.assertReplaced(setup.machine());
        List<Node> fresh = s.nodes().stream().filter(n -> !setup.nodesBefore().contains(n.getMetadata().getUid())).toList();
        assertThat(fresh).as("exactly one new node joined").hasSize(1);
        assertThat(Scenario.isReady(fresh.get(0))).isTrue();
        assertThat(fresh.get(0).getMetadata().getAnnotations().get(MachineNodeBridge.MACHINE_ANNOTATION))
                .as("the new node runs on a new machine").isNotEqualTo(setup.machine());
        assertThat(s.readyNodes()).hasSize(infra.size());
        assertThat(s.apps().awaitRunning("web", infra.size())).hasSize(infra.size());
        assertThat(db.getStatus().getPhase()).isEqualTo("Running");
        assertThat(s.bridge().machinesEverSeen()).as("exactly one new machine").hasSize(infra.size() + 1);
        s.safety().assertReleasedOnlyAfterFence();
        s.safety().assertReplacedOnce();
    }
}
