package dev.selfheal.core.kube;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The healer's RBAC, shipped as manifests in this jar: {@value #CLUSTER_ROLE_RESOURCE} (the exact ClusterRole
 * {@value #CLUSTER_ROLE}) and {@value #BINDINGS_RESOURCE} (the namespace, the ServiceAccount, the
 * ClusterRoleBinding, a Role and RoleBinding for the healer's own Leases, and a read-only Role on
 * {@code kube-node-lease}). The namespace and ServiceAccount names are placeholders filled in here.
 *
 * <pre>{@code
 * RbacManifests.apply(adminClient, "selfheal-system", "selfheal");
 * }</pre>
 */
public final class RbacManifests {

    /** The name of the healer's ClusterRole. */
    public static final String CLUSTER_ROLE = "selfheal-healer";
    /** The class-path resource holding the ClusterRole. */
    public static final String CLUSTER_ROLE_RESOURCE = "dev/selfheal/core/rbac/clusterrole.yaml";
    /** The class-path resource holding the namespace, ServiceAccount, bindings and namespaced Roles. */
    public static final String BINDINGS_RESOURCE = "dev/selfheal/core/rbac/healer-rbac.yaml";
    /** The field manager of server-side apply. */
    public static final String FIELD_MANAGER = "selfheal";

    private RbacManifests() {
    }

    /**
     * The manifests as one multi-document YAML for a namespace and ServiceAccount, ready for
     * {@code kubectl apply -f -}.
     *
     * @throws IllegalArgumentException when a name is not a DNS-1123 label
     */
    public static String render(String namespace, String serviceAccount) {
        Names.require("namespace", namespace);
        Names.require("serviceAccount", serviceAccount);
        String bindings = read(BINDINGS_RESOURCE).replace("${NAMESPACE}", namespace)
                .replace("${SERVICE_ACCOUNT}", serviceAccount);
        return read(CLUSTER_ROLE_RESOURCE) + "---\n" + bindings;
    }

    /** The manifests as objects, ClusterRole first, in the order to apply them. */
    public static List<HasMetadata> objects(KubernetesClient client, String namespace, String serviceAccount) {
        String yaml = render(namespace, serviceAccount);
        return new ArrayList<>(client.load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8))).items());
    }

    /**
     * Applies the manifests (server-side apply, so running it again changes nothing) with a client allowed
     * to grant these permissions, typically a cluster administrator's.
     *
     * @return the applied objects
     * @throws IllegalStateException naming the object that could not be applied
     */
    public static List<HasMetadata> apply(KubernetesClient admin, String namespace, String serviceAccount) {
        return apply(admin, objects(admin, namespace, serviceAccount));
    }

    /** Applies some of the {@link #objects} (tests use it to leave one out). */
    public static List<HasMetadata> apply(KubernetesClient admin, List<HasMetadata> objects) {
        Objects.requireNonNull(admin, "admin");
        List<HasMetadata> applied = new ArrayList<>();
        for (HasMetadata o : objects) {
            try {
                applied.add(admin.resource(o).fieldManager(FIELD_MANAGER).forceConflicts().serverSideApply());
            } catch (KubernetesClientException e) {
                throw new IllegalStateException("cannot apply " + o.getKind() + " " + ViewStore.key(
                        o.getMetadata().getNamespace(), o.getMetadata().getName()) + ": " + e.getMessage(), e);
            }
        }
        return applied;
    }

    private static String read(String resource) {
        try (InputStream in = RbacManifests.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("the class-path resource " + resource + " is missing from selfheal-core");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }
}
