package dev.selfheal.agent.kube;

import java.net.URI;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;

/**
 * Where and as whom to reach the API server.
 *
 * @param server the API server's base URL ({@code https://host:port}, no trailing slash)
 * @param ssl the TLS context (trust and client certificate)
 * @param token the bearer token, or null when the client certificate is the identity
 * @param source where this came from (a kubeconfig path, "in-cluster"), for messages
 */
record KubeEndpoint(URI server, SSLContext ssl, Supplier<String> token, String source) {

    /** Validates the server URL. */
    KubeEndpoint {
        String s = server.getScheme();
        if (!"https".equals(s) && !"http".equals(s) || server.getHost() == null) {
            throw new IllegalArgumentException(source + ": server '" + server + "' is not an http(s)://host[:port] URL");
        }
    }
}
