package dev.selfheal.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.testbed.bridge.MachineNodeBridge;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Seed scenario: a node is completely unreachable on the network while its machine still runs (and is still
 * in the infrastructure's inventory). Recovery: fence the machine, force-detach its volumes through the
 * infrastructure API, force-delete its pods, and the controllers run them on other nodes; the healer then
 * goes on to replace the machine. On AWS (with a real EBS volume), vSphere and bare metal.
 */
@ExtendWith(E2eClusterExtension.class)
class NodeUnreachableIT {

    @Test
    void onAwsTheCutOffNodeIsFencedItsEbsVolumeDetachedAndItsPodsRunElsewhere(E2eCluster cluster) {
        try (Scenario s = new Scenario(cluster, "unreach-aws"); AwsInfrastructure aws = new AwsInfrastructure(cluster.moto())) {
            unreachable(s, aws);
        }
    }

    @Test
    void onVsphereTheCutOffVmIsFencedAndItsPodsRunElsewhere(E2eCluster cluster) {
        try (Scenario s = new Scenario(cluster, "unreach-vs"); VsphereInfrastructure vsphere = new VsphereInfrastructure()) {
            unreachable(s, vsphere);
        }
    }

    @Test
    void onBareMetalTheCutOffServerIsFencedThroughItsBmcAndItsPodsRunElsewhere(E2eCluster cluster) {
        try (Scenario s = new Scenario(cluster, "unreach-bm"); BareMetalInfrastructure metal = new BareMetalInfrastructure()) {
            unreachable(s, metal);
        }
    }

    private static void unreachable(Scenario s, Infrastructure infra) {
        NodeFailure.Setup setup = NodeFailure.prepare(s, infra);
        MachineNodeBridge bridge = s.bridge();

        bridge.isolate(setup.machine());

        NodeFailure.awaitRecovered(s, setup);
        NodeFailure.assertFullLadder(s, setup);
        infra.assertDetached(setup.volume(), setup.machine());
        assertThat(s.apps().attachmentExists(setup.attachment())).as("VolumeAttachment to the dead node").isFalse();
        assertThat(s.apps().awaitRunning("web", infra.size())).as("web pods; none of the dead node's old ones")
                .noneMatch(p -> setup.podsBefore().contains(p.getMetadata().getUid()) && setup.dead().equals(p.getSpec().getNodeName()));
        s.safety().assertReleasedOnlyAfterFence();
        s.safety().assertReplacedOnce();
    }
}
