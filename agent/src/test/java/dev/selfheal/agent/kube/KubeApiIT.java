package dev.selfheal.agent.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.selfheal.agent.AgentItSupport;
import dev.selfheal.agent.internal.Json;
import dev.selfheal.testbed.kube.KubeTestbed;
import dev.selfheal.testbed.process.Workspace;
import dev.selfheal.testbed.tls.CertificateAuthority;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The agent's own API client against a real kube-apiserver: every way a kubeconfig or the in-cluster
 * ServiceAccount names the server, the trust and the identity; TLS verified; refusals that name the call and the
 * status and never the credential; a watch that sees a change.
 */
class KubeApiIT {

    private static final String NS = "selfheal-kube-api";
    private static final String NODE = "kube-api-n1";
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static KubeTestbed kube;
    private static Path dir;
    private static String token;

    @BeforeAll
    static void start() {
        kube = KubeTestbed.builder().controllerManager(false).scheduler(false).kwok(false).start();
        AgentItSupport.namespace(kube.client(), NS);
        AgentItSupport.applyRbac(kube.client(), NS, "selfheal-agent");
        kube.client().nodes().resource(new NodeBuilder().withNewMetadata().withName(NODE).endMetadata().build()).create();
        token = AgentItSupport.token(kube.client(), NS, "selfheal-agent");
        dir = Workspace.newDir("kube-api");
    }

    @AfterAll
    static void stop() {
        if (kube != null) {
            kube.close();
        }
    }

    @Test
    void aTokenWithACaFileReadsPatchesAndWatchesTheNode() throws Exception {
        KubeApi api = KubeApi.connect(kubeconfig("token.kubeconfig", "certificate-authority: '" + kube.certificateAuthority().caPem() + "'",
                "token: '" + token + "'"), TIMEOUT);
        assertThat(Json.text(api.get("get node", KubePaths.node(NODE)), null, "metadata", "name")).isEqualTo(NODE);
        String version = Json.text(api.get("get node", KubePaths.node(NODE)), "", "metadata", "resourceVersion");
        try (KubeWatch w = api.watch("watch node", KubePaths.nodeWatch(NODE, version, 30))) {
            CompletableFuture<Map<String, Object>> event = CompletableFuture.supplyAsync(w::next);
            api.patch("patch node", KubePaths.node(NODE), KubeApi.MERGE_PATCH,
                    Map.of("metadata", Map.of("annotations", Map.of("selfheal.dev/test", "a\"b"))));
            Map<String, Object> e = event.get(20, TimeUnit.SECONDS);
            assertThat(Json.text(e, null, "type")).isEqualTo("MODIFIED");
            assertThat(Json.strings(e, "object", "metadata", "annotations")).containsEntry("selfheal.dev/test", "a\"b");
        }
        assertThat(kube.client().nodes().withName(NODE).get().getMetadata().getAnnotations()).containsEntry("selfheal.dev/test", "a\"b");
    }

    @Test
    void aTokenFileAndEmbeddedCaDataWork() throws Exception {
        Path tokenFile = Files.writeString(dir.resolve("sa.token"), token + "\n");
        KubeApi api = KubeApi.connect(kubeconfig("token-file.kubeconfig", "certificate-authority-data: " + b64(kube.certificateAuthority().caPem()),
                "tokenFile: sa.token"), TIMEOUT);
        assertThat(tokenFile).exists();
        api.apply("apply ConfigMap", KubePaths.configMap(NS, "selfheal-control-plane-" + NODE), "selfheal-agent",
                Map.of("apiVersion", "v1", "kind", "ConfigMap", "metadata", Map.of("name", "selfheal-control-plane-" + NODE,
                        "namespace", NS), "data", Map.of("k", "v")));
        assertThat(kube.client().configMaps().inNamespace(NS).withName("selfheal-control-plane-" + NODE).get().getData())
                .containsEntry("k", "v");
    }

    @Test
    void aClientCertificateWithAPkcs1KeyInDataOrAPkcs8KeyInFilesWorks() throws Exception {
        KubeApi admin = KubeApi.connect(kube.adminKubeconfig(), TIMEOUT);
        assertThat(Files.readString(kube.adminKubeconfig())).contains("client-key-data");
        assertThat(Json.text(admin.get("get namespace", "/api/v1/namespaces/" + NS), null, "metadata", "name")).isEqualTo(NS);

        CertificateAuthority.IssuedCertificate cert = kube.certificateAuthority().issueClient("agent-files", "agent-files", "system:masters");
        Process p = new ProcessBuilder("openssl", "pkcs8", "-topk8", "-nocrypt", "-in", cert.key().toString(), "-out",
                dir.resolve("agent-files-pkcs8.key").toString()).redirectErrorStream(true).start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0).isTrue();
        assertThat(Files.readString(dir.resolve("agent-files-pkcs8.key"))).contains("BEGIN PRIVATE KEY");
        KubeApi files = KubeApi.connect(kubeconfig("files.kubeconfig", "certificate-authority: '" + kube.certificateAuthority().caPem() + "'",
                "client-certificate: '" + cert.certificate() + "', client-key: agent-files-pkcs8.key"), TIMEOUT);
        assertThat(Json.text(files.get("get namespace", "/api/v1/namespaces/" + NS), null, "metadata", "name")).isEqualTo(NS);
    }

    @Test
    void theInClusterServiceAccountWorks() throws Exception {
        Path sa = Files.createDirectories(dir.resolve("serviceaccount"));
        Files.writeString(sa.resolve("token"), token);
        Files.copy(kube.certificateAuthority().caPem(), sa.resolve("ca.crt"));
        String port = String.valueOf(kube.apiServerUrl().substring(kube.apiServerUrl().lastIndexOf(':') + 1));
        KubeApi api = new KubeApi(KubeconfigReader.inCluster(Map.of("KUBERNETES_SERVICE_HOST", "127.0.0.1",
                "KUBERNETES_SERVICE_PORT", port), sa), TIMEOUT);
        assertThat(Json.text(api.get("get node", KubePaths.node(NODE)), null, "metadata", "name")).isEqualTo(NODE);
        assertThatThrownBy(() -> KubeconfigReader.inCluster(Map.of(), sa)).hasMessageContaining("not in a cluster");
    }

    @Test
    void refusalsNameTheCallAndTheStatusButNeverTheToken() throws Exception {
        KubeApi api = KubeApi.connect(kubeconfig("refused.kubeconfig", "certificate-authority: '" + kube.certificateAuthority().caPem() + "'",
                "token: '" + token + "'"), TIMEOUT);
        assertThatThrownBy(() -> api.get("read secrets", "/api/v1/namespaces/" + NS + "/secrets"))
                .isInstanceOfSatisfying(KubeApiException.class, e -> assertThat(e.status()).isEqualTo(403))
                .hasMessageStartingWith("read secrets: HTTP 403").hasMessageNotContaining(token);
        assertThatThrownBy(() -> api.get("get lease", KubePaths.lease(NS, "missing")))
                .isInstanceOfSatisfying(KubeApiException.class, e -> assertThat(e.status()).isEqualTo(404));
    }

    @Test
    void anUntrustedServerIsRefusedAndInsecureSkipsTheCheck() throws Exception {
        CertificateAuthority other = CertificateAuthority.create(dir.resolve("other-ca"), "other");
        KubeApi untrusting = KubeApi.connect(kubeconfig("untrusted.kubeconfig", "certificate-authority: '" + other.caPem() + "'",
                "token: '" + token + "'"), TIMEOUT);
        assertThatThrownBy(() -> untrusting.get("get node", KubePaths.node(NODE)))
                .isInstanceOfSatisfying(KubeApiException.class, e -> assertThat(e.status()).isZero())
                .hasMessageStartingWith("get node: no answer from " + kube.apiServerUrl()).hasMessageNotContaining(token);
        KubeApi insecure = KubeApi.connect(kubeconfig("insecure.kubeconfig", "insecure-skip-tls-verify: true",
                "token: '" + token + "'"), TIMEOUT);
        assertThat(Json.text(insecure.get("get node", KubePaths.node(NODE)), null, "metadata", "name")).isEqualTo(NODE);
    }

    @Test
    void unusableKubeconfigsAreRefusedNamingTheField() throws Exception {
        String ca = "certificate-authority: '" + kube.certificateAuthority().caPem() + "'";
        for (List<String> bad : List.of(
                List.of("exec: {command: aws}", "users[u].user.exec is not supported"),
                List.of("username: admin, password: " + token, "is not supported"),
                List.of("client-certificate-data: " + b64(kube.certificateAuthority().caPem()), "users[u].user.client-key is missing"),
                List.of("client-key-data: '%%%'", "users[u].user.client-key-data is not base64"))) {
            Path k = kubeconfig("bad.kubeconfig", ca, bad.get(0));
            assertThatThrownBy(() -> KubeApi.connect(k, TIMEOUT)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(bad.get(1)).hasMessageNotContaining(token);
        }
        Path noServer = Files.writeString(dir.resolve("no-server.kubeconfig"), """
                clusters: [{name: c, cluster: {}}]
                users: [{name: u, user: {}}]
                contexts: [{name: x, context: {cluster: c, user: u}}]
                current-context: x
                """);
        assertThatThrownBy(() -> KubeApi.connect(noServer, TIMEOUT)).hasMessageContaining("clusters[c].cluster.server is missing");
    }

    private static Path kubeconfig(String name, String cluster, String user) throws Exception {
        return Files.writeString(dir.resolve(name), """
                apiVersion: v1
                kind: Config
                clusters: [{name: c, cluster: {server: '%s', %s}}]
                users: [{name: u, user: {%s}}]
                contexts: [{name: x, context: {cluster: c, user: u}}]
                current-context: x
                """.formatted(kube.apiServerUrl(), cluster, user));
    }

    private static String b64(Path file) throws Exception {
        return Base64.getEncoder().encodeToString(Files.readAllBytes(file));
    }
}
