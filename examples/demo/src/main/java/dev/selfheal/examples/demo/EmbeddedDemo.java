package dev.selfheal.examples.demo;

import dev.selfheal.core.config.SelfhealConfig;
import dev.selfheal.core.kube.RbacManifests;
import dev.selfheal.core.remediation.RemediationState;
import dev.selfheal.examples.healer.StandaloneHealer;
import dev.selfheal.testbed.bridge.BridgeEvent;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * The main job: the embedded testbed, the standalone healer with the AWS provider under its own
 * ServiceAccount, the sample applications, one machine killed, and the timeline of its recovery.
 */
final class EmbeddedDemo {

    private static final String HEALER_NAMESPACE = "selfheal-demo";
    private static final Duration LIMIT = Duration.ofMinutes(3);

    private final Console console;
    private final Timeline timeline;

    EmbeddedDemo(Console console) {
        this.console = console;
        this.timeline = new Timeline(console, Clock.systemUTC());
    }

    /** Runs the demo; returns whether the machine was healed and every milestone reached. */
    @SuppressWarnings("try") // the resource is held open for the duration of the block
    boolean run() {
        try (EmbeddedWorld world = EmbeddedWorld.start(console, this::bridged)) {
            SelfhealConfig config = DemoConfig.forMoto(world.moto());
            console.step("Starting the standalone healer in " + HEALER_NAMESPACE + " under its own ServiceAccount (shipped RBAC),"
                    + " AWS provider on moto, node threshold " + config.checks().heartbeatLostAfter().toSeconds() + " s");
            RbacManifests.apply(world.kube().client(), HEALER_NAMESPACE, "selfheal");
            KubernetesClient asHealer = world.kube().serviceAccountClient(HEALER_NAMESPACE, "selfheal");
            try (StandaloneHealer healer = StandaloneHealer.start(asHealer, config, List.of(timeline))) {
                return killAndWatch(world);
            }
        }
    }

    @SuppressWarnings("try") // the resource is held open for the duration of the block
    private boolean killAndWatch(EmbeddedWorld world) {
        SampleWorkloads apps = new SampleWorkloads(world.kube().client());
        String volume = world.fleet().createVolume(EmbeddedWorld.ZONE);
        console.step("Deploying web (Deployment, 3 pods) and db (StatefulSet, 1 pod, volume on EBS " + volume + ")");
        apps.deploy(EmbeddedWorld.POOL, volume);
        String victim = apps.dbNode();
        String instance = world.bridge().machineOfNode(victim).orElseThrow().key().substring("aws:".length());
        world.fleet().attach(volume, instance, "/dev/sdf");
        apps.attachVolume(victim);
        for (Pod p : apps.running()) {
            console.step("  " + p.getMetadata().getName() + " Running on " + p.getSpec().getNodeName());
        }
        Set<String> before = apps.podUids();
        console.step("Killing machine " + instance + " (node " + victim + ", runs db-0 and its volume): StopInstances");
        console.line("");
        timeline.start(victim);
        Instant failure = Instant.now();
        try (ClusterWatch watch = new ClusterWatch(world.kube().client(), victim, before, failure, timeline)) {
            world.fleet().stop(instance);
            world.bridge().reconcileNow();
            RemediationState end = Poll.await(timeline.completion(), LIMIT, "the healer to finish");
            timeline.printSummary();
            facts(world, instance, volume);
            return end == RemediationState.SUCCEEDED && timeline.elapsed().size() == Timeline.ORDER.size();
        } catch (IllegalStateException e) {
            console.line("  " + e.getMessage());
            timeline.printSummary();
            return false;
        }
    }

    private void facts(EmbeddedWorld world, String instance, String volume) {
        console.line("");
        console.line("  EC2 instance " + instance + ": " + world.fleet().state(instance) + "; Auto Scaling group "
                + EmbeddedWorld.POOL + " now runs " + world.fleet().groupInstances(EmbeddedWorld.POOL));
        console.line("  EBS volume " + volume + ": " + world.fleet().attachedTo(volume).map(i -> "attached to " + i)
                .orElse("detached (available to the pod's new node)"));
        console.line("  Kubernetes alone (same controller-manager defaults): the node turns Unknown after 50 s, web's pod is");
        console.line("  evicted 300 s later, db-0 and its volume stay bound to the dead node until a person acts, and the");
        console.line("  instance stays stopped. Measured side by side in docs/benchmarks.md.");
    }

    private void bridged(BridgeEvent e) {
        if (e.kind() == BridgeEvent.Kind.SILENCED && timeline.concerns(e.node())) {
            timeline.reach(Timeline.SILENT, "its Lease is no longer renewed");
        }
    }
}
