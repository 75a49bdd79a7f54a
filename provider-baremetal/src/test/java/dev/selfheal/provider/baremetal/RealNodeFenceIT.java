package dev.selfheal.provider.baremetal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.spi.InfrastructureProvider;
import dev.selfheal.spi.MachineRef;
import dev.selfheal.spi.NodeDescriptor;
import dev.selfheal.spi.PowerState;
import dev.selfheal.spi.ProviderConfig;
import dev.selfheal.testbed.baremetal.IpmiSimulator;
import dev.selfheal.testbed.baremetal.RedfishEmulator;
import dev.selfheal.testbed.baremetal.RedfishEmulator.FakeSystem;
import dev.selfheal.testbed.node.BmcPower;
import dev.selfheal.testbed.node.RealNode;
import dev.selfheal.testbed.node.RealNodes;
import dev.selfheal.testbed.node.RealNodesExtension;
import dev.selfheal.testbed.node.RedfishPower;
import dev.selfheal.testbed.node.TestImages;
import dev.selfheal.testbed.process.Await;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The provider fences a real node for real: ipmitool over RMCP+ to ipmi_sim, whose chassis drives the power of a
 * {@link RealNode} ({@link BmcPower}), or Redfish to sushy-tools, whose system drives it ({@link RedfishPower}).
 * Power-off kills kubelet, containerd and the containers; power-on boots the node back to Ready and its pod runs
 * again; a Redfish restart boots it anew.
 */
@ExtendWith(RealNodesExtension.class)
class RealNodeFenceIT {

    @TempDir
    static Path credentials;

    @Test
    void powerOffThroughIpmiKillsTheNodesProcessesAndPowerOnBootsItBackToReady(RealNodes nodes) {
        RealNode node = nodes.add("bm-fence");
        KubernetesClient client = nodes.kube().client();
        runSleeper(client, node, "sleeper");
        List<Long> pids = List.of(node.kubeletPid(), node.containerdPid(), node.descendantPid("sleep"));
        assertThat(pids).as("kubelet, containerd, the container").allMatch(p -> p > 0);

        try (IpmiSimulator bmc = IpmiSimulator.start(IpmiSimulator.Power.ON);
             BmcPower power = BmcPower.wire(bmc, node);
             InfrastructureProvider provider = BmcFixtures.create(config(bmc))) {
            MachineRef machine = provider.resolve(NodeDescriptor.of(node.name(), null)).orElseThrow();

            assertThat(provider.powerOff(machine).confirmedState()).isEqualTo(PowerState.OFF);
            Await.until("the node's processes gone", Duration.ofSeconds(20),
                    () -> pids.stream().allMatch(p -> ProcessHandle.of(p).isEmpty()));
            assertThat(node.isPoweredOn()).as("machine on").isFalse();
            assertThat(bmc.chassisRequests()).contains("set power 0");

            assertThat(provider.powerOn(machine).detail()).contains("powered on");
            Await.until("the machine booted", Duration.ofSeconds(30), node::isPoweredOn);
            node.awaitReady(Duration.ofSeconds(90));
            awaitSleeperAgain(client, node, "sleeper", pids);
            assertThat(provider.status(machine).power()).isEqualTo(PowerState.ON);
        }
    }

    @Test
    void forceOffThroughRedfishKillsTheNodesProcessesAndOnAndRestartBootIt(RealNodes nodes) {
        RealNode node = nodes.add("rf-fence");
        KubernetesClient client = nodes.kube().client();
        runSleeper(client, node, "rf-sleeper");
        List<Long> pids = List.of(node.kubeletPid(), node.containerdPid(), node.descendantPid("sleep"));
        assertThat(pids).as("kubelet, containerd, the container").allMatch(p -> p > 0);
        FakeSystem system = new FakeSystem(FakeSystem.numbered(7).id(), node.name(), true, FakeSystem.numbered(7).mac());

        try (RedfishPower power = RedfishPower.listen();
             RedfishEmulator bmc = RedfishEmulator.start(List.of(system), power.notificationUrl());
             InfrastructureProvider provider = BmcFixtures.create(config(bmc, system.id()))) {
            power.wire(bmc, system.id(), node);
            MachineRef machine = provider.resolve(NodeDescriptor.of(node.name(), null)).orElseThrow();

            assertThat(provider.powerOff(machine).confirmedState()).isEqualTo(PowerState.OFF);
            assertThat(node.isPoweredOn()).as("machine on once the BMC reports it off").isFalse();
            Await.until("the node's processes gone", Duration.ofSeconds(20),
                    () -> pids.stream().allMatch(p -> ProcessHandle.of(p).isEmpty()));

            assertThat(provider.powerOn(machine).detail()).contains("powered on");
            Await.until("the machine booted", Duration.ofSeconds(30), node::isPoweredOn);
            node.awaitReady(Duration.ofSeconds(90));
            awaitSleeperAgain(client, node, "rf-sleeper", pids);

            long kubelet = node.kubeletPid();
            provider.reboot(machine);
            Await.until("kubelet of a new boot", Duration.ofSeconds(60), Duration.ofMillis(200),
                    () -> node.kubeletPid() > 0 && node.kubeletPid() != kubelet, null);
            assertThat(ProcessHandle.of(kubelet)).as("kubelet of before the restart").isEmpty();
            node.awaitReady(Duration.ofSeconds(90));
            assertThat(bmc.powerState(system.id())).isEqualTo("On");
        }
    }

    private static ProviderConfig config(RedfishEmulator bmc, String systemId) {
        BmcFixtures.secret(credentials, "redfish", bmc.username(), bmc.password());
        return BmcFixtures.config(credentials, "redfish").set("tls.trustStore", bmc.caPem().toString())
                .set("nodes.rf-fence.protocol", "redfish").set("nodes.rf-fence.address", bmc.baseUri().toString())
                .set("nodes.rf-fence.system", systemId).build();
    }

    private static void awaitSleeperAgain(KubernetesClient client, RealNode node, String name, List<Long> pids) {
        Await.until(name + " running again in a new process", Duration.ofSeconds(90), Duration.ofMillis(500),
                () -> ready(client.pods().inNamespace("default").withName(name).get())
                        && node.descendantPid("sleep") > 0 && !pids.contains(node.descendantPid("sleep")), null);
    }

    private static ProviderConfig config(IpmiSimulator bmc) {
        BmcFixtures.secret(credentials, "ipmi", bmc.username(), bmc.password());
        return BmcFixtures.config(credentials, "ipmi")
                .set("nodes.bm-fence.protocol", "ipmi")
                .set("nodes.bm-fence.address", bmc.host() + ":" + bmc.port())
                .set("ipmi.requestTimeout", "2s").set("ipmi.retries", "1").set("callTimeout", "10s").build();
    }

    private static void runSleeper(KubernetesClient client, RealNode node, String name) {
        client.pods().inNamespace("default").resource(new PodBuilder().withNewMetadata().withName(name).endMetadata()
                .withNewSpec().withNodeName(node.name()).withTerminationGracePeriodSeconds(1L)
                .addNewContainer().withName("main").withImage(TestImages.BUSYBOX).withImagePullPolicy("Never")
                .withCommand("/bin/sh", "-c", "exec sleep 3600").endContainer().endSpec().build()).create();
        Await.until(name + " Ready", Duration.ofSeconds(90), Duration.ofMillis(500),
                () -> ready(client.pods().inNamespace("default").withName(name).get()), null);
    }

    private static boolean ready(Pod p) {
        return p != null && p.getStatus() != null && p.getStatus().getConditions() != null
                && p.getStatus().getConditions().stream()
                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }
}
