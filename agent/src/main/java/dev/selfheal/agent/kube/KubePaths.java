package dev.selfheal.agent.kube;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** The API paths of the objects the agent touches; names are checked to be DNS subdomain names. */
public final class KubePaths {

    private KubePaths() {
    }

    /** A Node. */
    public static String node(String name) {
        return "/api/v1/nodes/" + checked("node", name);
    }

    /** A Node's status subresource. */
    public static String nodeStatus(String name) {
        return node(name) + "/status";
    }

    /** A watch on one Node from a resource version (empty: from now), ended by the server after {@code seconds}. */
    public static String nodeWatch(String name, String resourceVersion, int seconds) {
        return "/api/v1/nodes?watch=true&allowWatchBookmarks=true&timeoutSeconds=" + seconds + "&fieldSelector="
                + URLEncoder.encode("metadata.name=" + checked("node", name), StandardCharsets.UTF_8)
                + (resourceVersion == null || resourceVersion.isEmpty() ? ""
                        : "&resourceVersion=" + URLEncoder.encode(resourceVersion, StandardCharsets.UTF_8));
    }

    /** The Leases of a namespace. */
    public static String leases(String namespace) {
        return "/apis/coordination.k8s.io/v1/namespaces/" + checked("namespace", namespace) + "/leases";
    }

    /** A Lease. */
    public static String lease(String namespace, String name) {
        return leases(namespace) + "/" + checked("lease", name);
    }

    /** A ConfigMap. */
    public static String configMap(String namespace, String name) {
        return "/api/v1/namespaces/" + checked("namespace", namespace) + "/configmaps/" + checked("configMap", name);
    }

    private static String checked(String what, String name) {
        if (name == null || name.isEmpty() || name.length() > 253 || !name.matches("[a-z0-9]([-a-z0-9.]*[a-z0-9])?")) {
            throw new IllegalArgumentException(what + " '" + name + "' is not a DNS subdomain name (lower-case letters, digits, '-' and '.')");
        }
        return name;
    }
}
