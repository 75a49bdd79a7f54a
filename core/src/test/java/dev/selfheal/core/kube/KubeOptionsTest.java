package dev.selfheal.core.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Validation of options, version parsing and the shipped manifests; no server involved. */
class KubeOptionsTest {

    /** A client that is never connected: building objects with it makes no request. */
    private static final KubernetesClient OFFLINE = new KubernetesClientBuilder()
            .withConfig(new ConfigBuilder(Config.empty()).withMasterUrl("https://127.0.0.1:1").build()).build();

    @AfterAll
    static void closeClient() {
        OFFLINE.close();
    }

    @Test
    void badNamespacesAreRejectedWithTheValue() {
        assertThatThrownBy(() -> InformerSnapshotSource.builder(OFFLINE).namespace("Bad_NS"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("namespace").hasMessageContaining("'Bad_NS'");
        assertThatThrownBy(() -> new LeaseRemediationStore(OFFLINE, "", Duration.ofSeconds(60)))
                .hasMessageContaining("namespace");
        assertThatThrownBy(() -> KubeEventRecorder.builder(OFFLINE).instance(" ")).hasMessageContaining("instance");
    }

    @Test
    void durationsOutsideTheirRangeAreRejected() {
        assertThatThrownBy(() -> InformerSnapshotSource.builder(OFFLINE).syncTimeout(Duration.ZERO))
                .hasMessageContaining("syncTimeout").hasMessageContaining("PT0S");
        assertThatThrownBy(() -> new LeaseRemediationStore(OFFLINE, "ns", Duration.ofDays(2)))
                .hasMessageContaining("leaseDuration");
        assertThatThrownBy(() -> KubeEventRecorder.builder(OFFLINE).aggregationWindow(null))
                .hasMessageContaining("aggregationWindow");
    }

    @Test
    void leadershipNeedsAnIdentityAndOrderedDurations() {
        assertThatThrownBy(() -> Leadership.builder(OFFLINE).build()).hasMessageContaining("identity");
        assertThatThrownBy(() -> Leadership.builder(OFFLINE).identity("h1").leaseDuration(Duration.ofSeconds(5))
                .renewDeadline(Duration.ofSeconds(5)).build()).hasMessageContaining("renewDeadline");
        assertThatThrownBy(() -> Leadership.builder(OFFLINE).identity("h1").renewDeadline(Duration.ofSeconds(3))
                .retryPeriod(Duration.ofSeconds(4)).build()).hasMessageContaining("retryPeriod");
        assertThatThrownBy(() -> Leadership.builder(OFFLINE).leaseName("Not A Name")).hasMessageContaining("leaseName");
        try (Leadership l = Leadership.builder(OFFLINE).identity("h1").build()) {
            assertThat(l.isLeader()).isFalse();
            assertThat(l.identity()).isEqualTo("h1");
        }
    }

    @Test
    void outOfServiceTaintNeedsKubernetes128() {
        assertThat(KubeClusterOperations.atLeast("1", "28", 1, 28)).isTrue();
        assertThat(KubeClusterOperations.atLeast("1", "34+", 1, 28)).isTrue();
        assertThat(KubeClusterOperations.atLeast("1", "27+", 1, 28)).isFalse();
        assertThat(KubeClusterOperations.atLeast("2", "0", 1, 28)).isTrue();
        assertThat(KubeClusterOperations.atLeast("", null, 1, 28)).isFalse();
    }

    @Test
    void operationErrorsNameTheOperationAndTellRetryable() {
        KubeOperationException conflict = new KubeOperationException("add taint x to node n1",
                new KubernetesClientException("Operation cannot be fulfilled", 409, null));
        KubeOperationException forbidden = new KubeOperationException("delete node n1",
                new KubernetesClientException("nodes \"n1\" is forbidden", 403, null));

        assertThat(conflict).hasMessageStartingWith("cannot add taint x to node n1: HTTP 409");
        assertThat(conflict.retryable()).isTrue();
        assertThat(forbidden.retryable()).isFalse();
        assertThat(forbidden.code()).isEqualTo(403);
    }

    @Test
    void manifestsFillInTheNamesAndGrantExactlyWhatTheHealerUses() throws Exception {
        String yaml = RbacManifests.render("heal-ns", "healer");
        assertThat(yaml).doesNotContain("${");

        List<JsonNode> docs = new ArrayList<>();
        new ObjectMapper(new YAMLFactory()).readerFor(JsonNode.class).readValues(yaml).forEachRemaining(d -> docs.add((JsonNode) d));
        assertThat(docs).extracting(d -> d.get("kind").asText()).containsExactly("ClusterRole", "Namespace",
                "ServiceAccount", "ClusterRoleBinding", "Role", "RoleBinding", "Role", "RoleBinding");
        JsonNode role = docs.get(0);
        assertThat(role.at("/metadata/name").asText()).isEqualTo(RbacManifests.CLUSTER_ROLE);
        assertThat(rule(role, "nodes")).isEqualTo(List.of("get", "list", "watch", "patch", "update", "delete"));
        assertThat(rule(role, "pods")).isEqualTo(List.of("list", "watch", "delete"));
        assertThat(rule(role, "volumeattachments")).isEqualTo(List.of("list", "watch", "delete"));
        assertThat(rule(role, "persistentvolumes")).isEqualTo(List.of("list", "watch"));
        assertThat(rule(role, "events")).isEqualTo(List.of("create", "patch"));
        assertThat(role.get("rules")).hasSize(5);
        assertThat(docs.get(3).at("/subjects/0/namespace").asText()).isEqualTo("heal-ns");
        assertThat(docs.get(3).at("/subjects/0/name").asText()).isEqualTo("healer");
        assertThat(docs.get(6).at("/metadata/namespace").asText()).isEqualTo("kube-node-lease");
        assertThat(rule(docs.get(6), "leases")).isEqualTo(List.of("list", "watch"));
    }

    @Test
    void manifestNamesMustBeLabels() {
        assertThatThrownBy(() -> RbacManifests.render("ns\nkind: Evil", "sa")).hasMessageContaining("namespace");
        assertThatThrownBy(() -> RbacManifests.render("ns", "SA")).hasMessageContaining("serviceAccount");
    }

    @Test
    void manifestsLoadAsKubernetesObjects() {
        assertThat(RbacManifests.objects(OFFLINE, "heal-ns", "healer")).extracting(o -> o.getKind()).contains("ClusterRole",
                "ClusterRoleBinding", "Role", "RoleBinding", "ServiceAccount", "Namespace");
    }

    private static List<String> rule(JsonNode role, String resource) {
        for (JsonNode r : role.get("rules")) {
            for (JsonNode res : r.get("resources")) {
                if (res.asText().equals(resource)) {
                    List<String> verbs = new ArrayList<>();
                    r.get("verbs").forEach(v -> verbs.add(v.asText()));
                    return verbs;
                }
            }
        }
        throw new AssertionError("no rule for " + resource);
    }
}
