package dev.selfheal.testbed.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.testbed.aws.MotoExtension;
import dev.selfheal.testbed.aws.MotoServer;
import dev.selfheal.testbed.baremetal.RedfishEmulator;
import dev.selfheal.testbed.baremetal.RedfishEmulator.FakeSystem;
import dev.selfheal.testbed.kube.KubeTestbed;
import dev.selfheal.testbed.process.Await;
import dev.selfheal.testbed.vsphere.Vcsim;
import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.api.model.Node;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The bridge against real peers: moto instances in an Auto Scaling group, vcsim VMs and sushy-tools servers
 * become kwok Nodes with their provider's providerID, go silent when the peer reports them stopped or gone,
 * and come back (or a new Node registers) when the peer reports them running again.
 */
@ExtendWith(MotoExtension.class)
class MachineNodeBridgeIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static KubeTestbed kube;

    @BeforeAll
    static void startCluster() {
        kube = KubeTestbed.builder().nodeLeaseDuration(Duration.ofSeconds(4)).scheduler(false).start();
    }

    @AfterAll
    static void stopCluster() {
        if (kube != null) {
            kube.close();
        }
    }

    @Test
    void autoScalingInstancesFollowTheirEc2State(MotoServer moto) {
        moto.reset();
        try (MotoFleet fleet = MotoFleet.of(moto);
             MachineNodeBridge bridge = MachineNodeBridge.builder(kube).source(Ec2Machines.of(moto)).start()) {
            List<String> ids = fleet.createGroup("bridge-asg", "us-east-1a", 2);
            String first = ids.get(0);
            Node node = awaitNodeOf(bridge, Ec2Machines.key(first));
            assertThat(node.getSpec().getProviderID()).isEqualTo("aws:///us-east-1a/" + first);
            assertThat(node.getMetadata().getLabels()).containsEntry(Ec2Machines.POOL_LABEL, "bridge-asg")
                    .containsEntry("topology.kubernetes.io/zone", "us-east-1a");
            String name = node.getMetadata().getName();
            kube.nodes().awaitReady(name, WAIT);

            fleet.stop(first);
            Await.until(name + " silent", WAIT, () -> !kube.nodes().isHeartbeating(name));
            Instant renewed = leaseRenewal(name);
            fleet.start(first);
            Await.until(name + " heartbeating", WAIT, () -> kube.nodes().isHeartbeating(name) && leaseRenewal(name).isAfter(renewed));
            assertThat(bridge.events()).extracting(e -> e.kind() + " " + e.node())
                    .containsSubsequence("REGISTERED " + name, "SILENCED " + name, "RESUMED " + name);

            fleet.autoScaling().terminateInstanceInAutoScalingGroup(r -> r.instanceId(first).shouldDecrementDesiredCapacity(false));
            Await.until("a replacement in the group", WAIT, () -> fleet.groupInstances("bridge-asg").stream().noneMatch(first::equals)
                    && fleet.groupInstances("bridge-asg").size() == 2);
            String replacement = fleet.groupInstances("bridge-asg").stream().filter(i -> !ids.contains(i)).findFirst().orElseThrow();
            kube.nodes().awaitReady(awaitNodeOf(bridge, Ec2Machines.key(replacement)).getMetadata().getName(), WAIT);
            Await.until(name + " silent after termination", WAIT, () -> !kube.nodes().isHeartbeating(name));
            assertThat(bridge.machinesEverSeen()).contains(Ec2Machines.key(replacement)).hasSize(3);
        }
    }

    @Test
    void isolatedBrokenAndKubeletlessMachinesGoSilentWhileRunning(MotoServer moto) throws Exception {
        moto.reset();
        try (MotoFleet fleet = MotoFleet.of(moto);
             MachineNodeBridge bridge = MachineNodeBridge.builder(kube).source(Ec2Machines.of(moto)).start()) {
            String id = fleet.createGroup("fault-asg", "us-east-1b", 1).get(0);
            String name = awaitNodeOf(bridge, Ec2Machines.key(id)).getMetadata().getName();
            kube.nodes().awaitReady(name, WAIT);

            bridge.isolate(Ec2Machines.key(id));
            assertThat(kube.nodes().isHeartbeating(name)).as("cut off at once").isFalse();
            bridge.reconnect(Ec2Machines.key(id));
            assertThat(kube.nodes().isHeartbeating(name)).isTrue();

            HttpServer kubelet = kubelet(0);
            URI healthz = URI.create("http://127.0.0.1:" + kubelet.getAddress().getPort() + "/healthz");
            bridge.kubelet(Ec2Machines.key(id), healthz);
            assertThat(kube.nodes().isHeartbeating(name)).as("its kubelet answers").isTrue();
            kubelet.stop(0);
            bridge.reconcileNow();
            assertThat(kube.nodes().isHeartbeating(name)).as("a dead kubelet on a running machine").isFalse();
            assertThat(fleet.state(id).toString()).isEqualTo("running");
            HttpServer again = kubelet(healthz.getPort());
            bridge.reconcileNow();
            assertThat(kube.nodes().isHeartbeating(name)).as("its kubelet is back").isTrue();

            bridge.breakMachine(Ec2Machines.key(id));
            fleet.stop(id);
            fleet.start(id);
            bridge.reconcileNow();
            assertThat(fleet.state(id).toString()).isEqualTo("running");
            assertThat(kube.nodes().isHeartbeating(name)).as("a broken machine stays silent through a power cycle").isFalse();
            again.stop(0);
        }
    }

    @Test
    void vcsimVmsBecomeNodesAndARecreatedVmIsANewMachine() {
        try (Vcsim vc = Vcsim.start();
             VcsimMachines vms = VcsimMachines.of(vc, "vs", n -> n.startsWith("DC0_H0_"));
             MachineNodeBridge bridge = MachineNodeBridge.builder(kube).source(vms).start()) {
            Await.until("two VM nodes", WAIT, () -> bridge.machines().size() == 2);
            ObservedMachine vm0 = bridge.machineOfNode("dc0-h0-vm0").orElseThrow();
            assertThat(vm0.providerId()).matches("vsphere://[0-9a-f-]{36}");
            kube.nodes().awaitReady("dc0-h0-vm0", WAIT);
            assertThat(kube.client().nodes().withName("dc0-h0-vm0").get().getSpec().getProviderID()).isEqualTo(vm0.providerId());

            vms.powerOff("DC0_H0_VM0");
            Await.until("dc0-h0-vm0 silent", WAIT, () -> !kube.nodes().isHeartbeating("dc0-h0-vm0"));
            vms.powerOn("DC0_H0_VM0");
            Await.until("dc0-h0-vm0 back", WAIT, () -> kube.nodes().isHeartbeating("dc0-h0-vm0"));

            vms.markAsTemplate("DC0_H0_VM1");
            Await.until("the template is no node", WAIT, () -> bridge.machines().size() == 1);
            Await.until("dc0-h0-vm1 silent", WAIT, () -> !kube.nodes().isHeartbeating("dc0-h0-vm1"));
        }
    }

    @Test
    void redfishServersFollowTheirPowerAndAPxeBootMakesANewMachine() throws Exception {
        FakeSystem s1 = new FakeSystem("5e1f4ea1-0000-4000-8000-0000000000b1", "metal-1", true, "52:54:00:5e:00:b1");
        try (RedfishEmulator bmc = RedfishEmulator.start(List.of(s1));
             MachineNodeBridge bridge = MachineNodeBridge.builder(kube).source(RedfishMachines.of(bmc, "metal")).start()) {
            kube.nodes().awaitReady(awaitNodeOf(bridge, RedfishMachines.key(s1.id())).getMetadata().getName(), WAIT);
            Node node = kube.client().nodes().withName("metal-1").get();
            assertThat(node.getMetadata().getLabels()).containsEntry("bmc.selfheal.dev/system", s1.id());
            assertThat(node.getMetadata().getAnnotations()).containsEntry("bmc.selfheal.dev/address", bmc.baseUri().toString());

            redfish(bmc, "POST", s1.id() + "/Actions/ComputerSystem.Reset", "{\"ResetType\": \"ForceOff\"}");
            Await.until("metal-1 silent", WAIT, () -> !kube.nodes().isHeartbeating("metal-1"));

            redfish(bmc, "PATCH", s1.id(), "{\"Boot\": {\"BootSourceOverrideTarget\": \"Pxe\", \"BootSourceOverrideEnabled\": \"Once\"}}");
            redfish(bmc, "POST", s1.id() + "/Actions/ComputerSystem.Reset", "{\"ResetType\": \"On\"}");
            Await.until("a re-provisioned machine", WAIT, () -> bridge.machinesEverSeen().contains(RedfishMachines.key(s1.id()) + "#1"));
            bridge.reconcileNow();
            assertThat(kube.nodes().isHeartbeating("metal-1")).as("the old Node stays silent until it is deleted").isFalse();
            kube.nodes().delete("metal-1");
            Node fresh = awaitNodeOf(bridge, RedfishMachines.key(s1.id()) + "#1");
            assertThat(fresh.getMetadata().getUid()).isNotEqualTo(node.getMetadata().getUid());
            kube.nodes().awaitReady("metal-1", WAIT);
        }
    }

    /** A kubelet's health endpoint on {@code port} (0: any free one). */
    private static HttpServer kubelet(int port) throws java.io.IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext("/healthz", x -> {
            x.sendResponseHeaders(200, -1);
            x.close();
        });
        server.start();
        return server;
    }

    private static Node awaitNodeOf(MachineNodeBridge bridge, String key) {
        Node[] found = new Node[1];
        Await.until("node of " + key, WAIT, () -> {
            for (Node n : kube.client().nodes().list().getItems()) {
                if (key.equals(n.getMetadata().getAnnotations().get(MachineNodeBridge.MACHINE_ANNOTATION))) {
                    found[0] = n;
                    return true;
                }
            }
            return false;
        });
        return found[0];
    }

    private static Instant leaseRenewal(String node) {
        var lease = kube.client().leases().inNamespace("kube-node-lease").withName(node).get();
        return lease == null || lease.getSpec().getRenewTime() == null ? Instant.EPOCH : lease.getSpec().getRenewTime().toInstant();
    }

    private static void redfish(RedfishEmulator bmc, String method, String systemPath, String json) throws Exception {
        HttpRequest req = HttpRequest.newBuilder(URI.create(bmc.baseUri() + bmc.systemPath(systemPath)))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        (bmc.username() + ":" + bmc.password()).getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(10))
                .method(method, HttpRequest.BodyPublishers.ofString(json)).build();
        HttpResponse<String> r = HttpClient.newBuilder().sslContext(bmc.sslContext()).build()
                .send(req, HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(method + " " + systemPath + ": " + r.body()).isBetween(200, 204);
    }

}
