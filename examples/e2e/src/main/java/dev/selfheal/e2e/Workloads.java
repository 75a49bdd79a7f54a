package dev.selfheal.e2e;

import dev.selfheal.testbed.bridge.Ec2Machines;
import dev.selfheal.testbed.process.Await;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.storage.VolumeAttachmentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Sample workloads in one namespace, pinned to one machine pool: Deployments, and StatefulSets of one pod
 * whose volume is a pre-bound PersistentVolume of a CSI driver (the testbed runs none, so the test records
 * the attachment itself as a VolumeAttachment, as the driver's attacher would).
 */
public final class Workloads {

    private static final Duration RUNNING = Duration.ofSeconds(120);

    private final KubernetesClient client;
    private final String namespace;

    /** Workloads in {@code namespace} (created now, with its default ServiceAccount awaited). */
    public Workloads(KubernetesClient admin, String namespace) {
        this.client = admin;
        this.namespace = namespace;
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
                .createOr(r -> r.update());
        Await.until("default ServiceAccount in " + namespace, RUNNING,
                () -> client.serviceAccounts().inNamespace(namespace).withName("default").get() != null);
    }

    /** The namespace. */
    public String namespace() {
        return namespace;
    }

    /** A Deployment of {@code replicas} pods labelled {@code app=name}, spread over the nodes of {@code pool}. */
    public void deployment(String name, int replicas, String pool) {
        Map<String, String> labels = Map.of("app", name);
        client.apps().deployments().inNamespace(namespace).resource(new DeploymentBuilder()
                .withNewMetadata().withName(name).endMetadata()
                .withNewSpec().withReplicas(replicas).withNewSelector().withMatchLabels(labels).endSelector()
                .withNewTemplate().withNewMetadata().withLabels(labels).endMetadata()
                .withNewSpec().addToNodeSelector(Ec2Machines.POOL_LABEL, pool)
                .addNewTopologySpreadConstraint().withMaxSkew(1).withTopologyKey("kubernetes.io/hostname")
                .withWhenUnsatisfiable("DoNotSchedule").withNodeTaintsPolicy("Honor").withNewLabelSelector().withMatchLabels(labels).endLabelSelector()
                .endTopologySpreadConstraint()
                .addNewContainer().withName(name).withImage("registry.example/" + name + ":1").endContainer()
                .endSpec().endTemplate().endSpec().build()).create();
    }

    /**
     * A StatefulSet of one pod ({@code <name>-0}, label {@code app=name}) in {@code pool} whose volume claim
     * {@code data-<name>-0} is bound to a PersistentVolume {@code <namespace>-<name>} of {@code driver} with
     * {@code volumeHandle}; returns the PersistentVolume's name.
     */
    public String statefulSetWithVolume(String name, String pool, String driver, String volumeHandle) {
        String pv = namespace + "-" + name;
        client.persistentVolumes().resource(new PersistentVolumeBuilder()
                .withNewMetadata().withName(pv).endMetadata()
                .withNewSpec().withCapacity(Map.of("storage", new Quantity("1Gi"))).withAccessModes("ReadWriteOnce")
                .withPersistentVolumeReclaimPolicy("Retain").withStorageClassName("")
                .withNewClaimRef().withNamespace(namespace).withName("data-" + name + "-0").endClaimRef()
                .withNewCsi().withDriver(driver).withVolumeHandle(volumeHandle).endCsi().endSpec().build()).create();
        Map<String, String> labels = Map.of("app", name);
        client.apps().statefulSets().inNamespace(namespace).resource(new StatefulSetBuilder()
                .withNewMetadata().withName(name).endMetadata()
                .withNewSpec().withReplicas(1).withServiceName(name).withNewSelector().withMatchLabels(labels).endSelector()
                .withNewTemplate().withNewMetadata().withLabels(labels).endMetadata()
                .withNewSpec().addToNodeSelector(Ec2Machines.POOL_LABEL, pool)
                .addNewContainer().withName(name).withImage("registry.example/" + name + ":1")
                .addNewVolumeMount().withName("data").withMountPath("/data").endVolumeMount().endContainer()
                .endSpec().endTemplate()
                .withVolumeClaimTemplates(new PersistentVolumeClaimBuilder().withNewMetadata().withName("data").endMetadata()
                        .withNewSpec().withAccessModes("ReadWriteOnce").withStorageClassName("")
                        .withNewResources().withRequests(Map.of("storage", new Quantity("1Gi"))).endResources().endSpec().build())
                .endSpec().build()).create();
        return pv;
    }

    /** Records the volume {@code pv} attached to {@code node} by {@code driver}; returns the VolumeAttachment's name. */
    public String attach(String pv, String node, String driver) {
        String name = pv + "-" + Integer.toHexString(node.hashCode());
        client.storage().v1().volumeAttachments().resource(new VolumeAttachmentBuilder()
                .withNewMetadata().withName(name).endMetadata()
                .withNewSpec().withAttacher(driver).withNodeName(node)
                .withNewSource().withPersistentVolumeName(pv).endSource().endSpec().build()).create();
        return name;
    }

    /** Whether the VolumeAttachment still exists. */
    public boolean attachmentExists(String name) {
        return client.storage().v1().volumeAttachments().withName(name).get() != null;
    }

    /** The Running, not terminating pods of {@code app}. */
    public List<Pod> running(String app) {
        return client.pods().inNamespace(namespace).withLabel("app", app).list().getItems().stream()
                .filter(p -> "Running".equals(p.getStatus().getPhase()) && p.getMetadata().getDeletionTimestamp() == null)
                .toList();
    }

    /** Waits until {@code count} pods of {@code app} run; returns them. */
    public List<Pod> awaitRunning(String app, int count) {
        Await.until(count + " Running pods of " + app, RUNNING, () -> running(app).size() == count);
        return running(app);
    }

    /** A Running pod of {@code app} on another node than {@code notOn} that is none of {@code before}, if any now. */
    public Optional<Pod> runningElsewhere(String app, String notOn, Set<String> before) {
        return running(app).stream().filter(p -> !notOn.equals(p.getSpec().getNodeName())
                && !before.contains(p.getMetadata().getUid())).findFirst();
    }

    /** Deletes the namespace and the PersistentVolumes made for it. */
    public void delete() {
        client.namespaces().withName(namespace).delete();
        client.persistentVolumes().list().getItems().stream().filter(pv -> pv.getMetadata().getName().startsWith(namespace + "-"))
                .forEach(pv -> client.persistentVolumes().resource(pv).delete());
    }
}
