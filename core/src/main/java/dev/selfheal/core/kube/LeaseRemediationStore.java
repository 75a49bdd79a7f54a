package dev.selfheal.core.kube;

import dev.selfheal.core.remediation.ConcurrentUpdateException;
import dev.selfheal.core.remediation.LeaseRemediationFormat;
import dev.selfheal.core.remediation.Remediation;
import dev.selfheal.core.remediation.RemediationStore;
import dev.selfheal.protocol.AgentLease;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Remediation records in the cluster, one {@code coordination.k8s.io/v1} Lease per node as
 * {@link LeaseRemediationFormat} documents, with optimistic concurrency on {@code metadata.resourceVersion}:
 * the version of a {@link Stored} record is its Lease's resourceVersion, and a write with a stale one fails
 * with {@link ConcurrentUpdateException}.
 *
 * <p>The namespace must exist (the manifests of {@link RbacManifests} create it); the client's identity needs
 * get, list, create, update and delete on Leases there.
 */
public final class LeaseRemediationStore implements RemediationStore {

    private static final Logger LOG = LoggerFactory.getLogger(LeaseRemediationStore.class);
    /** The value of {@link LeaseRemediationFormat#LABEL} on every remediation Lease. */
    public static final String LABEL_VALUE = "true";

    private final KubernetesClient client;
    private final String namespace;
    private final int leaseDurationSeconds;

    /**
     * @param client the client
     * @param namespace the healer's namespace, which must exist
     * @param leaseDuration the {@code spec.leaseDurationSeconds} written on each record (informative: how long
     *     an owner is expected to stay silent at most), 1 s to 1 day
     */
    public LeaseRemediationStore(KubernetesClient client, String namespace, Duration leaseDuration) {
        this.client = Objects.requireNonNull(client, "client");
        this.namespace = Names.require("namespace", namespace);
        this.leaseDurationSeconds = (int) Names.within("leaseDuration", leaseDuration, Duration.ofSeconds(1),
                Duration.ofDays(1)).toSeconds();
    }

    /** A store in {@value AgentLease#DEFAULT_NAMESPACE} with a lease duration of 60 s. */
    public LeaseRemediationStore(KubernetesClient client) {
        this(client, AgentLease.DEFAULT_NAMESPACE, Duration.ofSeconds(60));
    }

    @Override
    public Optional<Stored> load(String node) {
        String name = LeaseRemediationFormat.leaseName(node);
        Lease lease = call("read", node, () -> client.leases().inNamespace(namespace).withName(name).get());
        return Optional.ofNullable(lease).map(this::stored);
    }

    @Override
    public List<Stored> loadAll() {
        List<Lease> leases = call("list", "all nodes", () -> client.leases().inNamespace(namespace)
                .withLabel(LeaseRemediationFormat.LABEL).list().getItems());
        List<Stored> out = new ArrayList<>(leases.size());
        for (Lease l : leases) {
            try {
                out.add(stored(l));
            } catch (IllegalArgumentException e) {
                LOG.warn("Skipping a remediation record: {}", e.getMessage());
            }
        }
        return out;
    }

    @Override
    public Stored create(Remediation remediation) {
        Lease lease = lease(remediation, null);
        try {
            return stored(client.leases().inNamespace(namespace).resource(lease).create());
        } catch (KubernetesClientException e) {
            if (e.getCode() == 409) {
                throw new ConcurrentUpdateException(remediation.node(), e);
            }
            throw failure("create", remediation.node(), e);
        }
    }

    @Override
    public Stored update(Stored current, Remediation next) {
        String node = current.remediation().node();
        if (!node.equals(next.node())) {
            throw new IllegalArgumentException("cannot replace the record of node " + node + " by one of node " + next.node());
        }
        Lease lease = lease(next, current.version());
        // A merge patch, not a PUT: a PUT re-creates a deleted Lease, a patch never creates, and the
        // resourceVersion in it is a precondition (409 when stale).
        String patch = client.getKubernetesSerialization().asJson(lease);
        try {
            return stored(client.leases().inNamespace(namespace).resource(lease)
                    .patch(PatchContext.of(PatchType.JSON_MERGE), patch));
        } catch (KubernetesClientException e) {
            if (e.getCode() == 409 || e.getCode() == 404) {
                throw new ConcurrentUpdateException(node, e);
            }
            throw failure("update", node, e);
        }
    }

    @Override
    public void delete(Stored current) {
        String node = current.remediation().node();
        String name = LeaseRemediationFormat.leaseName(node);
        try {
            client.leases().inNamespace(namespace).withName(name).lockResourceVersion(current.version()).delete();
        } catch (KubernetesClientException e) {
            if (e.getCode() == 409) {
                throw new ConcurrentUpdateException(node, e);
            }
            if (e.getCode() != 404) {
                throw failure("delete", node, e);
            }
        }
    }

    private Lease lease(Remediation r, String resourceVersion) {
        return new LeaseBuilder()
                .withNewMetadata().withName(LeaseRemediationFormat.leaseName(r.node())).withNamespace(namespace)
                .withResourceVersion(resourceVersion)
                .withLabels(Map.of(LeaseRemediationFormat.LABEL, LABEL_VALUE))
                .withAnnotations(Map.of(LeaseRemediationFormat.ANNOTATION, LeaseRemediationFormat.toJson(r)))
                .endMetadata()
                .withNewSpec().withHolderIdentity(r.owner()).withLeaseDurationSeconds(leaseDurationSeconds)
                .withRenewTime(r.updatedAt() == null ? null : ZonedDateTime.ofInstant(r.updatedAt(), ZoneOffset.UTC))
                .withAcquireTime(r.startedAt() == null ? null : ZonedDateTime.ofInstant(r.startedAt(), ZoneOffset.UTC))
                .endSpec()
                .build();
    }

    private Stored stored(Lease l) {
        String name = l.getMetadata().getName();
        Map<String, String> annotations = l.getMetadata().getAnnotations();
        String json = annotations == null ? null : annotations.get(LeaseRemediationFormat.ANNOTATION);
        if (json == null) {
            throw new IllegalArgumentException("Lease " + namespace + "/" + name + " has no annotation "
                    + LeaseRemediationFormat.ANNOTATION);
        }
        return new Stored(LeaseRemediationFormat.fromJson(name, json), l.getMetadata().getResourceVersion());
    }

    private <R> R call(String verb, String node, java.util.function.Supplier<R> call) {
        try {
            return call.get();
        } catch (KubernetesClientException e) {
            throw failure(verb, node, e);
        }
    }

    private KubeOperationException failure(String verb, String node, KubernetesClientException e) {
        return new KubeOperationException(verb + " the remediation record of " + ("all nodes".equals(node) ? node
                : "node " + node) + " in namespace " + namespace, e);
    }
}
