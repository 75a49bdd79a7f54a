package dev.selfheal.agent.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The node agent's RBAC, shipped in this jar as {@value #RESOURCE}: a ServiceAccount, a ClusterRole on nodes
 * (watch its own, patch annotations and status) and a Role in the agent namespace (its Lease and mirror
 * ConfigMap). The namespace itself is the healer's (see the healer's RBAC manifests). Apply it with
 * {@code kubectl apply -f -} from {@link #render}.
 */
public final class AgentRbac {

    /** The class-path resource. */
    public static final String RESOURCE = "dev/selfheal/agent/agent-rbac.yaml";

    private AgentRbac() {
    }

    /** The manifests for a namespace and ServiceAccount, ready for {@code kubectl apply -f -}. */
    public static String render(String namespace, String serviceAccount) {
        for (String[] f : new String[][] {{"namespace", namespace}, {"serviceAccount", serviceAccount}}) {
            if (f[1] == null || !f[1].matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?") || f[1].length() > 63) {
                throw new IllegalArgumentException(f[0] + " '" + f[1] + "' is not a DNS-1123 label");
            }
        }
        try (InputStream in = AgentRbac.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("${NAMESPACE}", namespace)
                    .replace("${SERVICE_ACCOUNT}", serviceAccount);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
