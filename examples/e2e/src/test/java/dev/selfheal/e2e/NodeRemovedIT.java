package dev.selfheal.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.core.remediation.RemediationState;
import dev.selfheal.spi.ProviderConfig;
import dev.selfheal.testbed.process.Await;
import dev.selfheal.testbed.bridge.MachineNodeBridge;
import dev.selfheal.testbed.bridge.VcsimMachines;
import dev.selfheal.testbed.vsphere.Vcsim;
import io.fabric8.kubernetes.api.model.Node;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Seed 002, item 8: the VM of a node is removed from vSphere's inventory out of band. The healer recorded where it
 * lived while it was healthy; the removed VM is proven gone, so it counts as fenced: the workloads are released, the
 * VM is re-created from the template under its name, exactly once, its node registers again and the old Node is
 * removed. The same VM seen through a wrong datacenter is an error: nothing is released.
 */
@ExtendWith(E2eClusterExtension.class)
class NodeRemovedIT {

    private static final String PROVENANCE_OF = "selfheal.dev/provenance-of";

    @Test
    void onVsphereARemovedVmIsRecreatedUnderItsNameOnceAndItsNodeRegistersAgain(E2eCluster cluster) {
        try (Scenario s = new Scenario(cluster, "removed-vs"); VsphereInfrastructure vs = new VsphereInfrastructure()) {
            NodeFailure.Setup setup = NodeFailure.prepare(s, vs);
            awaitProvenance(s, setup.dead());
            String vm = vmName(setup.dead());

            vs.vms().destroy(vm);

            NodeFailure.awaitRecovered(s, setup);
            assertThat(s.healer().history(setup.dead())).containsSubsequence("fence=done", "release=done", "replace=done",
                    "remove-node=healed").doesNotContain("reboot=done", "power-on=done");
            List<Node> fresh = s.nodes().stream().filter(n -> !setup.nodesBefore().contains(n.getMetadata().getUid())).toList();
            assertThat(fresh).as("exactly one new node joined").hasSize(1);
            assertThat(fresh.get(0).getMetadata().getName()).as("the re-created VM's node keeps the name").isEqualTo(setup.dead());
            assertThat(fresh.get(0).getMetadata().getAnnotations().get(MachineNodeBridge.MACHINE_ANNOTATION))
                    .isNotEqualTo(setup.machine());
            assertThat(vs.vms().observe()).filteredOn(m -> m.nodeName().equals(setup.dead())).hasSize(1)
                    .allMatch(m -> m.running());
            assertThat(s.readyNodes()).hasSize(vs.size());
            assertThat(s.bridge().machinesEverSeen()).as("exactly one new machine").hasSize(vs.size() + 1);
            s.safety().assertReleasedOnlyAfterFence();
            s.safety().assertReplacedOnce();
        }
    }

    @Test
    void onVsphereARemovedVmSeenThroughAWrongDatacenterReleasesNothing(E2eCluster cluster) {
        try (Scenario s = new Scenario(cluster, "removed-dc"); VsphereInfrastructure vs = new VsphereInfrastructure()) {
            Vcsim vc = vs.vcsim();
            ProviderConfig wrongDc = ProviderConfig.builder("vsphere").set("url", vc.url().toString())
                    .set("username", vc.username()).secret("password", vc.password())
                    .set("tls.trustStore", vc.caPem().toString()).set("datacenter", "DC9")
                    .set("timeout.task", "60s").set("timeout.request", "20s")
                    .set("replace.strategy", "template").set("replace.template", VsphereInfrastructure.TEMPLATE).build();
            NodeFailure.Setup setup = NodeFailure.prepare(s, new ProviderOverride(vs, wrongDc));

            vs.vms().destroy(vmName(setup.dead()));

            s.awaitRemediation(setup.dead(), RemediationState.FAILED);
            // the fence is tried and fails on the provider's error: no confirmation, so no release and no replace
            assertThat(s.healer().history(setup.dead())).contains("fence=failed")
                    .noneMatch(h -> h.startsWith("fence=done") || h.startsWith("release=") || h.startsWith("replace="));
            assertThat(s.safety().releases()).as("releases of " + setup.dead()).isEmpty();
            assertThat(s.kube().client().nodes().withName(setup.dead()).get()).as("the Node stays").isNotNull();
            assertThat(s.kube().client().nodes().withName(setup.dead()).get().getSpec().getTaints())
                    .noneMatch(t -> "node.kubernetes.io/out-of-service".equals(t.getKey()));
        }
    }

    private static void awaitProvenance(Scenario s, String node) {
        Await.until("the healer recorded the provenance of " + node, Duration.ofSeconds(60), () -> {
            Node n = s.kube().client().nodes().withName(node).get();
            return n != null && n.getMetadata().getAnnotations() != null
                    && n.getMetadata().getAnnotations().containsKey(PROVENANCE_OF)
                    && n.getMetadata().getAnnotations().containsKey("vsphere.selfheal.dev/provenance");
        });
    }

    /** The VM of a node the bridge registered ({@link VcsimMachines#nodeName}). */
    private static String vmName(String node) {
        return node.toUpperCase(Locale.ROOT).replace('-', '_');
    }
}
