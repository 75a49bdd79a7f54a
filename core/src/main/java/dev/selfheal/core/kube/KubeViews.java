package dev.selfheal.core.kube;

import dev.selfheal.core.health.ClusterSnapshot;
import dev.selfheal.core.health.ConditionView;
import dev.selfheal.core.health.ContainerView;
import dev.selfheal.core.health.LeaseView;
import dev.selfheal.core.health.LocalVolumeView;
import dev.selfheal.core.health.NodeView;
import dev.selfheal.core.health.PodView;
import dev.selfheal.core.health.TaintView;
import dev.selfheal.core.health.VolumeAttachmentView;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeSpec;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseSpec;
import io.fabric8.kubernetes.api.model.storage.VolumeAttachment;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Converts fabric8 model objects into the healer's immutable views, once per watch event. Keeps only what the
 * checks read, and interns the strings that repeat across thousands of objects (namespaces, node names,
 * phases, owner kinds, reasons) so that 100,000 pods cost little heap.
 */
final class KubeViews {

    private KubeViews() {
    }

    /** The view of a Node. */
    static NodeView node(Node n) {
        ObjectMeta m = meta(n.getMetadata());
        List<TaintView> taints = new ArrayList<>();
        boolean unschedulable = false;
        String providerId = null;
        if (n.getSpec() != null) {
            providerId = n.getSpec().getProviderID();
            unschedulable = Boolean.TRUE.equals(n.getSpec().getUnschedulable());
            for (Taint t : nullSafe(n.getSpec().getTaints())) {
                taints.add(new TaintView(t.getKey(), t.getValue(), intern(t.getEffect())));
            }
        }
        List<ConditionView> conditions = new ArrayList<>();
        String bootId = null;
        if (n.getStatus() != null) {
            bootId = n.getStatus().getNodeInfo() == null ? null : n.getStatus().getNodeInfo().getBootID();
            for (NodeCondition c : nullSafe(n.getStatus().getConditions())) {
                conditions.add(new ConditionView(intern(c.getType()), intern(c.getStatus()), intern(empty(c.getReason())),
                        empty(c.getMessage()), instant(c.getLastTransitionTime()), instant(c.getLastHeartbeatTime())));
            }
        }
        return new NodeView(intern(m.getName()), m.getUid(), providerId, map(m.getLabels()), map(m.getAnnotations()),
                taints, conditions, instant(m.getCreationTimestamp()), unschedulable, bootId);
    }

    /** The view of a Pod. */
    static PodView pod(Pod p) {
        ObjectMeta m = meta(p.getMetadata());
        OwnerReference owner = controller(m.getOwnerReferences());
        String nodeName = p.getSpec() == null ? null : intern(p.getSpec().getNodeName());
        List<String> claims = new ArrayList<>(0);
        if (p.getSpec() != null) {
            for (Volume v : nullSafe(p.getSpec().getVolumes())) {
                if (v.getPersistentVolumeClaim() != null && v.getPersistentVolumeClaim().getClaimName() != null) {
                    claims.add(v.getPersistentVolumeClaim().getClaimName());
                }
            }
        }
        String phase = null;
        List<ContainerView> containers = new ArrayList<>(1);
        if (p.getStatus() != null) {
            phase = intern(p.getStatus().getPhase());
            for (ContainerStatus c : nullSafe(p.getStatus().getContainerStatuses())) {
                containers.add(container(c));
            }
        }
        return new PodView(intern(m.getNamespace()), m.getName(), m.getUid(), nodeName, phase,
                owner == null ? null : intern(owner.getKind()), owner == null ? null : owner.getName(),
                instant(m.getDeletionTimestamp()), claims, containers);
    }

    /** The view of a Lease. */
    static LeaseView lease(Lease l) {
        ObjectMeta m = meta(l.getMetadata());
        LeaseSpec s = l.getSpec();
        if (s == null) {
            return new LeaseView(intern(m.getName()), null, null, null);
        }
        Duration duration = s.getLeaseDurationSeconds() == null ? null : Duration.ofSeconds(s.getLeaseDurationSeconds());
        return new LeaseView(intern(m.getName()), intern(s.getHolderIdentity()), instant(s.getRenewTime()), duration);
    }

    /** The view of a VolumeAttachment. */
    static VolumeAttachmentView attachment(VolumeAttachment a) {
        ObjectMeta m = meta(a.getMetadata());
        String node = null;
        String pv = null;
        if (a.getSpec() != null) {
            node = intern(a.getSpec().getNodeName());
            pv = a.getSpec().getSource() == null ? null : a.getSpec().getSource().getPersistentVolumeName();
        }
        boolean attached = a.getStatus() != null && Boolean.TRUE.equals(a.getStatus().getAttached());
        return new VolumeAttachmentView(m.getName(), node, pv, attached, instant(m.getDeletionTimestamp()));
    }

    /**
     * The view of a PersistentVolume when it is node-local ({@code local} or {@code hostPath}) and its required
     * node affinity pins it to exactly one {@code kubernetes.io/hostname}; null for every other volume.
     */
    static LocalVolumeView localVolume(PersistentVolume pv) {
        PersistentVolumeSpec spec = pv.getSpec();
        if (spec == null || (spec.getLocal() == null && spec.getHostPath() == null) || spec.getNodeAffinity() == null
                || spec.getNodeAffinity().getRequired() == null) {
            return null;
        }
        java.util.Set<String> hosts = new java.util.HashSet<>();
        for (NodeSelectorTerm term : spec.getNodeAffinity().getRequired().getNodeSelectorTerms()) {
            for (NodeSelectorRequirement r : term.getMatchExpressions()) {
                if (ClusterSnapshot.HOSTNAME_LABEL.equals(r.getKey()) && "In".equals(r.getOperator()) && r.getValues() != null) {
                    hosts.addAll(r.getValues());
                }
            }
        }
        if (hosts.size() != 1) {
            return null;
        }
        ObjectReference ref = spec.getClaimRef();
        String claim = ref == null || ref.getName() == null ? null : ref.getNamespace() + "/" + ref.getName();
        return new LocalVolumeView(pv.getMetadata().getName(), intern(hosts.iterator().next()), claim);
    }

    /**
     * An RFC 3339 timestamp as the API server writes it, or null when absent or unreadable (a bad timestamp
     * must not stop the watch).
     */
    static Instant instant(String rfc3339) {
        if (rfc3339 == null || rfc3339.isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(rfc3339).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    static Instant instant(ZonedDateTime t) {
        return t == null ? null : t.toInstant();
    }

    private static ContainerView container(ContainerStatus c) {
        String waiting = c.getState() == null || c.getState().getWaiting() == null ? null
                : intern(c.getState().getWaiting().getReason());
        int restarts = c.getRestartCount() == null ? 0 : c.getRestartCount();
        return new ContainerView(intern(c.getName()), restarts, waiting, Boolean.TRUE.equals(c.getReady()));
    }

    private static OwnerReference controller(List<OwnerReference> owners) {
        if (owners == null || owners.isEmpty()) {
            return null;
        }
        for (OwnerReference o : owners) {
            if (Boolean.TRUE.equals(o.getController())) {
                return o;
            }
        }
        return owners.get(0);
    }

    private static ObjectMeta meta(ObjectMeta m) {
        return m == null ? new ObjectMeta() : m;
    }

    private static Map<String, String> map(Map<String, String> m) {
        return m == null ? Map.of() : m;
    }

    private static <E> List<E> nullSafe(List<E> l) {
        return l == null ? List.of() : l;
    }

    private static String empty(String s) {
        return s == null ? "" : s;
    }

    /** Strings that repeat across many objects share one instance. */
    static String intern(String s) {
        return s == null ? null : s.intern();
    }
}
