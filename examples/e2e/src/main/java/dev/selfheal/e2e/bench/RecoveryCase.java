package dev.selfheal.e2e.bench;

import dev.selfheal.e2e.Workloads;
import dev.selfheal.testbed.bridge.Ec2Machines;
import dev.selfheal.testbed.bridge.MachineNodeBridge;
import dev.selfheal.testbed.bridge.MotoFleet;
import dev.selfheal.testbed.kube.KubeTestbed;
import dev.selfheal.testbed.process.Await;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One measured failure: a pool of three instances (an Auto Scaling group) as nodes, a Deployment {@code web}
 * with a pod on every node and a StatefulSet {@code db} of one pod with an EBS-backed volume (and its
 * VolumeAttachment); the machine under {@code db-0} fails; the clock runs until a new pod of each runs on
 * another node.
 */
final class RecoveryCase implements AutoCloseable {

    static final String ZONE = "us-east-1a";
    private static final String EBS = "ebs.csi.aws.com";

    private final KubeTestbed kube;
    private final MotoFleet fleet;
    private final MachineNodeBridge bridge;
    private final String pool;
    private final Workloads apps;
    private String dead;
    private String instance;
    private Instant failedAt;
    private PodClock clock;

    /** Creates the pool {@code pool} and the workloads, and waits until they run. */
    RecoveryCase(KubeTestbed kube, MotoFleet fleet, MachineNodeBridge bridge, String pool) {
        this.kube = kube;
        this.fleet = fleet;
        this.bridge = bridge;
        this.pool = pool;
        fleet.createGroup(pool, ZONE, 3);
        Await.until("3 schedulable nodes in " + pool, Duration.ofSeconds(90), () -> kube.client().nodes()
                .withLabel(Ec2Machines.POOL_LABEL, pool).list().getItems().stream().filter(n -> n.getSpec().getTaints() == null
                        || n.getSpec().getTaints().isEmpty()).filter(n -> n.getStatus().getConditions() != null && n.getStatus()
                        .getConditions().stream().anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()))).count() == 3);
        this.apps = new Workloads(kube.client(), pool);
        apps.deployment("web", 3, pool);
        String volume = fleet.createVolume(ZONE);
        String pv = apps.statefulSetWithVolume("db", pool, EBS, volume);
        apps.awaitRunning("web", 3);
        Pod db = apps.awaitRunning("db", 1).get(0);
        dead = db.getSpec().getNodeName();
        instance = bridge.machineOfNode(dead).orElseThrow().key().substring("aws:".length());
        fleet.attach(volume, instance, "/dev/sdf");
        apps.attach(pv, dead, EBS);
    }

    /** Injects the failure now and starts the clock. */
    void fail(Failure failure) {
        Set<String> before = kube.client().pods().inNamespace(pool).list().getItems().stream()
                .map(p -> p.getMetadata().getUid()).collect(Collectors.toSet());
        clock = new PodClock(kube.client(), pool, dead, before);
        failedAt = Instant.now();
        if (failure == Failure.MACHINE_STOPPED) {
            fleet.stop(instance);
            bridge.reconcileNow();
        } else {
            bridge.isolate(Ec2Machines.key(instance));
        }
    }

    /** Whether both apps run elsewhere. */
    boolean recovered() {
        return elapsed("web").isPresent() && elapsed("db").isPresent();
    }

    /** Time from the failure to a new pod of {@code app} Running elsewhere, if it happened. */
    Optional<Duration> elapsed(String app) {
        return clock.runningElsewhere(app).map(t -> Duration.between(failedAt, t));
    }

    /** When the failure was injected. */
    Instant failedAt() {
        return failedAt;
    }

    /** The failed node. */
    String deadNode() {
        return dead;
    }

    /** Removes the pool: its group (instances terminated), its Nodes and the workloads. */
    @Override
    public void close() {
        if (clock != null) {
            clock.close();
        }
        java.util.List<String> ids = fleet.groupInstances(pool);
        if (!ids.isEmpty()) {
            fleet.ec2().terminateInstances(r -> r.instanceIds(ids));
        }
        fleet.autoScaling().deleteAutoScalingGroup(r -> r.autoScalingGroupName(pool).forceDelete(true));
        bridge.reconcileNow();
        kube.client().nodes().withLabel(Ec2Machines.POOL_LABEL, pool).delete();
        apps.delete();
    }
}
