package dev.selfheal.e2e;

import dev.selfheal.testbed.node.TestImages;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * A Deployment and a StatefulSet of one busybox pod each on real nodes, whose data lives in a host directory every
 * node mounts (a hostPath standing in for network storage). Each pod's first run writes its uid to
 * {@code <dir>/<app>/written}; every run then copies what it finds there to {@code <dir>/<app>/read-by-<its uid>},
 * so a later pod proves it read the data an earlier one wrote.
 */
final class SharedDirWorkloads {

    private static final String SCRIPT = "mkdir -p /data/$APP; [ -s /data/$APP/written ] || echo $POD_UID > /data/$APP/written;"
            + " cat /data/$APP/written > /data/$APP/read-by-$POD_UID; exec sleep 3600";

    private final KubernetesClient client;
    private final String namespace;
    private final Path dir;

    SharedDirWorkloads(KubernetesClient admin, String namespace, Path dir) {
        this.client = admin;
        this.namespace = namespace;
        this.dir = dir;
    }

    /** A Deployment of one pod. */
    void deployment(String app) {
        client.apps().deployments().inNamespace(namespace).resource(new DeploymentBuilder().withNewMetadata().withName(app)
                .endMetadata().withNewSpec().withReplicas(1).withNewSelector().withMatchLabels(Map.of("app", app)).endSelector()
                .withNewTemplate().withNewMetadata().withLabels(Map.of("app", app)).endMetadata().withSpec(pod(app))
                .endTemplate().endSpec().build()).create();
    }

    /** A StatefulSet of one pod. */
    void statefulSet(String app) {
        client.apps().statefulSets().inNamespace(namespace).resource(new StatefulSetBuilder().withNewMetadata().withName(app)
                .endMetadata().withNewSpec().withReplicas(1).withServiceName(app).withNewSelector()
                .withMatchLabels(Map.of("app", app)).endSelector().withNewTemplate().withNewMetadata()
                .withLabels(Map.of("app", app)).endMetadata().withSpec(pod(app)).endTemplate().endSpec().build()).create();
    }

    private PodSpec pod(String app) {
        Container c = new ContainerBuilder().withName("main").withImage(TestImages.BUSYBOX).withImagePullPolicy("Never")
                .withCommand("/bin/sh", "-c", SCRIPT)
                .addNewEnv().withName("APP").withValue(app).endEnv()
                .addNewEnv().withName("POD_UID").withNewValueFrom().withNewFieldRef().withFieldPath("metadata.uid")
                .endFieldRef().endValueFrom().endEnv()
                .addNewVolumeMount().withName("data").withMountPath("/data").endVolumeMount().build();
        return new PodSpecBuilder().withTerminationGracePeriodSeconds(1L).withContainers(c)
                .addNewVolume().withName("data").withNewHostPath().withPath(dir.toAbsolutePath().toString())
                .withType("Directory").endHostPath().endVolume().build();
    }

    /** The uid of the pod whose first run wrote the app's data, once written. */
    Optional<String> writer(String app) {
        return read(dir.resolve(app).resolve("written"));
    }

    /** What the pod {@code uid} read from the app's data, once it did. */
    Optional<String> readBy(String app, String uid) {
        return read(dir.resolve(app).resolve("read-by-" + uid));
    }

    private static Optional<String> read(Path p) {
        try {
            return Files.exists(p) ? Optional.of(Files.readString(p).trim()).filter(s -> !s.isEmpty()) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
