package dev.selfheal.examples.demo;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * Watches the cluster (informers, no polling) for the milestones the healer does not report itself: the
 * sample pods Running on another node than the dead one, and a node registered after the failure turning
 * Ready.
 */
final class ClusterWatch implements AutoCloseable {

    private final List<SharedIndexInformer<?>> informers;

    ClusterWatch(KubernetesClient client, String deadNode, Set<String> podsBefore, Instant failureAt, Timeline timeline) {
        SharedIndexInformer<Pod> pods = client.pods().inNamespace(SampleWorkloads.NAMESPACE).inform(new Handler<>() {
            @Override
            void seen(Pod p) {
                boolean moved = "Running".equals(p.getStatus().getPhase()) && p.getMetadata().getDeletionTimestamp() == null
                        && !deadNode.equals(p.getSpec().getNodeName()) && !podsBefore.contains(p.getMetadata().getUid());
                if (moved) {
                    String app = p.getMetadata().getLabels().get("app");
                    timeline.reach("web".equals(app) ? Timeline.WEB : Timeline.DB,
                            p.getMetadata().getName() + " on " + p.getSpec().getNodeName());
                }
            }
        });
        SharedIndexInformer<Node> nodes = client.nodes().inform(new Handler<>() {
            @Override
            void seen(Node n) {
                boolean fresh = Instant.parse(n.getMetadata().getCreationTimestamp()).isAfter(failureAt.minusSeconds(1));
                boolean ready = n.getStatus() != null && n.getStatus().getConditions() != null && n.getStatus().getConditions()
                        .stream().anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
                if (fresh && ready) {
                    timeline.reach(Timeline.NEW_NODE, n.getMetadata().getName() + " (" + n.getSpec().getProviderID() + ")");
                }
            }

            @Override
            public void onDelete(Node n, boolean unknownFinalState) {
                if (deadNode.equals(n.getMetadata().getName())) {
                    timeline.note("Node " + deadNode + " deleted");
                }
            }
        });
        this.informers = List.of(pods, nodes);
    }

    @Override
    public void close() {
        informers.forEach(SharedIndexInformer::close);
    }

    /** Calls {@link #seen} on every add and update. */
    private abstract static class Handler<T> implements ResourceEventHandler<T> {
        abstract void seen(T object);

        @Override
        public void onAdd(T object) {
            seen(object);
        }

        @Override
        public void onUpdate(T oldObject, T newObject) {
            seen(newObject);
        }

        @Override
        public void onDelete(T object, boolean deletedFinalStateUnknown) {
        }
    }
}
