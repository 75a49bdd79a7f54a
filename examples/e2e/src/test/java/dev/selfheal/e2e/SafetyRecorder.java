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
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches one node's workloads and the healer's decisions, and checks the safety invariants afterwards:
 * nothing of the node was released (a pod deleted, a VolumeAttachment deleted, the out-of-service taint set)
 * before the provider confirmed the machine fenced, the machine was off whenever that happened (asked of
 * the peer at that moment), and the machine was replaced at most once.
 */
final class SafetyRecorder implements SelfhealListener, AutoCloseable {

    /**
     * One release of the watched node's workloads, with the machine's power seen by the peer at that time, and
     * whether it was a pod with a container in {@code CrashLoopBackOff} (deleted by the pod ladder, say).
     */
    record Release(Instant at, String what, boolean machineOff, boolean crashLooping) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(SafetyRecorder.class);
    private static final String GONE = "gone";
    private static final Duration CATCH_UP_LIMIT = Duration.ofSeconds(60);

    private final KubernetesClient client;
    /** What the watches delivered last, by kind and uid: the resource version, or {@link #GONE}. */
    private final Map<String, String> delivered = new ConcurrentHashMap<>();
    private volatile String namespace;
    private final List<SharedIndexInformer<?>> informers = new ArrayList<>();
    private final List<Release> releases = new CopyOnWriteArrayList<>();
    private final List<String> steps = new CopyOnWriteArrayList<>();
    /** Pods crash-looping when their deletion began (their final deletion counts as the same). */
    private final Set<String> crashLoopingAtDeletion = ConcurrentHashMap.newKeySet();
    private volatile String node;
    private volatile BooleanSupplier machineOff;
    private volatile Instant fencedAt;

    SafetyRecorder(KubernetesClient admin) {
        this.client = admin;
    }

    /** Starts watching {@code node} in {@code namespace}; {@code machineOff} asks the peer whether its machine is off. */
    void watch(String node, String namespace, BooleanSupplier machineOff) {
        this.node = node;
        this.namespace = namespace;
        this.machineOff = machineOff;
        informers.add(client.pods().inNamespace(namespace).inform(new Changes<Pod>() {
            @Override
            void changed(Pod before, Pod after, boolean deleted) {
                boolean gone = deleted || after.getMetadata().getDeletionTimestamp() != null
                        && (before == null || before.getMetadata().getDeletionTimestamp() == null);
                if (gone && node.equals(after.getSpec().getNodeName())) {
                    boolean looping = crashLooping(before) || crashLooping(after)
                            || crashLoopingAtDeletion.contains(after.getMetadata().getUid());
                    if (looping) {
                        crashLoopingAtDeletion.add(after.getMetadata().getUid());
                    }
                    released("pod " + after.getMetadata().getName(), looping);
                }
            }
        }));
        informers.add(client.storage().v1().volumeAttachments().inform(new Changes<VolumeAttachment>() {
            @Override
            void changed(VolumeAttachment before, VolumeAttachment after, boolean deleted) {
                if (deleted && node.equals(after.getSpec().getNodeName())) {
                    released("volume attachment " + after.getMetadata().getName(), false);
                }
            }
        }));
        informers.add(client.nodes().inform(new Changes<Node>() {
            @Override
            boolean tracked(Node n) {
                return node.equals(n.getMetadata().getName());
            }

            @Override
            void changed(Node before, Node after, boolean deleted) {
                if (!deleted && node.equals(after.getMetadata().getName()) && outOfService(after) && (before == null || !outOfService(before))) {
                    released("out-of-service taint", false);
                }
            }
        }));
    }

    /**
     * Waits (up to a minute) until the watches delivered everything the API server holds now of the watched
     * namespace's pods, the VolumeAttachments and the watched node: every object at the version the server has, every
     * object seen before and gone from the server seen deleted. Whatever was released before this call was judged
     * (the machine's power asked) by the time it returns.
     */
    void awaitCaughtUp() {
        long deadline = System.nanoTime() + CATCH_UP_LIMIT.toNanos();
        String behind = behind();
        while (behind != null) {
            if (System.nanoTime() > deadline) {
                LOG.warn("safety recorder: the watches did not catch up in {}: {}", CATCH_UP_LIMIT, behind);
                return;
            }
            try {
                TimeUnit.MILLISECONDS.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            behind = behind();
        }
    }

    /** The first object whose latest change the watches have not delivered yet, or null when they are up to date. */
    private String behind() {
        Map<String, String> server = new HashMap<>();
        client.pods().inNamespace(namespace).list().getItems().forEach(p -> server.put(key(p), version(p)));
        client.storage().v1().volumeAttachments().list().getItems().forEach(v -> server.put(key(v), version(v)));
        Node n = client.nodes().withName(node).get();
        if (n != null) {
            server.put(key(n), version(n));
        }
        for (Map.Entry<String, String> e : server.entrySet()) {
            if (!e.getValue().equals(delivered.get(e.getKey()))) {
                return e.getKey() + " at " + e.getValue() + ", delivered " + delivered.get(e.getKey());
            }
        }
        for (Map.Entry<String, String> e : delivered.entrySet()) {
            if (!GONE.equals(e.getValue()) && !server.containsKey(e.getKey())) {
                return e.getKey() + " deleted, delivered " + e.getValue();
            }
        }
        return null;
    }

    private void delivered(HasMetadata o, boolean deleted) {
        delivered.put(key(o), deleted ? GONE : version(o));
    }

    private static String key(HasMetadata o) {
        return o.getClass().getSimpleName() + "/" + o.getMetadata().getUid();
    }

    private static String version(HasMetadata o) {
        return o.getMetadata().getResourceVersion();
    }

    private void released(String what, boolean crashLooping) {
        releases.add(new Release(Instant.now(), what, machineOff.getAsBoolean(), crashLooping));
    }

    private static boolean crashLooping(Pod p) {
        return p != null && p.getStatus() != null && p.getStatus().getContainerStatuses() != null
                && p.getStatus().getContainerStatuses().stream().anyMatch(c -> c.getState() != null
                        && c.getState().getWaiting() != null && "CrashLoopBackOff".equals(c.getState().getWaiting().getReason()));
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

    /**
     * As {@link #assertNothingReleased()}, except that pods crash-looping when deleted (the pod ladder's
     * {@code delete-pod}, a pod-level remedy that leaves the node alone) may be gone; the machine was on each time.
     */
    void assertNothingReleasedButCrashLoopingPods() {
        assertThat(releases).as("releases of %s other than crash-looping pods", node)
                .allSatisfy(r -> assertThat(r.crashLooping()).as(r.what() + " crash-looping when deleted").isTrue())
                .noneMatch(Release::machineOff);
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
    private abstract class Changes<T extends HasMetadata> implements ResourceEventHandler<T> {
        abstract void changed(T before, T after, boolean deleted);

        /** Whether the object is one whose delivery {@link #awaitCaughtUp} waits for. */
        boolean tracked(T obj) {
            return true;
        }

        @Override
        public void onAdd(T obj) {
            if (tracked(obj)) {
                changed(null, obj, false);
                delivered(obj, false);
            }
        }

        @Override
        public void onUpdate(T oldObj, T newObj) {
            if (tracked(newObj)) {
                changed(oldObj, newObj, false);
                delivered(newObj, false);
            }
        }

        @Override
        public void onDelete(T obj, boolean deletedFinalStateUnknown) {
            if (tracked(obj)) {
                changed(obj, obj, true);
                delivered(obj, true);
            }
        }
    }
}
