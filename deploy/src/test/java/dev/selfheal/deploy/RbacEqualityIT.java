package dev.selfheal.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.agent.report.AgentRbac;
import dev.selfheal.core.kube.RbacManifests;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * One source of truth: the chart's RBAC is exactly what selfheal-core ships ({@link RbacManifests} for the healer,
 * {@link AgentRbac} for the node agent), for any release namespace and ServiceAccount names. Compared object by
 * object: kind, name, namespace, rules, role reference and subjects (labels aside).
 */
class RbacEqualityIT {

    private static final Chart CHART = new Chart();
    private static final KubernetesClient OFFLINE = new KubernetesClientBuilder().build();

    @AfterAll
    static void close() {
        OFFLINE.close();
    }

    @ParameterizedTest(name = "namespace {0}, healer {1}, agent {2}")
    @CsvSource({"selfheal-system, selfheal, selfheal-agent", "ops, healer, node-agent"})
    void theChartsRbacIsCoresOwn(String namespace, String healer, String agent) {
        List<HasMetadata> rendered = Chart.objects(OFFLINE, CHART.render("selfheal", namespace, Map.of(
                "serviceAccount.name", healer, "agent.enabled", "true", "agent.serviceAccount.name", agent)));
        Map<String, Object> core = rbac(RbacManifests.objects(OFFLINE, namespace, healer));
        core.putAll(rbac(load(AgentRbac.render(namespace, agent))));
        assertThat(rbac(rendered)).isEqualTo(core);
        assertThat(core).containsKey("ClusterRole/selfheal-healer").containsKey("ClusterRole/selfheal-node-agent")
                .containsKey("ServiceAccount/" + namespace + "/" + healer);
    }

    private static List<HasMetadata> load(String yaml) {
        return OFFLINE.load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8))).items();
    }

    /** The RBAC objects and ServiceAccounts by kind and name, each as what matters for access. */
    private static Map<String, Object> rbac(List<HasMetadata> objects) {
        Map<String, Object> m = new TreeMap<>();
        for (HasMetadata o : objects) {
            String key = o.getKind() + "/" + (o.getMetadata().getNamespace() == null ? "" : o.getMetadata().getNamespace() + "/")
                    + o.getMetadata().getName();
            if (o instanceof ClusterRole r) {
                m.put(key, r.getRules());
            } else if (o instanceof Role r) {
                m.put(key, r.getRules());
            } else if (o instanceof ClusterRoleBinding b) {
                m.put(key, List.of(b.getRoleRef(), b.getSubjects()));
            } else if (o instanceof RoleBinding b) {
                m.put(key, List.of(b.getRoleRef(), b.getSubjects()));
            } else if (o instanceof ServiceAccount) {
                m.put(key, "ServiceAccount");
            }
            // else: the chart's workloads and config, and core's Namespace (helm --create-namespace makes it)
        }
        return m;
    }
}
