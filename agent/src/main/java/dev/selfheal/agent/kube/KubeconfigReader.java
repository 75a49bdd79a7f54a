package dev.selfheal.agent.kube;

import dev.selfheal.spi.RegularFiles;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Reads the current context of a kubeconfig, or the in-cluster ServiceAccount: the cluster's {@code server},
 * {@code certificate-authority(-data)} and {@code insecure-skip-tls-verify}; the user's {@code token},
 * {@code tokenFile}, {@code client-certificate(-data)} and {@code client-key(-data)}. Relative file names are
 * resolved against the kubeconfig's directory, as kubectl does. Credential plugins ({@code exec},
 * {@code auth-provider}) and basic auth are refused by name. Errors name the field, never a value of a credential.
 */
final class KubeconfigReader {

    static final Path SERVICE_ACCOUNT = Path.of("/var/run/secrets/kubernetes.io/serviceaccount");
    private static final Set<String> UNSUPPORTED_USER = Set.of("exec", "auth-provider", "username", "password");

    private KubeconfigReader() {
    }

    /** The endpoint of a kubeconfig file's current context. */
    static KubeEndpoint read(Path file) {
        String text;
        try {
            text = RegularFiles.readString(file, RegularFiles.CONFIG_LIMIT);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read kubeconfig " + file + ": " + e.getMessage());
        }
        Object root;
        try {
            LoaderOptions options = new LoaderOptions();
            options.setMaxAliasesForCollections(10);
            root = new Yaml(new SafeConstructor(options)).load(text);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("kubeconfig " + file + " is not valid YAML");
        }
        return new KubeconfigReader.Context(file, root).endpoint();
    }

    /** The in-cluster endpoint: {@code KUBERNETES_SERVICE_HOST/PORT} and the mounted ServiceAccount. */
    static KubeEndpoint inCluster(Map<String, String> env, Path serviceAccount) {
        String host = env.get("KUBERNETES_SERVICE_HOST");
        String port = env.getOrDefault("KUBERNETES_SERVICE_PORT", "443");
        if (host == null || host.isBlank() || !Files.isRegularFile(serviceAccount.resolve("token"))) {
            throw new IllegalArgumentException("not in a cluster: no KUBERNETES_SERVICE_HOST or no " + serviceAccount.resolve("token"));
        }
        String h = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
        byte[] ca = bytes(serviceAccount.resolve("ca.crt"), "in-cluster ca.crt");
        return new KubeEndpoint(URI.create("https://" + h + ":" + port), KubeTls.create(ca, null, null, false, "in-cluster"),
                BearerToken.fromFile(serviceAccount.resolve("token")), "in-cluster ServiceAccount");
    }

    static byte[] bytes(Path file, String field) {
        try {
            return RegularFiles.read(file, RegularFiles.TRUST_STORE_LIMIT);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + field + " " + file + ": " + e.getMessage());
        }
    }

    /** One kubeconfig and its current context. */
    private record Context(Path file, Object root) {

        KubeEndpoint endpoint() {
            Map<?, ?> doc = map(root, "(document)");
            Object current = doc.get("current-context");
            if (!(current instanceof String name) || name.isBlank()) {
                throw error("current-context", "is missing");
            }
            Map<?, ?> context = map(named(doc, "contexts", name).get("context"), "contexts[" + name + "].context");
            String clusterName = String.valueOf(context.get("cluster"));
            String userName = String.valueOf(context.get("user"));
            Map<?, ?> cluster = map(named(doc, "clusters", clusterName).get("cluster"), "clusters[" + clusterName + "].cluster");
            Map<?, ?> user = context.get("user") == null ? Map.of()
                    : map(named(doc, "users", userName).get("user"), "users[" + userName + "].user");
            String c = "clusters[" + clusterName + "].cluster.";
            String u = "users[" + userName + "].user.";
            for (Object k : user.keySet()) {
                if (UNSUPPORTED_USER.contains(String.valueOf(k))) {
                    throw error(u + k, "is not supported; allowed: token, tokenFile, client-certificate(-data), client-key(-data)");
                }
            }
            Object server = cluster.get("server");
            if (!(server instanceof String s) || s.isBlank()) {
                throw error(c + "server", "is missing");
            }
            boolean insecure = Boolean.TRUE.equals(cluster.get("insecure-skip-tls-verify"));
            byte[] ca = pem(cluster, "certificate-authority", c);
            byte[] cert = pem(user, "client-certificate", u);
            byte[] key = pem(user, "client-key", u);
            if ((cert == null) != (key == null)) {
                throw error(u + (cert == null ? "client-certificate" : "client-key"), "is missing; a client certificate needs both");
            }
            String source = "kubeconfig " + file;
            return new KubeEndpoint(uri(s, c + "server"), KubeTls.create(ca, cert,
                    key == null ? null : new String(key, StandardCharsets.UTF_8), insecure, source), token(user, u), source);
        }

        private Supplier<String> token(Map<?, ?> user, String u) {
            if (user.get("token") instanceof String t && !t.isBlank()) {
                return BearerToken.of(t);
            }
            if (user.get("tokenFile") instanceof String f && !f.isBlank()) {
                return BearerToken.fromFile(resolve(f));
            }
            return null;
        }

        /** {@code <name>-data} (base64) or {@code <name>} (a file), or null. */
        private byte[] pem(Map<?, ?> m, String name, String prefix) {
            Object data = m.get(name + "-data");
            if (data instanceof String d && !d.isBlank()) {
                try {
                    return Base64.getDecoder().decode(d.replaceAll("\\s", ""));
                } catch (IllegalArgumentException e) {
                    throw error(prefix + name + "-data", "is not base64");
                }
            }
            Object f = m.get(name);
            return f instanceof String s && !s.isBlank() ? bytes(resolve(s), prefix + name) : null;
        }

        private Path resolve(String name) {
            Path p = Path.of(name);
            return p.isAbsolute() || file.getParent() == null ? p : file.getParent().resolve(p);
        }

        private URI uri(String s, String field) {
            URI u;
            try {
                u = URI.create(s.endsWith("/") ? s.substring(0, s.length() - 1) : s);
            } catch (IllegalArgumentException e) {
                u = null;
            }
            if (u == null || u.getHost() == null || !("https".equals(u.getScheme()) || "http".equals(u.getScheme()))) {
                throw error(field, "'" + s + "' is not an http(s)://host[:port] URL");
            }
            return u;
        }

        private Map<?, ?> named(Map<?, ?> doc, String list, String name) {
            if (doc.get(list) instanceof List<?> items) {
                for (Object i : items) {
                    if (i instanceof Map<?, ?> m && name.equals(m.get("name"))) {
                        return m;
                    }
                }
            }
            throw error(list, "has no entry named '" + name + "'");
        }

        private Map<?, ?> map(Object o, String field) {
            if (o instanceof Map<?, ?> m) {
                return m;
            }
            throw error(field, "must be a mapping");
        }

        private IllegalArgumentException error(String field, String problem) {
            return new IllegalArgumentException("kubeconfig " + file + ": " + field + " " + problem);
        }
    }
}
