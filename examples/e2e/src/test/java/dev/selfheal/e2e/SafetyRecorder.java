package dev.selfheal.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.core.observe.SelfhealListener;
import dev.selfheal.core.remediation.Remediation;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.storage.VolumeAttachment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

/**
 * Watches one node's workloads and the healer's decisions, and checks the safety invariants afterwards:
 * nothing of the node was released (a pod deleted, a VolumeAttachment deleted, the out-of-service taint set)
 * before the provider confirmed the machine fenced, the machine was off whenever that happened (asked of
 * the peer at that moment), and the machine was replaced at most once.
 */
final class SafetyRecorder implements SelfhealListener, AutoCloseable {

    /** One release of the watched node's workloads, with the machine's power seen by the peer at that time. */
    record Release(Instant at, String what, boolean machineOff) {
    }

    private final KubernetesClient client;
    private final List<SharedIndexInformer<?>> informers = new ArrayList<>();
    private final List<Release> releases = new CopyOnWriteArrayList<>();
    private final List<String> steps = new CopyOnWriteArrayList<>();
    private volatile String node;
    private volatile BooleanSupplier machineOff;
    private volatile Instant fencedAt;

    SafetyRecorder(KubernetesClient admin) {
        this.client = admin;
    }

    /** Starts watching {@code node} in {@code namespace}; {@code machineOff} asks the peer whether its machine is off. */
    void watch(String node, String namespace, BooleanSupplier machineOff) {
        this.node = node;
        this.machineOff = machineOff;
        informers.add(client.pods().inNamespace(namespace).inform(new Changes<Pod>() {
            @Override
            void changed(Pod before, Pod after, boolean deleted) {
                boolean gone = deleted || after.getMetadata().getDeletionTimestamp() != null
                        && (before == null || before.getMetadata().getDeletionTimestamp() == null);
                if (gone && node.equals(after.getSpec().getNodeName())) {
                    released("pod " + after.getMetadata().getName());
                }
            }
        }));
        informers.add(client.storage().v1().volumeAttachments().inform(new Changes<VolumeAttachment>() {
            @Override
            void changed(VolumeAttachment before, VolumeAttachment after, boolean deleted) {
                if (deleted && node.equals(after.getSpec().getNodeName())) {
                    released("volume attachment " + after.getMetadata().getName());
                }
            }
        }));
        informers.add(client.nodes().inform(new Changes<Node>() {
            @Override
            void changed(Node before, Node after, boolean deleted) {
                if (!deleted && node.equals(after.getMetadata().getName()) && outOfService(after) && (before == null || !outOfService(before))) {
                    released("out-of-service taint");
                }
            }
        }));
    }

    private void released(String what) {
        releases.add(new Release(Instant.now(), what, machineOff.getAsBoolean()));
    }

    private static boolean outOfService(Node n) {
        return n.getSpec().getTaints() != null && n.getSpec().getTaints().stream()
                .anyMatch(t -> "node.kubernetes.io/out-of-service".equals(t.getKey()));
    }

    @Override
    public void onStepFinished(Remediation r, String step, String outcome) {
        if (r.node().equals(node)) {
            steps.add(step + "=" + outcome);
            if (r.fencedAt() != null && fencedAt == null) {
                fencedAt = r.fencedAt();
            }
        }
    }

    /** The releases seen. */
    List<Release> releases() {
        return List.copyOf(releases);
    }

    /** Nothing was released before the fence was confirmed, and the machine was off at every release. */
    void assertReleasedOnlyAfterFence() {
        assertThat(releases).as("releases of %s", node).isNotEmpty();
        assertThat(fencedAt).as("fence confirmation of %s", node).isNotNull();
        assertThat(releases).allSatisfy(r -> {
            assertThat(r.at()).as(r.what() + " released after the fence").isAfterOrEqualTo(fencedAt);
            assertThat(r.machineOff()).as("machine off when " + r.what() + " was released").isTrue();
        });
    }

    /** Nothing of the node was released and it was never fenced. */
    void assertNothingReleased() {
        assertThat(releases).as("releases of %s", node).isEmpty();
        assertThat(fencedAt).as("fence of %s", node).isNull();
        assertThat(steps).noneMatch(s -> s.startsWith("fence=") || s.startsWith("release=") || s.startsWith("replace="));
    }

    /** The healer replaced the machine exactly once. */
    void assertReplacedOnce() {
        assertThat(steps.stream().filter(s -> s.startsWith("replace=")).toList()).containsExactly("replace=done");
    }

    @Override
    public void close() {
        informers.forEach(SharedIndexInformer::close);
    }

    /** Adds, updates and deletes as one callback. */
    private abstract static class Changes<T> implements ResourceEventHandler<T> {
        abstract void changed(T before, T after, boolean deleted);

        @Override
        public void onAdd(T obj) {
            changed(null, obj, false);
        }

        @Override
        public void onUpdate(T oldObj, T newObj) {
            changed(oldObj, newObj, false);
        }

        @Override
        public void onDelete(T obj, boolean deletedFinalStateUnknown) {
            changed(obj, obj, true);
        }
    }
}
