package dev.selfheal.examples.demo;

import dev.selfheal.testbed.bridge.Ec2Machines;
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
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The sample applications: {@code web}, a Deployment of three pods spread over the nodes, and {@code db}, a
 * StatefulSet of one pod with a persistent volume backed by a real EBS volume in moto (a pre-bound
 * PersistentVolume, the EBS volume attached to the pod's instance and its VolumeAttachment, as the EBS CSI
 * driver would leave them; the testbed has no CSI driver).
 */
final class SampleWorkloads {

    static final String NAMESPACE = "demo";
    static final String CSI_DRIVER = "ebs.csi.aws.com";
    private static final Duration RUNNING = Duration.ofSeconds(120);

    private final KubernetesClient client;

    SampleWorkloads(KubernetesClient client) {
        this.client = client;
    }

    /** Creates both applications in pool {@code pool} with {@code volumeId} as db's volume, and waits until every pod runs. */
    void deploy(String pool, String volumeId) {
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata().build()).create();
        Poll.until("the default ServiceAccount of " + NAMESPACE, RUNNING, Duration.ofMillis(200),
                () -> client.serviceAccounts().inNamespace(NAMESPACE).withName("default").get() != null);
        createWeb(pool);
        createVolume(volumeId);
        createDb(pool);
        Poll.until("4 sample pods Running", RUNNING, Duration.ofMillis(250), () -> running().size() == 4);
    }

    /** The Running pods of both applications. */
    List<Pod> running() {
        return client.pods().inNamespace(NAMESPACE).list().getItems().stream()
                .filter(p -> "Running".equals(p.getStatus().getPhase()) && p.getMetadata().getDeletionTimestamp() == null).toList();
    }

    /** The uids of the sample pods now. */
    Set<String> podUids() {
        return running().stream().map(p -> p.getMetadata().getUid()).collect(Collectors.toSet());
    }

    /** The node db-0 runs on. */
    String dbNode() {
        return client.pods().inNamespace(NAMESPACE).withName("db-0").get().getSpec().getNodeName();
    }

    /** Records that db's volume is attached to {@code node}, as the CSI driver's attacher would. */
    void attachVolume(String node) {
        client.storage().v1().volumeAttachments().resource(new VolumeAttachmentBuilder()
                .withNewMetadata().withName("db-data-" + node).endMetadata()
                .withNewSpec().withAttacher(CSI_DRIVER).withNodeName(node)
                .withNewSource().withPersistentVolumeName("db-data").endSource().endSpec().build()).create();
    }

    private void createWeb(String pool) {
        Map<String, String> labels = Map.of("app", "web");
        client.apps().deployments().inNamespace(NAMESPACE).resource(new DeploymentBuilder()
                .withNewMetadata().withName("web").endMetadata()
                .withNewSpec().withReplicas(3).withNewSelector().withMatchLabels(labels).endSelector()
                .withNewTemplate().withNewMetadata().withLabels(labels).endMetadata()
                .withNewSpec().addToNodeSelector(Ec2Machines.POOL_LABEL, pool)
                .addNewTopologySpreadConstraint().withMaxSkew(1).withTopologyKey("kubernetes.io/hostname")
                .withWhenUnsatisfiable("DoNotSchedule").withNodeTaintsPolicy("Honor").withNewLabelSelector().withMatchLabels(labels).endLabelSelector()
                .endTopologySpreadConstraint()
                .addNewContainer().withName("web").withImage("registry.example/web:1").endContainer()
                .endSpec().endTemplate().endSpec().build()).create();
    }

    private void createVolume(String volumeId) {
        client.persistentVolumes().resource(new PersistentVolumeBuilder()
                .withNewMetadata().withName("db-data").endMetadata()
                .withNewSpec().withCapacity(Map.of("storage", new Quantity("10Gi"))).withAccessModes("ReadWriteOnce")
                .withPersistentVolumeReclaimPolicy("Retain").withStorageClassName("")
                .withNewClaimRef().withNamespace(NAMESPACE).withName("data-db-0").endClaimRef()
                .withNewCsi().withDriver(CSI_DRIVER).withVolumeHandle(volumeId).withFsType("ext4").endCsi()
                .endSpec().build()).create();
    }

    private void createDb(String pool) {
        Map<String, String> labels = Map.of("app", "db");
        client.apps().statefulSets().inNamespace(NAMESPACE).resource(new StatefulSetBuilder()
                .withNewMetadata().withName("db").endMetadata()
                .withNewSpec().withReplicas(1).withServiceName("db").withNewSelector().withMatchLabels(labels).endSelector()
                .withNewTemplate().withNewMetadata().withLabels(labels).endMetadata()
                .withNewSpec().addToNodeSelector(Ec2Machines.POOL_LABEL, pool)
                .addNewContainer().withName("db").withImage("registry.example/db:1")
                .addNewVolumeMount().withName("data").withMountPath("/var/lib/db").endVolumeMount().endContainer()
                .endSpec().endTemplate()
                .withVolumeClaimTemplates(new PersistentVolumeClaimBuilder().withNewMetadata().withName("data").endMetadata()
                        .withNewSpec().withAccessModes("ReadWriteOnce").withStorageClassName("")
                        .withNewResources().withRequests(Map.of("storage", new Quantity("10Gi"))).endResources()
                        .endSpec().build())
                .endSpec().build()).create();
    }
}
