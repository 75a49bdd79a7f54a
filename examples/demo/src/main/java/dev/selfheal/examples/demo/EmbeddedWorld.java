package dev.selfheal.examples.demo;

import dev.selfheal.testbed.aws.MotoServer;
import dev.selfheal.testbed.bridge.BridgeEvent;
import dev.selfheal.testbed.bridge.Ec2Machines;
import dev.selfheal.testbed.bridge.MachineNodeBridge;
import dev.selfheal.testbed.bridge.MotoFleet;
import dev.selfheal.testbed.kube.KubeTestbed;
import io.fabric8.kubernetes.api.model.Node;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The embedded testbed of the demo: a real control plane (controller-manager defaults) with kwok nodes,
 * moto as the AWS cloud with an Auto Scaling group of three instances, and the bridge that makes each
 * running instance a node. Everything runs on 127.0.0.1 and stops on {@link #close()}.
 */
final class EmbeddedWorld implements AutoCloseable {

    static final String POOL = "demo-workers";
    static final String ZONE = "us-east-1a";
    static final int SIZE = 3;

    private final List<AutoCloseable> open = new ArrayList<>();
    private KubeTestbed kube;
    private MotoServer moto;
    private MotoFleet fleet;
    private MachineNodeBridge bridge;

    private EmbeddedWorld() {
    }

    /** Starts every peer, printing progress; {@code bridgeEvents} hears every Node change the bridge makes. */
    static EmbeddedWorld start(Console console, Consumer<BridgeEvent> bridgeEvents) {
        EmbeddedWorld w = new EmbeddedWorld();
        try {
            console.step("Starting Kubernetes: etcd, kube-apiserver, kube-controller-manager (defaults), kube-scheduler, kwok");
            w.kube = w.keep(KubeTestbed.builder().nodeLeaseDuration(Duration.ofSeconds(4)).start());
            console.step("Kubernetes is up at " + w.kube.apiServerUrl());
            console.step("Starting moto as the AWS cloud");
            w.moto = w.keep(MotoServer.start());
            w.fleet = w.keep(MotoFleet.of(w.moto));
            console.step("Creating Auto Scaling group " + POOL + ": " + SIZE + " instances in " + ZONE);
            List<String> ids = w.fleet.createGroup(POOL, ZONE, SIZE);
            console.step("Instances " + ids + " are running; starting the bridge: each running instance registers a kwok node");
            w.bridge = w.keep(MachineNodeBridge.builder(w.kube).source(Ec2Machines.of(w.moto)).listener(bridgeEvents).start());
            Poll.until(SIZE + " nodes Ready", Duration.ofSeconds(90), Duration.ofMillis(250), () -> w.readyNodes().size() == SIZE);
            console.step("Nodes Ready: " + w.readyNodes());
            return w;
        } catch (RuntimeException e) {
            w.close();
            throw e;
        }
    }

    KubeTestbed kube() {
        return kube;
    }

    MotoServer moto() {
        return moto;
    }

    MotoFleet fleet() {
        return fleet;
    }

    MachineNodeBridge bridge() {
        return bridge;
    }

    /** The names of the Ready nodes. */
    List<String> readyNodes() {
        return kube.client().nodes().list().getItems().stream().filter(EmbeddedWorld::isReady)
                .map(n -> n.getMetadata().getName()).sorted().toList();
    }

    /** Ready, and schedulable: the node controller lifts the not-ready taint a few seconds after Ready. */
    private static boolean isReady(Node n) {
        return n.getStatus() != null && n.getStatus().getConditions() != null && n.getStatus().getConditions().stream()
                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()))
                && (n.getSpec().getTaints() == null || n.getSpec().getTaints().isEmpty());
    }

    private <T extends AutoCloseable> T keep(T resource) {
        open.add(0, resource);
        return resource;
    }

    /** Stops everything, newest first. */
    @Override
    public void close() {
        for (AutoCloseable c : open) {
            try {
                c.close();
            } catch (Exception e) {
                System.err.println("could not stop " + c + ": " + e.getMessage());
            }
        }
        open.clear();
    }
}
