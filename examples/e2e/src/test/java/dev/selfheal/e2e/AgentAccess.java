package dev.selfheal.e2e;

import dev.selfheal.agent.kube.KubeApi;
import dev.selfheal.agent.report.AgentRbac;
import dev.selfheal.testbed.kube.KubeTestbed;
import dev.selfheal.testbed.process.Workspace;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The node agent's access to the testbed's API server, as a cluster would give it: its shipped RBAC applied
 * ({@link AgentRbac#render}) and the agent's own API client under its ServiceAccount's token.
 */
final class AgentAccess {

    private AgentAccess() {
    }

    /** Applies the agent's shipped RBAC with server-side apply, as {@code kubectl apply} would. */
    static void applyRbac(KubernetesClient admin, String ns, String serviceAccount) {
        String yaml = AgentRbac.render(ns, serviceAccount);
        for (HasMetadata o : admin.load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8))).items()) {
            admin.resource(o).fieldManager("selfheal").forceConflicts().serverSideApply();
        }
    }

    /** The agent's API client under the ServiceAccount's bound token, trusting the testbed's CA. */
    static KubeApi api(KubeTestbed kube, String ns, String serviceAccount) {
        KubernetesClient admin = kube.client();
        admin.serviceAccounts().inNamespace(ns).resource(new ServiceAccountBuilder().withNewMetadata().withName(serviceAccount)
                .withNamespace(ns).endMetadata().build()).createOr(r -> r.update());
        String token = admin.serviceAccounts().inNamespace(ns).withName(serviceAccount)
                .tokenRequest(new TokenRequestBuilder().withNewSpec().withExpirationSeconds(7200L).endSpec().build())
                .getStatus().getToken();
        Path file = Workspace.newDir("agent-access-" + serviceAccount).resolve("kubeconfig");
        try {
            Files.writeString(file, """
                    apiVersion: v1
                    kind: Config
                    clusters: [{name: c, cluster: {server: '%s', certificate-authority: '%s'}}]
                    users: [{name: u, user: {token: '%s'}}]
                    contexts: [{name: x, context: {cluster: c, user: u}}]
                    current-context: x
                    """.formatted(kube.apiServerUrl(), kube.certificateAuthority().caPem(), token));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return KubeApi.connect(file, Duration.ofSeconds(5));
    }
}
